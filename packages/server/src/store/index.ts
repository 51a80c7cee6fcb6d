export {
  type AlertInput,
  type AlertListOptions,
  type AlertPatch,
  type AlertRepository,
  type AlertTriggerInput,
  alertRepository,
  type RecordedTrigger,
  type UnacknowledgedOptions,
  type UnacknowledgedTrigger,
} from './alert-repository';
export type { DashboardWithPermission } from './dashboard-access';
export {
  type DashboardInput,
  type DashboardListOptions,
  type DashboardPage,
  type DashboardPatch,
  type DashboardRepository,
  dashboardRepository,
} from './dashboard-repository';
export { openStore, type Store } from './open-store';
export { assertPrincipal, isUuid, type Principal } from './principal';
export {
  type Grantee,
  type GrantInput,
  type SharingRepository,
  sharingRepository,
} from './sharing-repository';
export {
  NotFoundError,
  PermissionDeniedError,
  renderValue,
  StoreError,
  StoreValidationError,
  translateDatabaseError,
  UniqueViolationError,
  VersionConflictError,
} from './store-errors';
export {
  type WidgetInput,
  type WidgetPatch,
  type WidgetRepository,
  widgetRepository,
} from './widget-repository';
