import { describe, expect, it } from 'vitest';
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
});
