import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from './cli';

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
      expect(first.lines).toContain('Tables (15):');
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
    expect(a.lines[0]).toContain('Unknown command "migrat"; expected one of: migrate');
    const b = capture();
    expect(await main(['migrate', '--force'], {}, b.out)).toBe(1);
    expect(b.lines[0]).toContain('--force');
  });
});
