/**
 * Every column list of the server comes from core's table descriptors: the writable fields each
 * repository accepts (read back from its refusal of an unknown field), the batch columns with their
 * types and key (held against the migrated catalog on both engines), and no hand-written list of
 * five or more columns of one table left in the server's or the bench's sources.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  analyticsDashboardsTable,
  type ColumnDescriptor,
  dashboardSharingTable,
  dashboardWidgetsTable,
  metricAlertHistoryTable,
  metricAlertsTable,
  metricCalculationsTable,
  metricDefinitionsTable,
  metricRelationshipsTable,
  metricSnapshotsTable,
  TABLE_DESCRIPTORS,
  type TableDescriptor,
  writableColumns,
} from '@arion-metrics/core';
import { describe, expect, it } from 'vitest';
import { readCatalog } from '../db/catalog';
import { TEST_ENGINES, useTestDatabase } from '../testing/test-database';
import { batchColumns, castType } from './batch-writer';
import { openStore, type Store } from './open-store';
import { StoreValidationError } from './store-errors';

const UNKNOWN = { not_a_column: 1 } as never;
const ID = randomUUID();

/** Each payload-taking write, the descriptor and moment whose writable set it must accept. */
const WRITES: readonly {
  readonly call: string;
  readonly descriptor: TableDescriptor;
  readonly when: 'create' | 'update';
  readonly run: (store: Store, payload: never) => Promise<unknown>;
}[] = [
  {
    call: 'metrics.create',
    descriptor: metricDefinitionsTable,
    when: 'create',
    run: (s, p) => s.metrics.create(p),
  },
  {
    call: 'metrics.update',
    descriptor: metricDefinitionsTable,
    when: 'update',
    run: (s, p) => s.metrics.update(ID, 1, p),
  },
  { call: 'alerts.create', descriptor: metricAlertsTable, when: 'create', run: (s, p) => s.alerts.create(p) },
  {
    call: 'alerts.update',
    descriptor: metricAlertsTable,
    when: 'update',
    run: (s, p) => s.alerts.update(ID, p),
  },
  {
    call: 'alerts.recordTrigger',
    descriptor: metricAlertHistoryTable,
    when: 'create',
    run: (s, p) => s.alerts.recordTrigger(ID, p),
  },
  {
    call: 'dashboards.create',
    descriptor: analyticsDashboardsTable,
    when: 'create',
    run: (s, p) => s.dashboards.create(p),
  },
  {
    call: 'dashboards.update',
    descriptor: analyticsDashboardsTable,
    when: 'update',
    run: (s, p) => s.dashboards.update(ID, 1, p),
  },
  {
    call: 'widgets.create',
    descriptor: dashboardWidgetsTable,
    when: 'create',
    run: (s, p) => s.widgets.create(ID, p),
  },
  {
    call: 'widgets.update',
    descriptor: dashboardWidgetsTable,
    when: 'update',
    run: (s, p) => s.widgets.update(ID, p),
  },
  {
    call: 'relationships.add',
    descriptor: metricRelationshipsTable,
    when: 'create',
    run: (s, p) => s.relationships.add(p),
  },
  {
    call: 'sharing.grant',
    descriptor: dashboardSharingTable,
    when: 'create',
    run: (s, p) => s.sharing.grant(ID, p),
  },
];

/** The error a call throws, or a failure when it does not throw a {@link StoreValidationError}. */
async function refusal(promise: Promise<unknown>): Promise<StoreValidationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StoreValidationError);
  return error as StoreValidationError;
}

const columnsOf = (d: TableDescriptor) => d.columns as Readonly<Record<string, ColumnDescriptor>>;

