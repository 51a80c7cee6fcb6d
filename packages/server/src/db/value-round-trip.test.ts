// A zone 14 hours ahead of UTC: a DATE parsed as a local Date would show up as the wrong day.
process.env.TZ = 'Pacific/Kiritimati';

import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, type Tenant } from '../testing/fixtures';
import { openTestDatabase, TEST_ENGINES, type TestDatabase } from '../testing/test-database';
import { formatNumRange, parseNumRange } from './value-types';

type Opened = TestDatabase & { close(): Promise<void> };
const opened: Partial<Record<(typeof TEST_ENGINES)[number], Opened>> = {};
const tenants: Partial<Record<(typeof TEST_ENGINES)[number], Tenant>> = {};

beforeAll(async () => {
  for (const engine of TEST_ENGINES) {
    const database = await openTestDatabase(engine);
    opened[engine] = database;
    tenants[engine] = await createTenant(database.db);
  }
});
afterAll(async () => {
  for (const database of Object.values(opened)) await database?.close();
});

const DECIMAL_15_4_MAX = 99999999999.9999;

/** Every column type of metric_calculations at its edges; written once and expected back unchanged. */
const WRITTEN_CALCULATION = {
  calculation_timestamp: new Date('2026-03-29T01:30:00.123Z'),
  period_start: new Date('2026-03-28T23:00:00Z'),
  period_end: new Date('2026-03-29T22:00:00Z'),
  aggregation_level: 'org',
  aggregation_id: null,
  metric_value: DECIMAL_15_4_MAX,
  previous_value: -DECIMAL_15_4_MAX,
  change_percentage: -999.99,
  target_value: 0.0001,
  variance_from_target: 12345678901.2345,
  percentile_rank: 100,
  calculation_status: 'warning' as const,
  calculation_notes: 'ünïcode ✓ and "quotes"',
  data_quality_score: 0.99,
  sample_size: 2147483647,
  confidence_interval: { lower: -1.5, upper: 2.25, lowerInclusive: true, upperInclusive: false },
  dimensions: { region: 'EMEA', critical: true, n: 1.5, none: null },
  metadata: { numerator: 3, denominator: 4, list: [1, 'a', null] },
};

/** Writes one calculation, snapshot and widget with every column type, then reads them back. */
async function roundTrip(engine: (typeof TEST_ENGINES)[number]) {
  const database = opened[engine];
  const tenant = tenants[engine];
  if (!database || !tenant) throw new Error(`${engine} not opened`);
  const db = database.db;
  await db
    .insertInto('metric_calculations')
    .values({
      id: '00000000-0000-4000-8000-000000000001',
      metric_id: tenant.metricId,
      ...WRITTEN_CALCULATION,
      organization_id: tenant.organizationId,
    })
    .execute();
  await db
    .insertInto('metric_snapshots')
    .values({
      snapshot_date: '2026-01-01',
      snapshot_type: 'annual',
      metric_id: tenant.metricId,
      aggregation_level: 'org',
      metric_value: 1.5,
      organization_id: tenant.organizationId,
    })
    .execute();
  const calculation = await db
    .selectFrom('metric_calculations')
    .selectAll()
    .where('id', '=', '00000000-0000-4000-8000-000000000001')
    .executeTakeFirstOrThrow();
  const snapshot = await db
    .selectFrom('metric_snapshots')
    .selectAll()
    .where('metric_id', '=', tenant.metricId)
    .executeTakeFirstOrThrow();
  const definition = await db
    .selectFrom('metric_definitions')
    .select(['tags', 'time_windows', 'is_active', 'retention_days', 'version'])
    .where('id', '=', tenant.metricId)
    .executeTakeFirstOrThrow();
  const count = await sql<{ n: number }>`SELECT count(*) AS n FROM metric_calculations`.execute(db);
  const { id: _id, metric_id: _m, organization_id: _o, created_at, ...calc } = calculation;
  const { id: _sid, metric_id: _sm, organization_id: _so, created_at: snapCreated, ...snap } = snapshot;
  expect(created_at).toBeInstanceOf(Date);
  expect(snapCreated).toBeInstanceOf(Date);
  return { calc, snap, definition, count: count.rows[0]?.n };
}

