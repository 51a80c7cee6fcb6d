/**
 * One interface per table, usable as Kysely's `Database` (`new Kysely<Database>(...)` in the
 * server), plus the selected row shape of each table. Column types follow the values the server
 * hands out at the driver boundary:
 * UUID → `string`; TEXT → `string`; INTEGER and DECIMAL → `number`; BOOLEAN → `boolean`;
 * TIMESTAMPTZ → `Date` (written as `Date` or ISO string); DATE → `'YYYY-MM-DD'` string;
 * NUMRANGE → {@link NumRange}; TEXT[] / UUID[] → arrays; JSONB → the parsed, validated shape.
 * Columns with a database default are `Generated` (optional on insert); nullable columns are
 * `T | null` (optional on insert too).
 */
import type { z } from 'zod';
import type {
  Generated,
  GeneratedJsonbColumn,
  GeneratedTimestamp,
  JsonbColumn,
  NullableJsonbColumn,
  NullableTimestamp,
  Selected,
  Timestamp,
} from './column-types';
import type {
  AlertType,
  CalculationMethod,
  CalculationStatus,
  DashboardType,
  Direction,
  MetricCategory,
  MetricType,
  PermissionLevel,
  RefreshFrequency,
  RelationshipType,
  Severity,
  SharedWithType,
  SnapshotType,
  Trend,
  WidgetType,
} from './enums';
import type { DataConfig } from './jsonb/data-config';
import type { DataSources } from './jsonb/data-sources';
import type { FiltersConfig } from './jsonb/filters-config';
import type { InteractionConfig } from './jsonb/interaction-config';
import type { JsonObject } from './jsonb/json-value';
import type { LayoutConfig } from './jsonb/layout-config';
import type { CalculationDimensions, MetricParameters } from './jsonb/open-objects';
import type { WidgetPosition } from './jsonb/position';
import type {
  conditionConfigSchema,
  escalationConfigSchema,
  thresholdConfigSchema,
} from './jsonb/threshold-configs';
import type { visualizationConfigSchema } from './visualization-config';

/**
 * A PostgreSQL NUMRANGE as the server returns it: `null` bounds are unbounded, the flags say
 * whether each bound belongs to the range (`[1,2)` is `lowerInclusive: true, upperInclusive: false`).
 */
export interface NumRange {
  /** Lower bound, or `null` for unbounded below. */
  readonly lower: number | null;
  /** Upper bound, or `null` for unbounded above. */
  readonly upper: number | null;
  /** Whether `lower` itself is in the range (`[` rather than `(`). */
  readonly lowerInclusive: boolean;
  /** Whether `upper` itself is in the range (`]` rather than `)`). */
  readonly upperInclusive: boolean;
}

/** `id UUID PRIMARY KEY DEFAULT gen_random_uuid()`. */
type Id = Generated<string>;
/** A `DATE` column: always a `'YYYY-MM-DD'` string, never a `Date` (no time zone shift). */
type DateString = string;
/** `JSONB` column typed by a zod schema's output (read) and input (written). */
type Jsonb<S extends z.ZodType> = JsonbColumn<z.output<S>, z.input<S>>;
/** Nullable `JSONB` column typed by a zod schema. */
type NullableJsonb<S extends z.ZodType> = NullableJsonbColumn<z.output<S>, z.input<S>>;

/** `organizations`: the tenants; every other row belongs to one (`organization_id`). */
export interface OrganizationsTable {
  /** Primary key. */
  id: Id;
  /** Display name. */
  name: string;
  /** URL-safe unique name. */
  slug: string;
  /** IANA time zone periods are computed in; default `'UTC'`. */
  time_zone: Generated<string>;
  /** Organization-wide preferences: a JSON object, default `{}`. */
  settings: GeneratedJsonbColumn<JsonObject>;
  /** Creation time. */
  created_at: GeneratedTimestamp;
  /** Last update time. */
  updated_at: GeneratedTimestamp;
}

/** `users`: people who own, share, acknowledge; unique email per organization. */
export interface UsersTable {
  /** Primary key. */
  id: Id;
  /** Owning organization. */
  organization_id: string;
  /** Email, unique within the organization. */
  email: string;
  /** Name to show. */
  display_name: string | null;
  /** When the user was deactivated; `null` while active. */
  deactivated_at: NullableTimestamp;
  /** Creation time. */
  created_at: GeneratedTimestamp;
  /** Last update time. */
  updated_at: GeneratedTimestamp;
}

