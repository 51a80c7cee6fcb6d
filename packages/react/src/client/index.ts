/**
 * `@arion-metrics/react/client` — the typed client of the Arion Metrics HTTP API. React-free and
 * Fetch-only: use it in a browser, a worker, Node 20+ or an edge runtime.
 */
export { MetricsApiError, MetricsNetworkError, type ProblemDetails } from './api-errors';
export { type CallOptions, createMetricsClient, type MetricsClient } from './create-metrics-client';
export {
  type ClientResponse,
  createMetricsTransport,
  type HeadersSource,
  type MetricsClientOptions,
  type MetricsTransport,
  type QueryValue,
  type RequestOptions,
} from './metrics-client';
export { DEFAULT_RETRY, type RetryOptions } from './retry-policy';
export { isTimestampKey, reviveTimestamps } from './revive-timestamps';
export type {
  DashboardCreate,
  DashboardData,
  DashboardDataQuery,
  DashboardListQuery,
  DashboardPermission,
  DashboardRecord,
  DashboardUpdate,
  DashboardWithWidgets,
  DataRange,
  LatestQuery,
  MetricListQuery,
  Page,
  SeriesQuery,
  SnapshotQuery,
  WidgetCreate,
  WidgetData,
  WidgetDataError,
  WidgetReadResult,
  WidgetUpdate,
} from './route-types';
