import { randomUUID } from 'node:crypto';
import type { Database } from '@arion-metrics/core';
import { CompiledQuery, type Kysely, type KyselyPlugin, sql } from 'kysely';
import pg from 'pg';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createDatabase } from '../db/create-database';
import { TEST_ENGINES, useTestDatabase } from '../testing/test-database';
import {
  type CalculationInput,
  calculationProbeStatement,
  calculationRepository,
  latestStatement,
  seriesStatement,
} from './calculation-repository';
import { metricRepository } from './metric-repository';
import { writeMetricSettings } from './metric-settings';
import { snapshotProbeStatement, snapshotRepository, snapshotSeriesStatement } from './snapshot-repository';
import { NotFoundError, PermissionDeniedError, StoreValidationError } from './store-errors';
import { createTestOrganization, type TestOrganization } from './test-organization';

const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n));

/** Counts the statements a Kysely handle sends, by their first word. */
function countingPlugin(): KyselyPlugin & { counts: Record<string, number> } {
  const counts: Record<string, number> = {};
  return {
    counts,
    transformQuery(args) {
      counts[args.node.kind] = (counts[args.node.kind] ?? 0) + 1;
      return args.node;
    },
    async transformResult(args) {
      return args.result;
    },
  };
}

/** The statement texts `fn` sends through `pg` (none on PGlite). */
async function sentToPostgres(fn: () => Promise<unknown>): Promise<string[]> {
  const spy = vi.spyOn(pg.Client.prototype, 'query');
  try {
    await fn();
    return spy.mock.calls.map(([query]) =>
      typeof query === 'string' ? query : String((query as { text?: unknown }).text),
    );
  } finally {
    spy.mockRestore();
  }
}