/** `roles`: role names a dashboard can be shared with or an alert can notify. */
export interface RolesTable {
  /** Primary key. */
  id: Id;
  /** Owning organization. */
  organization_id: string;
  /** Role name, unique within the organization. */
  role_name: string;
  /** Creation time. */
  created_at: GeneratedTimestamp;
}

/** `departments`: an organization's department tree (dashboards can be shared with one). */
export interface DepartmentsTable {
  /** Primary key. */
  id: Id;
  /** Owning organization. */
  organization_id: string;
  /** Department name, unique within the organization. */
  department_name: string;
  /** Parent department; `null` at the top. */
  parent_department_id: string | null;
  /** Creation time. */
  created_at: GeneratedTimestamp;
}

/** `metric_definitions`: the metric registry, with soft delete. */
export interface MetricDefinitionsTable {
  /** Primary key. */
  id: Id;
  /** Machine name, unique per organization. */
  metric_name: string;
  /** Name shown to people. */
  display_name: string;
  /** What the metric measures. */
  description: string | null;
  /** Domain of the metric. */
  metric_category: MetricCategory;
  /** Kind of value. */
  metric_type: MetricType;
  /** Unit: `%`, `count`, `days`, `hours`, a currency... */
  unit_of_measure: string | null;
  /** How the value is obtained. */
  calculation_method: CalculationMethod;
  /** SQL or formula text, per `calculation_method`. */
  calculation_formula: string | null;
  /** Tables, views and provider used. */
  data_sources: JsonbColumn<DataSources>;
  /** Configurable parameters. */
  parameters: NullableJsonbColumn<MetricParameters>;
  /** Aggregation levels calculated: `org`, `department`, `team`, `user`... */
  aggregation_levels: string[] | null;
  /** Time windows calculated. */
  time_windows: SnapshotType[] | null;
  /** Target / benchmark value (DECIMAL(15,4)). */
  target_value: number | null;
  /** Alert thresholds (shape owned by core/thresholds). */
  threshold_config: NullableJsonb<typeof thresholdConfigSchema>;
  /** Which way is better. */
  direction: Direction;
  /** How often the metric is recalculated; default `'daily'`. */
  refresh_frequency: Generated<RefreshFrequency>;
  /** Days of history kept; default 730. */
  retention_days: Generated<number>;
  /** Whether the metric is calculated; default `true`. */
  is_active: Generated<boolean>;
  /** Visible to all users of the organization; default `false`. */
  is_public: Generated<boolean>;
  /** Owning user. */
  owner_id: string | null;
  /** Free tags. */
  tags: string[] | null;
  /** Owning organization. */
  organization_id: string;
  /** User who created the row. */
  created_by: string | null;
  /** Creation time. */
  created_at: GeneratedTimestamp;
  /** User who last updated the row. */
  updated_by: string | null;
  /** Last update time. */
  updated_at: GeneratedTimestamp;
  /** Definition version, from 1. */
  version: Generated<number>;
  /** Soft delete time; `null` while live. */
  deleted_at: NullableTimestamp;
  /** User who soft-deleted the row. */
  deleted_by: string | null;
}

/** `metric_relationships`: edges of the metric graph (no self edges, one edge per pair). */
export interface MetricRelationshipsTable {
  /** Primary key. */
  id: Id;
  /** The parent metric. */
  parent_metric_id: string;
  /** The child metric. */
  child_metric_id: string;
  /** Meaning of the edge. */
  relationship_type: RelationshipType;
  /** Weight (DECIMAL(5,4)); default 1. */
  weight: Generated<number>;
  /** Periods of lag between the metrics; default 0. */
  lag_periods: Generated<number>;
  /** Owning organization. */
  organization_id: string;
  /** Creation time. */
  created_at: GeneratedTimestamp;
  /** Last update time. */
  updated_at: GeneratedTimestamp;
}

