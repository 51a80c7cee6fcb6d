/**
 * One descriptor per table: for each column its PostgreSQL type (as the catalog prints it),
 * nullability, default, who writes it, its JSONB schema or enum values; for each table its tenant
 * key. The row types (`tables.ts`), `TABLE_COLUMNS`, the server's catalog expectations, the
 * repositories' writable fields and the batch column lists are all derived from these: adding a
 * column is one edit here plus one migration in the server.
 */
import { z } from 'zod';
import type { ColumnType } from './column-types';
import {
  ALERT_STATUSES,
  APPROVAL_DECISIONS,
  METRIC_APPROVAL_TYPES,
  PG_ENUM_TYPES,
  type PgEnumTypeName,
  SNAPSHOT_TYPES,
} from './enums';
import { dataConfigSchema } from './jsonb/data-config';
import { dataSourcesSchema } from './jsonb/data-sources';
import { filtersConfigSchema } from './jsonb/filters-config';
import { interactionConfigSchema } from './jsonb/interaction-config';
import { jsonObjectSchema } from './jsonb/json-value';
import { layoutConfigSchema } from './jsonb/layout-config';
import {
  conditionDetailsSchema,
  dimensionsSchema,
  metadataSchema,
  organizationSettingsSchema,
  parametersSchema,
} from './jsonb/open-objects';
import { positionSchema } from './jsonb/position';
import {
  conditionConfigSchema,
  escalationConfigSchema,
  thresholdConfigSchema,
} from './jsonb/threshold-configs';
import { visualizationConfigSchema } from './visualization-config';

/**
 * Who writes a column. `'store'`: never a caller's payload — the store fills it from the
 * principal, the call's arguments, the clock or the database; `'create'`: the caller, on create
 * only; `'update'`: the caller, on update only; `'always'`: the caller, on create and update.
 */
export type ColumnWrite = 'store' | 'create' | 'update' | 'always';

/** One column of a {@link TableDescriptor}. `S` / `I`: its value type read / written (non-null). */
export interface ColumnDescriptor<
  S = unknown,
  I = S,
  N extends boolean = boolean,
  G extends boolean = boolean,
  W extends ColumnWrite = ColumnWrite,
> {
  /** Type as PostgreSQL's `format_type` prints it: `uuid`, `numeric(15,4)`, `timestamp with time zone`, an enum type... */
  readonly pgType: string;
  readonly nullable: N;
  /** Default as `pg_get_expr` prints it (`'daily'::refresh_frequency`, `now()`), or `null`. */
  readonly default: string | null;
  /** An identity column: the database numbers the rows (no default expression). */
  readonly identity: boolean;
  readonly write: W;
  /** `'now'`: a missing value is written as the time of the write's transaction (by the store). */
  readonly fill: 'now' | null;
  /** The zod schema a JSONB column's value must pass, or `null`. */
  readonly jsonb: z.ZodType | null;
  /** The allowed values of an enum column (or of each element of an enum array), or `null`. */
  readonly enumValues: readonly string[] | null;
  /** Type-level only (never present): the value types and whether the column has a default. */
  readonly '~types'?: { readonly select: S; readonly insert: I; readonly generated: G };
}

/** A table: its name, its tenant key (the column naming the owning organization) and its columns in catalog order. */
export interface TableDescriptor<
  Name extends string = string,
  Columns extends Readonly<Record<string, ColumnDescriptor>> = Readonly<Record<string, ColumnDescriptor>>,
> {
  readonly name: Name;
  /** `organization_id` for every table but `organizations`, whose own `id` is the tenant. */
  readonly tenantKey: string;
  readonly columns: Columns;
  /**
   * The unique key a batch upsert replaces rows on: the constraint's name and its columns (a
   * nullable one is compared with NULLS NOT DISTINCT), or `null` for a table without batch upserts.
   */
  readonly upsertKey: { readonly constraint: string; readonly columns: readonly string[] } | null;
}

/** Options of a column builder. */
interface ColumnOptions {
  readonly nullable?: boolean;
  readonly default?: string;
  readonly identity?: boolean;
  readonly write?: ColumnWrite;
  readonly fill?: 'now';
}

type Described<S, I, O extends ColumnOptions> = ColumnDescriptor<
  S,
  I,
  O['nullable'] extends true ? true : false,
  O['default'] extends string ? true : O['identity'] extends true ? true : false,
  O['write'] extends ColumnWrite ? O['write'] : 'always'
>;

function column<S, I, O extends ColumnOptions>(
  pgType: string,
  o: O,
  extra: { jsonb?: z.ZodType; enumValues?: readonly string[] } = {},
): Described<S, I, O> {
  return {
    pgType,
    nullable: o.nullable === true,
    default: o.default ?? null,
    identity: o.identity === true,
    write: o.write ?? 'always',
    fill: o.fill ?? null,
    jsonb: extra.jsonb ?? null,
    enumValues: extra.enumValues ?? null,
  } as Described<S, I, O>;
}

