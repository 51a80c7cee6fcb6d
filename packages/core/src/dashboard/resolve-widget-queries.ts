/**
 * What data one widget of a dashboard asks for, given the dashboard's filters, the viewer's
 * current selection and any locked filters (an embed token's): a plan of store reads that the
 * server runs and the React host shows. Pure: the same plan on the server and in a browser.
 */

import { type PeriodOptions, periodFor, periodForLocalDate, previousPeriod } from '../periods/period';
import { offsetAt, wallClock } from '../periods/time-zone';
import { addMonths, daysFromCivil, formatCivilDate, parseCivilDate } from '../primitives/civil-date';
import type { SnapshotType, WidgetType } from '../schema/enums';
import type { ComparisonMode, DataConfig, DataSortKey } from '../schema/jsonb/data-config';
import type { FiltersConfig } from '../schema/jsonb/filters-config';
import type { JsonScalar } from '../schema/jsonb/json-value';
import { type ResolvedTimeRange, resolveTimeRange, type TimeRangeInput } from './resolve-time-range';

/** A dimension filter's selection: one value, or several of which any matches. */
export type DimensionSelection = JsonScalar | readonly JsonScalar[];

/** What the viewer has picked in the dashboard's filter bar; an absent key keeps the default. */
export interface DashboardFilterState {
  readonly timeRange?: TimeRangeInput | undefined;
  readonly aggregationLevel?: string | undefined;
  /** The units selected (a drill-down or a unit picker); absent: the level as a whole. */
  readonly aggregationIds?: readonly string[] | undefined;
  readonly snapshotType?: SnapshotType | undefined;
  readonly dimensions?: Readonly<Record<string, DimensionSelection>> | undefined;
}

/**
 * Filters the viewer may not change (an embed token's): they apply to every widget, and a widget
 * whose own `data_config` contradicts one resolves to an error, never to data outside them.
 */
export interface LockedFilters {
  readonly aggregationLevel?: string | undefined;
  /** Only these units may be read. */
  readonly aggregationIds?: readonly string[] | undefined;
  readonly dimensions?: Readonly<Record<string, DimensionSelection>> | undefined;
}

/** The parts of a `dashboard_widgets` row that decide its data. */
export interface WidgetForQueries {
  readonly id: string;
  readonly widget_type: WidgetType;
  readonly metric_ids: readonly string[] | null;
  readonly data_config: DataConfig | null;
}

/** Where a query reads: which units of the aggregation level. */
export type QueryScope =
  /** One unit, or the level's total (`aggregationId: null`). */
  | { readonly kind: 'unit'; readonly aggregationId: string | null }
  /** Every unit of the level, one value each (a breakdown), or only `aggregationIds` when given. */
  | { readonly kind: 'units'; readonly aggregationIds: readonly string[] | null };

/** One read of a widget's plan. */
export interface WidgetQuery {
  /** `series`: every period in the range, in order; `latest`: the most recent period in the range. */
  readonly kind: 'series' | 'latest';
  /** `value`: what the widget shows; `comparison`: the same read over the comparison range. */
  readonly role: 'value' | 'comparison';
  readonly metricId: string;
  /** The series label from `data_config.series`, or null (the host shows the metric's name). */
  readonly label: string | null;
  readonly aggregationLevel: string;
  readonly scope: QueryScope;
  /** Periods whose start lies in `[from, to)`. */
  readonly from: Date;
  readonly to: Date;
  /** `calculations`: raw `metric_calculations`; `snapshots`: rollups of `snapshotType`. */
  readonly source: 'calculations' | 'snapshots';
  readonly snapshotType: SnapshotType | null;
  /** Rows must match every key: the row's `dimensions[key]` equals one of the values. */
  readonly dimensions: Readonly<Record<string, readonly JsonScalar[]>>;
}

/** A widget's plan: its reads and how to order and cut what they return. */
export interface WidgetQueryPlan {
  readonly ok: true;
  readonly widgetId: string;
  readonly range: ResolvedTimeRange;
  /** The comparison range, or null when `comparison` is `none` or `target` (the target comes with the metric). */
  readonly comparisonRange: ResolvedTimeRange | null;
  readonly comparison: ComparisonMode;
  readonly queries: readonly WidgetQuery[];
  readonly sort: { readonly by: DataSortKey; readonly direction: 'asc' | 'desc' } | null;
  readonly limit: number | null;
}