/** `metric_calculations`: one calculated value per metric, period and aggregation unit. */
export interface MetricCalculationsTable {
  /** Primary key. */
  id: Id;
  /** The metric. */
  metric_id: string;
  /** When the value was calculated. */
  calculation_timestamp: Timestamp;
  /** Period start (inclusive). */
  period_start: Timestamp;
  /** Period end. */
  period_end: Timestamp;
  /** Aggregation level: `org`, `department`, `team`... */
  aggregation_level: string;
  /** Id of the org unit / team / user; `null` for the level's total. */
  aggregation_id: string | null;
  /** The value (DECIMAL(15,4)). */
  metric_value: number;
  /** Value of the previous period. */
  previous_value: number | null;
  /** Period-over-period change in percent (DECIMAL(5,2)). */
  change_percentage: number | null;
  /** Target at calculation time. */
  target_value: number | null;
  /** `metric_value - target_value`. */
  variance_from_target: number | null;
  /** Percentile rank within the peer group (INTEGER). */
  percentile_rank: number | null;
  /** Outcome of the calculation; default `'success'`. */
  calculation_status: Generated<CalculationStatus>;
  /** Warnings or errors. */
  calculation_notes: string | null;
  /** Data quality from 0 to 1 (DECIMAL(3,2)). */
  data_quality_score: number | null;
  /** Records used. */
  sample_size: number | null;
  /** Statistical confidence interval; `null` when absent (an empty NUMRANGE also reads as `null`). */
  confidence_interval: NumRange | null;
  /** Dimension values of this row. */
  dimensions: NullableJsonbColumn<CalculationDimensions>;
  /** Calculation metadata. */
  metadata: NullableJsonbColumn<JsonObject>;
  /** Owning organization. */
  organization_id: string;
  /** Creation time. */
  created_at: GeneratedTimestamp;
}

/** `metric_snapshots`: rollups per day, week, month, quarter or year. */
export interface MetricSnapshotsTable {
  /** Primary key. */
  id: Id;
  /** Snapshot date, `'YYYY-MM-DD'`. */
  snapshot_date: DateString;
  /** Rollup granularity. */
  snapshot_type: SnapshotType;
  /** The metric. */
  metric_id: string;
  /** Aggregation level. */
  aggregation_level: string;
  /** Id of the aggregation unit; `null` for the level's total. */
  aggregation_id: string | null;
  /** The rolled-up value. */
  metric_value: number;
  /** Smallest value in the period. */
  min_value: number | null;
  /** Largest value in the period. */
  max_value: number | null;
  /** Mean value in the period. */
  avg_value: number | null;
  /** Sample standard deviation. */
  std_deviation: number | null;
  /** Number of values rolled up (INTEGER). */
  sample_count: number | null;
  /** 25th percentile. */
  percentile_25: number | null;
  /** Median. */
  percentile_50: number | null;
  /** 75th percentile. */
  percentile_75: number | null;
  /** 95th percentile. */
  percentile_95: number | null;
  /** Trend against previous snapshots. */
  trend: Trend | null;
  /** Change against a year earlier, in percent (DECIMAL(5,2)). */
  year_over_year_change: number | null;
  /** Change against a quarter earlier, in percent. */
  quarter_over_quarter_change: number | null;
  /** Change against a month earlier, in percent. */
  month_over_month_change: number | null;
  /** Owning organization. */
  organization_id: string;
  /** Creation time. */
  created_at: GeneratedTimestamp;
}

/** `analytics_dashboards`: dashboards, with soft delete. */
export interface AnalyticsDashboardsTable {
  /** Primary key. */
  id: Id;
  /** Name, unique per owner and organization. */
  dashboard_name: string;
  /** What the dashboard is for. */
  description: string | null;
  /** Kind of dashboard; default `'custom'`. */
  dashboard_type: Generated<DashboardType>;
  /** The organization's default dashboard; default `false`. */
  is_default: Generated<boolean>;
  /** Visible to all users; default `false`. */
  is_public: Generated<boolean>;
  /** Grid layout. */
  layout_config: JsonbColumn<LayoutConfig>;
  /** Auto-refresh interval in seconds; `null`: no auto-refresh. */
  refresh_interval_seconds: number | null;
  /** Filters offered to viewers. */
  filters_config: NullableJsonbColumn<FiltersConfig>;
  /** Theme name; default `'light'`. */
  theme: Generated<string>;
  /** Free tags. */
  tags: string[] | null;
  /** Owning user. */
  owner_id: string | null;
  /** Owning organization. */
  organization_id: string;
  /** User who created the row. */
  created_by: string | null;
  /** Creation time. */
  created_at: GeneratedTimestamp;
  /** User who last updated the row. */
  updated_by: string | null;
  /** Last update time. */
  updated_at: GeneratedTimestamp;
  /** Soft delete time; `null` while live. */
  deleted_at: NullableTimestamp;
  /** User who soft-deleted the row. */
  deleted_by: string | null;
  /** Version, from 1. */
  version: Generated<number>;
}

