import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBandwidth, formatBytes, formatBytesExact, parseBytes, UnitError } from '../../../src/core/cost/units';
import { formatBytes as viewFormatBytes } from '../../../src/core/view/format';

test('formatBytes: round decimal sizes print in decimal units', () => {
  assert.equal(formatBytes(7e6), '7 MB');
  assert.equal(formatBytes(512000), '512 KB');
  assert.equal(formatBytes(1.5e6), '1.5 MB');
  assert.equal(formatBytes(64e6), '64 MB');
  assert.equal(formatBytes(12e9), '12 GB');
  assert.equal(formatBandwidth(12e9), '12 GB/s');
});

test('formatBytes: exact whole binary multiples print as KiB/MiB', () => {
  assert.equal(formatBytes(393216), '384 KiB'); // Ethos-U55 SRAM
  assert.equal(formatBytes(4 * 1024 * 1024), '4 MiB');
  assert.equal(formatBytes(1024), '1 KiB');
  assert.equal(formatBytes(2 * 1024 ** 3), '2 GiB');
});

test('formatBytes: other sizes print 3 significant digits, trailing zeros dropped', () => {
  assert.equal(formatBytes(6.68e6 + 123), '6.68 MB');
  assert.equal(formatBytes(1_098_765_432), '1.1 GB');
  assert.equal(formatBytes(1_023_600_000), '1.02 GB');
  assert.equal(formatBytes(1536), '1.54 KB'); // 1.5 KiB is not a whole KiB count
  assert.equal(formatBytes(123_456_789), '123 MB');
  assert.equal(formatBytes(999_600), '1 MB'); // rounding carries into the next unit
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatBytes(0), '0 B');
  assert.equal(formatBytes(-7e6), '-7 MB');
  assert.equal(formatBytes(Number.NaN), '—');
});

test('formatBytes options: more digits, or decimal only', () => {
  assert.equal(formatBytes(5_242_880 + 1000, { digits: 4 }), '5.244 MB');
  assert.equal(formatBytes(393216, { binary: 'decimal' }), '393 KB');
});

test('one formatter: the view re-exports the cost formatter', () => {
  assert.equal(viewFormatBytes, formatBytes);
});

test('parseBytes round-trips the printed sizes and the CLI forms', () => {
  assert.equal(parseBytes('7MB'), 7e6);
  assert.equal(parseBytes('4 MB'), 4e6);
  assert.equal(parseBytes('0.5MB'), 5e5);
  assert.equal(parseBytes('384KiB'), 393216);
  assert.equal(parseBytes('384 KiB'), 393216);
  assert.equal(parseBytes('1e6'), 1e6);
  for (const n of [7e6, 393216, 4 * 1024 * 1024, 512000, 64e6]) assert.equal(parseBytes(formatBytes(n)), n);
  assert.throws(() => parseBytes('lots'), UnitError);
  assert.throws(() => parseBytes('4 parsecs'), /4 parsecs/);
});

test('formatBytesExact: the short text when it reads back exactly, else every digit', () => {
  assert.equal(formatBytesExact(7e6), '7 MB');
  assert.equal(formatBytesExact(393216), '384 KiB');
  assert.equal(formatBytesExact(12_345_678), '12.345678 MB');
  assert.equal(formatBytesExact(1536), '1.536 KB');
  for (const n of [7e6, 393216, 12_345_678, 1536, 999, 5e5, 4 * 1024 * 1024 + 1]) assert.equal(parseBytes(formatBytesExact(n)), n, String(n));
});