describe('values crossing the driver boundary', () => {
  it('runs in a time zone far from UTC', () => {
    expect(new Date(2026, 0, 1).getTimezoneOffset()).toBe(-14 * 60);
  });

  it.each(TEST_ENGINES)('come back from %s exactly as written', async (engine) => {
    const { calc, snap, count } = await roundTrip(engine);
    expect(calc).toEqual(WRITTEN_CALCULATION);
    expect(snap.snapshot_date).toBe('2026-01-01');
    expect(snap.metric_value).toBe(1.5);
    expect(typeof count).toBe('number');
  });

  it.runIf(TEST_ENGINES.length > 1)(
    'are identical on PGlite and PostgreSQL, arrays and booleans included',
    async () => {
      const [a, b] = await Promise.all(
        TEST_ENGINES.map(async (engine) => {
          const database = opened[engine];
          const tenant = tenants[engine];
          if (!database || !tenant) throw new Error(`${engine} not opened`);
          await database.db
            .updateTable('metric_definitions')
            .set({ tags: ['a', 'b c', 'd,e', 'ü'], time_windows: ['daily', 'monthly'] })
            .where('id', '=', tenant.metricId)
            .execute();
          const rows = await database.db
            .selectFrom('metric_calculations')
            .selectAll()
            .where('aggregation_level', '=', 'org')
            .execute();
          const definition = await database.db
            .selectFrom('metric_definitions')
            .select(['tags', 'time_windows', 'is_active', 'retention_days', 'version', 'target_value'])
            .where('id', '=', tenant.metricId)
            .executeTakeFirstOrThrow();
          return {
            rows: rows.map(({ id: _i, metric_id: _m, organization_id: _o, created_at: _c, ...rest }) => rest),
            definition,
          };
        }),
      );
      expect(a).toEqual(b);
      expect(a?.definition).toEqual({
        tags: ['a', 'b c', 'd,e', 'ü'],
        time_windows: ['daily', 'monthly'],
        is_active: true,
        retention_days: 730,
        version: 1,
        target_value: null,
      });
    },
  );

  it.each(TEST_ENGINES)('returns UUID[], JSONB and BOOLEAN columns as written on %s', async (engine) => {
    const database = opened[engine];
    const tenant = tenants[engine];
    if (!database || !tenant) throw new Error(`${engine} not opened`);
    const widget = await database.db
      .insertInto('dashboard_widgets')
      .values({
        dashboard_id: tenant.dashboardId,
        widget_name: 'round trip',
        widget_type: 'line_chart',
        position: { x: 0, y: 0, w: 6, h: 4 },
        metric_ids: [tenant.metricId, tenant.otherMetricId],
        visualization_config: {},
        is_visible: false,
        organization_id: tenant.organizationId,
      })
      .returning(['metric_ids', 'position', 'is_visible', 'refresh_interval_override'])
      .executeTakeFirstOrThrow();
    expect(widget).toEqual({
      metric_ids: [tenant.metricId, tenant.otherMetricId],
      position: { x: 0, y: 0, w: 6, h: 4 },
      is_visible: false,
      refresh_interval_override: null,
    });
  });

  it.each(TEST_ENGINES)('round-trips any DECIMAL(15,4) value at its scale on %s', async (engine) => {
    const database = opened[engine];
    if (!database) throw new Error(`${engine} not opened`);
    const scaled = fc.integer({ min: -999_999_999_999_999, max: 999_999_999_999_999 }).map((k) => k / 10_000);
    const samples = fc.sample(scaled, 300).concat([DECIMAL_15_4_MAX, -DECIMAL_15_4_MAX, 0, 0.0001, -0.0001]);
    const { rows } = await sql<{ v: number; i: number }>`
      SELECT v::numeric(15,4) AS v, i FROM unnest(${sql.val(samples.map(String))}::text[]) WITH ORDINALITY AS t(v, i) ORDER BY i`.execute(
      database.db,
    );
    expect(rows.map((r) => r.v)).toEqual(samples);
  });
});

describe.each(TEST_ENGINES)('NUMRANGE columns on %s', (engine) => {
  it('take the same object shape on update and upsert as on insert', async () => {
    const database = opened[engine];
    const tenant = tenants[engine];
    if (!database || !tenant) throw new Error(`${engine} not opened`);
    const row = {
      metric_id: tenant.metricId,
      calculation_timestamp: new Date('2026-02-01T00:00:00Z'),
      period_start: new Date('2026-01-01T00:00:00Z'),
      period_end: new Date('2026-02-01T00:00:00Z'),
      aggregation_level: 'numrange-upsert',
      metric_value: 1,
      confidence_interval: { lower: 0, upper: 1, lowerInclusive: true, upperInclusive: true },
      organization_id: tenant.organizationId,
    };
    await database.db.insertInto('metric_calculations').values(row).execute();
    const upserted = { lower: null, upper: 5.5, lowerInclusive: false, upperInclusive: true };
    await database.db
      .insertInto('metric_calculations')
      .values({ ...row, confidence_interval: upserted })
      .onConflict((oc) =>
        oc
          .columns(['metric_id', 'period_start', 'period_end', 'aggregation_level', 'aggregation_id'])
          .doUpdateSet({ confidence_interval: upserted }),
      )
      .execute();
    const read = () =>
      database.db
        .selectFrom('metric_calculations')
        .select('confidence_interval')
        .where('aggregation_level', '=', 'numrange-upsert')
        .execute();
    expect(await read()).toEqual([{ confidence_interval: upserted }]);
    const updated = { lower: -2, upper: 3, lowerInclusive: true, upperInclusive: false };
    await database.db
      .updateTable('metric_calculations')
      .set({ confidence_interval: updated })
      .where('aggregation_level', '=', 'numrange-upsert')
      .execute();
    expect(await read()).toEqual([{ confidence_interval: updated }]);
  });
});

describe('NUMRANGE literals', () => {
  it('parse and format each other for closed, open and unbounded ranges', () => {
    for (const literal of ['[1.5,2.25)', '(,5]', '[-3,)', '(0.0001,99999999999.9999]']) {
      const parsed = parseNumRange(literal);
      expect(parsed).not.toBeNull();
      if (parsed) expect(formatNumRange(parsed)).toBe(literal);
    }
    expect(parseNumRange('empty')).toBeNull();
  });

  it('refuse bounds that are not finite or out of order, naming the bound', () => {
    expect(() =>
      formatNumRange({ lower: Number.NaN, upper: 1, lowerInclusive: true, upperInclusive: false }),
    ).toThrow(/lower bound/);
    expect(() => formatNumRange({ lower: 2, upper: 1, lowerInclusive: true, upperInclusive: false })).toThrow(
      /greater than upper/,
    );
  });
});
