/**
 * The calculation step of the demo, with core's engine only (no IO): monthly rows per business unit
 * and for the whole organization, the score from its children, percentile ranks among the units,
 * and quarterly snapshots rolled up from the monthly rows.
 */
import {
  buildSnapshot,
  type CalculationResult,
  calculateDerivedMetrics,
  calculateMetric,
  directionSpecOf,
  type EngineMetricDefinition,
  type EngineRelationship,
  type Observation,
  type Period,
  rankPeerGroups,
  type SnapshotResult,
} from '@arion-metrics/core';
import type { DemoMetricKey } from './demo-metrics';
import { syntheticBatch } from './synthetic-observations';

/** `aggregation_level` of the rows of one business unit (`aggregation_id` = its department id). */
export const UNIT_LEVEL = 'business_unit';
/** `aggregation_level` of the organization-wide rows (`aggregation_id` null). */
export const ORG_LEVEL = 'organization';

/** What the calculation step needs. */
export interface CalculationPlan {
  /** The stored definitions by demo key (the score among them). */
  readonly metrics: ReadonlyMap<DemoMetricKey, EngineMetricDefinition>;
  /** The stored relationships (the score's `contributes_to` edges). */
  readonly relationships: readonly EngineRelationship[];
  /** Business unit department ids, in profile order. */
  readonly unitIds: readonly string[];
  /** The monthly periods, oldest first. */
  readonly months: readonly Period[];
  /** The calculation clock. */
  readonly calculatedAt: Date;
  /** Seed of the synthetic data. */
  readonly seed: number;
}

/** The metrics measured from source records (the score is derived from them). */
type MeasuredKey = Exclude<DemoMetricKey, 'security_score'>;
/** The measured metrics, in calculation order. */
const MEASURED: readonly MeasuredKey[] = [
  'patch_compliance',
  'open_critical_risks',
  'mean_time_to_remediate',
  'incident_rate',
];

/** One series: a metric over the months for one aggregation unit, previous values chained. */
function calculateSeries(
  definition: EngineMetricDefinition,
  months: readonly Period[],
  level: string,
  aggregationId: string | null,
  calculatedAt: Date,
  batchOf: (month: number) => { observations: readonly Observation[]; expectedCount: number | null },
): CalculationResult[] {
  const rows: CalculationResult[] = [];
  let previous: number | null = null;
  months.forEach((period, t) => {
    const batch = batchOf(t);
    const row = calculateMetric({
      definition,
      periodStart: period.start,
      periodEnd: period.end,
      aggregationLevel: level,
      aggregationId,
      calculatedAt,
      observations: batch.observations,
      expectedCount: batch.expectedCount,
      previousValue: previous,
    });
    rows.push(row);
    previous = row.metadata.value_available ? row.metric_value : null;
  });
  return rows;
}

/**
 * Every monthly `metric_calculations` row of the demo: each measured metric per business unit and
 * for the organization (the organization's records are all the units' records together, so its
 * percentage and ratio are ratios of sums, not averages of the units), then the score of each unit
 * and of the organization from the measured values (core's derived-metric API), then percentile
 * ranks within each peer group (same metric, month and level).
 */
export function calculateMonthlyRows(plan: CalculationPlan): CalculationResult[] {
  const definition = (key: DemoMetricKey) => {
    const d = plan.metrics.get(key);
    if (d === undefined) throw new Error(`calculateMonthlyRows: metric "${key}" is missing from the plan`);
    return d;
  };
  const months = plan.months;
  const units: { level: string; id: string | null; indices: number[] }[] = [
    ...plan.unitIds.map((id, i) => ({ level: UNIT_LEVEL, id, indices: [i] })),
    { level: ORG_LEVEL, id: null, indices: plan.unitIds.map((_, i) => i) },
  ];
  const rows: CalculationResult[] = [];
  for (const unit of units) {
    const baseValues = new Map<string, (number | null)[]>();
    for (const key of MEASURED) {
      const series = calculateSeries(definition(key), months, unit.level, unit.id, plan.calculatedAt, (t) => {
        const batches = unit.indices.map((u) => syntheticBatch(key, u, t, months.length, plan.seed));
        const expected = batches.map((b) => b.expectedCount);
        return {
          observations: batches.flatMap((b) => b.observations),
          expectedCount: expected.every((e) => e !== null)
            ? expected.reduce<number>((a, b) => a + (b ?? 0), 0)
            : null,
        };
      });
      rows.push(...series);
      baseValues.set(
        definition(key).id,
        series.map((r) => (r.metadata.value_available ? r.metric_value : null)),
      );
    }
    const derived = calculateDerivedMetrics({
      definitions: [...plan.metrics.values()],
      relationships: plan.relationships,
      periods: months,
      baseValues,
      aggregationLevel: unit.level,
      aggregationId: unit.id,
      calculatedAt: plan.calculatedAt,
    });
    rows.push(...derived.rows);
  }
  const byId = new Map([...plan.metrics.values()].map((d) => [d.id, d]));
  return rankPeerGroups(rows, (metricId) => directionSpecOf(byId.get(metricId)!));
}

/**
 * One quarterly `metric_snapshots` row per metric, aggregation unit and quarter, rolled up by core's
 * `buildSnapshot` from the monthly rows inside the quarter; each quarter's change is against the
 * previous quarter of the same series.
 */
export function buildQuarterlySnapshots(
  plan: Pick<CalculationPlan, 'metrics'>,
  monthly: readonly CalculationResult[],
  quarters: readonly Period[],
): SnapshotResult[] {
  const bySeries = groupBySeries(monthly);
  const byId = new Map([...plan.metrics.values()].map((d) => [d.id, d]));
  const out: SnapshotResult[] = [];
  for (const series of bySeries.values()) {
    const first = series[0]!;
    const definition = byId.get(first.metric_id)!;
    let quarterAgo: number | null = null;
    for (const quarter of quarters) {
      const inside = series.filter((r) => r.period_start >= quarter.start && r.period_end <= quarter.end);
      const { row } = buildSnapshot({
        definition,
        snapshotType: 'quarterly',
        snapshotDate: quarter.startDate,
        aggregationLevel: first.aggregation_level,
        aggregationId: first.aggregation_id,
        values: inside,
        earlier: { quarterAgo },
      });
      if (row !== null) out.push(row);
      quarterAgo = row?.metric_value ?? null;
    }
  }
  return out;
}

/** `rows` grouped by series (metric, aggregation level and unit), each group in the order given. */
export function groupBySeries(rows: readonly CalculationResult[]): Map<string, CalculationResult[]> {
  const bySeries = new Map<string, CalculationResult[]>();
  for (const row of rows) {
    const key = `${row.metric_id}|${row.aggregation_level}|${row.aggregation_id ?? ''}`;
    const list = bySeries.get(key);
    if (list === undefined) bySeries.set(key, [row]);
    else list.push(row);
  }
  return bySeries;
}