/** `dashboard_widgets`: the widgets placed on a dashboard. */
export interface DashboardWidgetsTable {
  /** Primary key. */
  id: Id;
  /** The dashboard. */
  dashboard_id: string;
  /** Widget title. */
  widget_name: string;
  /** Kind of widget. */
  widget_type: WidgetType;
  /** Grid position `{ x, y, w, h }`. */
  position: JsonbColumn<WidgetPosition>;
  /** Metrics shown. */
  metric_ids: string[] | null;
  /** Chart options (shape owned by the widgets). */
  visualization_config: Jsonb<typeof visualizationConfigSchema>;
  /** Which data is shown. */
  data_config: NullableJsonbColumn<DataConfig>;
  /** Click actions, drill-down. */
  interaction_config: NullableJsonbColumn<InteractionConfig>;
  /** Refresh interval in seconds, overriding the dashboard's. */
  refresh_interval_override: number | null;
  /** Whether the widget is shown; default `true`. */
  is_visible: Generated<boolean>;
  /** Owning organization. */
  organization_id: string;
  /** User who created the row. */
  created_by: string | null;
  /** Creation time. */
  created_at: GeneratedTimestamp;
  /** User who last updated the row. */
  updated_by: string | null;
  /** Last update time. */
  updated_at: GeneratedTimestamp;
}

/** `dashboard_sharing`: who else may see or edit a dashboard. */
export interface DashboardSharingTable {
  /** Primary key. */
  id: Id;
  /** The dashboard. */
  dashboard_id: string;
  /** Kind of grantee. */
  shared_with_type: SharedWithType;
  /** User / role / department id; `null` for `'everyone'`. */
  shared_with_id: string | null;
  /** What the grantee may do; default `'view'`. */
  permission_level: Generated<PermissionLevel>;
  /** User who shared. */
  shared_by: string | null;
  /** When it was shared. */
  shared_at: GeneratedTimestamp;
  /** When the share lapses; `null`: never. */
  expires_at: NullableTimestamp;
  /** Owning organization. */
  organization_id: string;
}

/** `metric_alerts`: alert rules on a metric. */
export interface MetricAlertsTable {
  /** Primary key. */
  id: Id;
  /** Rule name. */
  alert_name: string;
  /** The metric watched. */
  metric_id: string;
  /** Kind of condition. */
  alert_type: AlertType;
  /** The condition (shape owned by core/thresholds). */
  condition_config: Jsonb<typeof conditionConfigSchema>;
  /** Severity; default `'warning'`. */
  severity: Generated<Severity>;
  /** Whether the rule is evaluated; default `true`. */
  is_active: Generated<boolean>;
  /** Minutes between evaluations; default 60. */
  check_frequency_minutes: Generated<number>;
  /** Minutes of silence after a trigger; default 60. */
  cooldown_minutes: Generated<number>;
  /** Channels: `email`, `sms`, `webhook`... */
  notification_channels: string[] | null;
  /** Users to notify. */
  recipient_users: string[] | null;
  /** Roles to notify. */
  recipient_roles: string[] | null;
  /** Escalation rules (shape owned by core/thresholds). */
  escalation_config: NullableJsonb<typeof escalationConfigSchema>;
  /** Resolve automatically when the condition clears; default `true`. */
  auto_resolve: Generated<boolean>;
  /** Last trigger time. */
  last_triggered: NullableTimestamp;
  /** Number of triggers; default 0. */
  trigger_count: Generated<number>;
  /** Owning organization. */
  organization_id: string;
  /** User who created the row. */
  created_by: string | null;
  /** Creation time. */
  created_at: GeneratedTimestamp;
  /** User who last updated the row. */
  updated_by: string | null;
  /** Last update time. */
  updated_at: GeneratedTimestamp;
}

