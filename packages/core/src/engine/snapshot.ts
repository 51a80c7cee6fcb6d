import type { MetricType, SnapshotType, Trend } from '../schema/enums';
import { MANN_KENDALL_MAX_VALUES, mannKendall, max, mean, min, sum, summarize } from '../stats';
import { directionSpecOf } from './calculate';
import type { EngineMetricDefinition } from './calculation-types';
import { fitColumn, type NumericColumn } from './column-guards';
import { badness } from './direction';

/** How finer-grained values roll up into one snapshot value (`parameters.time_aggregation`). */
export const TIME_AGGREGATIONS = ['sum', 'average', 'last', 'first', 'min', 'max'] as const;
/** One of `TIME_AGGREGATIONS`. */
export type TimeAggregation = (typeof TIME_AGGREGATIONS)[number];

/**
 * Default time aggregation per metric_type when the definition's `parameters.time_aggregation` is not set:
 * flows add up (count, sum), levels are averaged weighted by sample size (average, duration, score) or by
 * denominator (percentage, ratio: the ratio of sums), a trend keeps its latest slope. A stock such as
 * "open risks" must declare `last`.
 */
export const DEFAULT_TIME_AGGREGATION: Readonly<Record<MetricType, TimeAggregation>> = {
  count: 'sum',
  sum: 'sum',
  average: 'average',
  duration: 'average',
  score: 'average',
  percentage: 'average',
  ratio: 'average',
  trend: 'last',
};

/** Significance level of the Mann–Kendall test behind `trend`. */
export const TREND_SIGNIFICANCE = 0.05;
/** Fewest values for which a trend is tested; below it the trend is `stable`. */
export const TREND_MIN_VALUES = 4;

/** One finer-grained value rolled into a snapshot: a `metric_calculations` row (or the same fields). */
export interface SnapshotSourceValue {
  readonly metric_value: number;
  readonly period_start: Date;
  readonly sample_size?: number | null;
  readonly calculation_status?: 'success' | 'warning' | 'error';
  readonly metadata?: { readonly denominator?: number; readonly value_available?: boolean } | null;
}

/** What `buildSnapshot` needs for one metric, snapshot period and aggregation unit. */
export interface SnapshotInput {
  readonly definition: EngineMetricDefinition;
  readonly snapshotType: SnapshotType;
  /** `'YYYY-MM-DD'`: the first day of the snapshot period. */
  readonly snapshotDate: string;
  readonly aggregationLevel: string;
  readonly aggregationId?: string | null;
  /** The finer-grained values inside the snapshot period, in any order. */
  readonly values: readonly SnapshotSourceValue[];
  /** `metric_value` of the same unit's snapshot one year, quarter and month earlier (periods module). */
  readonly earlier?: {
    readonly yearAgo?: number | null;
    readonly quarterAgo?: number | null;
    readonly monthAgo?: number | null;
  };
}

/** A `metric_snapshots` row as computed by the engine (every column except `id` and `created_at`). */
export interface SnapshotResult {
  readonly snapshot_date: string;
  readonly snapshot_type: SnapshotType;
  readonly metric_id: string;
  readonly organization_id: string;
  readonly aggregation_level: string;
  readonly aggregation_id: string | null;
  readonly metric_value: number;
  readonly min_value: number | null;
  readonly max_value: number | null;
  readonly avg_value: number | null;
  readonly std_deviation: number | null;
  readonly sample_count: number | null;
  readonly percentile_25: number | null;
  readonly percentile_50: number | null;
  readonly percentile_75: number | null;
  readonly percentile_95: number | null;
  readonly trend: Trend | null;
  readonly year_over_year_change: number | null;
  readonly quarter_over_quarter_change: number | null;
  readonly month_over_month_change: number | null;
}

/** The snapshot row (null when no value could be rolled up) and notes on what was dropped and why. */
export interface SnapshotOutcome {
  readonly row: SnapshotResult | null;
  readonly notes: readonly string[];
  /** Mann–Kendall p-value behind `trend`, when tested. */
  readonly trendPValue: number | null;
}

