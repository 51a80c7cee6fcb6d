/**
 * `pnpm check:copy-paste` (part of `pnpm check`): runs jscpd with `.jscpd.json` (blocks of six or
 * more lines, tests, test helpers, stories and build output ignored), prints the number of
 * repeated blocks and fails when it grows past {@link MAX_CLONES}, today's measured level. Lower
 * the limit when a change removes repetition; never raise it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Repeated blocks (>= 6 lines, outside tests) measured on 2026-12-05; see ARCHITECTURE.md. */
const MAX_CLONES = 33;

const ROOT = resolve(import.meta.dirname, '..');
const out = mkdtempSync(join(tmpdir(), 'jscpd-'));
try {
  execFileSync(
    join(ROOT, 'node_modules/.bin/jscpd'),
    ['-c', '.jscpd.json', '-r', 'json', '-o', out, '--silent'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const report = JSON.parse(readFileSync(join(out, 'jscpd-report.json'), 'utf8')) as {
    duplicates: readonly {
      firstFile: { name: string; start: number; end: number };
      secondFile: { name: string; start: number; end: number };
    }[];
    statistics: { total: { clones: number; percentage: number } };
  };
  const { clones, percentage } = report.statistics.total;
  console.log(
    `Repeated blocks of >= 6 lines outside tests: ${clones} (limit ${MAX_CLONES}; ${percentage.toFixed(2)}% of lines).`,
  );
  if (clones > MAX_CLONES) {
    for (const d of report.duplicates) {
      console.error(
        `  ${d.firstFile.name}:${d.firstFile.start}-${d.firstFile.end} = ${d.secondFile.name}:${d.secondFile.start}-${d.secondFile.end}`,
      );
    }
    console.error(
      `Copy-paste grew past ${MAX_CLONES} blocks: share the new repetition instead of copying it.`,
    );
    process.exit(1);
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
