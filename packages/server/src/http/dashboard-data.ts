/**
 * Everything a dashboard shows, in one call: core's `resolveWidgetQueries` turns each widget into
 * reads, this module runs them through the store and returns one result per widget. A widget that
 * fails (a setting core refuses, a metric the principal cannot see, a filter its data cannot
 * honour) is an error in its own slot; the other widgets still get their data.
 */
import {
  type DashboardFilterState,
  type JsonScalar,
  type LockedFilters,
  type MetricCalculationRow,
  type MetricSnapshotRow,
  resolveWidgetQueries,
  type WidgetForQueries,
  type WidgetQuery,
} from '@arion-metrics/core';
import type { Store } from '../store/open-store';
import { StoreError, StoreValidationError } from '../store/store-errors';

/** One read of a widget and the rows it returned. */
export interface WidgetReadResult {
  readonly kind: WidgetQuery['kind'];
  readonly role: WidgetQuery['role'];
  readonly metricId: string;
  readonly label: string | null;
  readonly aggregationLevel: string;
  /** The unit read, or null for the level's total. */
  readonly aggregationId: string | null;
  readonly source: WidgetQuery['source'];
  /** `series`: every period whose start is in the range, in order; `latest`: at most the last one. */
  readonly rows: readonly (MetricCalculationRow | MetricSnapshotRow)[];
}

/** The data of one widget, or why it has none. */
export type WidgetData =
  | {
      readonly widgetId: string;
      readonly ok: true;
      readonly range: { readonly from: Date; readonly to: Date; readonly preset: string | null };
      readonly comparisonRange: { readonly from: Date; readonly to: Date } | null;
      readonly sort: { readonly by: string; readonly direction: 'asc' | 'desc' } | null;
      readonly limit: number | null;
      readonly reads: readonly WidgetReadResult[];
    }
  | {
      readonly widgetId: string;
      readonly ok: false;
      readonly error: {
        readonly code: string;
        readonly field: string;
        readonly value: unknown;
        readonly allowed: string;
        readonly message: string;
      };
    };

/** The widget rows of a dashboard, as the store returns them. */
type WidgetRow = WidgetForQueries & { readonly id: string };

/** The store reads the data of a dashboard needs (an embed store offers only these). */
export type DashboardDataReader = Pick<Store, 'calculations' | 'snapshots'>;

/** Longest period the engine writes (an annual one, a leap year), plus a day of DST slack. */
const LONGEST_PERIOD_MS = 367 * 86_400_000;

/**
 * The data of `widgets` (a dashboard's, in its order) for `filters`, in `timeZone`, at `now`,
 * with `locked` filters applied to every widget.
 */
export async function loadDashboardData(
  reader: DashboardDataReader,
  dashboard: Parameters<typeof resolveWidgetQueries>[0],
  widgets: readonly WidgetRow[],
  filters: DashboardFilterState,
  context: { readonly now: Date; readonly timeZone: string },
  locked: LockedFilters = {},
): Promise<WidgetData[]> {
  const out: WidgetData[] = [];
  for (const widget of widgets) {
    const plan = resolveWidgetQueries(
      dashboard,
      widget,
      filters,
      { now: context.now, periodOptions: { timeZone: context.timeZone } },
      locked,
    );
    if (!plan.ok) {
      const { field, value, allowed, message } = plan;
      out.push({
        widgetId: widget.id,
        ok: false,
        error: { code: 'invalid_widget', field, value, allowed, message },
      });
      continue;
    }
    try {
      const reads: WidgetReadResult[] = [];
      for (const query of plan.queries)
        reads.push(...(await runQuery(reader, query, context.timeZone, widget.id)));
      out.push({
        widgetId: widget.id,
        ok: true,
        range: plan.range,
        comparisonRange: plan.comparisonRange,
        sort: plan.sort,
        limit: plan.limit,
        reads,
      });
    } catch (error) {
      if (!(error instanceof StoreError)) throw error;
      const e = error as StoreError & { field?: string; value?: unknown; allowed?: string };
      out.push({
        widgetId: widget.id,
        ok: false,
        error: {
          code: e.code,
          field: e.field ?? 'metric_ids',
          value: e.value ?? (e as { id?: string }).id ?? null,
          allowed: e.allowed ?? 'metrics the viewer can see',
          message: e.message,
        },
      });
    }
  }
  return out;
}

/** Runs one planned read: one result per unit it covers. */
async function runQuery(
  reader: DashboardDataReader,
  query: WidgetQuery,
  timeZone: string,
  widgetId: string,
): Promise<WidgetReadResult[]> {
  let units: readonly (string | null)[];
  if (query.scope.kind === 'unit') units = [query.scope.aggregationId];
  else if (query.scope.aggregationIds) units = query.scope.aggregationIds;
  else
    throw new StoreValidationError(
      `widget ${widgetId}: aggregationIds`,
      null,
      `the units to show (a breakdown over every unit of "${query.aggregationLevel}" is not served yet; select the units in the filters or the widget's data_config)`,
    );
  const dimensionKeys = Object.keys(query.dimensions);
  if (query.source === 'snapshots' && dimensionKeys.length > 0) {
    throw new StoreValidationError(
      `widget ${widgetId}: dimensions`,
      query.dimensions,
      'no dimension filter on snapshots (rollups carry no dimensions); read calculations instead',
    );
  }
  const results: WidgetReadResult[] = [];
  for (const aggregationId of units) {
    let rows: (MetricCalculationRow | MetricSnapshotRow)[];
    if (query.source === 'calculations') {
      // The store selects by period end; a period starting in [from, to) ends at most one period after `to`.
      const found = await reader.calculations.series({
        metric_id: query.metricId,
        aggregation_level: query.aggregationLevel,
        aggregation_id: aggregationId,
        from: query.from,
        to: new Date(query.to.getTime() + LONGEST_PERIOD_MS),
      });
      rows = found.filter(
        (row) =>
          instant(row.period_start) >= query.from.getTime() &&
          instant(row.period_start) < query.to.getTime() &&
          matchesDimensions(row.dimensions, query.dimensions),
      );
    } else {
      rows = [
        ...(await reader.snapshots.series({
          metric_id: query.metricId,
          snapshot_type: query.snapshotType ?? 'daily',
          aggregation_level: query.aggregationLevel,
          aggregation_id: aggregationId,
          from: localDate(query.from, timeZone),
          to: localDate(new Date(query.to.getTime() - 1), timeZone),
        })),
      ];
    }
    results.push({
      kind: query.kind,
      role: query.role,
      metricId: query.metricId,
      label: query.label,
      aggregationLevel: query.aggregationLevel,
      aggregationId,
      source: query.source,
      rows: query.kind === 'latest' ? rows.slice(-1) : rows,
    });
  }
  return results;
}

function instant(value: Date | string): number {
  return value instanceof Date ? value.getTime() : Date.parse(value);
}

/** Every key must be present in the row's dimensions with one of the values: a missing key never matches. */
function matchesDimensions(
  dimensions: Readonly<Record<string, unknown>> | null,
  wanted: Readonly<Record<string, readonly JsonScalar[]>>,
): boolean {
  for (const [key, values] of Object.entries(wanted)) {
    if (!dimensions || !Object.hasOwn(dimensions, key)) return false;
    if (!values.includes(dimensions[key] as JsonScalar)) return false;
  }
  return true;
}

/** The local calendar date of `at` in `timeZone`, `YYYY-MM-DD`. */
function localDate(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}
