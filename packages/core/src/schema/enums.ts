/**
 * Every ENUM of the spec as a readonly tuple plus its union type.
 * The server's migrations create the PostgreSQL enum types from these arrays,
 * so the database and the TypeScript types can never drift apart.
 */

/** `metric_definitions.metric_category` */
export const METRIC_CATEGORIES = [
  'compliance',
  'risk',
  'security',
  'operational',
  'financial',
  'quality',
  'performance',
] as const;
export type MetricCategory = (typeof METRIC_CATEGORIES)[number];

/** `metric_definitions.metric_type` */
export const METRIC_TYPES = [
  'count',
  'percentage',
  'average',
  'sum',
  'ratio',
  'duration',
  'trend',
  'score',
] as const;
export type MetricType = (typeof METRIC_TYPES)[number];

/** `metric_definitions.calculation_method` */
export const CALCULATION_METHODS = ['sql', 'function', 'aggregation', 'external', 'manual'] as const;
export type CalculationMethod = (typeof CALCULATION_METHODS)[number];

/** `metric_definitions.direction`: which way is better. */
export const DIRECTIONS = ['higher_better', 'lower_better', 'target_range'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** `metric_definitions.refresh_frequency` */
export const REFRESH_FREQUENCIES = [
  'real_time',
  'hourly',
  'daily',
  'weekly',
  'monthly',
  'on_demand',
] as const;
export type RefreshFrequency = (typeof REFRESH_FREQUENCIES)[number];

/** `metric_relationships.relationship_type` */
export const RELATIONSHIP_TYPES = [
  'derives_from',
  'contributes_to',
  'correlates_with',
  'depends_on',
] as const;
export type RelationshipType = (typeof RELATIONSHIP_TYPES)[number];

/** `metric_calculations.calculation_status` */
export const CALCULATION_STATUSES = ['success', 'warning', 'error'] as const;
export type CalculationStatus = (typeof CALCULATION_STATUSES)[number];

/** `metric_snapshots.snapshot_type`; also the values allowed in `metric_definitions.time_windows`. */
export const SNAPSHOT_TYPES = ['daily', 'weekly', 'monthly', 'quarterly', 'annual'] as const;
export type SnapshotType = (typeof SNAPSHOT_TYPES)[number];

/** `metric_snapshots.trend` */
export const TRENDS = ['improving', 'stable', 'declining'] as const;
export type Trend = (typeof TRENDS)[number];

/** `analytics_dashboards.dashboard_type` */
export const DASHBOARD_TYPES = ['executive', 'operational', 'compliance', 'risk', 'custom'] as const;
export type DashboardType = (typeof DASHBOARD_TYPES)[number];

/** `dashboard_widgets.widget_type` */
export const WIDGET_TYPES = [
  'metric_card',
  'line_chart',
  'bar_chart',
  'pie_chart',
  'table',
  'heatmap',
  'gauge',
  'map',
  'text',
  'image',
] as const;
export type WidgetType = (typeof WIDGET_TYPES)[number];

/** `dashboard_sharing.shared_with_type` */
export const SHARED_WITH_TYPES = ['user', 'role', 'department', 'everyone'] as const;
export type SharedWithType = (typeof SHARED_WITH_TYPES)[number];

/** `dashboard_sharing.permission_level`, lowest to highest. */
export const PERMISSION_LEVELS = ['view', 'edit', 'admin'] as const;
export type PermissionLevel = (typeof PERMISSION_LEVELS)[number];

/** `metric_alerts.alert_type` */
export const ALERT_TYPES = ['threshold', 'trend', 'anomaly', 'target_variance', 'data_quality'] as const;
export type AlertType = (typeof ALERT_TYPES)[number];

/** `metric_alerts.severity` and `metric_alert_history.severity_at_trigger`, lowest to highest. */
export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * PostgreSQL enum type name for each enum, as created by the migrations.
 * One enum type per domain; `severity` is shared by `metric_alerts` and `metric_alert_history`.
 */
export const PG_ENUM_TYPES = {
  metric_category: METRIC_CATEGORIES,
  metric_type: METRIC_TYPES,
  calculation_method: CALCULATION_METHODS,
  metric_direction: DIRECTIONS,
  refresh_frequency: REFRESH_FREQUENCIES,
  relationship_type: RELATIONSHIP_TYPES,
  calculation_status: CALCULATION_STATUSES,
  snapshot_type: SNAPSHOT_TYPES,
  metric_trend: TRENDS,
  dashboard_type: DASHBOARD_TYPES,
  widget_type: WIDGET_TYPES,
  shared_with_type: SHARED_WITH_TYPES,
  permission_level: PERMISSION_LEVELS,
  alert_type: ALERT_TYPES,
  alert_severity: SEVERITIES,
} as const;
export type PgEnumTypeName = keyof typeof PG_ENUM_TYPES;

/**
 * `metric_approvals.approval_type`: the approval kinds of the spec's "Approval Requirements", in
 * the order they are usually given. An organization chooses which of them a metric needs.
 */
export const METRIC_APPROVAL_TYPES = [
  'metric_owner',
  'calculation_methodology',
  'data_sources',
  'business_alignment',
] as const;
export type MetricApprovalType = (typeof METRIC_APPROVAL_TYPES)[number];

/** `metric_approvals.decision`: a reviewer's decision on one approval kind. */
export const APPROVAL_DECISIONS = ['approved', 'rejected'] as const;
export type ApprovalDecision = (typeof APPROVAL_DECISIONS)[number];

/** Lifecycle states of an alert. */
export const ALERT_STATUSES = [
  'normal',
  'pending',
  'firing',
  'escalated',
  'acknowledged',
  'resolved',
  'no_data',
  'error',
] as const;
/** One lifecycle state; `firing`, `escalated` and `acknowledged` are the three faces of an open episode. */
export type AlertStatus = (typeof ALERT_STATUSES)[number];