// biome-ignore lint/complexity/noBannedTypes: the empty options object is the default
type NoOptions = {};
const uuid = <const O extends ColumnOptions = NoOptions>(o = {} as O) => column<string, string, O>('uuid', o);
const text = <const O extends ColumnOptions = NoOptions>(o = {} as O) => column<string, string, O>('text', o);
const integer = <const O extends ColumnOptions = NoOptions>(o = {} as O) =>
  column<number, number, O>('integer', o);
/** `bigint`, read as a number (the values stay below 2^53). */
const bigint = <const O extends ColumnOptions = NoOptions>(o = {} as O) =>
  column<number, number, O>('bigint', o);
const boolean = <const O extends ColumnOptions = NoOptions>(o = {} as O) =>
  column<boolean, boolean, O>('boolean', o);
const numeric = <const O extends ColumnOptions = NoOptions>(precision: number, scale: number, o = {} as O) =>
  column<number, number, O>(`numeric(${precision},${scale})`, o);
/** Read as `Date`; written as a `Date` or an ISO 8601 string with an offset. */
const timestamptz = <const O extends ColumnOptions = NoOptions>(o = {} as O) =>
  column<Date, Date | string, O>('timestamp with time zone', o);
/** Always a `'YYYY-MM-DD'` string, never a `Date` (no time zone shift). */
const date = <const O extends ColumnOptions = NoOptions>(o = {} as O) => column<string, string, O>('date', o);
const textArray = <const O extends ColumnOptions = NoOptions>(o = {} as O) =>
  column<string[], string[], O>('text[]', o);
const uuidArray = <const O extends ColumnOptions = NoOptions>(o = {} as O) =>
  column<string[], string[], O>('uuid[]', o);
const numrange = <const O extends ColumnOptions = NoOptions>(o = {} as O) =>
  column<NumRange, NumRange, O>('numrange', o);
/** A column of a PostgreSQL enum type; its values are core's (`PG_ENUM_TYPES`). */
const pgEnum = <E extends PgEnumTypeName, const O extends ColumnOptions = NoOptions>(name: E, o = {} as O) =>
  column<(typeof PG_ENUM_TYPES)[E][number], (typeof PG_ENUM_TYPES)[E][number], O>(name, o, {
    enumValues: PG_ENUM_TYPES[name],
  });
/** A `text` column restricted to `values` by a CHECK constraint. */
const textEnum = <V extends string, const O extends ColumnOptions = NoOptions>(
  values: readonly V[],
  o = {} as O,
) => column<V, V, O>('text', o, { enumValues: values });
/** A `text[]` column whose every element is one of `values`. */
const textEnumArray = <V extends string, const O extends ColumnOptions = NoOptions>(
  values: readonly V[],
  o = {} as O,
) => column<V[], V[], O>('text[]', o, { enumValues: values });
/** A JSONB column read and written as the schema's output. */
const jsonb = <Schema extends z.ZodType, const O extends ColumnOptions = NoOptions>(
  schema: Schema,
  o = {} as O,
) => column<z.output<Schema>, z.output<Schema>, O>('jsonb', o, { jsonb: schema });
/** A JSONB column read as the schema's output and written as its input (defaults filled on parse). */
const jsonbIO = <Schema extends z.ZodType, const O extends ColumnOptions = NoOptions>(
  schema: Schema,
  o = {} as O,
) => column<z.output<Schema>, z.input<Schema>, O>('jsonb', o, { jsonb: schema });

/** `id uuid PRIMARY KEY DEFAULT gen_random_uuid()`. */
const primaryKey = () => uuid({ default: 'gen_random_uuid()', write: 'store' });
/** The tenant key: the owning organization, always the principal's. */
const organizationId = () => uuid({ write: 'store' });
/** `timestamptz NOT NULL DEFAULT now()`, set by the store. */
const storeTime = () => timestamptz({ default: 'now()', write: 'store' });
/** A user id set by the store from the principal. */
const storeUser = () => uuid({ nullable: true, write: 'store' });

/** `created_by`, `created_at`, `updated_by`, `updated_at`: who made and last changed the row, and when (set by the store). */
const auditColumns = () => ({
  /** User who created the row. */
  created_by: storeUser(),
  /** Creation time. */
  created_at: storeTime(),
  /** User who last updated the row. */
  updated_by: storeUser(),
  /** Last update time. */
  updated_at: storeTime(),
});
/** {@link auditColumns}, then `deleted_at` (soft delete time, `null` while live) and `deleted_by`. */
const softDeletedAuditColumns = () => ({
  ...auditColumns(),
  /** Soft delete time; `null` while live. */
  deleted_at: timestamptz({ nullable: true, write: 'store' }),
  /** User who soft-deleted the row. */
  deleted_by: storeUser(),
});

