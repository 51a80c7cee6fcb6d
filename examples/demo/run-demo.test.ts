/**
 * The demo works and its numbers are right: it runs twice on a fresh database (embedded PGlite, and
 * a scratch database on PostgreSQL when `TEST_DATABASE_URL` is set), and every
 * stored figure is checked against PostgreSQL's own functions over the stored rows (avg,
 * percentile_cont, stddev_samp, percent_rank, sums of numerators and denominators), never against
 * values copied from the demo's output.
 */
import { type Database, TABLE_NAMES } from '@arion-metrics/core';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORG_LEVEL, UNIT_LEVEL } from './calculate';
import { DEMO_METRICS } from './demo-metrics';
import { renderReport } from './report';
import { type DemoSummary, runDemo } from './run-demo';
import { DEMO_SLUG } from './seed-organization';
import { openTestEngine, scratchDatabase, TEST_ENGINES } from './testing/test-engines';

/** Half a unit of the 4th decimal (DECIMAL(15,4)), plus room for double rounding of the reference. */
const SCALE_4 = 0.00005 + 1e-9;
/** The demo clock of the test: a fixed instant, so the months are the same on every day. */
const AS_OF = new Date('2026-11-25T12:00:00Z');

describe.each(TEST_ENGINES)('pnpm demo on %s', (engine) => {
  const scratch = engine === 'postgres' ? scratchDatabase('arion_examples') : undefined;
  let db: Kysely<Database>;
  let first: DemoSummary;
  let second: DemoSummary;
  let org: string;

  beforeAll(async () => {
    await scratch?.create();
    db = await openTestEngine(engine, scratch ? { scratch } : {});
    first = await runDemo(db, { asOf: AS_OF });
    second = await runDemo(db, { asOf: AS_OF });
    org = second.organization.organizationId;
  });
  afterAll(async () => {
    await db?.destroy();
    await scratch?.drop();
  });

  it('replaces the demo organization of the previous run instead of failing on a unique key', async () => {
    expect(first.organization.replaced).toBeNull();
    expect(second.organization.replaced?.organizationId).toBe(first.organization.organizationId);
    expect(org).not.toBe(first.organization.organizationId);
    const orgs = await db.selectFrom('organizations').select('id').where('slug', '=', DEMO_SLUG).execute();
    expect(orgs.map((o) => o.id)).toEqual([org]);
  });

  it('keeps every organization-scoped row in the demo organization (none left from the first run)', async () => {
    const tables = await sql<{ table_name: string }>`
      SELECT table_name FROM information_schema.columns
      WHERE table_schema = current_schema() AND column_name = 'organization_id'
      ORDER BY table_name`.execute(db);
    expect(tables.rows.length).toBeGreaterThanOrEqual(12);
    const written = new Map<string, number>();
    for (const { table_name } of tables.rows) {
      const counts = await sql<{ ours: number; others: number }>`
        SELECT count(*) FILTER (WHERE organization_id = ${org}::uuid) AS ours,
               count(*) FILTER (WHERE organization_id IS DISTINCT FROM ${org}::uuid) AS others
        FROM ${sql.table(table_name)}`.execute(db);
      expect({ table: table_name, others: counts.rows[0]!.others }).toEqual({ table: table_name, others: 0 });
      written.set(table_name, counts.rows[0]!.ours);
    }
    // The report evaluates alerts with core and records history through the store; the runtime's
    // own tables (stored alert state, contact points, deliveries) are the served demo's and the
    // runtime's tests' business.
    const notReported = new Set([
      'organizations',
      'alert_states',
      'contact_points',
      'notification_deliveries',
    ]);
    for (const table of TABLE_NAMES.filter((name) => !notReported.has(name))) {
      expect({ table, rows: (written.get(table) ?? 0) > 0 }).toEqual({ table, rows: true });
    }
  });

  it('gives the same numbers on every run with the same seed', () => {
    const values = (s: DemoSummary) =>
      s.latest.map((r) => {
        const metric = s.metrics.find((m) => m.id === r.metric_id)!.key;
        const unit = s.units.find((u) => u.level === r.aggregation_level && u.id === r.aggregation_id)!.name;
        return [metric, unit, r.metric_value, r.percentile_rank, r.data_quality_score];
      });
    expect(values(second)).toEqual(values(first));
    expect(values(second)).toHaveLength(DEMO_METRICS.length * second.units.length);
  });

  it('stores one monthly row per metric, unit and month, none of them an error', async () => {
    const rows = await sql<{ n: number; errors: number; months: number }>`
      SELECT count(*) AS n, count(*) FILTER (WHERE calculation_status = 'error') AS errors,
             count(DISTINCT period_start) AS months
      FROM metric_calculations WHERE organization_id = ${org}::uuid`.execute(db);
    expect(rows.rows[0]).toEqual({
      n: DEMO_METRICS.length * second.units.length * 12,
      errors: 0,
      months: 12,
    });
    expect(second.calculations.written).toBe(rows.rows[0]!.n);
  });

  it('has quarterly snapshots equal to PostgreSQL aggregates over the stored monthly rows', async () => {
    const result = await sql<{
      metric_type: string;
      time_aggregation: string | null;
      metric_value: number;
      min_value: number;
      max_value: number;
      avg_value: number;
      std_deviation: number;
      sample_count: number;
      percentile_25: number;
      percentile_50: number;
      percentile_75: number;
      percentile_95: number;
      quarter_over_quarter_change: number | null;
      n: number;
      pg_min: number;
      pg_max: number;
      pg_avg: number;
      pg_stddev: number;
      pg_p25: number;
      pg_p50: number;
      pg_p75: number;
      pg_p95: number;
      pg_sum: number;
      pg_last: number;
      pg_by_denominator: number;
      pg_by_sample_size: number;
      pg_qoq: number | null;
    }>`
      WITH monthly AS (
        SELECT s.id AS snapshot_id,
               count(*)::int AS n,
               min(c.metric_value) AS pg_min, max(c.metric_value) AS pg_max,
               avg(c.metric_value)::float8 AS pg_avg,
               stddev_samp(c.metric_value)::float8 AS pg_stddev,
               percentile_cont(0.25) WITHIN GROUP (ORDER BY c.metric_value::float8) AS pg_p25,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY c.metric_value::float8) AS pg_p50,
               percentile_cont(0.75) WITHIN GROUP (ORDER BY c.metric_value::float8) AS pg_p75,
               percentile_cont(0.95) WITHIN GROUP (ORDER BY c.metric_value::float8) AS pg_p95,
               sum(c.metric_value)::float8 AS pg_sum,
               (array_agg(c.metric_value ORDER BY c.period_start DESC))[1] AS pg_last,
               (sum(c.metric_value * (c.metadata ->> 'denominator')::numeric)
                 / sum((c.metadata ->> 'denominator')::numeric))::float8 AS pg_by_denominator,
               (sum(c.metric_value * c.sample_size) / sum(c.sample_size))::float8 AS pg_by_sample_size
        FROM metric_snapshots s
        JOIN organizations o ON o.id = s.organization_id
        JOIN metric_calculations c
          ON c.organization_id = s.organization_id AND c.metric_id = s.metric_id
         AND c.aggregation_level = s.aggregation_level
         AND c.aggregation_id IS NOT DISTINCT FROM s.aggregation_id
         AND c.period_start >= (s.snapshot_date::timestamp AT TIME ZONE o.time_zone)
         AND c.period_end <= ((s.snapshot_date + interval '3 months')::timestamp AT TIME ZONE o.time_zone)
        WHERE s.organization_id = ${org}::uuid AND s.snapshot_type = 'quarterly'
        GROUP BY s.id
      ), with_previous AS (
        SELECT s.*, lag(s.metric_value) OVER (
                 PARTITION BY s.metric_id, s.aggregation_level, s.aggregation_id ORDER BY s.snapshot_date
               ) AS previous_value
        FROM metric_snapshots s WHERE s.organization_id = ${org}::uuid
      )
      SELECT m.metric_type, m.parameters ->> 'time_aggregation' AS time_aggregation,
             s.metric_value, s.min_value, s.max_value, s.avg_value, s.std_deviation, s.sample_count,
             s.percentile_25, s.percentile_50, s.percentile_75, s.percentile_95,
             s.quarter_over_quarter_change, monthly.*,
             round((s.metric_value - s.previous_value) / abs(nullif(s.previous_value, 0)) * 100, 2)::float8
               AS pg_qoq
      FROM with_previous s
      JOIN metric_definitions m ON m.id = s.metric_id
      JOIN monthly ON monthly.snapshot_id = s.id`.execute(db);

    expect(result.rows).toHaveLength(DEMO_METRICS.length * second.units.length * 4);
    expect(second.snapshots.written).toBe(result.rows.length);
    for (const r of result.rows) {
      expect(r.n).toBe(3);
      expect(r.sample_count).toBe(r.n);
      expect(r.min_value).toBe(r.pg_min);
      expect(r.max_value).toBe(r.pg_max);
      expect(Math.abs(r.avg_value - r.pg_avg)).toBeLessThanOrEqual(SCALE_4);
      expect(Math.abs(r.std_deviation - r.pg_stddev)).toBeLessThanOrEqual(SCALE_4);
      expect(Math.abs(r.percentile_25 - r.pg_p25)).toBeLessThanOrEqual(SCALE_4);
      expect(Math.abs(r.percentile_50 - r.pg_p50)).toBeLessThanOrEqual(SCALE_4);
      expect(Math.abs(r.percentile_75 - r.pg_p75)).toBeLessThanOrEqual(SCALE_4);
      expect(Math.abs(r.percentile_95 - r.pg_p95)).toBeLessThanOrEqual(SCALE_4);
      // The snapshot value by the metric's time aggregation (core's README, "Snapshots").
      const expected =
        r.time_aggregation === 'last'
          ? r.pg_last
          : r.metric_type === 'count' || r.metric_type === 'sum'
            ? r.pg_sum
            : r.metric_type === 'percentage' || r.metric_type === 'ratio'
              ? r.pg_by_denominator
              : r.pg_by_sample_size;
      expect(Math.abs(r.metric_value - expected)).toBeLessThanOrEqual(SCALE_4);
      if (r.pg_qoq === null) expect(r.quarter_over_quarter_change).toBeNull();
      else
        expect(Math.abs((r.quarter_over_quarter_change ?? Number.NaN) - r.pg_qoq)).toBeLessThanOrEqual(0.01);
    }
    // Every kind of roll-up was exercised.
    expect(new Set(result.rows.map((r) => r.time_aggregation ?? r.metric_type)).size).toBe(5);
  });

  it('ranks the business units as PostgreSQL percent_rank() does, 100 = best', async () => {
    const result = await sql<{ percentile_rank: number | null; pg_rank: number; level: string }>`
      SELECT c.percentile_rank, c.aggregation_level AS level,
             round((100 * percent_rank() OVER (
               PARTITION BY c.metric_id, c.period_start, c.period_end, c.aggregation_level
               ORDER BY CASE WHEN m.direction = 'higher_better' THEN c.metric_value ELSE -c.metric_value END
             ))::numeric)::int AS pg_rank
      FROM metric_calculations c JOIN metric_definitions m ON m.id = c.metric_id
      WHERE c.organization_id = ${org}::uuid AND c.calculation_status <> 'error'`.execute(db);
    const units = result.rows.filter((r) => r.level === UNIT_LEVEL);
    expect(units).toHaveLength(DEMO_METRICS.length * 4 * 12);
    for (const r of units) expect(r.percentile_rank).toBe(r.pg_rank);
    // The organization is a peer group of one: no rank.
    const whole = result.rows.filter((r) => r.level === ORG_LEVEL);
    expect(whole.length).toBeGreaterThan(0);
    for (const r of whole) expect(r.percentile_rank).toBeNull();
  });

  it('computes the organization from all units’ records (ratio of sums, not an average of units)', async () => {
    const result = await sql<{ metric_type: string; metric_value: number; pg_value: number }>`
      SELECT m.metric_type, o.metric_value,
             CASE m.metric_type
               WHEN 'count' THEN sum(u.metric_value)::float8
               WHEN 'percentage' THEN (100 * sum((u.metadata ->> 'numerator')::numeric)
                                         / sum((u.metadata ->> 'denominator')::numeric))::float8
               WHEN 'ratio' THEN (sum((u.metadata ->> 'numerator')::numeric)
                                    / sum((u.metadata ->> 'denominator')::numeric))::float8
             END AS pg_value
      FROM metric_calculations o
      JOIN metric_definitions m ON m.id = o.metric_id
      JOIN metric_calculations u
        ON u.metric_id = o.metric_id AND u.period_start = o.period_start
       AND u.aggregation_level = ${UNIT_LEVEL}
      WHERE o.organization_id = ${org}::uuid AND o.aggregation_level = ${ORG_LEVEL}
        AND m.metric_type IN ('count', 'percentage', 'ratio')
      GROUP BY m.metric_type, o.id, o.metric_value`.execute(db);
    expect(result.rows).toHaveLength(3 * 12);
    for (const r of result.rows) expect(Math.abs(r.metric_value - r.pg_value)).toBeLessThanOrEqual(SCALE_4);
  });

  it('computes the security score as the weighted attainment of its children against their targets', async () => {
    const result = await sql<{ metric_value: number; pg_score: number }>`
      WITH attainment AS (
        SELECT p.id AS score_row, r.weight,
               CASE WHEN m.direction = 'higher_better'
                      THEN 100 * least(greatest(c.metric_value / m.target_value, 0), 1)
                    WHEN c.metric_value <= m.target_value THEN 100
                    ELSE 100 * m.target_value / c.metric_value END AS a
        FROM metric_calculations p
        JOIN metric_relationships r ON r.parent_metric_id = p.metric_id AND r.relationship_type = 'contributes_to'
        JOIN metric_definitions m ON m.id = r.child_metric_id
        JOIN metric_calculations c
          ON c.metric_id = r.child_metric_id AND c.period_start = p.period_start
         AND c.aggregation_level = p.aggregation_level
         AND c.aggregation_id IS NOT DISTINCT FROM p.aggregation_id
        WHERE p.organization_id = ${org}::uuid
      )
      SELECT p.metric_value, (sum(a.weight * a.a) / sum(a.weight))::float8 AS pg_score
      FROM metric_calculations p JOIN attainment a ON a.score_row = p.id
      GROUP BY p.id, p.metric_value`.execute(db);
    expect(result.rows).toHaveLength(second.units.length * 12);
    for (const r of result.rows) expect(Math.abs(r.metric_value - r.pg_score)).toBeLessThanOrEqual(SCALE_4);
  });

  it('fires exactly the alerts whose condition holds on the latest organization value, and records them', async () => {
    const latest = async (metricName: string) => {
      const row = await sql<{ metric_value: number }>`
        SELECT c.metric_value FROM metric_calculations c JOIN metric_definitions m ON m.id = c.metric_id
        WHERE c.organization_id = ${org}::uuid AND m.metric_name = ${metricName}
          AND c.aggregation_level = ${ORG_LEVEL}
        ORDER BY c.period_end DESC LIMIT 1`.execute(db);
      return row.rows[0]!.metric_value;
    };
    const fired = new Map(second.alerts.map((a) => [a.metricKey, a.fired]));
    // Patch compliance: warning band below 95 (its threshold_config); open risks: operator > 20.
    expect(fired.get('patch_compliance')).toBe((await latest('patch_compliance')) < 95);
    expect(fired.get('open_critical_risks')).toBe((await latest('open_critical_risks')) > 20);

    const history = await sql<{ alert_id: string; metric_value: number; trigger_count: number }>`
      SELECT h.alert_id, h.metric_value, a.trigger_count
      FROM metric_alert_history h JOIN metric_alerts a ON a.id = h.alert_id
      WHERE h.organization_id = ${org}::uuid`.execute(db);
    const firedIds = second.alerts.filter((a) => a.fired).map((a) => a.alertId);
    expect(history.rows.map((h) => h.alert_id).sort()).toEqual([...firedIds].sort());
    for (const h of history.rows) expect(h.trigger_count).toBe(1);
    expect(second.unacknowledged.map((t) => t.alert_id).sort()).toEqual([...firedIds].sort());
  });

  it('shares the dashboard with the board (view) and the metrics office (edit) only', () => {
    const permission = new Map(second.dashboard.access.map((a) => [a.user, a.permission]));
    expect(Object.fromEntries(permission)).toEqual({
      alice: 'admin',
      bob: 'edit',
      carol: 'view',
      dave: null,
    });
    const visible = new Map(second.dashboard.access.map((a) => [a.user, a.visibleMetrics]));
    // Dave sees only the public metric; Carol sees the metrics of the widgets she can view.
    expect(visible.get('dave')).toBe(DEMO_METRICS.filter((m) => m.input.is_public === true).length);
    expect(visible.get('carol')).toBe(DEMO_METRICS.length);
  });

  it('prints a report of at most 80 lines that names every metric and unit', () => {
    const lines = renderReport(second, { database: 'embedded PGlite in memory' });
    expect(lines.length).toBeLessThanOrEqual(80);
    const text = lines.join('\n');
    for (const metric of second.metrics) expect(text).toContain(metric.definition.display_name);
    for (const unit of second.units) expect(text).toContain(unit.name);
    expect(text).toContain('replaced the demo organization of the previous run');
  });
});
