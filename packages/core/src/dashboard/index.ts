/**
 * What a dashboard and its widgets mean, as pure functions the server and the React host share:
 * time ranges resolved in the organization's zone, and the reads each widget asks for.
 */
export { type ResolvedTimeRange, resolveTimeRange, type TimeRangeInput } from './resolve-time-range';
export {
  type DashboardFilterState,
  type DimensionSelection,
  type LockedFilters,
  type QueryScope,
  resolveWidgetQueries,
  WIDGET_QUERY_DEFAULTS,
  type WidgetForQueries,
  type WidgetQuery,
  type WidgetQueryContext,
  type WidgetQueryError,
  type WidgetQueryPlan,
} from './resolve-widget-queries';
