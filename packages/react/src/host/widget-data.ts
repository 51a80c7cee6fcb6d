/**
 * From the rows of a widget's reads (the dashboard-data response) to the data props of each
 * widget type. Reshaping only: every number is the value the engine stored; nothing is computed
 * here but order and cut (`sort`, `limit` of the widget's `data_config`).
 */
import type { MetricCalculationRow, MetricSnapshotRow } from '@arion-metrics/core';
import type { WidgetData, WidgetReadResult } from '../client/route-types';

/** A widget's data when it has some. */
export type WidgetDataOk = Extract<WidgetData, { ok: true }>;

type Row = MetricCalculationRow | MetricSnapshotRow;

/** One category of a breakdown: its name and latest value. */
export interface BreakdownEntry {
  readonly key: string;
  readonly label: string;
  readonly value: number | null;
  /** Start of the period the value belongs to. */
  readonly period: Date | string | null;
}

/** The instant or local date a row belongs to (`period_start` or `snapshot_date`). */
export function periodOf(row: Row): Date | string {
  return 'period_start' in row ? row.period_start : row.snapshot_date;
}

/** A finite number or null (a `NUMERIC` arrives as a number; anything else is no value). */
export function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The reads of `data` with `kind` and `role` (default `value`). */
export function readsOf(
  data: WidgetDataOk | undefined,
  kind: WidgetReadResult['kind'],
  role: WidgetReadResult['role'] = 'value',
): readonly WidgetReadResult[] {
  return data?.reads.filter((r) => r.kind === kind && r.role === role) ?? [];
}

/** The name of a read: its series label, else its unit, else its metric. */
export function labelOf(read: WidgetReadResult): string {
  return read.label ?? read.aggregationId ?? read.metricId;
}

/** The latest row of the first `latest` read of `role`, or undefined. */
export function latestRow(
  data: WidgetDataOk | undefined,
  role: 'value' | 'comparison' = 'value',
): Row | undefined {
  const read = readsOf(data, 'latest', role)[0];
  return read?.rows[read.rows.length - 1];
}

/** The categories of a breakdown widget (bar, pie, table, map), sorted and cut as `data_config` asks. */
export function breakdownOf(data: WidgetDataOk | undefined): BreakdownEntry[] {
  const entries = readsOf(data, 'latest').map((read): BreakdownEntry => {
    const row = read.rows[read.rows.length - 1];
    return {
      key: `${read.metricId}:${read.aggregationId ?? ''}`,
      label: labelOf(read),
      value: row ? numberOrNull(row.metric_value) : null,
      period: row ? periodOf(row) : null,
    };
  });
  return sortAndCut(entries, data);
}

/** The points of a series read: `x` the period, `y` the value; rows without a value are left out. */
export function pointsOf(read: WidgetReadResult): { x: Date | number; y: number }[] {
  const points: { x: Date | number; y: number }[] = [];
  for (const row of read.rows) {
    const y = numberOrNull(row.metric_value);
    const period = periodOf(row);
    if (y !== null)
      points.push({ x: period instanceof Date ? period : Date.parse(`${period}T00:00:00Z`), y });
  }
  return points;
}

/** Sorts entries as `data_config.sort` asks (by value, label or period) and keeps the first `limit`. */
function sortAndCut<E extends Omit<BreakdownEntry, 'key'>>(
  entries: E[],
  data: WidgetDataOk | undefined,
): E[] {
  const sort = data?.sort;
  if (sort) {
    const sign = sort.direction === 'asc' ? 1 : -1;
    const key = (e: E): number | string =>
      sort.by === 'value'
        ? (e.value ?? Number.NEGATIVE_INFINITY)
        : sort.by === 'label'
          ? e.label
          : e.period instanceof Date
            ? e.period.getTime()
            : (e.period ?? '');
    entries.sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      return ka < kb ? -sign : ka > kb ? sign : 0;
    });
  }
  return data?.limit != null ? entries.slice(0, data.limit) : entries;
}

/**
 * The rows of a table widget, one per unit, sorted and cut as `data_config` asks. With one metric:
 * `name` (the unit), `value` (its latest value) and `period` (start of that period). With several
 * (a scorecard): `label` (the unit), each metric's latest value under the metric's id, and
 * `period`; `visualization_config.columns` names a metric's column by its id as `key` (sorting
 * `by: 'value'` uses the first metric read).
 */
export function tableRowsOf(data: WidgetDataOk | undefined): Record<string, unknown>[] {
  const units = new Map<
    string,
    {
      label: string;
      value: number | null;
      period: Date | string | null;
      byMetric: Record<string, number | null>;
    }
  >();
  for (const read of readsOf(data, 'latest')) {
    const unit = read.aggregationId ?? `label:${labelOf(read)}`;
    const row = read.rows[read.rows.length - 1];
    const value = row ? numberOrNull(row.metric_value) : null;
    const entry = units.get(unit) ?? { label: labelOf(read), value, period: null, byMetric: {} };
    entry.byMetric[read.metricId] = value;
    if (row && entry.period === null) entry.period = periodOf(row);
    units.set(unit, entry);
  }
  const several = new Set(readsOf(data, 'latest').map((r) => r.metricId)).size > 1;
  return sortAndCut([...units.values()], data).map((e) =>
    several
      ? { label: e.label, ...e.byMetric, period: e.period }
      : { name: e.label, value: e.value, period: e.period },
  );
}
