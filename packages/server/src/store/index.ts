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
export {
  type ApprovalInput,
  type ApprovalRepository,
  approvalRepository,
  type RejectionInput,
} from './approval-repository';
export {
  type ApprovalState,
  type ApprovalStatus,
  deriveApprovalStatus,
  REAPPROVAL_FIELDS,
} from './approval-state';
export {
  type CalculationInput,
  type CalculationRepository,
  calculationRepository,
  type LatestQuery,
  type PeerQuery,
  type PeerValue,
  type SeriesQuery,
  type UpsertResult,
} from './calculation-repository';
export type { DashboardWithPermission } from './dashboard-access';
export {
  type DashboardInput,
  type DashboardListOptions,
  type DashboardPage,
  type DashboardPatch,
  type DashboardRepository,
  dashboardRepository,
} from './dashboard-repository';
export type { MetricWithAccess } from './metric-access';
export {
  APPROVAL_DECISIONS,
  type ApprovalDecision,
  type FieldChange,
  METRIC_APPROVAL_TYPES,
  type MetricApprovalRow,
  type MetricApprovalsTable,
  type MetricApprovalType,
  type MetricDefinitionVersionRow,
  type MetricDefinitionVersionsTable,
  type MetricStoreDatabase,
  withMetricHistory,
} from './metric-history-tables';
export {
  METRIC_DEFINITION_FIELDS,
  type MetricInput,
  type MetricListOptions,
  type MetricPage,
  type MetricPatch,
  type MetricRepository,
  type MetricVersion,
  metricRepository,
} from './metric-repository';
export {
  DEFAULT_METRIC_SETTINGS,
  type MetricSettings,
  parseMetricSettings,
  readMetricSettings,
  writeMetricSettings,
} from './metric-settings';
export { openStore, type Store } from './open-store';
export {
  assertPrincipal,
  EMBED_USER_ID,
  type EmbedScope,
  embedPrincipal,
  hasServicePermission,
  isUuid,
  type Principal,
  SERVICE_PERMISSIONS,
  type ServicePermission,
} from './principal';
export {
  type GraphNode,
  type MetricGraph,
  type RelationshipInput,
  type RelationshipRepository,
  relationshipRepository,
} from './relationship-repository';
export {
  type PurgeOptions,
  type PurgeResult,
  type RetentionRepository,
  retentionRepository,
} from './retention';
export {
  type Grantee,
  type GrantInput,
  type SharingRepository,
  sharingRepository,
} from './sharing-repository';
export {
  type SnapshotInput,
  type SnapshotRepository,
  type SnapshotSeriesQuery,
  snapshotRepository,
} from './snapshot-repository';
export {
  ConnectionLostError,
  isConnectionLoss,
  NotFoundError,
  PermissionDeniedError,
  renderValue,
  StoreError,
  StoreValidationError,
  translateDatabaseError,
  UniqueViolationError,
  UnknownPrincipalError,
  VersionConflictError,
} from './store-errors';
export {
  type WidgetInput,
  type WidgetPatch,
  type WidgetRepository,
  widgetRepository,
} from './widget-repository';
