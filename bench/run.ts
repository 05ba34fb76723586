// npm run bench: runs every bench/*.bench.ts in turn (each prints its own numbers and ratios
// against a baseline measured in the same run), or only those whose name contains an argument.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const filter = process.argv.slice(2);
const files = readdirSync(__dirname)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filter.length === 0 || filter.some((s) => f.includes(s)))
  .sort();
let failed = 0;
for (const f of files) {
  console.log(`\n=== ${f}`);
  // Each benchmark in its own process so peak-RSS numbers are not polluted by the previous one.
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(__dirname, f)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