function table<
  const Name extends string,
  const Columns extends Readonly<Record<string, ColumnDescriptor>>,
  const Key extends {
    readonly constraint: string;
    readonly columns: readonly (keyof Columns & string)[];
  } | null = null,
>(
  name: Name,
  tenantKey: keyof Columns & string,
  columns: Columns,
  upsertKey: Key = null as Key,
): TableDescriptor<Name, Columns> & { readonly upsertKey: Key } {
  return { name, tenantKey, columns, upsertKey };
}

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

/** A field that changed between two versions of a metric definition: its value before and after. */
export interface FieldChange {
  /** Value in the previous version (JSON). */
  readonly from: unknown;
  /** Value in this version (JSON). */
  readonly to: unknown;
}

/** `metric_definition_versions.changes`: `{ field: { from, to } }`. */
export const fieldChangesSchema: z.ZodType<Record<string, FieldChange>> = z.record(
  z.string(),
  z.object({ from: z.unknown(), to: z.unknown() }) as z.ZodType<FieldChange>,
);

/** `organizations`: the tenants; every other row belongs to one (`organization_id`). */
export const organizationsTable = table('organizations', 'id', {
  /** Primary key. */
  id: primaryKey(),
  /** Display name. */
  name: text(),
  /** URL-safe unique name. */
  slug: text(),
  /** IANA time zone periods are computed in; default `'UTC'`. */
  time_zone: text({ default: "'UTC'::text" }),
  /** Organization-wide preferences: a JSON object, default `{}`. */
  settings: jsonb(organizationSettingsSchema, { default: "'{}'::jsonb" }),
  /** Creation time. */
  created_at: storeTime(),
  /** Last update time. */
  updated_at: storeTime(),
  /** The host's own id of the organization (provisioning upserts by it); unique. */
  external_id: text({ nullable: true }),
});

/** `users`: people who own, share, acknowledge; unique email per organization. */
export const usersTable = table('users', 'organization_id', {
  /** Primary key. */
  id: primaryKey(),
  /** Owning organization. */
  organization_id: organizationId(),
  /** Email, unique within the organization. */
  email: text(),
  /** Name to show. */
  display_name: text({ nullable: true }),
  /** When the user was deactivated; `null` while active. */
  deactivated_at: timestamptz({ nullable: true }),
  /** Creation time. */
  created_at: storeTime(),
  /** Last update time. */
  updated_at: storeTime(),
  /** The host's own id of the row (provisioning upserts by it); unique within the organization. */
  external_id: text({ nullable: true }),
  /** Phone number for notifications (as the host gives it). */
  phone: text({ nullable: true }),
  /** Roles of this organization the user holds (a principal keeps those that exist). */
  role_ids: uuidArray({ default: "'{}'::uuid[]" }),
  /** Departments of this organization the user belongs to. */
  department_ids: uuidArray({ default: "'{}'::uuid[]" }),
});

/** `roles`: role names a dashboard can be shared with or an alert can notify. */
export const rolesTable = table('roles', 'organization_id', {
  /** Primary key. */
  id: primaryKey(),
  /** Owning organization. */
  organization_id: organizationId(),
  /** Role name, unique within the organization. */
  role_name: text(),
  /** Creation time. */
  created_at: storeTime(),
  /** The host's own id of the row (provisioning upserts by it); unique within the organization. */
  external_id: text({ nullable: true }),
});

/** `departments`: an organization's department tree (dashboards can be shared with one). */
export const departmentsTable = table('departments', 'organization_id', {
  /** Primary key. */
  id: primaryKey(),
  /** Owning organization. */
  organization_id: organizationId(),
  /** Department name, unique within the organization. */
  department_name: text(),
  /** Parent department; `null` at the top. */
  parent_department_id: uuid({ nullable: true }),
  /** Creation time. */
  created_at: storeTime(),
  /** The host's own id of the row (provisioning upserts by it); unique within the organization. */
  external_id: text({ nullable: true }),
});