/** Which period-over-period changes a snapshot type carries (a quarterly snapshot has no month-over-month). */
const CHANGES: Readonly<Record<SnapshotType, readonly ('yearAgo' | 'quarterAgo' | 'monthAgo')[]>> = {
  daily: ['yearAgo', 'quarterAgo', 'monthAgo'],
  weekly: ['yearAgo', 'quarterAgo', 'monthAgo'],
  monthly: ['yearAgo', 'quarterAgo', 'monthAgo'],
  quarterly: ['yearAgo', 'quarterAgo'],
  annual: ['yearAgo'],
};

const CHANGE_COLUMN = {
  yearAgo: 'year_over_year_change',
  quarterAgo: 'quarter_over_quarter_change',
  monthAgo: 'month_over_month_change',
} as const;

/** Reads and checks `parameters.time_aggregation`, falling back to the metric_type's default. */
export function timeAggregationOf(
  definition: EngineMetricDefinition,
): { readonly value: TimeAggregation } | { readonly error: string } {
  const p = definition.parameters ?? {};
  const declared = Object.hasOwn(p, 'time_aggregation') ? p.time_aggregation : undefined;
  if (declared === undefined || declared === null)
    return { value: DEFAULT_TIME_AGGREGATION[definition.metric_type] };
  if (typeof declared === 'string' && (TIME_AGGREGATIONS as readonly string[]).includes(declared)) {
    return { value: declared as TimeAggregation };
  }
  return {
    error: `parameters.time_aggregation ${JSON.stringify(declared)} is not allowed; use one of ${TIME_AGGREGATIONS.join(', ')}`,
  };
}

/**
 * Rolls finer-grained values (e.g. daily calculations) into one `metric_snapshots` row: `metric_value`
 * by the metric's time aggregation; min, max, mean, sample standard deviation, count and the 25/50/75/95th
 * percentiles (linear interpolation, PostgreSQL `percentile_cont`) of the values; a direction-aware `trend`
 * (Mann–Kendall at 5%, `stable` when not significant or fewer than 4 values); and the changes against the
 * snapshots a year, quarter and month earlier, in percent. `error` rows are left out. Never throws.
 */
