export {
  createMetricsHandler,
  type MetricsCorsOptions,
  type MetricsHandler,
  type MetricsHandlerOptions,
} from './create-metrics-handler';
export {
  type DashboardDataReader,
  loadDashboardData,
  type WidgetData,
  type WidgetReadResult,
} from './dashboard-data';
export { PROBLEM_JSON, type Problem, problemFromError } from './problem';
