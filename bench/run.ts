/**
 * Runs every `bench/*.bench.ts` (or the ones named on the command line) one after the other,
 * each in its own Node process so that one benchmark's garbage does not slow the next.
 * Every benchmark prints its figures next to an anchor measured in the same run, as a ratio.
 *
 *   pnpm bench                 # all of them
 *   pnpm bench stats alerts    # only files whose name contains one of the words
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)))
  .sort();

if (files.length === 0) {
  console.error(`No benchmark matched ${filters.join(', ') || '(none exist)'} in ${here}`);
  process.exit(1);
}

let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--conditions=@arion-metrics/source', '--expose-gc', join(here, file)],
    { stdio: 'inherit', env: process.env },
  );
  if (result.status !== 0) {
    failed++;
    console.error(`${file} exited with ${result.status ?? result.signal}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