/** A widget that cannot be resolved: which setting, its value and what is allowed. */
export interface WidgetQueryError {
  readonly ok: false;
  readonly widgetId: string;
  readonly field: string;
  readonly value: unknown;
  readonly allowed: string;
  readonly message: string;
}

/** A series of the widget; `undefined` level or unit: the widget's. */
interface ResolvedSeries {
  readonly metricId: string;
  readonly label: string | null;
  readonly aggregationLevel: string | undefined;
  readonly aggregationId: string | null | undefined;
}

/** Settings used when neither the widget, the viewer nor the dashboard gives one. */
export const WIDGET_QUERY_DEFAULTS = { timeRange: 'last_30_days', aggregationLevel: 'org' } as const;

const DAY = 86_400_000;

/** How each widget type reads: a value per series, a series per series, or a breakdown of units. */
const WIDGET_READS: Record<WidgetType, 'latest' | 'series' | 'breakdown' | 'none'> = {
  metric_card: 'latest',
  gauge: 'latest',
  line_chart: 'series',
  heatmap: 'series',
  bar_chart: 'breakdown',
  pie_chart: 'breakdown',
  table: 'breakdown',
  map: 'breakdown',
  text: 'none',
  image: 'none',
};

/** Context of a resolution: the instant "now" and the organization's period options (its time zone). */
export interface WidgetQueryContext {
  readonly now: Date;
  readonly periodOptions: PeriodOptions;
}

/**
 * The reads one widget needs. Each setting is taken from the first that gives it: the locked
 * filters; the widget's `data_config`; the viewer's `filters`; the dashboard's `filters_config`
 * default (or its first option); {@link WIDGET_QUERY_DEFAULTS}. Dimension filters of the dashboard,
 * the viewer and the widget all apply (for a key given twice, the values in both); locked
 * dimensions cut every other selection to theirs.
 *
 * Per widget type:
 * - `metric_card`, `gauge`: the latest period of each series in the range (a metric card also
 *   reads the series for its sparkline);
 * - `line_chart`, `heatmap`: every period of each series;
 * - `bar_chart`, `pie_chart`, `table`, `map`: a breakdown — with one series below the `org`
 *   level, the latest value of every unit of the level (or of the selected units); otherwise the
 *   latest value of each series. `sort` and `limit` of `data_config` apply to the categories;
 * - `text`, `image`: no reads.
 * Series are `data_config.series`, else one per `metric_ids` entry. `comparison`
 * (`previous_period`: the range shifted back by its own length, or the previous calendar unit
 * for `previous_*` presets; `previous_year`: the same local dates and wall-clock times a year
 * earlier) adds the same
 * reads over that range with `role: 'comparison'`.
 *
 * Under a lock, a widget pinning another aggregation level, or a unit or series outside the
 * locked units, is a {@link WidgetQueryError}: it never reads unfiltered data.
 */