/** `metric_definitions`: the metric registry, with soft delete. */
export const metricDefinitionsTable = table('metric_definitions', 'organization_id', {
  /** Primary key. */
  id: primaryKey(),
  /** Machine name, unique per organization. */
  metric_name: text(),
  /** Name shown to people. */
  display_name: text(),
  /** What the metric measures. */
  description: text({ nullable: true }),
  /** Domain of the metric. */
  metric_category: pgEnum('metric_category'),
  /** Kind of value. */
  metric_type: pgEnum('metric_type'),
  /** Unit: `%`, `count`, `days`, `hours`, a currency... */
  unit_of_measure: text({ nullable: true }),
  /** How the value is obtained. */
  calculation_method: pgEnum('calculation_method'),
  /** SQL or formula text, per `calculation_method`. */
  calculation_formula: text({ nullable: true }),
  /** Tables, views and provider used. */
  data_sources: jsonb(dataSourcesSchema),
  /** Configurable parameters. */
  parameters: jsonb(parametersSchema, { nullable: true }),
  /** Aggregation levels calculated: `org`, `department`, `team`, `user`... */
  aggregation_levels: textArray({ nullable: true }),
  /** Time windows calculated. */
  time_windows: textEnumArray(SNAPSHOT_TYPES, { nullable: true }),
  /** Target / benchmark value (DECIMAL(15,4)). */
  target_value: numeric(15, 4, { nullable: true }),
  /** Alert thresholds (shape owned by core/thresholds). */
  threshold_config: jsonbIO(thresholdConfigSchema, { nullable: true }),
  /** Which way is better. */
  direction: pgEnum('metric_direction'),
  /** How often the metric is recalculated; default `'daily'`. */
  refresh_frequency: pgEnum('refresh_frequency', { default: "'daily'::refresh_frequency" }),
  /** Days of history kept; default 730. */
  retention_days: integer({ default: '730' }),
  /** Whether the metric is calculated; default `true`. */
  is_active: boolean({ default: 'true', write: 'update' }),
  /** Visible to all users of the organization; default `false`. */
  is_public: boolean({ default: 'false' }),
  /** Owning user. */
  owner_id: uuid({ nullable: true }),
  /** Free tags. */
  tags: textArray({ nullable: true }),
  /** Owning organization. */
  organization_id: organizationId(),
  ...softDeletedAuditColumns(),
  /** Definition version, from 1. */
  version: integer({ default: '1', write: 'store' }),
});

/** `metric_relationships`: edges of the metric graph (no self edges, one edge per pair). */
export const metricRelationshipsTable = table('metric_relationships', 'organization_id', {
  /** Primary key. */
  id: primaryKey(),
  /** The parent metric. */
  parent_metric_id: uuid({ write: 'create' }),
  /** The child metric. */
  child_metric_id: uuid({ write: 'create' }),
  /** Meaning of the edge. */
  relationship_type: pgEnum('relationship_type', { write: 'create' }),
  /** Weight (DECIMAL(5,4)); default 1. */
  weight: numeric(5, 4, { default: '1.0', write: 'create' }),
  /** Periods of lag between the metrics; default 0. */
  lag_periods: integer({ default: '0', write: 'create' }),
  /** Owning organization. */
  organization_id: organizationId(),
  /** Creation time. */
  created_at: storeTime(),
  /** Last update time. */
  updated_at: storeTime(),
});

/** `metric_calculations`: one calculated value per metric, period and aggregation unit. */
export const metricCalculationsTable = table(
  'metric_calculations',
  'organization_id',
  {
    /** Primary key. */
    id: primaryKey(),
    /** The metric. */
    metric_id: uuid(),
    /** When the value was calculated. */
    calculation_timestamp: timestamptz({ fill: 'now' }),
    /** Period start (inclusive). */
    period_start: timestamptz(),
    /** Period end. */
    period_end: timestamptz(),
    /** Aggregation level: `org`, `department`, `team`... */
    aggregation_level: text(),
    /** Id of the org unit / team / user; `null` for the level's total. */
    aggregation_id: uuid({ nullable: true }),
    /** The value (DECIMAL(15,4)). */
    metric_value: numeric(15, 4),
    /** Value of the previous period. */
    previous_value: numeric(15, 4, { nullable: true }),
    /** Period-over-period change in percent (DECIMAL(5,2)). */
    change_percentage: numeric(5, 2, { nullable: true }),
    /** Target at calculation time. */
    target_value: numeric(15, 4, { nullable: true }),
    /** `metric_value - target_value`. */
    variance_from_target: numeric(15, 4, { nullable: true }),
    /** Percentile rank within the peer group (INTEGER). */
    percentile_rank: integer({ nullable: true }),
    /** Outcome of the calculation; default `'success'`. */
    calculation_status: pgEnum('calculation_status', { default: "'success'::calculation_status" }),
    /** Warnings or errors. */
    calculation_notes: text({ nullable: true }),
    /** Data quality from 0 to 1 (DECIMAL(3,2)). */
    data_quality_score: numeric(3, 2, { nullable: true }),
    /** Records used. */
    sample_size: integer({ nullable: true }),
    /** Statistical confidence interval; `null` when absent (an empty NUMRANGE also reads as `null`). */
    confidence_interval: numrange({ nullable: true }),
    /** Dimension values of this row. */
    dimensions: jsonb(dimensionsSchema, { nullable: true }),
    /** Calculation metadata. */
    metadata: jsonb(metadataSchema, { nullable: true }),
    /** Owning organization. */
    organization_id: organizationId(),
    /** Creation time. */
    created_at: storeTime(),
  },
  {
    constraint: 'metric_calculations_period_unit_key',
    columns: ['metric_id', 'period_start', 'period_end', 'aggregation_level', 'aggregation_id'],
  },
);