describe.each(TEST_ENGINES)('the column lists derived from the descriptors, on %s', (engine) => {
  const t = useTestDatabase(engine);
  const store = () =>
    openStore(t.db, { userId: randomUUID(), organizationId: randomUUID(), roleIds: [], departmentIds: [] });

  it.each(WRITES)('$call accepts exactly the writable fields of its descriptor', async (write) => {
    const error = await refusal(write.run(store(), UNKNOWN));
    const table = write.descriptor.name;
    expect(error.field).toBe(`${table}.not_a_column`);
    const prefix = `a writable field of ${table}: `;
    expect(error.allowed.startsWith(prefix), error.allowed).toBe(true);
    expect(error.allowed.slice(prefix.length).split(', ')).toEqual(
      writableColumns(write.descriptor, write.when),
    );
  });

  it.each(WRITES)('$call refuses every store-written column as filled by the store', async (write) => {
    for (const [name, column] of Object.entries(columnsOf(write.descriptor))) {
      if (column.write !== 'store') continue;
      const error = await refusal(write.run(store(), { [name]: null } as never));
      expect(error.field).toBe(`${write.descriptor.name}.${name}`);
      expect(error.allowed).toContain('filled by the store');
    }
  });

  it.each([
    ['calculations', metricCalculationsTable, ['definition_version']],
    ['snapshots', metricSnapshotsTable, []],
  ] as const)(
    '%s.upsert accepts the batch columns, the tenant key and nothing else',
    async (repo, descriptor, extra) => {
      const error = await refusal(store()[repo].upsert([UNKNOWN]));
      const listed = /\(([^)]+)\)/.exec(error.allowed)?.[1]?.split(', ') ?? [];
      const expected = [...batchColumns(descriptor).map((c) => c.name), descriptor.tenantKey, ...extra];
      expect([...listed].sort()).toEqual([...expected].sort());
    },
  );

  it.each([metricCalculationsTable, metricSnapshotsTable])(
    'writes $name batches in the catalog’s columns and types, keyed on its unique constraint',
    async (descriptor) => {
      const { tables } = await readCatalog(t.db);
      const catalog = tables[descriptor.name];
      const serverSet = new Set(['id', 'organization_id', 'created_at']);
      expect(batchColumns(descriptor).map((c) => [c.name, c.pgType])).toEqual(
        (catalog?.columns ?? []).filter((c) => !serverSet.has(c.name)).map((c) => [c.name, castType(c.type)]),
      );
      const key = descriptor.upsertKey;
      const unique = catalog?.constraints.find((c) => c.name === key?.constraint)?.definition ?? '';
      const keyColumns = /\(([^)]+)\)$/.exec(unique)?.[1]?.split(', ');
      expect(unique).toContain('NULLS NOT DISTINCT');
      expect(
        batchColumns(descriptor)
          .filter((c) => !c.update)
          .map((c) => c.name),
      ).toEqual(keyColumns);
      const nullableKeys = (catalog?.columns ?? [])
        .filter((c) => keyColumns?.includes(c.name) && !c.notNull)
        .map((c) => c.name);
      expect(
        batchColumns(descriptor)
          .filter((c) => c.nullable)
          .map((c) => c.name),
      ).toEqual(nullableKeys);
    },
  );
});

/** `table: [columns]` of every quoted-name array literal in `text` holding five or more columns of one table. */
function columnLists(text: string): string[] {
  const found: string[] = [];
  for (const [list] of text.matchAll(/\[\s*(?:'\w+'\s*,\s*)+'\w+'\s*,?\s*\]/g)) {
    const items = [...list.matchAll(/'(\w+)'/g)].map((m) => m[1] as string);
    const table = TABLE_DESCRIPTORS.find((d) => items.every((item) => Object.hasOwn(d.columns, item)));
    if (items.length >= 5 && table) found.push(`${table.name}: [${items.join(', ')}]`);
  }
  return found;
}

describe('the sources', () => {
  const root = resolve(import.meta.dirname, '../../../..');
  const sources = [
    ...(readdirSync(join(root, 'packages/server/src'), { recursive: true }) as string[])
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      // Migrations are history, test helpers build rows by hand on purpose.
      .filter((f) => !f.startsWith('db/migrations') && !f.startsWith('testing'))
      .map((f) => join('packages/server/src', f)),
    ...readdirSync(join(root, 'bench'))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => join('bench', f)),
    'packages/core/src/schema/tables.ts',
  ];

  /** Lists that name columns' values but are not column lists, each with the reason. */
  const notColumnLists = new Map([
    [
      'packages/server/src/runtime/sql-formula.ts: metric_calculations: [period_start, period_end, organization_id, aggregation_level, aggregation_id]',
      'the named parameters a SQL formula may bind; they share the calculation key’s names, they write no row',
    ],
  ]);

  it('hold no hand-written list of five or more columns of one table', () => {
    const found = sources.flatMap((file) =>
      columnLists(readFileSync(join(root, file), 'utf8')).map((list) => `${file}: ${list}`),
    );
    expect(found.filter((list) => !notColumnLists.has(list))).toEqual([]);
  });

  it('still find each list excused as not a column list (so the excuse cannot outlive it)', () => {
    const found = new Set(
      sources.flatMap((file) =>
        columnLists(readFileSync(join(root, file), 'utf8')).map((list) => `${file}: ${list}`),
      ),
    );
    expect([...notColumnLists.keys()].filter((list) => !found.has(list))).toEqual([]);
  });

  it('find five-column lists when there are some (the scan is not blind)', () => {
    const text = `const KEY = ['metric_id', 'period_start', 'period_end', 'aggregation_level', 'aggregation_id'];
      const QUERY = ['metric_id', 'from', 'to', 'aggregation_level', 'aggregation_id'];`;
    expect(columnLists(text)).toEqual([
      'metric_calculations: [metric_id, period_start, period_end, aggregation_level, aggregation_id]',
    ]);
    expect(sources.length).toBeGreaterThan(20);
  });
});
