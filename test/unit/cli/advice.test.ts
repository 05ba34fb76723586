// The profile table carries the spill advisor's line under each spilling layer: its kind and the SRAM that keeps
// the output resident, as the engine computes it (the same text as the reports' advice column).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runProfile } from '../../../src/cli/commands/profile';
import { captureCli } from '../captureCli';
import { scratch } from './helpers';

const s = scratch();

test('a spilling layer in the table is followed by its kind and the SRAM size that would keep it resident', async () => {
  const json = JSON.parse((await captureCli(runProfile, [s.wide, '--sram', '1MB', '--format', 'json'])).out);
  const spilling = json.layers.filter((l: { spill: boolean }) => l.spill);
  assert.ok(spilling.length > 0, 'the 2 MiB activation spills at 1 MB');
  const table = await captureCli(runProfile, [s.wide, '--sram', '1MB']);
  assert.equal(table.code, 0, table.err);
  for (const l of spilling) {
    assert.ok(l.sramToAvoidSpillBytes > 1e6, `advice for ${l.name}: ${l.sramToAvoidSpillBytes}`);
    assert.match(table.out, new RegExp(`\\n\\s+${l.spillKind}: fits at \\S+ \\S+; saves`), table.out);
  }
  const roomy = await captureCli(runProfile, [s.wide, '--sram', '64MB']);
  assert.doesNotMatch(roomy.out, /fits at/, 'no advice without a spill');
});