/** `metric_snapshots`: rollups per day, week, month, quarter or year. */
export const metricSnapshotsTable = table(
  'metric_snapshots',
  'organization_id',
  {
    /** Primary key. */
    id: primaryKey(),
    /** Snapshot date, `'YYYY-MM-DD'`. */
    snapshot_date: date(),
    /** Rollup granularity. */
    snapshot_type: pgEnum('snapshot_type'),
    /** The metric. */
    metric_id: uuid(),
    /** Aggregation level. */
    aggregation_level: text(),
    /** Id of the aggregation unit; `null` for the level's total. */
    aggregation_id: uuid({ nullable: true }),
    /** The rolled-up value. */
    metric_value: numeric(15, 4),
    /** Smallest value in the period. */
    min_value: numeric(15, 4, { nullable: true }),
    /** Largest value in the period. */
    max_value: numeric(15, 4, { nullable: true }),
    /** Mean value in the period. */
    avg_value: numeric(15, 4, { nullable: true }),
    /** Sample standard deviation. */
    std_deviation: numeric(15, 4, { nullable: true }),
    /** Number of values rolled up (INTEGER). */
    sample_count: integer({ nullable: true }),
    /** 25th percentile. */
    percentile_25: numeric(15, 4, { nullable: true }),
    /** Median. */
    percentile_50: numeric(15, 4, { nullable: true }),
    /** 75th percentile. */
    percentile_75: numeric(15, 4, { nullable: true }),
    /** 95th percentile. */
    percentile_95: numeric(15, 4, { nullable: true }),
    /** Trend against previous snapshots. */
    trend: pgEnum('metric_trend', { nullable: true }),
    /** Change against a year earlier, in percent (DECIMAL(5,2)). */
    year_over_year_change: numeric(5, 2, { nullable: true }),
    /** Change against a quarter earlier, in percent. */
    quarter_over_quarter_change: numeric(5, 2, { nullable: true }),
    /** Change against a month earlier, in percent. */
    month_over_month_change: numeric(5, 2, { nullable: true }),
    /** Owning organization. */
    organization_id: organizationId(),
    /** Creation time. */
    created_at: storeTime(),
  },
  {
    constraint: 'metric_snapshots_period_unit_key',
    columns: ['snapshot_date', 'snapshot_type', 'metric_id', 'aggregation_level', 'aggregation_id'],
  },
);

/** `analytics_dashboards`: dashboards, with soft delete. */
export const analyticsDashboardsTable = table('analytics_dashboards', 'organization_id', {
  /** Primary key. */
  id: primaryKey(),
  /** Name, unique per owner and organization. */
  dashboard_name: text(),
  /** What the dashboard is for. */
  description: text({ nullable: true }),
  /** Kind of dashboard; default `'custom'`. */
  dashboard_type: pgEnum('dashboard_type', { default: "'custom'::dashboard_type" }),
  /** The organization's default dashboard; default `false`. */
  is_default: boolean({ default: 'false' }),
  /** Visible to all users; default `false`. */
  is_public: boolean({ default: 'false' }),
  /** Grid layout. */
  layout_config: jsonb(layoutConfigSchema),
  /** Auto-refresh interval in seconds; `null`: no auto-refresh. */
  refresh_interval_seconds: integer({ nullable: true }),
  /** Filters offered to viewers. */
  filters_config: jsonb(filtersConfigSchema, { nullable: true }),
  /** Theme name; default `'light'`. */
  theme: text({ default: "'light'::text" }),
  /** Free tags. */
  tags: textArray({ nullable: true }),
  /** Owning user. */
  owner_id: uuid({ nullable: true, write: 'store' }),
  /** Owning organization. */
  organization_id: organizationId(),
  ...softDeletedAuditColumns(),
  /** Version, from 1. */
  version: integer({ default: '1', write: 'store' }),
});

/** `dashboard_widgets`: the widgets placed on a dashboard. */
export const dashboardWidgetsTable = table('dashboard_widgets', 'organization_id', {
  /** Primary key. */
  id: primaryKey(),
  /** The dashboard. */
  dashboard_id: uuid({ write: 'store' }),
  /** Widget title. */
  widget_name: text(),
  /** Kind of widget. */
  widget_type: pgEnum('widget_type'),
  /** Grid position `{ x, y, w, h }`. */
  position: jsonb(positionSchema),
  /** Metrics shown. */
  metric_ids: uuidArray({ nullable: true }),
  /** Chart options (shape owned by the widgets). */
  visualization_config: jsonbIO(visualizationConfigSchema),
  /** Which data is shown. */
  data_config: jsonb(dataConfigSchema, { nullable: true }),
  /** Click actions, drill-down. */
  interaction_config: jsonb(interactionConfigSchema, { nullable: true }),
  /** Refresh interval in seconds, overriding the dashboard's. */
  refresh_interval_override: integer({ nullable: true }),
  /** Whether the widget is shown; default `true`. */
  is_visible: boolean({ default: 'true' }),
  /** Owning organization. */
  organization_id: organizationId(),
  ...auditColumns(),
});

