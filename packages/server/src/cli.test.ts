import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from './cli';
import { createDatabase } from './db/create-database';
import { insertRow, validRows } from './testing/fixtures';

function capture() {
  const lines: string[] = [];
  return { lines, out: { log: (l: string) => lines.push(l), error: (l: string) => lines.push(`ERR ${l}`) } };
}

describe('arion-metrics migrate', () => {
  it('migrates an embedded database in ARION_DATA_DIR, prints what it applied and the tables, then is a no-op', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'arion-cli-'));
    try {
      const first = capture();
      expect(await main(['migrate'], { ARION_DATA_DIR: dir }, first.out)).toBe(0);
      expect(first.lines).toContain('Migration 2026_11_25_0001_initial_schema: Up Success');
      expect(first.lines).toContain('Tables (18):');
      expect(first.lines.some((l) => /^ {2}metric_calculations +22 columns/.test(l))).toBe(true);
      const second = capture();
      expect(await main(['migrate'], { ARION_DATA_DIR: dir }, second.out)).toBe(0);
      expect(second.lines).toContain('Migrations: nothing to apply, the database is up to date.');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects an unknown command or flag with the allowed ones', async () => {
    const a = capture();
    expect(await main(['migrat'], {}, a.out)).toBe(1);
    expect(a.lines[0]).toContain('Unknown command "migrat"; expected one of: migrate, calculate, run-due');
    const b = capture();
    expect(await main(['migrate', '--force'], {}, b.out)).toBe(1);
    expect(b.lines[0]).toContain('--force');
  });
});

describe('arion-metrics calculate and run-due', () => {
  it('explains its usage and refuses bad flags and dates with exit code 1', async () => {
    const help = capture();
    expect(await main(['calculate', '--help'], {}, help.out)).toBe(0);
    expect(help.lines[0]).toContain('Usage: arion-metrics calculate [--metric ID] --from DATE --to DATE');
    const missing = capture();
    expect(await main(['calculate', '--to', '2026-02-01'], {}, missing.out)).toBe(1);
    expect(missing.lines[0]).toContain('Flag --from is required');
    const bad = capture();
    expect(await main(['calculate', '--from', 'yesterday', '--to', '2026-02-01'], {}, bad.out)).toBe(1);
    expect(bad.lines[0]).toContain('Flag --from: got "yesterday"; allowed: an ISO date');
    const unknown = capture();
    expect(await main(['run-due', '--now', 'x'], {}, unknown.out)).toBe(1);
    expect(unknown.lines[0]).toContain('Unknown flag --now; allowed: none.');
  });

  it('backfills with a progress line, and exits 2 naming the metric whose source is missing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'arion-cli-'));
    try {
      expect(await main(['migrate'], { ARION_DATA_DIR: dir }, capture().out)).toBe(0);
      const db = await createDatabase({ dataDir: dir });
      const org = randomUUID();
      await insertRow(db, 'organizations', { id: org, ...validRows.organizations() });
      await insertRow(db, 'metric_definitions', {
        ...validRows.metric_definitions({ organizationId: org } as never),
        metric_name: 'from_events',
        calculation_method: 'aggregation',
        time_windows: ['daily'],
      });
      await db.destroy();
      const run = capture();
      const code = await main(
        ['calculate', '--from', '2026-01-01', '--to', '2026-01-04'],
        { ARION_DATA_DIR: dir },
        run.out,
      );
      expect(code).toBe(2);
      expect(run.lines.some((l) => /^ {2}from_events +failed +0 calculations/.test(l))).toBe(true);
      expect(run.lines.join('\n')).toContain('no source was given to createRunner (sources.aggregation)');
      expect(run.lines.at(-1)).toBe('Done: 0 metric(s) ok, 1 failed, 0 alert(s) evaluated.');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