export function resolveWidgetQueries(
  dashboard: { readonly filters_config: FiltersConfig | null },
  widget: WidgetForQueries,
  filters: DashboardFilterState,
  context: WidgetQueryContext,
  locked: LockedFilters = {},
): WidgetQueryPlan | WidgetQueryError {
  const config = widget.data_config ?? {};
  const offered = dashboard.filters_config ?? {};
  const fail = (field: string, value: unknown, allowed: string): WidgetQueryError => ({
    ok: false,
    widgetId: widget.id,
    field,
    value,
    allowed,
    message: `widget ${widget.id}: ${field} is ${JSON.stringify(value)}; allowed: ${allowed}`,
  });

  const level =
    locked.aggregationLevel ??
    config.aggregationLevel ??
    filters.aggregationLevel ??
    offered.aggregationLevel?.default ??
    offered.aggregationLevel?.options[0] ??
    WIDGET_QUERY_DEFAULTS.aggregationLevel;
  if (
    locked.aggregationLevel !== undefined &&
    config.aggregationLevel !== undefined &&
    config.aggregationLevel !== locked.aggregationLevel
  ) {
    return fail(
      'data_config.aggregationLevel',
      config.aggregationLevel,
      `the locked level ${JSON.stringify(locked.aggregationLevel)}`,
    );
  }
  const lockedUnits = locked.aggregationIds;
  const pinned = config.aggregationIds;
  if (lockedUnits && pinned) {
    const outside = pinned.find((id) => !lockedUnits.includes(id));
    if (outside !== undefined)
      return fail('data_config.aggregationIds', outside, `one of the locked units ${lockedUnits.join(', ')}`);
  }
  const units = lockedUnits ?? pinned ?? filters.aggregationIds ?? null;

  const series: readonly ResolvedSeries[] = config.series
    ? config.series.map((s) => ({
        metricId: s.metricId,
        label: s.label ?? null,
        aggregationLevel: s.aggregationLevel,
        aggregationId: s.aggregationId,
      }))
    : (widget.metric_ids ?? []).map((metricId) => ({
        metricId,
        label: null,
        aggregationLevel: undefined,
        aggregationId: undefined,
      }));
  for (const [i, s] of series.entries()) {
    if (
      locked.aggregationLevel !== undefined &&
      s.aggregationLevel !== undefined &&
      s.aggregationLevel !== locked.aggregationLevel
    ) {
      return fail(
        `data_config.series[${i}].aggregationLevel`,
        s.aggregationLevel,
        `the locked level ${JSON.stringify(locked.aggregationLevel)}`,
      );
    }
    if (
      lockedUnits &&
      s.aggregationId !== undefined &&
      (s.aggregationId === null || !lockedUnits.includes(s.aggregationId))
    ) {
      return fail(
        `data_config.series[${i}].aggregationId`,
        s.aggregationId,
        `one of the locked units ${lockedUnits.join(', ')}`,
      );
    }
  }

  let range: ResolvedTimeRange;
  const timeRange =
    config.timeRange ??
    filters.timeRange ??
    offered.timeRange?.default ??
    offered.timeRange?.presets[0] ??
    WIDGET_QUERY_DEFAULTS.timeRange;
  try {
    range = resolveTimeRange(timeRange, context.periodOptions, context.now);
  } catch (error) {
    return fail(
      config.timeRange ? 'data_config.timeRange' : 'timeRange',
      timeRange,
      (error as Error).message,
    );
  }
  const comparison = config.comparison ?? 'none';
  const comparisonRange = comparisonRangeOf(range, comparison, context.periodOptions);
  const snapshotType =
    config.snapshotType ??
    filters.snapshotType ??
    offered.snapshotType?.default ??
    offered.snapshotType?.options[0] ??
    null;
  const dimensions = mergeDimensions(
    [
      Object.fromEntries(
        (offered.dimensions ?? []).flatMap((d) => (d.default === undefined ? [] : [[d.key, d.default]])),
      ),
      filters.dimensions ?? {},
      config.dimensions ?? {},
    ],
    locked.dimensions ?? {},
  );

  const reads = WIDGET_READS[widget.widget_type];
  const queries: WidgetQuery[] = [];
  const base = {
    aggregationLevel: level,
    source: snapshotType === null ? ('calculations' as const) : ('snapshots' as const),
    snapshotType,
    dimensions,
  };
  const push = (kind: WidgetQuery['kind'], s: ResolvedSeries, scope: QueryScope) => {
    for (const [role, r] of [
      ['value', range],
      ['comparison', comparisonRange],
    ] as const) {
      if (r === null) continue;
      queries.push({
        ...base,
        kind,
        role,
        metricId: s.metricId,
        label: s.label,
        aggregationLevel: s.aggregationLevel ?? level,
        scope,
        from: r.from,
        to: r.to,
      });
    }
  };
  /** The scopes of a series: its own unit, else each selected unit, else the level's total. */
  const scopesOf = (s: ResolvedSeries): QueryScope[] =>
    s.aggregationId !== undefined
      ? [{ kind: 'unit', aggregationId: s.aggregationId }]
      : units
        ? units.map((id) => ({ kind: 'unit' as const, aggregationId: id }))
        : [{ kind: 'unit', aggregationId: null }];

  if (reads === 'latest' || reads === 'series') {
    for (const s of series) {
      for (const scope of scopesOf(s)) {
        push(reads, s, scope);
        if (reads === 'latest' && widget.widget_type === 'metric_card') {
          queries.push({
            ...base,
            kind: 'series',
            role: 'value',
            metricId: s.metricId,
            label: s.label,
            aggregationLevel: s.aggregationLevel ?? level,
            scope,
            from: range.from,
            to: range.to,
          });
        }
      }
    }
  } else if (reads === 'breakdown') {
    // One metric at a level below the organization: one value per unit of the level.
    const only = series.length === 1 ? series[0] : undefined;
    if (only && only.aggregationId === undefined && (only.aggregationLevel ?? level) !== 'org') {
      push('latest', only, { kind: 'units', aggregationIds: units });
    } else {
      for (const s of series) for (const scope of scopesOf(s)) push('latest', s, scope);
    }
  }
  return {
    ok: true,
    widgetId: widget.id,
    range,
    comparisonRange,
    comparison,
    queries,
    sort: config.sort ?? null,
    limit: config.limit ?? null,
  };
}

