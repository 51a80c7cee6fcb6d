export { DashboardHost, type DashboardHostProps } from './dashboard-host';
export {
  createDashboardHostStore,
  type DashboardHostInit,
  type DashboardHostState,
  type DashboardHostStore,
  type HostFilters,
  type WidgetStatus,
} from './host-store';
export { useDashboardHostStore, useDashboardHostStoreApi } from './host-store-context';
export {
  defaultWidgetRegistry,
  defineWidgetAdapter,
  type HostedWidgetProps,
  type WidgetRegistry,
  type WidgetRenderer,
} from './widget-registry';