/** `dashboard_sharing`: who else may see or edit a dashboard. */
export const dashboardSharingTable = table('dashboard_sharing', 'organization_id', {
  /** Primary key. */
  id: primaryKey(),
  /** The dashboard. */
  dashboard_id: uuid({ write: 'store' }),
  /** Kind of grantee. */
  shared_with_type: pgEnum('shared_with_type', { write: 'create' }),
  /** User / role / department id; `null` for `'everyone'`. */
  shared_with_id: uuid({ nullable: true, write: 'create' }),
  /** What the grantee may do; default `'view'`. */
  permission_level: pgEnum('permission_level', { default: "'view'::permission_level", write: 'create' }),
  /** User who shared. */
  shared_by: uuid({ nullable: true, write: 'store' }),
  /** When it was shared. */
  shared_at: storeTime(),
  /** When the share lapses; `null`: never. */
  expires_at: timestamptz({ nullable: true, write: 'create' }),
  /** Owning organization. */
  organization_id: organizationId(),
});

/** `metric_alerts`: alert rules on a metric. */
export const metricAlertsTable = table('metric_alerts', 'organization_id', {
  /** Primary key. */
  id: primaryKey(),
  /** Rule name. */
  alert_name: text(),
  /** The metric watched. */
  metric_id: uuid({ write: 'create' }),
  /** Kind of condition. */
  alert_type: pgEnum('alert_type'),
  /** The condition (shape owned by core/thresholds). */
  condition_config: jsonbIO(conditionConfigSchema),
  /** Severity; default `'warning'`. */
  severity: pgEnum('alert_severity', { default: "'warning'::alert_severity" }),
  /** Whether the rule is evaluated; default `true`. */
  is_active: boolean({ default: 'true' }),
  /** Minutes between evaluations; default 60. */
  check_frequency_minutes: integer({ default: '60' }),
  /** Minutes of silence after a trigger; default 60. */
  cooldown_minutes: integer({ default: '60' }),
  /** Channels: `email`, `sms`, `webhook`... */
  notification_channels: textArray({ nullable: true }),
  /** Users to notify. */
  recipient_users: uuidArray({ nullable: true }),
  /** Roles to notify. */
  recipient_roles: uuidArray({ nullable: true }),
  /** Escalation rules (shape owned by core/thresholds). */
  escalation_config: jsonbIO(escalationConfigSchema, { nullable: true }),
  /** Resolve automatically when the condition clears; default `true`. */
  auto_resolve: boolean({ default: 'true' }),
  /** Last trigger time. */
  last_triggered: timestamptz({ nullable: true, write: 'store' }),
  /** Number of triggers; default 0. */
  trigger_count: integer({ default: '0', write: 'store' }),
  /** Owning organization. */
  organization_id: organizationId(),
  ...auditColumns(),
});

/** `metric_alert_history`: every trigger of an alert and its resolution. */
export const metricAlertHistoryTable = table('metric_alert_history', 'organization_id', {
  /** Primary key. */
  id: primaryKey(),
  /** The alert rule. */
  alert_id: uuid({ write: 'store' }),
  /** Trigger time; default now. */
  triggered_at: timestamptz({ default: 'now()', write: 'create' }),
  /** Value that triggered. */
  metric_value: numeric(15, 4, { nullable: true, write: 'create' }),
  /** Threshold crossed. */
  threshold_value: numeric(15, 4, { nullable: true, write: 'create' }),
  /** What triggered the alert. */
  condition_details: jsonb(conditionDetailsSchema, { nullable: true, write: 'create' }),
  /** Severity at trigger time. */
  severity_at_trigger: pgEnum('alert_severity', { nullable: true, write: 'create' }),
  /** Notifications sent; default 0. */
  notifications_sent: integer({ default: '0', write: 'create' }),
  /** User who acknowledged. */
  acknowledged_by: uuid({ nullable: true, write: 'store' }),
  /** Acknowledgement time. */
  acknowledged_at: timestamptz({ nullable: true, write: 'store' }),
  /** How it was resolved. */
  resolution_notes: text({ nullable: true, write: 'store' }),
  /** Resolved automatically; default `false`. */
  auto_resolved: boolean({ default: 'false', write: 'store' }),
  /** Resolution time. */
  resolved_at: timestamptz({ nullable: true, write: 'store' }),
  /** Owning organization. */
  organization_id: organizationId(),
  /** Note given with the acknowledgement (server migration 0003). */
  acknowledgement_note: text({ nullable: true, write: 'store' }),
  /** User who resolved the episode by hand; null when it resolved itself or is open (migration 0003). */
  resolved_by: uuid({ nullable: true, write: 'store' }),
});