/** `metric_alert_history`: every trigger of an alert and its resolution. */
export interface MetricAlertHistoryTable {
  /** Primary key. */
  id: Id;
  /** The alert rule. */
  alert_id: string;
  /** Trigger time; default now. */
  triggered_at: GeneratedTimestamp;
  /** Value that triggered. */
  metric_value: number | null;
  /** Threshold crossed. */
  threshold_value: number | null;
  /** What triggered the alert. */
  condition_details: NullableJsonbColumn<JsonObject>;
  /** Severity at trigger time. */
  severity_at_trigger: Severity | null;
  /** Notifications sent; default 0. */
  notifications_sent: Generated<number>;
  /** User who acknowledged. */
  acknowledged_by: string | null;
  /** Acknowledgement time. */
  acknowledged_at: NullableTimestamp;
  /** How it was resolved. */
  resolution_notes: string | null;
  /** Resolved automatically; default `false`. */
  auto_resolved: Generated<boolean>;
  /** Resolution time. */
  resolved_at: NullableTimestamp;
  /** Owning organization. */
  organization_id: string;
  /** Note given with the acknowledgement (server migration 0003). */
  acknowledgement_note: string | null;
  /** User who resolved the episode by hand; null when it resolved itself or is open (migration 0003). */
  resolved_by: string | null;
}

/** Every table, keyed by name: pass it to Kysely as `Kysely<Database>`. */
export interface Database {
  /** Tenants. */
  organizations: OrganizationsTable;
  /** Users. */
  users: UsersTable;
  /** Roles. */
  roles: RolesTable;
  /** Departments. */
  departments: DepartmentsTable;
  /** Metric registry. */
  metric_definitions: MetricDefinitionsTable;
  /** Metric graph edges. */
  metric_relationships: MetricRelationshipsTable;
  /** Calculated values. */
  metric_calculations: MetricCalculationsTable;
  /** Rollups. */
  metric_snapshots: MetricSnapshotsTable;
  /** Dashboards. */
  analytics_dashboards: AnalyticsDashboardsTable;
  /** Widgets. */
  dashboard_widgets: DashboardWidgetsTable;
  /** Dashboard shares. */
  dashboard_sharing: DashboardSharingTable;
  /** Alert rules. */
  metric_alerts: MetricAlertsTable;
  /** Alert triggers. */
  metric_alert_history: MetricAlertHistoryTable;
}

/** Name of a table of {@link Database}. */
export type TableName = keyof Database;

/** Every table name, parents before children (the order to create them in). */
export const TABLE_NAMES = [
  'organizations',
  'users',
  'roles',
  'departments',
  'metric_definitions',
  'metric_relationships',
  'metric_calculations',
  'metric_snapshots',
  'analytics_dashboards',
  'dashboard_widgets',
  'dashboard_sharing',
  'metric_alerts',
  'metric_alert_history',
] as const satisfies readonly TableName[];

