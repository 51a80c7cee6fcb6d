import { PG_ENUM_TYPES } from '@arion-metrics/core';
import { describe, expect, it } from 'vitest';
import { openTestDatabase, TEST_ENGINES, useTestDatabase } from '../testing/test-database';
import { readCatalog } from './catalog';
import {
  EXPECTED_CHECKS,
  EXPECTED_COLUMNS,
  EXPECTED_FOREIGN_KEYS,
  EXPECTED_INDEXES,
  EXPECTED_UNIQUES,
  parseExpectedColumn,
} from './schema-expectations';

describe.each(TEST_ENGINES)('the migrated catalog on %s', (engine) => {
  const t = useTestDatabase(engine);

  it('has exactly the expected tables plus the migration bookkeeping tables', async () => {
    const { tables } = await readCatalog(t.db);
    expect(Object.keys(tables).sort()).toEqual(
      [...Object.keys(EXPECTED_COLUMNS), 'arion_migrations', 'arion_migrations_lock'].sort(),
    );
  });

  it('has every column with its type, nullability and default, in order', async () => {
    const { tables } = await readCatalog(t.db);
    for (const [table, lines] of Object.entries(EXPECTED_COLUMNS)) {
      expect(tables[table]?.columns, table).toEqual(lines.map(parseExpectedColumn));
    }
  });

  it('creates every enum type with the values of core', async () => {
    const { enums } = await readCatalog(t.db);
    expect(enums).toEqual(
      Object.fromEntries(Object.entries(PG_ENUM_TYPES).map(([name, values]) => [name, [...values]])),
    );
  });

  it('has every CHECK constraint by name', async () => {
    const { tables } = await readCatalog(t.db);
    for (const [table, checks] of Object.entries(EXPECTED_CHECKS)) {
      const actual = tables[table]?.constraints.filter((c) => c.kind === 'c') ?? [];
      expect(actual.map((c) => c.name).sort(), table).toEqual(Object.keys(checks).sort());
      for (const [name, fragment] of Object.entries(checks)) {
        expect(actual.find((c) => c.name === name)?.definition, `${table}.${name}`).toContain(fragment);
      }
    }
  });

  it('has every UNIQUE constraint with its columns, NULLS NOT DISTINCT where a NULL unit must not duplicate', async () => {
    const { tables } = await readCatalog(t.db);
    for (const table of Object.keys(EXPECTED_COLUMNS)) {
      const actual = Object.fromEntries(
        (tables[table]?.constraints ?? []).filter((c) => c.kind === 'u').map((c) => [c.name, c.definition]),
      );
      expect(actual, table).toEqual(EXPECTED_UNIQUES[table] ?? {});
    }
  });

  it('has a uuid primary key on every table', async () => {
    const { tables } = await readCatalog(t.db);
    for (const table of Object.keys(EXPECTED_COLUMNS)) {
      expect(
        tables[table]?.constraints.filter((c) => c.kind === 'p').map((c) => c.definition),
        table,
      ).toEqual(['PRIMARY KEY (id)']);
    }
  });

  it('has every foreign key with its ON DELETE rule, tenant-composite except the organization one', async () => {
    const { tables } = await readCatalog(t.db);
    const actual: Record<string, string> = {};
    for (const [table, { constraints }] of Object.entries(tables)) {
      for (const c of constraints.filter((k) => k.kind === 'f')) {
        const match =
          /^FOREIGN KEY \(([^)]+)\) REFERENCES (\w+)\(([^)]+)\)(?: ON DELETE (CASCADE|SET NULL)(?: \((\w+)\))?)?$/.exec(
            c.definition,
          );
        expect(match, `${table}.${c.name}: ${c.definition}`).not.toBeNull();
        const [, columns = '', referenced = '', referencedColumns = '', rule = 'NO ACTION'] = match ?? [];
        const cols = columns.split(', ');
        const column = cols.at(-1) ?? '';
        if (column !== 'organization_id') {
          expect(cols, `${table}.${column} is scoped by organization`).toEqual(['organization_id', column]);
          expect(referencedColumns).toBe('organization_id, id');
        }
        actual[`${table}.${column}`] = `${referenced} ${rule}`;
        expect(c.name).toBe(`${table}_${column}_fkey`);
      }
    }
    expect(actual).toEqual(EXPECTED_FOREIGN_KEYS);
  });

  it('has every index of the spec, including the partial ones', async () => {
    const { tables } = await readCatalog(t.db);
    for (const [name, [table, columns, predicate, unique = false]] of Object.entries(EXPECTED_INDEXES)) {
      const index = tables[table]?.indexes.find((i) => i.name === name);
      expect(index, name).toBeDefined();
      expect(index?.columns.join(','), name).toBe(columns);
      expect(index?.unique, name).toBe(unique);
      if (predicate === null) expect(index?.predicate, name).toBeNull();
      else expect(index?.predicate, name).toContain(predicate);
    }
  });
});

describe.runIf(TEST_ENGINES.length > 1)('PGlite and PostgreSQL', () => {
  it('end up with identical catalogs after migrating', async () => {
    const a = await openTestDatabase('pglite');
    const b = await openTestDatabase('postgres');
    try {
      expect(await readCatalog(a.db)).toEqual(await readCatalog(b.db));
    } finally {
      await a.close();
      await b.close();
    }
  });
});