export function buildSnapshot(input: SnapshotInput): SnapshotOutcome {
  const { definition } = input;
  const notes: string[] = [];
  const aggregation = timeAggregationOf(definition);
  if ('error' in aggregation) return { row: null, notes: [aggregation.error], trendPValue: null };

  const usable = input.values
    .filter((v) => v.calculation_status !== 'error' && v.metadata?.value_available !== false)
    .filter((v) => Number.isFinite(v.metric_value) && Number.isFinite(v.period_start.getTime()))
    .slice()
    .sort((a, b) => a.period_start.getTime() - b.period_start.getTime());
  if (usable.length < input.values.length) {
    notes.push(`${input.values.length - usable.length} value(s) left out (error rows or not finite)`);
  }
  if (usable.length === 0) {
    notes.push('no usable value in the snapshot period: no snapshot row');
    return { row: null, notes, trendPValue: null };
  }

  const values = Float64Array.from(usable, (v) => v.metric_value);
  const value = rollUp(usable, values, aggregation.value, definition.metric_type, notes);

  const summary = summarize(values);
  const fit = (column: NumericColumn, x: number | null): number | null => {
    const fitted = fitColumn(column, x);
    if (fitted.problem !== null) notes.push(fitted.problem);
    return fitted.value;
  };

  const metricValue = fitColumn('metric_value', value);
  if (metricValue.value === null) {
    notes.push(metricValue.problem ?? 'metric_value could not be computed');
    return { row: null, notes, trendPValue: null };
  }

  // Trend on "badness" (larger = worse), so that a falling badness is an improvement for every direction.
  const spec = directionSpecOf(definition);
  let trend: Trend | null = null;
  let trendPValue: number | null = null;
  const bad = usable.map((v) => badness(v.metric_value, spec));
  if (bad.some((b) => b === null)) {
    notes.push('trend: a target_range metric needs a target or a range');
  } else if (usable.length < TREND_MIN_VALUES) {
    trend = 'stable';
    notes.push(`trend: ${usable.length} value(s) are too few to test (at least ${TREND_MIN_VALUES}); stable`);
  } else {
    let series = bad as number[];
    if (series.length > MANN_KENDALL_MAX_VALUES) {
      notes.push(
        `trend: ${series.length} values; tested on the latest ${MANN_KENDALL_MAX_VALUES} (the most the Mann–Kendall test compares)`,
      );
      series = series.slice(-MANN_KENDALL_MAX_VALUES);
    }
    const test = mannKendall(series);
    trendPValue = test?.pValue ?? null;
    trend =
      test === undefined || test.pValue >= TREND_SIGNIFICANCE || test.s === 0
        ? 'stable'
        : test.s < 0
          ? 'improving'
          : 'declining';
  }

  const changes: Record<(typeof CHANGE_COLUMN)[keyof typeof CHANGE_COLUMN], number | null> = {
    year_over_year_change: null,
    quarter_over_quarter_change: null,
    month_over_month_change: null,
  };
  for (const key of ['yearAgo', 'quarterAgo', 'monthAgo'] as const) {
    const earlier = input.earlier?.[key];
    if (earlier === undefined || earlier === null) continue;
    const column = CHANGE_COLUMN[key];
    if (!CHANGES[input.snapshotType].includes(key)) {
      notes.push(`${column}: not defined for a ${input.snapshotType} snapshot; left null`);
      continue;
    }
    if (earlier === 0) {
      notes.push(`${column}: the earlier value is 0, a relative change is undefined; stored as null`);
      continue;
    }
    changes[column] = fit(column, ((metricValue.value - earlier) / Math.abs(earlier)) * 100);
  }

  return {
    row: {
      snapshot_date: input.snapshotDate,
      snapshot_type: input.snapshotType,
      metric_id: definition.id,
      organization_id: definition.organization_id,
      aggregation_level: input.aggregationLevel,
      aggregation_id: input.aggregationId ?? null,
      metric_value: metricValue.value,
      min_value: fit('min_value', summary.min ?? null),
      max_value: fit('max_value', summary.max ?? null),
      avg_value: fit('avg_value', summary.mean ?? null),
      std_deviation: fit('std_deviation', summary.deviation ?? null),
      sample_count: fit('sample_count', usable.length),
      percentile_25: fit('percentile_25', summary.p25 ?? null),
      percentile_50: fit('percentile_50', summary.p50 ?? null),
      percentile_75: fit('percentile_75', summary.p75 ?? null),
      percentile_95: fit('percentile_95', summary.p95 ?? null),
      trend,
      ...changes,
    },
    notes,
    trendPValue,
  };
}

function rollUp(
  usable: readonly SnapshotSourceValue[],
  values: Float64Array,
  aggregation: TimeAggregation,
  type: MetricType,
  notes: string[],
): number {
  switch (aggregation) {
    case 'first':
      return values[0] as number;
    case 'last':
      return values[values.length - 1] as number;
    case 'min':
      return min(values) as number;
    case 'max':
      return max(values) as number;
    case 'sum':
      return sum(values);
    case 'average': {
      // percentage / ratio: weight by denominator (= the ratio of sums); others: by sample size.
      const byDenominator =
        (type === 'percentage' || type === 'ratio') &&
        usable.every((v) => typeof v.metadata?.denominator === 'number' && v.metadata.denominator > 0);
      const weights = usable.map((v) =>
        byDenominator
          ? (v.metadata?.denominator as number)
          : typeof v.sample_size === 'number' && v.sample_size > 0
            ? v.sample_size
            : null,
      );
      if (weights.some((w) => w === null)) {
        notes.push('metric_value: some values have no sample size; averaged without weights');
        return mean(values) as number;
      }
      let weighted = 0;
      let total = 0;
      usable.forEach((v, i) => {
        weighted += (weights[i] as number) * v.metric_value;
        total += weights[i] as number;
      });
      return weighted / total;
    }
  }
}