/** `metric_definition_versions`: one row per version of a metric definition. */
export const metricDefinitionVersionsTable = table('metric_definition_versions', 'organization_id', {
  /** Primary key. */
  id: primaryKey(),
  /** The metric. */
  metric_id: uuid({ write: 'store' }),
  /** The definition version this row describes (1 at creation, +1 per update). */
  version: integer({ write: 'store' }),
  /** The whole definition at this version (the writable fields of `metric_definitions`). */
  definition: jsonb(jsonObjectSchema, { write: 'store' }),
  /** Fields changed against the previous version, `{ field: { from, to } }`; `{}` for version 1. */
  changes: jsonb(fieldChangesSchema, { default: "'{}'::jsonb", write: 'store' }),
  /** Whether this version started a new approval round (creation, or a change of formula, data sources or method). */
  requires_approval: boolean({ default: 'false', write: 'store' }),
  /** Who made this version. */
  changed_by: uuid({ nullable: true, write: 'store' }),
  /** When this version was made. */
  changed_at: timestamptz({ default: 'now()', write: 'store' }),
  /** Owning organization. */
  organization_id: organizationId(),
});

/** `metric_approvals`: every approval or rejection recorded for a metric. */
export const metricApprovalsTable = table('metric_approvals', 'organization_id', {
  /** Primary key. */
  id: primaryKey(),
  /** The metric. */
  metric_id: uuid({ write: 'store' }),
  /** The definition version the reviewer decided on. */
  definition_version: integer({ write: 'store' }),
  /** Which approval this decision gives or refuses. */
  approval_type: textEnum(METRIC_APPROVAL_TYPES, { write: 'create' }),
  /** The decision. */
  decision: textEnum(APPROVAL_DECISIONS, { write: 'create' }),
  /** The reviewer's note; a rejection's reason (required for rejections). */
  note: text({ nullable: true, write: 'create' }),
  /** Who decided. */
  decided_by: uuid({ nullable: true, write: 'store' }),
  /** When the decision was recorded (the time the row was written, not its transaction's start). */
  decided_at: timestamptz({ default: 'clock_timestamp()', write: 'store' }),
  /** Owning organization. */
  organization_id: organizationId(),
  /**
   * The order in which decisions were recorded (an identity): of two decisions of one metric the
   * later recorded has the higher number, and of each kind the highest stands.
   */
  recorded_seq: bigint({ identity: true, write: 'store' }),
});

/**
 * `alert_states` (server migration 0005): the alert state machine's state of one rule for one
 * aggregation unit, written by the runtime in the same transaction as the history row it causes.
 */
export const alertStatesTable = table('alert_states', 'organization_id', {
  /** Primary key. */
  id: primaryKey(),
  /** Owning organization. */
  organization_id: organizationId(),
  /** The alert rule. */
  alert_id: uuid({ write: 'store' }),
  /** Aggregation level the state is for; default `'org'`. */
  aggregation_level: text({ default: "'org'::text", write: 'store' }),
  /** The unit of that level; `null` for the level's total. */
  aggregation_id: uuid({ nullable: true, write: 'store' }),
  /** The lifecycle status (the state's `status`, for queries). */
  status: textEnum(ALERT_STATUSES, { write: 'store' }),
  /** Core's `AlertState` as JSON (dates as ISO strings). */
  state: jsonb(jsonObjectSchema, { write: 'store' }),
  /** Who last wrote the state (the runtime's service user, or the user who acknowledged or resolved). */
  updated_by: storeUser(),
  /** Last write time. */
  updated_at: storeTime(),
});

/** Channels a contact point can deliver to. */
export const CONTACT_POINT_CHANNELS = ['webhook'] as const;

/**
 * `contact_points` (server migration 0005): where one organization's notifications of a channel go;
 * admin-writable, and the signing secret is never returned by reads.
 */
export const contactPointsTable = table('contact_points', 'organization_id', {
  /** Primary key. */
  id: primaryKey(),
  /** Owning organization. */
  organization_id: organizationId(),
  /** Channel, as named in `metric_alerts.notification_channels`. */
  channel: textEnum(CONTACT_POINT_CHANNELS, { write: 'create' }),
  /** Name, unique per organization. */
  name: text(),
  /** Webhook: the `https:` (or `http:`) URL notifications are POSTed to. */
  url: text(),
  /** The HMAC-SHA256 signing secret (never returned by reads). */
  secret: text(),
  /** Whether notifications go here; default `true`. */
  is_active: boolean({ default: 'true' }),
  ...auditColumns(),
});

/** Outcomes of one notification delivery. */
export const DELIVERY_STATUSES = ['pending', 'delivered', 'dead'] as const;

/**
 * `notification_deliveries` (server migration 0005): one notification of one history row to one
 * contact point, keyed by its idempotency key (never sent twice); `dead` is the dead-letter record.
 */
