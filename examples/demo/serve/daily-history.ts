/**
 * The compliance demo's history: daily `metric_calculations` for every metric and unit, and a
 * monthly `metric_snapshots` rollup of each, computed by core's engine (`calculateMetric`,
 * `calculateDerivedMetrics`, `rankPeerGroups`, `buildSnapshot`) and written through the store's
 * batched upserts, one calendar month at a time. A month is done once its snapshots are stored
 * (they are written after its calculations), which is how a restart knows where to resume.
 */
import {
  buildSnapshot,
  type CalculationResult,
  calculateDerivedMetrics,
  calculateMetric,
  directionSpecOf,
  type EngineRelationship,
  type MetricDefinitionRow,
  type Observation,
  type Period,
  periodFor,
  periodsBetween,
  previousPeriod,
  rankPeerGroups,
  type SnapshotResult,
} from '@arion-metrics/core';
import type { Store } from '@arion-metrics/server';
import { groupBySeries } from '../calculate';
import {
  COMPLIANCE_METRICS,
  COUNTRY_LEVEL,
  COUNTRY_METRICS,
  DEPARTMENT_LEVEL,
  ORGANIZATION_LEVEL,
  type SyntheticModel,
} from './compliance-metrics';
import type { ComplianceOrganization } from './compliance-organization';
import { HISTORY_DAYS, syntheticRecords } from './synthetic-days';

/** What the history is calculated from: the stored definitions and relationships. */
export interface HistoryContext {
  readonly organization: ComplianceOrganization;
  /** Stored definitions by `metric_name`. */
  readonly metrics: ReadonlyMap<string, MetricDefinitionRow>;
  readonly relationships: readonly EngineRelationship[];
  /** The calculation clock. */
  readonly now: Date;
}

/** The months to fill: the recent ones (covering the last 90 days) and the older ones, newest first. */
export interface HistoryPlan {
  /** The months that overlap the last 90 complete days (always recalculated: new days since the last run). */
  readonly recent: readonly Period[];
  /** The older months back to two years ago, newest first. */
  readonly older: readonly Period[];
  /** First day of the history and the start of today (the end, exclusive). */
  readonly from: Date;
  readonly to: Date;
}

const DAY_MS = 86_400_000;
const MODELS: ReadonlyMap<string, SyntheticModel> = new Map(
  COMPLIANCE_METRICS.flatMap((s) => (s.model === null ? [] : [[s.name, s.model] as const])),
);
/** The metric whose organization-wide snapshot is written last in a month: its presence marks the month done. */
const DONE_MARKER_METRIC = COMPLIANCE_METRICS.at(-1)!.name;

/** The months of two years of days ending yesterday, split into the recent 90 days and the rest. */
export function planHistory(now: Date, timeZone: string, recentDays = 90): HistoryPlan {
  const options = { timeZone };
  const today = periodFor(now, 'daily', options);
  let first = today;
  for (let i = 0; i < HISTORY_DAYS; i++) first = previousPeriod(first);
  const recentStart = periodFor(new Date(today.start.getTime() - recentDays * DAY_MS), 'daily', options);
  const months = periodsBetween({ start: first.start, end: today.start }, 'monthly', options).reverse();
  const recent = months.filter((m) => m.end > recentStart.start);
  const older = months.filter((m) => m.end <= recentStart.start);
  return { recent, older, from: first.start, to: today.start };
}

/** The older months of `plan` whose snapshots are already stored (done by an earlier run). */
export async function doneMonths(
  store: Store,
  context: HistoryContext,
  plan: HistoryPlan,
): Promise<ReadonlySet<string>> {
  const marker = context.metrics.get(DONE_MARKER_METRIC)!;
  const rows = await store.snapshots.series({
    metric_id: marker.id,
    snapshot_type: 'monthly',
    aggregation_level: ORGANIZATION_LEVEL,
    aggregation_id: null,
    from: plan.older.at(-1)?.startDate ?? plan.recent.at(-1)!.startDate,
    to: plan.recent[0]!.startDate,
  });
  return new Set(rows.map((r) => String(r.snapshot_date).slice(0, 10)));
}

/** What filling one month wrote. */
export interface MonthWritten {
  readonly calculations: number;
  readonly snapshots: number;
}

/**
 * Calculates the days of `month` inside `[plan.from, plan.to)` for every metric and unit, upserts
 * them, then the month's snapshots (the done marker last).
 */