/** Per way of writing a calculation batch on PostgreSQL, how many of the statements `sent` took it. */
const ways = (sent: string[]) => ({
  straight: sent.filter((text) => text.startsWith('COPY metric_calculations (id, metric_id,')).length,
  staged: sent.filter((text) => text.startsWith('COPY pg_temp.arion_batch_metric_calculations')).length,
  moved: sent.filter((text) =>
    /^WITH updated_0 AS \(UPDATE metric_calculations\b[\s\S]*\bINSERT INTO metric_calculations\b/.test(text),
  ).length,
  probed: sent.filter((text) =>
    /^SELECT EXISTS \(SELECT 1 FROM unnest\b[\s\S]*\bFROM metric_calculations\b/.test(text),
  ).length,
});

async function rowsOf(db: Kysely<Database>, metricId: string) {
  return db
    .selectFrom('metric_calculations')
    .selectAll()
    .where('metric_id', '=', metricId)
    .orderBy('period_end')
    .orderBy('aggregation_id')
    .execute();
}

describe.each(TEST_ENGINES)('calculations and snapshots on %s', (engine) => {
  const t = useTestDatabase(engine);
  let org: TestOrganization;
  const metricIds: string[] = [];
  const unitA = randomUUID();
  const unitB = randomUUID();

  beforeAll(async () => {
    org = await createTestOrganization(t.db);
    await writeMetricSettings(t.db, org.organizationId, { required_approvals: [] });
    const metrics = metricRepository(t.db, org.principal(0));
    for (let i = 0; i < 4; i++) {
      const m = await metrics.create({
        metric_name: `calc_${i}`,
        display_name: `Calc ${i}`,
        metric_category: 'operational',
        metric_type: 'average',
        calculation_method: 'manual',
        data_sources: { tables: [] },
        direction: 'higher_better',
        is_public: i !== 3,
      });
      metricIds.push(m.id);
    }
  });

  const row = (metric: number, n: number, extra: Partial<CalculationInput> = {}): CalculationInput => ({
    metric_id: metricIds[metric]!,
    period_start: day(n),
    period_end: day(n + 1),
    aggregation_level: 'org',
    metric_value: n,
    ...extra,
  });

  it('replaces a recalculated period instead of duplicating it, for organization totals (NULL unit) and units alike', async () => {
    const calculations = calculationRepository(t.db, org.principal(0));
    const first = [
      row(0, 0),
      row(0, 0, { aggregation_level: 'department', aggregation_id: unitA, metric_value: 3 }),
    ];
    expect(await calculations.upsert(first)).toEqual({ written: 2, statements: 1 });
    const before = (await rowsOf(t.db, metricIds[0]!)).find((r) => r.aggregation_id === null);
    await calculations.upsert([
      row(0, 0, {
        metric_value: 10.5,
        percentile_rank: 80,
        confidence_interval: { lower: 9, upper: 12, lowerInclusive: true, upperInclusive: true },
      }),
      row(0, 0, {
        aggregation_level: 'department',
        aggregation_id: unitA,
        metric_value: 4,
        calculation_status: 'warning',
        calculation_notes: 'late data',
      }),
    ]);
    const after = await rowsOf(t.db, metricIds[0]!);
    expect(after).toHaveLength(2);
    const total = after.find((r) => r.aggregation_id === null);
    expect(total).toMatchObject({
      id: before?.id,
      metric_value: 10.5,
      percentile_rank: 80,
      confidence_interval: { lower: 9, upper: 12, lowerInclusive: true, upperInclusive: true },
      organization_id: org.organizationId,
    });
    expect(after.find((r) => r.aggregation_id === unitA)).toMatchObject({
      metric_value: 4,
      calculation_status: 'warning',
      calculation_notes: 'late data',
    });
  });

  it('writes each batch with one statement, not one per row: straight into the table when none of its keys can exist, through a staging table otherwise', async () => {
    const plugin = countingPlugin();
    const calculations = calculationRepository(t.db.withPlugin(plugin), org.principal(0));
    const rows = (value: number) =>
      Array.from({ length: 12_000 }, (_, i) =>
        row(1, i % 3000, { aggregation_level: `level_${Math.floor(i / 3000)}`, metric_value: value + i }),
      );
    const first = await sentToPostgres(async () =>
      expect(await calculations.upsert(rows(0), { batchSize: 5000 })).toEqual({
        written: 12_000,
        statements: 3,
      }),
    );
    const second = await sentToPostgres(async () =>
      expect(await calculations.upsert(rows(0.5), { batchSize: 5000 })).toEqual({
        written: 12_000,
        statements: 3,
      }),
    );
    if (engine === 'pglite') expect(plugin.counts.RawNode).toBe(6);
    else {
      // The metric had no rows: batch 0 goes straight in. Batches 1 and 2 span days that batch 0
      // wrote (for other levels), so the probe sends them through the staging table.
      expect(ways(first)).toEqual({ straight: 1, staged: 2, moved: 2, probed: 3 });
      // The second call recalculates every row: every batch is staged and moved.
      expect(ways(second)).toEqual({ straight: 0, staged: 3, moved: 3, probed: 3 });
    }
    const stored = await t.db
      .selectFrom('metric_calculations')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('metric_value').as('total')])
      .where('metric_id', '=', metricIds[1]!)
      .executeTakeFirstOrThrow();
    // Every row once, with the second call's values: sum of (0.5 + i) for i < 12,000.
    expect(stored).toEqual({ n: 12_000, total: 0.5 * 12_000 + (11_999 * 12_000) / 2 });
  });

  it('writes a missing calculation_timestamp as the time of the transaction, whichever way the batch goes', async () => {
    await t.db.transaction().execute(async (trx) => {
      const calculations = calculationRepository(trx, org.principal(0));
      const straight = await sentToPostgres(() => calculations.upsert([row(3, 900), row(3, 901)]));
      const staged = await sentToPostgres(() =>
        calculations.upsert([row(3, 900, { metric_value: 2 }), row(3, 902)]),
      );
      if (engine === 'postgres') {
        expect(ways(straight)).toEqual({ straight: 1, staged: 0, moved: 0, probed: 1 });
        expect(ways(staged)).toEqual({ straight: 0, staged: 1, moved: 1, probed: 1 });
      }
      const { rows } = await sql<{ now: Date; stamps: Date[]; exact: boolean }>`
        SELECT now() AS now, array_agg(calculation_timestamp ORDER BY period_start) AS stamps,
               bool_and(calculation_timestamp = now()) AS exact
          FROM metric_calculations WHERE metric_id = ${metricIds[3]!} AND period_start >= ${day(900)}`.execute(
        trx,
      );
      expect(rows[0]?.stamps).toHaveLength(3);
      expect(rows[0]?.exact).toBe(true); // to the microsecond, which the Dates below cannot show
      expect(rows[0]?.stamps).toEqual([rows[0]?.now, rows[0]?.now, rows[0]?.now]);
    });
  });

  it('leaves nothing written when a row of a later batch is bad', async () => {
    const calculations = calculationRepository(t.db, org.principal(0));
    const before = await rowsOf(t.db, metricIds[1]!);
    const rows = Array.from({ length: 250 }, (_, i) => row(1, 5000 + i, { metric_value: i + 0.5 }));
    rows[230] = { ...rows[230]!, sample_size: -1 };
    const error = await calculations.upsert(rows, { batchSize: 100 }).catch((e: unknown) => e);
    expect((error as StoreValidationError).field).toBe('metric_calculations[230].sample_size');
    expect(await rowsOf(t.db, metricIds[1]!)).toEqual(before);
  });

  it('finds a bad row in the last batch before any batch is written, for calculations and snapshots', async () => {
    // Every statement that writes either table draws from a sequence, which no rollback undoes.
    for (const statement of [
      'CREATE SEQUENCE test_batch_writes',
      `CREATE FUNCTION test_count_batch_write() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN PERFORM nextval('test_batch_writes'); RETURN NULL; END $$`,
      `CREATE TRIGGER test_count_batch_write AFTER INSERT OR UPDATE ON metric_calculations
         FOR EACH STATEMENT EXECUTE FUNCTION test_count_batch_write()`,
      `CREATE TRIGGER test_count_batch_write AFTER INSERT OR UPDATE ON metric_snapshots
         FOR EACH STATEMENT EXECUTE FUNCTION test_count_batch_write()`,
    ])
      await sql.raw(statement).execute(t.db);
    const writes = async () =>
      (
        await sql<{
          n: number;
        }>`SELECT CASE WHEN is_called THEN last_value ELSE 0 END::int AS n FROM test_batch_writes`.execute(
          t.db,
        )
      ).rows[0]!.n;
    try {
      // A metric of its own: the other tests read the latest values of theirs.
      const metric = await metricRepository(t.db, org.principal(0)).create({
        metric_name: 'calc_batch_check',
        display_name: 'Batch check',
        metric_category: 'operational',
        metric_type: 'count',
        calculation_method: 'manual',
        data_sources: { tables: [] },
        direction: 'higher_better',
      });
      const calculations = calculationRepository(t.db, org.principal(0));
      const rows = Array.from({ length: 300 }, (_, i) => row(0, 7000 + i, { metric_id: metric.id }));
      rows[299] = { ...rows[299]!, period_end: day(6000) };
      const error = await calculations.upsert(rows, { batchSize: 100 }).catch((e: unknown) => e);
      expect((error as StoreValidationError).field).toBe('metric_calculations[299].period_end');
      const snapshots = snapshotRepository(t.db, org.principal(0));
      const days = Array.from({ length: 300 }, (_, i) => ({
        snapshot_date: day(7000 + i)
          .toISOString()
          .slice(0, 10),
        snapshot_type: 'daily' as const,
        metric_id: metric.id,
        aggregation_level: 'org',
        metric_value: i,
      }));
      days[299] = { ...days[299]!, metric_value: Number.NaN };
      const snapshotError = await snapshots.upsert(days, { batchSize: 100 }).catch((e: unknown) => e);
      expect((snapshotError as StoreValidationError).field).toBe('metric_snapshots[299].metric_value');
      expect(await writes()).toBe(0);
      // The counter does count: the same calls without the bad row write, one statement or more per batch.
      await calculations.upsert(rows.slice(0, 299), { batchSize: 100 });
      await snapshots.upsert(days.slice(0, 299), { batchSize: 100 });
      expect(await writes()).toBeGreaterThanOrEqual(6);
    } finally {
      await sql.raw('DROP TRIGGER test_count_batch_write ON metric_calculations').execute(t.db);
      await sql.raw('DROP TRIGGER test_count_batch_write ON metric_snapshots').execute(t.db);
    }
  });

  it('writes text, JSON and ranges with quotes, backslashes, commas, braces, tabs and newlines exactly as given', async () => {
    const tricky = [
      'a "quoted", {braced} \\ back\\slash',
      'NULL',
      '\\N',
      '',
      ' lead and trail ',
      'é ☃ 😀',
      '{}',
      'tab\there\nnew line\r\nand \\t not a tab',
    ];
    const calculations = calculationRepository(t.db, org.principal(0));
    const sent = await sentToPostgres(() =>
      calculations.upsert(
        tricky.map((text, i) =>
          row(0, 7000 + i, {
            aggregation_level: `lvl ${text}`.slice(0, 100),
            calculation_notes: text === '' ? null : text,
            dimensions: { [text]: text, n: -0.5e-3 },
            metadata: { text, list: [text, null, 1e-7] },
            confidence_interval: {
              lower: -1.25,
              upper: 1e6,
              lowerInclusive: i % 2 === 0,
              upperInclusive: false,
            },
            metric_value: -12345678901.1234,
          }),
        ),
      ),
    );
    // On PostgreSQL the rows went through COPY (text format), on PGlite through the array literals.
    expect(sent.some((text) => text.startsWith('COPY '))).toBe(engine === 'postgres');
    // PostgreSQL is the reference: the same values sent one by one as ordinary parameters.
    const stored = await t.db
      .selectFrom('metric_calculations')
      .select([
        'aggregation_level',
        'calculation_notes',
        'dimensions',
        'metadata',
        'confidence_interval',
        'metric_value',
      ])
      .where('metric_id', '=', metricIds[0]!)
      .where('period_start', '>=', day(7000))
      .orderBy('period_start')
      .execute();
    const expected = await Promise.all(
      tricky.map(async (text, i) => {
        const { rows } = await sql<Record<string, unknown>>`
          SELECT ${`lvl ${text}`.slice(0, 100)}::text AS aggregation_level,
                 ${text === '' ? null : text}::text AS calculation_notes,
                 ${JSON.stringify({ [text]: text, n: -0.5e-3 })}::jsonb AS dimensions,
                 ${JSON.stringify({ text, list: [text, null, 1e-7], definition_version: 1 })}::jsonb AS metadata,
                 numrange(-1.25, 1e6, ${i % 2 === 0 ? '[)' : '()'}) AS confidence_interval,
                 ${-12345678901.1234}::numeric(15,4) AS metric_value`.execute(t.db);
        return rows[0];
      }),
    );
    expect(stored).toEqual(expected);
  });

  it('records the definition version in metadata: the current one by default, an older one when given', async () => {
    const metrics = metricRepository(t.db, org.principal(0));
    const m = await metrics.create({
      metric_name: `versioned_${randomUUID().slice(0, 6)}`,
      display_name: 'v',
      metric_category: 'quality',
      metric_type: 'score',
      calculation_method: 'function',
      calculation_formula: 'a + b',
      data_sources: { tables: [] },
      direction: 'higher_better',
    });
    await metrics.update(m.id, 1, { calculation_formula: 'a + 2 * b' });
    const calculations = calculationRepository(t.db, org.principal(0));
    await calculations.upsert([
      { ...row(0, 0), metric_id: m.id, metadata: { source_rows: 12 } },
      { ...row(0, 1), metric_id: m.id, definition_version: 1 },
    ]);
    const stored = await rowsOf(t.db, m.id);
    expect(stored.map((r) => r.metadata)).toEqual([
      { source_rows: 12, definition_version: 2 },
      { definition_version: 1 },
    ]);
    const traced = await metrics.version(m.id, stored[1]!.metadata!.definition_version as number);
    expect(traced.definition.calculation_formula).toBe('a + b');
    const future = await calculations
      .upsert([{ ...row(0, 2), metric_id: m.id, definition_version: 3 }])
      .catch((e: unknown) => e);
    expect((future as StoreValidationError).field).toBe('metric_calculations[0].definition_version');
  });

  it.each([
    ['metric_value', { metric_value: Number.NaN }],
    ['metric_value', { metric_value: 1e12 }],
    ['percentile_rank', { percentile_rank: 101 }],
    ['percentile_rank', { percentile_rank: 50.5 }],
    ['change_percentage', { change_percentage: 1000 }],
    ['data_quality_score', { data_quality_score: 1.2 }],
    ['calculation_status', { calculation_status: 'ok' }],
    [
      'confidence_interval',
      { confidence_interval: { lower: 2, upper: 1, lowerInclusive: true, upperInclusive: true } },
    ],
    ['dimensions', { dimensions: { region: { nested: true } } }],
    ['dimensions', { dimensions: ['emea'] }],
    ['metadata.definition_version', { metadata: { definition_version: 9 } }],
    ['period_end', { period_end: day(-5) }],
    ['period_start', { period_start: '2026-01-01' }],
    ['aggregation_id', { aggregation_id: 'unit-1' }],
    ['metric_id', { metric_id: 'm1' }],
    ['organization_id', { organization_id: randomUUID() }],
    ['created_at', { created_at: new Date() }],
  ])('refuses a bad %s, naming the row and field, and writes nothing', async (field, extra) => {
    const calculations = calculationRepository(t.db, org.principal(0));
    const before = await rowsOf(t.db, metricIds[2]!);
    const error = await calculations
      .upsert([row(2, 40), { ...row(2, 41), ...(extra as Partial<CalculationInput>) }])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreValidationError);
    expect((error as StoreValidationError).field.startsWith(`metric_calculations[1].${field}`)).toBe(true);
    expect(await rowsOf(t.db, metricIds[2]!)).toEqual(before);
  });

  it("runs several upserts in a caller's transaction: a failed one is rolled back alone, the others commit with it", async () => {
    const before = await rowsOf(t.db, metricIds[2]!);
    let sent: string[] = [];
    await t.db.transaction().execute(async (trx) => {
      const calculations = calculationRepository(trx, org.principal(0));
      await calculations.upsert([row(2, 70), row(2, 71)], { batchSize: 1 });
      sent = await sentToPostgres(async () => {
        // Its first batch would recalculate day 71, its second is bad: the call is refused before
        // either batch is written, and rolled back.
        const error = await calculations
          .upsert(
            [row(2, 71, { metric_value: 99 }), row(2, 73, { metric_value: Number.POSITIVE_INFINITY })],
            {
              batchSize: 1,
            },
          )
          .catch((e: unknown) => e);
        expect((error as StoreValidationError).field).toBe('metric_calculations[1].metric_value');
        // Staged (day 71 exists): the staging table is made by this call, the first to write.
        await calculations.upsert([
          row(2, 71, { calculation_notes: 'again' }),
          row(2, 74, { calculation_notes: 'tab\tand\\N' }),
        ]);
      });
    });
    if (engine === 'postgres') {
      expect(ways(sent)).toMatchObject({ straight: 0, staged: 1, moved: 1 });
      expect(sent.filter((text) => text.startsWith('CREATE TEMPORARY TABLE IF NOT EXISTS'))).toHaveLength(1);
    }
    const added = (await rowsOf(t.db, metricIds[2]!)).filter((r) => !before.some((b) => b.id === r.id));
    expect(added.map((r) => [r.metric_value, r.calculation_notes])).toEqual([
      [70, null],
      [71, 'again'],
      [74, 'tab\tand\\N'],
    ]);
  });

  it('refuses two rows with the same key in one call', async () => {
    const error = await calculationRepository(t.db, org.principal(0))
      .upsert([row(2, 50), row(2, 51), row(2, 50, { metric_value: 7 })])
      .catch((e: unknown) => e);
    expect((error as StoreValidationError).field).toBe('metric_calculations[2]');
    expect((error as Error).message).toContain('row 0');
    // Also when the two rows fall in different batches; the first batch is rolled back.
    const before = await rowsOf(t.db, metricIds[2]!);
    const split = await calculationRepository(t.db, org.principal(0))
      .upsert([row(2, 52), row(2, 53), row(2, 52, { metric_value: 7 })], { batchSize: 2 })
      .catch((e: unknown) => e);
    expect((split as StoreValidationError).field).toBe('metric_calculations[2]');
    expect(await rowsOf(t.db, metricIds[2]!)).toEqual(before);
  });

  it('writes only to metrics the principal may change; an unknown metric leaves the whole batch unwritten', async () => {
    const viewer = calculationRepository(t.db, org.principal(3));
    await expect(viewer.upsert([row(2, 60)])).rejects.toBeInstanceOf(PermissionDeniedError);
    const before = await rowsOf(t.db, metricIds[2]!);
    await expect(
      calculationRepository(t.db, org.principal(0)).upsert([
        row(2, 61),
        { ...row(2, 62), metric_id: randomUUID() },
      ]),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(await rowsOf(t.db, metricIds[2]!)).toEqual(before);
  });

  it('reads a series of one unit over a period range in order, and several series in one call', async () => {
    const calculations = calculationRepository(t.db, org.principal(0));
    const rows: CalculationInput[] = [];
    for (let n = 100; n < 130; n++) {
      rows.push(row(2, n));
      rows.push(
        row(2, n, { aggregation_level: 'department', aggregation_id: unitA, metric_value: n + 0.25 }),
      );
      rows.push(row(2, n, { aggregation_level: 'department', aggregation_id: unitB, metric_value: n + 0.5 }));
    }
    await calculations.upsert(rows.reverse());
    const reader = calculationRepository(t.db, org.principal(2));
    const a = await reader.series({
      metric_id: metricIds[2]!,
      aggregation_level: 'department',
      aggregation_id: unitA,
      from: day(111),
      to: day(115),
    });
    expect(a.map((r) => r.metric_value)).toEqual([110.25, 111.25, 112.25, 113.25, 114.25]);
    const [total, b] = await reader.seriesMany([
      { metric_id: metricIds[2]!, aggregation_level: 'org', from: day(129), to: day(200) },
      {
        metric_id: metricIds[2]!,
        aggregation_level: 'department',
        aggregation_id: unitB,
        from: day(100),
        to: day(102),
      },
    ]);
    expect(total?.map((r) => [r.metric_value, r.aggregation_id])).toEqual([
      [128, null],
      [129, null],
    ]);
    expect(b?.map((r) => r.metric_value)).toEqual([100.5, 101.5]);
  });

  it('gives the latest value per metric and the peer values of a period', async () => {
    const calculations = calculationRepository(t.db, org.principal(0));
    const latest = await calculations.latest({
      metric_ids: [metricIds[0]!, metricIds[2]!, metricIds[1]!],
      aggregation_level: 'org',
    });
    expect(latest.map((r) => [r.metric_id, r.period_end])).toEqual([
      [metricIds[0], day(1)],
      [metricIds[2], day(130)],
    ]);
    const unit = await calculations.latest({
      metric_ids: [metricIds[2]!],
      aggregation_level: 'department',
      aggregation_id: unitB,
    });
    expect(unit.map((r) => r.metric_value)).toEqual([129.5]);
    const peers = await calculations.peerValues({
      metric_id: metricIds[2]!,
      aggregation_level: 'department',
      period_start: day(105),
      period_end: day(106),
    });
    expect(peers).toEqual([
      { aggregation_id: unitA, metric_value: 105.25 },
      { aggregation_id: unitB, metric_value: 105.5 },
    ]);
  });

  it('reports a private metric the principal cannot see as not found on every read', async () => {
    const stranger = calculationRepository(t.db, org.principal(2));
    const q = { metric_id: metricIds[3]!, aggregation_level: 'org', from: day(0), to: day(9) };
    await expect(stranger.series(q)).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      stranger.latest({ metric_ids: [metricIds[3]!], aggregation_level: 'org' }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      stranger.peerValues({
        metric_id: metricIds[3]!,
        aggregation_level: 'org',
        period_start: day(0),
        period_end: day(1),
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('leaves one row when two connections upsert the same key at the same time', async () => {
    const second = engine === 'postgres' ? await createDatabase({ url: t.url }) : t.db;
    try {
      for (let round = 0; round < 10; round++) {
        await Promise.all([
          calculationRepository(t.db, org.principal(0)).upsert([row(0, 500, { metric_value: round })]),
          calculationRepository(second, org.principal(0)).upsert([
            row(0, 500, { metric_value: round + 0.5 }),
          ]),
        ]);
        const stored = (await rowsOf(t.db, metricIds[0]!)).filter(
          (r) => r.period_start.getTime() === day(500).getTime(),
        );
        expect(stored).toHaveLength(1);
        expect([round, round + 0.5]).toContain(stored[0]?.metric_value);
      }
    } finally {
      if (second !== t.db) await second.destroy();
    }
  });

  // Concurrent transactions need a server: PGlite runs one connection.
  if (engine === 'postgres')
    describe.each([
      { way: 'straight into the table', first: 700, waiting: 'COPY metric_calculations (%' },
      {
        way: 'through the staging table',
        first: 710,
        waiting: 'WITH updated_0 AS (UPDATE metric_calculations%',
      },
    ])(
      'a key that another transaction inserts after the upsert began, batch going $way',
      ({ first, waiting }) => {
        it('is replaced: the plain INSERT fails on the key, the call is redone with ON CONFLICT', async () => {
          const second = await createDatabase({ url: t.url });
          const watcher = new pg.Client({ connectionString: t.url });
          await watcher.connect();
          try {
            // A committed row in the batch's range (another unit, same period) makes the probe
            // send the batch through the staging table.
            if (first === 710)
              await calculationRepository(t.db, org.principal(0)).upsert([
                row(2, first + 1, { aggregation_level: 'department', aggregation_id: unitA }),
              ]);
            let late: Promise<unknown> | undefined;
            const sent = await sentToPostgres(async () => {
              await t.db.transaction().execute(async (trx) => {
                // Not visible to the other upsert (uncommitted), but holding the key.
                await calculationRepository(trx, org.principal(0)).upsert([
                  row(2, first + 1, { metric_value: 1 }),
                ]);
                late = calculationRepository(second, org.principal(0)).upsert([
                  row(2, first + 1, { metric_value: 2 }),
                  row(2, first + 2, { metric_value: 3 }),
                ]);
                late.catch(() => {});
                // Wait until its statement waits for this transaction's key, then commit.
                for (let waited = 0; ; waited += 20) {
                  const { rows } = await watcher.query(
                    `SELECT count(*)::int AS n FROM pg_stat_activity
                    WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE $1`,
                    [waiting],
                  );
                  if (rows[0].n > 0) break;
                  if (waited > 10_000)
                    throw new Error(`the second upsert never waited for the key (${waiting})`);
                  await new Promise((resolve) => setTimeout(resolve, 20));
                }
              });
              expect(await late).toEqual({ written: 2, statements: 1 });
            });
            expect(sent).toContain('ROLLBACK TO SAVEPOINT arion_upsert');
            // The staging table is emptied only after a move that succeeded: once for each staged
            // batch that went through (the first transaction's, when staged, and the retry's) —
            // never queued behind the move that failed, ahead of the rollback.
            expect(sent.filter((text) => text.startsWith('TRUNCATE pg_temp.arion_batch_'))).toHaveLength(
              first === 710 ? 2 : 1,
            );
            expect(
              sent.filter((text) =>
                /ON CONFLICT ON CONSTRAINT metric_calculations_period_unit_key/.test(text),
              ),
            ).toHaveLength(1);
            const stored = (await rowsOf(t.db, metricIds[2]!)).filter(
              (r) =>
                r.aggregation_id === null && r.period_start > day(first) && r.period_start <= day(first + 2),
            );
            expect(stored.map((r) => [r.period_start.getTime(), r.metric_value])).toEqual([
              [day(first + 1).getTime(), 2],
              [day(first + 2).getTime(), 3],
            ]);
          } finally {
            await watcher.end();
            await second.destroy();
          }
        });
      },
    );

  it('writes snapshots idempotently and reads a date range and the latest per metric', async () => {
    const snapshots = snapshotRepository(t.db, org.principal(0));
    const snap = (date: string, value: number, extra = {}) => ({
      snapshot_date: date,
      snapshot_type: 'monthly' as const,
      metric_id: metricIds[0]!,
      aggregation_level: 'org',
      metric_value: value,
      ...extra,
    });
    await snapshots.upsert([
      snap('2026-01-31', 1),
      snap('2026-02-28', 2, { trend: 'improving', percentile_50: 2 }),
    ]);
    await snapshots.upsert([
      snap('2026-02-28', 2.5, { trend: 'stable', sample_count: 28 }),
      snap('2026-03-31', 3),
    ]);
    const series = await snapshots.series({
      metric_id: metricIds[0]!,
      snapshot_type: 'monthly',
      aggregation_level: 'org',
      from: '2026-02-01',
      to: '2026-12-31',
    });
    expect(series.map((s) => [s.snapshot_date, s.metric_value, s.trend, s.sample_count])).toEqual([
      ['2026-02-28', 2.5, 'stable', 28],
      ['2026-03-31', 3, null, null],
    ]);
    const latest = await snapshots.latest({
      metric_ids: [metricIds[0]!],
      snapshot_type: 'monthly',
      aggregation_level: 'org',
    });
    expect(latest.map((s) => s.snapshot_date)).toEqual(['2026-03-31']);
    for (const [extra, field] of [
      [{ snapshot_date: '2026-02-30' }, 'metric_snapshots[0].snapshot_date'],
      [{ snapshot_type: 'hourly' }, 'metric_snapshots[0].snapshot_type'],
      [{ trend: 'up' }, 'metric_snapshots[0].trend'],
      [{ std_deviation: Number.POSITIVE_INFINITY }, 'metric_snapshots[0].std_deviation'],
      [{ sample_count: -1 }, 'metric_snapshots[0].sample_count'],
    ] as const) {
      const error = await snapshots
        .upsert([{ ...snap('2026-04-30', 4), ...extra } as never])
        .catch((e: unknown) => e);
      expect((error as StoreValidationError).field, field).toBe(field);
    }
    expect(
      await snapshots.series({
        metric_id: metricIds[0]!,
        snapshot_type: 'monthly',
        aggregation_level: 'org',
        from: '2026-04-01',
        to: '2026-04-30',
      }),
    ).toEqual([]);
  });

  it("reads series and latest values through the spec's indexes (EXPLAIN on a table of 60,000 rows)", async () => {
    // Bulk rows straight in SQL: 20 metrics x 1,000 days x 3 units.
    const m = await t.db
      .selectFrom('metric_definitions')
      .select('id')
      .where('organization_id', '=', org.organizationId)
      .execute();
    await sql`INSERT INTO metric_calculations (metric_id, calculation_timestamp, period_start, period_end, aggregation_level, aggregation_id, metric_value, organization_id)
      SELECT m.id, now(), timestamptz '2020-01-01' + d * interval '1 day', timestamptz '2020-01-02' + d * interval '1 day', 'team', u.id, d, ${org.organizationId}::uuid
        FROM unnest(${m.map((x) => x.id)}::uuid[]) AS m(id), generate_series(0, 999) AS d, (VALUES (${unitA}::uuid), (${unitB}::uuid), (NULL::uuid)) AS u(id)`.execute(
      t.db,
    );
    await sql`INSERT INTO metric_snapshots (snapshot_date, snapshot_type, metric_id, aggregation_level, metric_value, organization_id)
      SELECT date '2020-01-01' + d, 'daily', m.id, 'team', d, ${org.organizationId}::uuid
        FROM unnest(${m.map((x) => x.id)}::uuid[]) AS m(id), generate_series(0, 999) AS d`.execute(t.db);
    await sql`ANALYZE metric_calculations`.execute(t.db);
    await sql`ANALYZE metric_snapshots`.execute(t.db);
    const explain = async (q: CompiledQuery) => {
      const { rows } = await t.db.executeQuery<{ 'QUERY PLAN': string }>(
        CompiledQuery.raw(`EXPLAIN ${q.sql}`, [...q.parameters]),
      );
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    };
    const series = await explain(
      seriesStatement(t.db, org.organizationId, [
        {
          metric_id: metricIds[1]!,
          aggregation_level: 'team',
          aggregation_id: unitA,
          from: '2021-01-01T00:00:00Z',
          to: '2021-12-31T00:00:00Z',
        },
      ]),
    );
    // The spec's indexes led by metric_id: the lookup index (metric_id, period_end DESC, level, unit),
    // the period index (metric_id, period_start, period_end) or the unique key; the planner picks.
    const specIndex =
      /(Index (Only )?Scan( Backward)? using|Bitmap Index Scan on) (idx_metric_calculations_lookup|idx_metric_calculations_period|metric_calculations_period_unit_key)/;
    expect(series).toMatch(specIndex);
    expect(series).toMatch(
      /Index Cond: \(\(metric_id = s\.metric_id\) AND \(period_end >= s\.from_time\) AND \(period_end <= s\.to_time\)/,
    );
    expect(series).not.toContain('Seq Scan on metric_calculations');
    const latest = await explain(
      latestStatement(t.db, org.organizationId, [metricIds[1]!, metricIds[2]!], 'team', null),
    );
    expect(latest).toMatch(/Index Scan using idx_metric_calculations_lookup on metric_calculations/);
    expect(latest).toContain('Limit');
    expect(latest).not.toContain('Seq Scan on metric_calculations');
    const snapshotPlan = await explain(
      snapshotSeriesStatement(t.db, org.organizationId, {
        metric_id: metricIds[1]!,
        snapshot_type: 'daily',
        aggregation_level: 'team',
        aggregation_id: null,
        from: '2021-01-01',
        to: '2021-03-31',
      }),
    );
    expect(snapshotPlan).toMatch(/idx_metric_snapshots_date|metric_snapshots_period_unit_key/);
    expect(snapshotPlan).not.toContain('Seq Scan on metric_snapshots');
    // The probe a batch asks before it goes straight in: one index descent per metric, whether
    // the metrics have rows in the range or (new keys, the case that reads nothing) none.
    for (const metrics of [
      [metricIds[1]!, metricIds[2]!],
      [randomUUID(), randomUUID()],
    ]) {
      const probePlan = (statement: string, from: string, to: string) =>
        explain(CompiledQuery.raw(statement, [org.organizationId, metrics, from, to]));
      const probeCalculations = await probePlan(
        calculationProbeStatement(),
        '2021-01-01T00:00:00.000Z',
        '2021-12-31T00:00:00.000Z',
      );
      expect(probeCalculations).toMatch(
        /Index (Only )?Scan( Backward)? using (idx_metric_calculations_period|metric_calculations_period_unit_key)/,
      );
      expect(probeCalculations).toMatch(
        /Index Cond: \(\(metric_id = probe\.key\) AND \(period_start >= .+\) AND \(period_start <= .+\)\)/,
      );
      expect(probeCalculations).not.toContain('Seq Scan on metric_calculations');
      const probeSnapshots = await probePlan(snapshotProbeStatement(), '2021-01-01', '2021-03-31');
      expect(probeSnapshots).toMatch(
        /Index (Only )?Scan( Backward)? using (idx_metric_snapshots_date|metric_snapshots_period_unit_key)/,
      );
      expect(probeSnapshots).not.toContain('Seq Scan on metric_snapshots');
    }
  });
});
