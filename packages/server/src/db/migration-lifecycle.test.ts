import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createTestOrganization } from '../store/test-organization';
import { insertRow, validRows } from '../testing/fixtures';
import { openTestDatabase, TEST_ENGINES } from '../testing/test-database';
import { readCatalog } from './catalog';
import { MIGRATIONS, migrateDown, migrateToLatest } from './migrator';

describe.each(TEST_ENGINES)('migrations on %s', (engine) => {
  it('does nothing when run on an up-to-date database', async () => {
    const { db, close } = await openTestDatabase(engine);
    try {
      const before = await readCatalog(db);
      const report = await migrateToLatest(db);
      expect(report.results).toEqual([]);
      expect(await readCatalog(db)).toEqual(before);
    } finally {
      await close();
    }
  });

  it('restores the same catalog after going all the way down and up again', async () => {
    const { db, close } = await openTestDatabase(engine);
    try {
      const before = await readCatalog(db);
      const down = await migrateDown(db, { all: true });
      expect(down.results.map((r) => [r.migrationName, r.direction, r.status])).toEqual(
        Object.keys(MIGRATIONS)
          .reverse()
          .map((name) => [name, 'Down', 'Success']),
      );
      const empty = await readCatalog(db);
      expect(Object.keys(empty.tables).sort()).toEqual(['arion_migrations', 'arion_migrations_lock']);
      expect(empty.enums).toEqual({});
      const up = await migrateToLatest(db);
      expect(up.results.map((r) => [r.migrationName, r.direction, r.status])).toEqual(
        Object.keys(MIGRATIONS).map((name) => [name, 'Up', 'Success']),
      );
      expect(await readCatalog(db)).toEqual(before);
    } finally {
      await close();
    }
  });

  it('numbers the approval decisions recorded before migration 0004 in their old order, and continues after them', async () => {
    const { db, close } = await openTestDatabase(engine);
    try {
      const later = await migrateDown(db);
      expect(later.results.map((r) => r.migrationName)).toEqual([
        '2026_12_06_0005_runtime_alert_state_and_delivery',
      ]);
      const down = await migrateDown(db);
      expect(down.results.map((r) => r.migrationName)).toEqual(['2026_12_05_0004_approval_recording_order']);
      const org = await createTestOrganization(db, 1);
      const tenant = { organizationId: org.organizationId, metricId: org.metrics[0]! };
      // Written out of time order: the numbering follows decided_at, not the order of insertion.
      for (const [note, at] of [
        ['third', '2026-03-01T00:00:00Z'],
        ['first', '2026-01-01T00:00:00Z'],
        ['second', '2026-02-01T00:00:00Z'],
      ] as const) {
        await insertRow(db, 'metric_approvals', {
          ...validRows.metric_approvals(tenant as never),
          note,
          decided_at: new Date(at),
        });
      }
      await migrateToLatest(db);
      await insertRow(db, 'metric_approvals', {
        ...validRows.metric_approvals(tenant as never),
        note: 'fourth',
      });
      const { rows } = await sql<{ note: string; recorded_seq: number }>`
        SELECT note, recorded_seq FROM metric_approvals WHERE organization_id = ${org.organizationId}
         ORDER BY recorded_seq`.execute(db);
      expect(rows).toEqual([
        { note: 'first', recorded_seq: 1 },
        { note: 'second', recorded_seq: 2 },
        { note: 'third', recorded_seq: 3 },
        { note: 'fourth', recorded_seq: 4 },
      ]);
    } finally {
      await close();
    }
  });
});