export async function fillMonth(
  store: Store,
  context: HistoryContext,
  plan: HistoryPlan,
  month: Period,
): Promise<MonthWritten> {
  const options = { timeZone: context.organization.timeZone };
  const start = new Date(Math.max(month.start.getTime(), plan.from.getTime()));
  const end = new Date(Math.min(month.end.getTime(), plan.to.getTime()));
  // One day more in front, so the first day's previous value and change are real; dropped below.
  const lead = previousPeriod(periodFor(start, 'daily', options));
  const days = [lead, ...periodsBetween({ start, end }, 'daily', options)];
  const rows = calculateDays(context, days, plan).filter((r) => r.period_start >= start);
  const calculations = await store.calculations.upsert(rows, { batchSize: 500 });
  const snapshots = monthlySnapshots(context, month, rows);
  const written = await store.snapshots.upsert(snapshots, { batchSize: 500 });
  return { calculations: calculations.written, snapshots: written.written };
}

/** The units a metric is calculated for: the organization, the departments, the country offices. */
function scopes(context: HistoryContext) {
  const { departments, countries } = context.organization;
  return [
    { level: ORGANIZATION_LEVEL, id: null, units: departments.map((_, i) => i) },
    ...departments.map((d, i) => ({ level: DEPARTMENT_LEVEL, id: d.id as string | null, units: [i] })),
    ...countries.map((c, i) => ({ level: COUNTRY_LEVEL, id: c.id as string | null, units: [10 + i] })),
  ];
}

/** Every row of `days` (in order) for every metric and unit, percentile ranks filled. */
function calculateDays(
  context: HistoryContext,
  days: readonly Period[],
  plan: HistoryPlan,
): CalculationResult[] {
  const definitions = [...context.metrics.values()];
  const total = (plan.to.getTime() - plan.from.getTime()) / DAY_MS;
  const rows: CalculationResult[] = [];
  for (const scope of scopes(context)) {
    const measured = definitions.filter(
      (d) =>
        MODELS.has(d.metric_name) && (scope.level !== COUNTRY_LEVEL || COUNTRY_METRICS.has(d.metric_name)),
    );
    const baseValues = new Map<string, (number | null)[]>();
    for (const definition of measured) {
      const model = MODELS.get(definition.metric_name)!;
      let previous: number | null = null;
      const values: (number | null)[] = [];
      for (const day of days) {
        const observations: Observation[] = [];
        for (const unitIndex of scope.units) {
          observations.push(
            ...syntheticRecords({
              metricName: definition.metric_name,
              metricType: definition.metric_type,
              unitOfMeasure: definition.unit_of_measure ?? '',
              direction: definition.direction === 'higher_better' ? 'higher_better' : 'lower_better',
              model,
              unitIndex,
              dayNumber: Math.round(Date.parse(day.startDate) / DAY_MS),
              progress: (day.start.getTime() - plan.from.getTime()) / DAY_MS / total,
              dayStart: day.start,
            }),
          );
        }
        const row = calculateMetric({
          definition,
          periodStart: day.start,
          periodEnd: day.end,
          aggregationLevel: scope.level,
          aggregationId: scope.id,
          calculatedAt: context.now,
          observations,
          previousValue: previous,
        });
        rows.push(row);
        previous = row.metadata.value_available ? row.metric_value : null;
        values.push(previous);
      }
      baseValues.set(definition.id, values);
    }
    if (scope.level === COUNTRY_LEVEL) continue;
    const derived = calculateDerivedMetrics({
      definitions,
      relationships: context.relationships,
      periods: days,
      baseValues,
      aggregationLevel: scope.level,
      aggregationId: scope.id,
      calculatedAt: context.now,
    });
    rows.push(...derived.rows);
  }
  const byId = new Map(definitions.map((d) => [d.id, d]));
  return rankPeerGroups(rows, (metricId) => directionSpecOf(byId.get(metricId)!));
}

/** One monthly snapshot per series of `rows`, the done marker's organization-wide one last. */
function monthlySnapshots(
  context: HistoryContext,
  month: Period,
  rows: readonly CalculationResult[],
): SnapshotResult[] {
  const bySeries = groupBySeries(rows);
  const byId = new Map([...context.metrics.values()].map((d) => [d.id, d]));
  const out: SnapshotResult[] = [];
  for (const series of bySeries.values()) {
    const first = series[0]!;
    const { row } = buildSnapshot({
      definition: byId.get(first.metric_id)!,
      snapshotType: 'monthly',
      snapshotDate: month.startDate,
      aggregationLevel: first.aggregation_level,
      aggregationId: first.aggregation_id,
      values: series,
    });
    if (row !== null) out.push(row);
  }
  const markerId = context.metrics.get(DONE_MARKER_METRIC)!.id;
  const isMarker = (r: SnapshotResult) =>
    r.metric_id === markerId && r.aggregation_level === ORGANIZATION_LEVEL;
  return [...out.filter((r) => !isMarker(r)), ...out.filter(isMarker)];
}