export const notificationDeliveriesTable = table('notification_deliveries', 'organization_id', {
  /** Primary key. */
  id: primaryKey(),
  /** Owning organization. */
  organization_id: organizationId(),
  /** `history id:channel:contact point id:kind:escalation level`: at most one delivery per key. */
  idempotency_key: text({ write: 'store' }),
  /** The history row notified about. */
  history_id: uuid({ write: 'store' }),
  /** Where it went. */
  contact_point_id: uuid({ write: 'store' }),
  /** `firing`, `escalated`, `resolved`... */
  kind: text({ write: 'store' }),
  /** The JSON body sent. */
  payload: jsonb(jsonObjectSchema, { write: 'store' }),
  /** Outcome so far. */
  status: textEnum(DELIVERY_STATUSES, { default: "'pending'::text", write: 'store' }),
  /** Tries made. */
  attempts: integer({ default: '0', write: 'store' }),
  /** The last failure (HTTP status or error), for `dead` the reason it was given up. */
  last_error: text({ nullable: true, write: 'store' }),
  /** When the receiver accepted it. */
  delivered_at: timestamptz({ nullable: true, write: 'store' }),
  /** Who queued it (the runtime's service user). */
  created_by: storeUser(),
  /** When it was queued. */
  created_at: storeTime(),
});

/** Every table descriptor, parents before children (the order to create them in). */
export const TABLE_DESCRIPTORS = [
  organizationsTable,
  usersTable,
  rolesTable,
  departmentsTable,
  metricDefinitionsTable,
  metricRelationshipsTable,
  metricCalculationsTable,
  metricSnapshotsTable,
  analyticsDashboardsTable,
  dashboardWidgetsTable,
  dashboardSharingTable,
  metricAlertsTable,
  metricAlertHistoryTable,
  metricDefinitionVersionsTable,
  metricApprovalsTable,
  alertStatesTable,
  contactPointsTable,
  notificationDeliveriesTable,
] as const;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/**
 * The Kysely column type of a descriptor: a plain type when read and written alike, otherwise a
 * `ColumnType`; nullable columns admit `null`, and nullable or defaulted ones are optional on insert.
 */
export type ColumnTypeOf<C> = C extends {
  readonly '~types'?: { select: infer S; insert: infer I; generated: infer G };
}
  ? C extends { readonly nullable: true }
    ? Same<S, I> extends true
      ? S | null
      : ColumnType<S | null, I | null | undefined, I | null>
    : G extends true
      ? ColumnType<S, I | undefined, I>
      : Same<S, I> extends true
        ? S
        : ColumnType<S, I, I>
  : never;

/** The row interface of a table descriptor, usable in Kysely's `Database`. */
export type TableType<T extends TableDescriptor> = {
  -readonly [K in keyof T['columns']]: ColumnTypeOf<T['columns'][K]>;
};

/** The columns of descriptor `T` a caller may write on `when` (its `'create'`/`'update'` and `'always'` ones). */
export type WritableColumn<T extends TableDescriptor, When extends 'create' | 'update'> = {
  [K in keyof T['columns']]: T['columns'][K]['write'] extends When | 'always' ? K : never;
}[keyof T['columns']] &
  string;

/** Every column name of `descriptor`, in catalog order. */
export function columnNames<T extends TableDescriptor>(descriptor: T): (keyof T['columns'] & string)[] {
  return Object.keys(descriptor.columns) as (keyof T['columns'] & string)[];
}

/**
 * The columns a caller may write on `when`, in catalog order.
 *
 * @example
 * writableColumns(metricAlertsTable, 'update'); // every rule field but metric_id
 */
export function writableColumns<T extends TableDescriptor, W extends 'create' | 'update'>(
  descriptor: T,
  when: W,
): WritableColumn<T, W>[] {
  return columnNames(descriptor).filter((name) => {
    const write = (descriptor.columns[name] as ColumnDescriptor).write;
    return write === when || write === 'always';
  }) as WritableColumn<T, W>[];
}

/** The columns of descriptor `T` a create must carry: caller-written, NOT NULL, without a default. */
export type RequiredColumn<T extends TableDescriptor> = {
  [K in keyof T['columns']]: T['columns'][K] extends { readonly nullable: false }
    ? T['columns'][K] extends { readonly '~types'?: { generated: false } }
      ? K
      : never
    : never;
}[WritableColumn<T, 'create'>] &
  string;

/** The columns a create must carry (caller-written on create, NOT NULL, no default), in catalog order. */
export function requiredColumns<T extends TableDescriptor>(descriptor: T): RequiredColumn<T>[] {
  const writable: readonly string[] = writableColumns(descriptor, 'create');
  return writable.filter((name) => {
    const c = descriptor.columns[name] as ColumnDescriptor;
    return !c.nullable && c.default === null && !c.identity;
  }) as RequiredColumn<T>[];
}
