/**
 * The wire types of the routes the typed client calls: core's row types (timestamps revived to
 * `Date` by the transport) and the shapes the server adds around them. Type-only: nothing here
 * reaches a bundle.
 */
import type {
  AnalyticsDashboardRow,
  DashboardFilterState,
  DashboardWidgetRow,
  MetricCalculationRow,
  MetricDefinitionRow,
  MetricSnapshotRow,
  SnapshotType,
  TimeRangePreset,
} from '@arion-metrics/core';

/** One page of a list route: `nextCursor` is `null` on the last page. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

/** What the principal may do with a dashboard. */
export type DashboardPermission = 'view' | 'edit' | 'admin';

/** A dashboard as the API returns it: the row and the principal's permission on it. */
export type DashboardRecord = AnalyticsDashboardRow & { readonly permission: DashboardPermission };

/** `GET /dashboards/:id`: the dashboard and its widgets (hidden ones only for editors). */
export type DashboardWithWidgets = DashboardRecord & { readonly widgets: readonly DashboardWidgetRow[] };

/** The columns a client may set on a dashboard (the store sets owner, version and audit columns). */
export type DashboardCreate = Pick<AnalyticsDashboardRow, 'dashboard_name' | 'layout_config'> &
  Partial<
    Pick<
      AnalyticsDashboardRow,
      | 'description'
      | 'dashboard_type'
      | 'is_public'
      | 'refresh_interval_seconds'
      | 'filters_config'
      | 'theme'
      | 'tags'
    >
  >;

/** A change to a dashboard: any subset of {@link DashboardCreate}. */
export type DashboardUpdate = Partial<DashboardCreate>;

/** The columns a client may set on a widget. */
export type WidgetCreate = Pick<
  DashboardWidgetRow,
  'widget_name' | 'widget_type' | 'position' | 'visualization_config'
> &
  Partial<
    Pick<
      DashboardWidgetRow,
      'metric_ids' | 'data_config' | 'interaction_config' | 'refresh_interval_override' | 'is_visible'
    >
  >;

/** A change to a widget: any subset of {@link WidgetCreate}. */
export type WidgetUpdate = Partial<WidgetCreate>;

/** Filters of `GET /dashboards`. */
export interface DashboardListQuery {
  readonly dashboardType?: AnalyticsDashboardRow['dashboard_type'];
  readonly tag?: string;
  readonly ownedOnly?: boolean;
  readonly limit?: number;
  readonly cursor?: string;
}

/** Filters of `GET /metrics`. */
export interface MetricListQuery {
  readonly category?: MetricDefinitionRow['metric_category'];
  readonly tag?: string;
  readonly active?: boolean;
  readonly ownerId?: string;
  readonly deleted?: boolean;
  readonly limit?: number;
  readonly cursor?: string;
}

/** The range and unit of a series route: periods ending in `[from, to]`, the level's total unless a unit is named. */
export interface SeriesQuery {
  readonly from: Date | string;
  readonly to: Date | string;
  /** Default `'org'`. */
  readonly aggregationLevel?: string;
  readonly aggregationId?: string;
}

/** The range of `GET /metrics/:id/snapshots`: local dates `YYYY-MM-DD`. */
export interface SnapshotQuery {
  readonly snapshotType: SnapshotType;
  readonly from: string;
  readonly to: string;
  readonly aggregationLevel?: string;
  readonly aggregationId?: string;
}

/** `GET /values/latest`: the latest value of each metric (at most 1,000). */
export interface LatestQuery {
  readonly metricIds: readonly string[];
  readonly aggregationLevel?: string;
  readonly aggregationId?: string;
}

/**
 * `GET /dashboards/:id/data`: which widgets (absent: every visible one), the time range (a preset,
 * or `from` and `to` together; absent: each widget's and the dashboard's default) and the
 * viewer's filter selection.
 */
export interface DashboardDataQuery {
  readonly widgetIds?: readonly string[];
  readonly preset?: TimeRangePreset;
  readonly from?: Date | string;
  readonly to?: Date | string;
  readonly filters?: Omit<DashboardFilterState, 'timeRange'>;
}

/** One read of a widget and the rows it returned. */
export interface WidgetReadResult {
  readonly kind: 'series' | 'latest';
  readonly role: 'value' | 'comparison';
  readonly metricId: string;
  readonly label: string | null;
  readonly aggregationLevel: string;
  /** The unit read, or `null` for the level's total. */
  readonly aggregationId: string | null;
  readonly source: 'calculations' | 'snapshots';
  /** `series`: every period whose start is in the range, in order; `latest`: at most the last one. */
  readonly rows: readonly (MetricCalculationRow | MetricSnapshotRow)[];
}

/** Why a widget has no data: the setting, its value and what is allowed. */
export interface WidgetDataError {
  readonly code: string;
  readonly field: string;
  readonly value: unknown;
  readonly allowed: string;
  readonly message: string;
}

/** A resolved time range, `[from, to)`. */
export interface DataRange {
  readonly from: Date;
  readonly to: Date;
}

/** The data of one widget, or why it has none (one failing widget never fails the others). */
export type WidgetData =
  | {
      readonly widgetId: string;
      readonly ok: true;
      readonly range: DataRange & { readonly preset: string | null };
      readonly comparisonRange: DataRange | null;
      readonly sort: { readonly by: string; readonly direction: 'asc' | 'desc' } | null;
      readonly limit: number | null;
      readonly reads: readonly WidgetReadResult[];
    }
  | { readonly widgetId: string; readonly ok: false; readonly error: WidgetDataError };

/** `GET /dashboards/:id/data`: one entry per widget, in the dashboard's order. */
export interface DashboardData {
  readonly dashboardId: string;
  readonly version: number;
  readonly widgets: readonly WidgetData[];
}