/** Every column of every table, in declaration order (the order of the spec). */
export const TABLE_COLUMNS = {
  organizations: ['id', 'name', 'slug', 'time_zone', 'settings', 'created_at', 'updated_at'],
  users: ['id', 'organization_id', 'email', 'display_name', 'deactivated_at', 'created_at', 'updated_at'],
  roles: ['id', 'organization_id', 'role_name', 'created_at'],
  departments: ['id', 'organization_id', 'department_name', 'parent_department_id', 'created_at'],
  metric_definitions: [
    'id',
    'metric_name',
    'display_name',
    'description',
    'metric_category',
    'metric_type',
    'unit_of_measure',
    'calculation_method',
    'calculation_formula',
    'data_sources',
    'parameters',
    'aggregation_levels',
    'time_windows',
    'target_value',
    'threshold_config',
    'direction',
    'refresh_frequency',
    'retention_days',
    'is_active',
    'is_public',
    'owner_id',
    'tags',
    'organization_id',
    'created_by',
    'created_at',
    'updated_by',
    'updated_at',
    'version',
    'deleted_at',
    'deleted_by',
  ],
  metric_relationships: [
    'id',
    'parent_metric_id',
    'child_metric_id',
    'relationship_type',
    'weight',
    'lag_periods',
    'organization_id',
    'created_at',
    'updated_at',
  ],
  metric_calculations: [
    'id',
    'metric_id',
    'calculation_timestamp',
    'period_start',
    'period_end',
    'aggregation_level',
    'aggregation_id',
    'metric_value',
    'previous_value',
    'change_percentage',
    'target_value',
    'variance_from_target',
    'percentile_rank',
    'calculation_status',
    'calculation_notes',
    'data_quality_score',
    'sample_size',
    'confidence_interval',
    'dimensions',
    'metadata',
    'organization_id',
    'created_at',
  ],
  metric_snapshots: [
    'id',
    'snapshot_date',
    'snapshot_type',
    'metric_id',
    'aggregation_level',
    'aggregation_id',
    'metric_value',
    'min_value',
    'max_value',
    'avg_value',
    'std_deviation',
    'sample_count',
    'percentile_25',
    'percentile_50',
    'percentile_75',
    'percentile_95',
    'trend',
    'year_over_year_change',
    'quarter_over_quarter_change',
    'month_over_month_change',
    'organization_id',
    'created_at',
  ],
  analytics_dashboards: [
    'id',
    'dashboard_name',
    'description',
    'dashboard_type',
    'is_default',
    'is_public',
    'layout_config',
    'refresh_interval_seconds',
    'filters_config',
    'theme',
    'tags',
    'owner_id',
    'organization_id',
    'created_by',
    'created_at',
    'updated_by',
    'updated_at',
    'deleted_at',
    'deleted_by',
    'version',
  ],
  dashboard_widgets: [
    'id',
    'dashboard_id',
    'widget_name',
    'widget_type',
    'position',
    'metric_ids',
    'visualization_config',
    'data_config',
    'interaction_config',
    'refresh_interval_override',
    'is_visible',
    'organization_id',
    'created_by',
    'created_at',
    'updated_by',
    'updated_at',
  ],
  dashboard_sharing: [
    'id',
    'dashboard_id',
    'shared_with_type',
    'shared_with_id',
    'permission_level',
    'shared_by',
    'shared_at',
    'expires_at',
    'organization_id',
  ],
  metric_alerts: [
    'id',
    'alert_name',
    'metric_id',
    'alert_type',
    'condition_config',
    'severity',
    'is_active',
    'check_frequency_minutes',
    'cooldown_minutes',
    'notification_channels',
    'recipient_users',
    'recipient_roles',
    'escalation_config',
    'auto_resolve',
    'last_triggered',
    'trigger_count',
    'organization_id',
    'created_by',
    'created_at',
    'updated_by',
    'updated_at',
  ],
  metric_alert_history: [
    'id',
    'alert_id',
    'triggered_at',
    'metric_value',
    'threshold_value',
    'condition_details',
    'severity_at_trigger',
    'notifications_sent',
    'acknowledged_by',
    'acknowledged_at',
    'resolution_notes',
    'auto_resolved',
    'resolved_at',
    'organization_id',
    'acknowledgement_note',
    'resolved_by',
  ],
} as const satisfies { readonly [T in TableName]: readonly (keyof Database[T])[] };

/** A selected `organizations` row. */
export type OrganizationRow = Selected<OrganizationsTable>;
/** A selected `users` row. */
export type UserRow = Selected<UsersTable>;
/** A selected `roles` row. */
export type RoleRow = Selected<RolesTable>;
/** A selected `departments` row. */
export type DepartmentRow = Selected<DepartmentsTable>;
/** A selected `metric_definitions` row. */
export type MetricDefinitionRow = Selected<MetricDefinitionsTable>;
/** A selected `metric_relationships` row. */
export type MetricRelationshipRow = Selected<MetricRelationshipsTable>;
/** A selected `metric_calculations` row. */
export type MetricCalculationRow = Selected<MetricCalculationsTable>;
/** A selected `metric_snapshots` row. */
export type MetricSnapshotRow = Selected<MetricSnapshotsTable>;
/** A selected `analytics_dashboards` row. */
export type AnalyticsDashboardRow = Selected<AnalyticsDashboardsTable>;
/** A selected `dashboard_widgets` row. */
export type DashboardWidgetRow = Selected<DashboardWidgetsTable>;
/** A selected `dashboard_sharing` row. */
export type DashboardSharingRow = Selected<DashboardSharingTable>;
/** A selected `metric_alerts` row. */
export type MetricAlertRow = Selected<MetricAlertsTable>;
/** A selected `metric_alert_history` row. */
export type MetricAlertHistoryRow = Selected<MetricAlertHistoryTable>;