/** The range a comparison reads, or null for `none` and `target`. */
function comparisonRangeOf(
  range: ResolvedTimeRange,
  mode: ComparisonMode,
  options: PeriodOptions,
): ResolvedTimeRange | null {
  if (mode === 'none' || mode === 'target') return null;
  if (mode === 'previous_period') {
    if (
      range.preset === 'previous_month' ||
      range.preset === 'previous_quarter' ||
      range.preset === 'previous_year'
    ) {
      const window =
        range.preset === 'previous_month'
          ? 'monthly'
          : range.preset === 'previous_quarter'
            ? 'quarterly'
            : 'annual';
      const before = previousPeriod(periodFor(range.from, window, options));
      return { from: before.start, to: before.end, preset: null };
    }
    const length = range.to.getTime() - range.from.getTime();
    return { from: new Date(range.from.getTime() - length), to: range.from, preset: null };
  }
  return { from: yearEarlier(range.from, options), to: yearEarlier(range.to, options), preset: null };
}

/**
 * The instant showing the same local wall-clock time on the same local date a year earlier
 * (29 February → 28 February), as PostgreSQL's `(t AT TIME ZONE tz - interval '1 year') AT TIME
 * ZONE tz` gives it. A local midnight maps to the engine's start of that day; a time that does not
 * exist that day (a DST gap) is read with the offset before the gap, one hour later on the clock,
 * as PostgreSQL does; a time that happens twice is the first of the two.
 */
function yearEarlier(instant: Date, options: PeriodOptions): Date {
  const day = periodFor(instant, 'daily', options);
  const zone = day.options.timeZone;
  const date = addMonths(parseCivilDate(day.startDate)!, -12);
  const earlierDay = periodForLocalDate(formatCivilDate(date), 'daily', options).start.getTime();
  const timeOfDay = wallClock(instant.getTime(), zone) - daysFromCivil(parseCivilDate(day.startDate)!) * DAY;
  // At or before the day's first instant (a repeated midnight): the same time elapsed since the day began.
  if (timeOfDay <= 0) return new Date(earlierDay + (instant.getTime() - day.start.getTime()));
  const wall = daysFromCivil(date) * DAY + timeOfDay;
  const offsetBefore = offsetAt(wall - DAY, zone);
  const found = [offsetBefore, offsetAt(wall + DAY, zone)]
    .map((offset) => wall - offset)
    .filter((t) => wallClock(t, zone) === wall);
  return new Date(found.length > 0 ? Math.min(...found) : wall - offsetBefore);
}

/** Every key of every selection applies; a key in several keeps the values common to all, cut to the locked ones. */
function mergeDimensions(
  selections: readonly Readonly<Record<string, DimensionSelection>>[],
  locked: Readonly<Record<string, DimensionSelection>>,
): Readonly<Record<string, readonly JsonScalar[]>> {
  const merged = new Map<string, readonly JsonScalar[]>();
  for (const selection of [...selections, locked]) {
    for (const [key, value] of Object.entries(selection)) {
      const values: readonly JsonScalar[] = Array.isArray(value) ? value : [value as JsonScalar];
      const before = merged.get(key);
      merged.set(key, before ? before.filter((v) => values.includes(v)) : [...values]);
    }
  }
  return Object.fromEntries(merged);
}
