// `onnx-npu-profile presets [--json]`: every hardware preset with MACs, array, clock, SRAM, DDR and its source.
import { formatBandwidth, formatBytes, formatHz } from '../../core/cost/units';
import { presetList } from '../../core/profile';
import { flag, parse } from '../args';
import { guarded, stdio, type Command } from '../command';
import { ArgError, EXIT_OK } from '../errors';
import { renderTable } from '../format/table';

export const PRESETS_USAGE = 'usage: onnx-npu-profile presets [--json]';

export const runPresets: Command = async (args, io = stdio()) =>
  guarded('presets', io, PRESETS_USAGE, async () => {
    const p = parse(args, { json: { type: 'boolean' } });
    if (flag(p, 'help')) {
      await io.out(PRESETS_USAGE + '\n');
      return EXIT_OK;
    }
    if (p.positionals.length) throw new ArgError(`unexpected argument '${p.positionals[0]}'`);
    const list = presetList();
    if (flag(p, 'json')) {
      await io.out(JSON.stringify(list.map((x) => ({ id: x.id, description: x.description, source: x.source, config: x.config })), null, 2) + '\n');
      return EXIT_OK;
    }
    const r = (t: string) => ({ title: t, align: 'right' as const });
    const lines = renderTable(
      [{ title: 'preset' }, r('MACs'), r('array'), r('clock'), r('SRAM'), r('DDR')],
      list.map(({ id, config: c }) => [id, c.macs.toLocaleString('en-US'), `${c.array.rows}x${c.array.cols}`, formatHz(c.clockHz), formatBytes(c.sramBytes), formatBandwidth(c.ddrBytesPerS)]),
    );
    lines.push('', 'sources:');
    for (const x of list) lines.push(`  ${x.id}: ${x.source}`);
    lines.push('', 'a hardware file (*.npuhw.json) starts from one: {"preset": "expedera-8k", "sramBytes": 4000000}; pass it as --hw FILE');
    await io.out(lines.join('\n') + '\n');
    return EXIT_OK;
  });
