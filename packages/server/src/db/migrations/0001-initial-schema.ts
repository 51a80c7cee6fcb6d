import { PG_ENUM_TYPES } from '@arion-metrics/core';
import { sql } from 'kysely';
import type { AnyKysely } from '../any-kysely';

/**
 * The whole data model of `shared/spec/metrics-schema-seed.md`, with the gaps filled as the
 * README's "Schema notes" describe. Plain SQL that PostgreSQL 15 and PGlite (PostgreSQL 18)
 * both accept. Constraint and index names are the spec's where it names them.
 *
 * This migration is frozen once released: later changes (a new enum value, a column) go in
 * new migrations.
 */

/** Tenant and audit columns shared by most tables. */
const ORG = 'organization_id UUID NOT NULL';
const AUDIT = `created_by UUID,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_by UUID,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()`;

/** FK to organizations, cascading: deleting an organization deletes all its rows. */
const orgFk = (table: string) =>
  `CONSTRAINT ${table}_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE CASCADE`;

/**
 * FK to a user of the same organization. Composite (organization_id, column) so that no row can
 * point at another tenant's user; NULL in the column means "no user" (MATCH SIMPLE).
 */
const userFk = (table: string, column: string) =>
  `CONSTRAINT ${table}_${column}_fkey FOREIGN KEY (organization_id, ${column}) REFERENCES users (organization_id, id)`;

/** FK to a parent row of the same organization, cascading on delete like the spec's. */
const parentFk = (table: string, column: string, parent: string) =>
  `CONSTRAINT ${table}_${column}_fkey FOREIGN KEY (organization_id, ${column}) REFERENCES ${parent} (organization_id, id) ON DELETE CASCADE`;

const enumTypes = Object.entries(PG_ENUM_TYPES).map(
  ([name, values]) => `CREATE TYPE ${name} AS ENUM (${values.map((v) => `'${v}'`).join(', ')})`,
);

/** Finite-number guard: PostgreSQL's NUMERIC accepts 'NaN'; we never store it. */
const finite = (table: string, column: string) =>
  `CONSTRAINT ${table}_${column}_finite CHECK (${column} <> 'NaN'::numeric)`;

export const UP_STATEMENTS: readonly string[] = [
  ...enumTypes,
  `CREATE TABLE organizations (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  name TEXT NOT NULL,
  slug TEXT NOT NULL,
  time_zone TEXT NOT NULL DEFAULT 'UTC',
  settings JSONB NOT NULL DEFAULT '{}'::jsonb,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  CONSTRAINT organizations_slug_key UNIQUE (slug),
  CONSTRAINT valid_settings CHECK (jsonb_typeof(settings) = 'object')
)`,
  `CREATE TABLE users (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  ${ORG},
  email TEXT NOT NULL,
  display_name TEXT,
  deactivated_at TIMESTAMPTZ,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  ${orgFk('users')},
  CONSTRAINT users_organization_id_email_key UNIQUE (organization_id, email),
  CONSTRAINT users_organization_id_id_key UNIQUE (organization_id, id)
)`,
  `CREATE TABLE roles (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  ${ORG},
  role_name TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  ${orgFk('roles')},
  CONSTRAINT roles_organization_id_role_name_key UNIQUE (organization_id, role_name),
  CONSTRAINT roles_organization_id_id_key UNIQUE (organization_id, id)
)`,
  `CREATE TABLE departments (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  ${ORG},
  department_name TEXT NOT NULL,
  parent_department_id UUID,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  ${orgFk('departments')},
  CONSTRAINT departments_organization_id_department_name_key UNIQUE (organization_id, department_name),
  CONSTRAINT departments_organization_id_id_key UNIQUE (organization_id, id),
  CONSTRAINT departments_parent_department_id_fkey FOREIGN KEY (organization_id, parent_department_id)
    REFERENCES departments (organization_id, id) ON DELETE SET NULL (parent_department_id)
)`,
  `CREATE TABLE metric_definitions (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  metric_name TEXT NOT NULL,
  display_name TEXT NOT NULL,
  description TEXT,
  metric_category metric_category NOT NULL,
  metric_type metric_type NOT NULL,
  unit_of_measure TEXT,
  calculation_method calculation_method NOT NULL,
  calculation_formula TEXT,
  data_sources JSONB NOT NULL,
  parameters JSONB,
  aggregation_levels TEXT[],
  time_windows TEXT[],
  target_value DECIMAL(15,4),
  threshold_config JSONB,
  direction metric_direction NOT NULL,
  refresh_frequency refresh_frequency NOT NULL DEFAULT 'daily',
  retention_days INTEGER NOT NULL DEFAULT 730,
  is_active BOOLEAN NOT NULL DEFAULT true,
  is_public BOOLEAN NOT NULL DEFAULT false,
  owner_id UUID,
  tags TEXT[],
  ${ORG},
  ${AUDIT},
  deleted_at TIMESTAMPTZ,
  deleted_by UUID,
  version INTEGER NOT NULL DEFAULT 1,
  ${orgFk('metric_definitions')},
  ${userFk('metric_definitions', 'owner_id')},
  ${userFk('metric_definitions', 'created_by')},
  ${userFk('metric_definitions', 'updated_by')},
  ${userFk('metric_definitions', 'deleted_by')},
  CONSTRAINT valid_data_sources CHECK (jsonb_typeof(data_sources) = 'object'),
  CONSTRAINT valid_parameters CHECK (jsonb_typeof(parameters) = 'object'),
  CONSTRAINT valid_thresholds CHECK (jsonb_typeof(threshold_config) = 'object'),
  CONSTRAINT valid_retention_days CHECK (retention_days > 0),
  CONSTRAINT valid_definition_version CHECK (version >= 1),
  CONSTRAINT valid_time_windows CHECK (time_windows <@ ARRAY['daily', 'weekly', 'monthly', 'quarterly', 'annual']::text[]),
  ${finite('metric_definitions', 'target_value')},
  CONSTRAINT metric_definitions_metric_name_organization_id_key UNIQUE (metric_name, organization_id),
  CONSTRAINT metric_definitions_organization_id_id_key UNIQUE (organization_id, id)
)`,
  `CREATE INDEX idx_metric_definitions_active ON metric_definitions (organization_id, is_active, metric_category)`,
  `CREATE INDEX idx_metric_definitions_category ON metric_definitions (metric_category, is_active) WHERE deleted_at IS NULL`,
  `CREATE TABLE metric_relationships (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  parent_metric_id UUID NOT NULL,
  child_metric_id UUID NOT NULL,
  relationship_type relationship_type NOT NULL,
  weight DECIMAL(5,4) NOT NULL DEFAULT 1.0,
  lag_periods INTEGER NOT NULL DEFAULT 0,
  ${ORG},
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  ${orgFk('metric_relationships')},
  ${parentFk('metric_relationships', 'parent_metric_id', 'metric_definitions')},
  ${parentFk('metric_relationships', 'child_metric_id', 'metric_definitions')},
  CONSTRAINT metric_relationships_parent_metric_id_child_metric_id_key UNIQUE (parent_metric_id, child_metric_id),
  CONSTRAINT no_self_relationship CHECK (parent_metric_id != child_metric_id),
  CONSTRAINT valid_lag_periods CHECK (lag_periods >= 0),
  ${finite('metric_relationships', 'weight')}
)`,
  `CREATE INDEX idx_metric_relationships_child ON metric_relationships (child_metric_id)`,
  `CREATE TABLE metric_calculations (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  metric_id UUID NOT NULL,
  calculation_timestamp TIMESTAMPTZ NOT NULL,
  period_start TIMESTAMPTZ NOT NULL,
  period_end TIMESTAMPTZ NOT NULL,
  aggregation_level TEXT NOT NULL,
  aggregation_id UUID,
  metric_value DECIMAL(15,4) NOT NULL,
  previous_value DECIMAL(15,4),
  change_percentage DECIMAL(5,2),
  target_value DECIMAL(15,4),
  variance_from_target DECIMAL(15,4),
  percentile_rank INTEGER,
  calculation_status calculation_status NOT NULL DEFAULT 'success',
  calculation_notes TEXT,
  data_quality_score DECIMAL(3,2),
  sample_size INTEGER,
  confidence_interval NUMRANGE,
  dimensions JSONB,
  metadata JSONB,
  ${ORG},
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  ${orgFk('metric_calculations')},
  ${parentFk('metric_calculations', 'metric_id', 'metric_definitions')},
  CONSTRAINT valid_dimensions CHECK (jsonb_typeof(dimensions) = 'object'),
  CONSTRAINT valid_metadata CHECK (jsonb_typeof(metadata) = 'object'),
  CONSTRAINT valid_period CHECK (period_start <= period_end),
  CONSTRAINT valid_percentile_rank CHECK (percentile_rank BETWEEN 0 AND 100),
  CONSTRAINT valid_data_quality_score CHECK (data_quality_score BETWEEN 0 AND 1),
  CONSTRAINT valid_sample_size CHECK (sample_size >= 0),
  ${finite('metric_calculations', 'metric_value')},
  ${finite('metric_calculations', 'previous_value')},
  ${finite('metric_calculations', 'change_percentage')},
  ${finite('metric_calculations', 'target_value')},
  ${finite('metric_calculations', 'variance_from_target')},
  CONSTRAINT metric_calculations_period_unit_key
    UNIQUE NULLS NOT DISTINCT (metric_id, period_start, period_end, aggregation_level, aggregation_id)
)`,
  `CREATE INDEX idx_metric_calculations_lookup ON metric_calculations (metric_id, period_end DESC, aggregation_level, aggregation_id)`,
  `CREATE INDEX idx_metric_calculations_recent ON metric_calculations (calculation_timestamp DESC)`,
  `CREATE INDEX idx_metric_calculations_period ON metric_calculations (metric_id, period_start, period_end)`,
  `CREATE TABLE metric_snapshots (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  snapshot_date DATE NOT NULL,
  snapshot_type snapshot_type NOT NULL,
  metric_id UUID NOT NULL,
  aggregation_level TEXT NOT NULL,
  aggregation_id UUID,
  metric_value DECIMAL(15,4) NOT NULL,
  min_value DECIMAL(15,4),
  max_value DECIMAL(15,4),
  avg_value DECIMAL(15,4),
  std_deviation DECIMAL(15,4),
  sample_count INTEGER,
  percentile_25 DECIMAL(15,4),
  percentile_50 DECIMAL(15,4),
  percentile_75 DECIMAL(15,4),
  percentile_95 DECIMAL(15,4),
  trend metric_trend,
  year_over_year_change DECIMAL(5,2),
  quarter_over_quarter_change DECIMAL(5,2),
  month_over_month_change DECIMAL(5,2),
  ${ORG},
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  ${orgFk('metric_snapshots')},
  ${parentFk('metric_snapshots', 'metric_id', 'metric_definitions')},
  CONSTRAINT valid_sample_count CHECK (sample_count >= 0),
  ${['metric_value', 'min_value', 'max_value', 'avg_value', 'std_deviation', 'percentile_25', 'percentile_50', 'percentile_75', 'percentile_95', 'year_over_year_change', 'quarter_over_quarter_change', 'month_over_month_change'].map((c) => finite('metric_snapshots', c)).join(',\n  ')},
  CONSTRAINT metric_snapshots_period_unit_key
    UNIQUE NULLS NOT DISTINCT (snapshot_date, snapshot_type, metric_id, aggregation_level, aggregation_id)
)`,
  `CREATE INDEX idx_metric_snapshots_date ON metric_snapshots (metric_id, snapshot_date DESC)`,
  `CREATE INDEX idx_metric_snapshots_trend ON metric_snapshots (metric_id, trend) WHERE trend IN ('improving', 'declining')`,
  `CREATE TABLE analytics_dashboards (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  dashboard_name TEXT NOT NULL,
  description TEXT,
  dashboard_type dashboard_type NOT NULL DEFAULT 'custom',
  is_default BOOLEAN NOT NULL DEFAULT false,
  is_public BOOLEAN NOT NULL DEFAULT false,
  layout_config JSONB NOT NULL,
  refresh_interval_seconds INTEGER,
  filters_config JSONB,
  theme TEXT NOT NULL DEFAULT 'light',
  tags TEXT[],
  owner_id UUID,
  ${ORG},
  ${AUDIT},
  deleted_at TIMESTAMPTZ,
  deleted_by UUID,
  version INTEGER NOT NULL DEFAULT 1,
  ${orgFk('analytics_dashboards')},
  ${userFk('analytics_dashboards', 'owner_id')},
  ${userFk('analytics_dashboards', 'created_by')},
  ${userFk('analytics_dashboards', 'updated_by')},
  ${userFk('analytics_dashboards', 'deleted_by')},
  CONSTRAINT valid_layout CHECK (jsonb_typeof(layout_config) = 'object'),
  CONSTRAINT valid_filters CHECK (jsonb_typeof(filters_config) = 'object'),
  CONSTRAINT valid_refresh_interval CHECK (refresh_interval_seconds > 0),
  CONSTRAINT valid_dashboard_version CHECK (version >= 1),
  CONSTRAINT analytics_dashboards_dashboard_name_owner_key
    UNIQUE NULLS NOT DISTINCT (dashboard_name, owner_id, organization_id),
  CONSTRAINT analytics_dashboards_organization_id_id_key UNIQUE (organization_id, id)
)`,
  `CREATE INDEX idx_dashboards_owner ON analytics_dashboards (owner_id, is_public) WHERE deleted_at IS NULL`,
  `CREATE UNIQUE INDEX idx_dashboards_one_default ON analytics_dashboards (organization_id, dashboard_type) WHERE is_default AND deleted_at IS NULL`,
  `CREATE TABLE dashboard_widgets (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  dashboard_id UUID NOT NULL,
  widget_name TEXT NOT NULL,
  widget_type widget_type NOT NULL,
  position JSONB NOT NULL,
  metric_ids UUID[],
  visualization_config JSONB NOT NULL,
  data_config JSONB,
  interaction_config JSONB,
  refresh_interval_override INTEGER,
  is_visible BOOLEAN NOT NULL DEFAULT true,
  ${ORG},
  ${AUDIT},
  ${orgFk('dashboard_widgets')},
  ${parentFk('dashboard_widgets', 'dashboard_id', 'analytics_dashboards')},
  ${userFk('dashboard_widgets', 'created_by')},
  ${userFk('dashboard_widgets', 'updated_by')},
  CONSTRAINT valid_position CHECK (jsonb_typeof(position) = 'object'),
  CONSTRAINT valid_viz_config CHECK (jsonb_typeof(visualization_config) = 'object'),
  CONSTRAINT valid_data_config CHECK (jsonb_typeof(data_config) = 'object'),
  CONSTRAINT valid_interaction CHECK (jsonb_typeof(interaction_config) = 'object'),
  CONSTRAINT valid_refresh_interval_override CHECK (refresh_interval_override > 0)
)`,
  `CREATE INDEX idx_dashboard_widgets_dashboard ON dashboard_widgets (dashboard_id, is_visible)`,
  `CREATE TABLE dashboard_sharing (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  dashboard_id UUID NOT NULL,
  shared_with_type shared_with_type NOT NULL,
  shared_with_id UUID,
  permission_level permission_level NOT NULL DEFAULT 'view',
  shared_by UUID,
  shared_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  expires_at TIMESTAMPTZ,
  ${ORG},
  ${orgFk('dashboard_sharing')},
  ${parentFk('dashboard_sharing', 'dashboard_id', 'analytics_dashboards')},
  ${userFk('dashboard_sharing', 'shared_by')},
  CONSTRAINT valid_shared_with CHECK ((shared_with_type = 'everyone') = (shared_with_id IS NULL)),
  CONSTRAINT dashboard_sharing_grantee_key
    UNIQUE NULLS NOT DISTINCT (dashboard_id, shared_with_type, shared_with_id)
)`,
  `CREATE INDEX idx_dashboard_sharing_user ON dashboard_sharing (shared_with_type, shared_with_id)`,
  `CREATE TABLE metric_alerts (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  alert_name TEXT NOT NULL,
  metric_id UUID NOT NULL,
  alert_type alert_type NOT NULL,
  condition_config JSONB NOT NULL,
  severity alert_severity NOT NULL DEFAULT 'warning',
  is_active BOOLEAN NOT NULL DEFAULT true,
  check_frequency_minutes INTEGER NOT NULL DEFAULT 60,
  cooldown_minutes INTEGER NOT NULL DEFAULT 60,
  notification_channels TEXT[],
  recipient_users UUID[],
  recipient_roles UUID[],
  escalation_config JSONB,
  auto_resolve BOOLEAN NOT NULL DEFAULT true,
  last_triggered TIMESTAMPTZ,
  trigger_count INTEGER NOT NULL DEFAULT 0,
  ${ORG},
  ${AUDIT},
  ${orgFk('metric_alerts')},
  ${parentFk('metric_alerts', 'metric_id', 'metric_definitions')},
  ${userFk('metric_alerts', 'created_by')},
  ${userFk('metric_alerts', 'updated_by')},
  CONSTRAINT valid_condition CHECK (jsonb_typeof(condition_config) = 'object'),
  CONSTRAINT valid_escalation CHECK (jsonb_typeof(escalation_config) = 'object'),
  CONSTRAINT valid_check_frequency CHECK (check_frequency_minutes > 0),
  CONSTRAINT valid_cooldown CHECK (cooldown_minutes >= 0),
  CONSTRAINT valid_trigger_count CHECK (trigger_count >= 0),
  CONSTRAINT metric_alerts_organization_id_id_key UNIQUE (organization_id, id)
)`,
  `CREATE INDEX idx_metric_alerts_active ON metric_alerts (metric_id, is_active)`,
  `CREATE TABLE metric_alert_history (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  alert_id UUID NOT NULL,
  triggered_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  metric_value DECIMAL(15,4),
  threshold_value DECIMAL(15,4),
  condition_details JSONB,
  severity_at_trigger alert_severity,
  notifications_sent INTEGER NOT NULL DEFAULT 0,
  acknowledged_by UUID,
  acknowledged_at TIMESTAMPTZ,
  resolution_notes TEXT,
  auto_resolved BOOLEAN NOT NULL DEFAULT false,
  resolved_at TIMESTAMPTZ,
  ${ORG},
  ${orgFk('metric_alert_history')},
  ${parentFk('metric_alert_history', 'alert_id', 'metric_alerts')},
  ${userFk('metric_alert_history', 'acknowledged_by')},
  CONSTRAINT valid_condition_details CHECK (jsonb_typeof(condition_details) = 'object'),
  CONSTRAINT valid_notifications_sent CHECK (notifications_sent >= 0),
  ${finite('metric_alert_history', 'metric_value')},
  ${finite('metric_alert_history', 'threshold_value')}
)`,
  `CREATE INDEX idx_alert_history_recent ON metric_alert_history (alert_id, triggered_at DESC)`,
  `CREATE INDEX idx_alert_history_unack ON metric_alert_history (acknowledged_at) WHERE acknowledged_at IS NULL`,
];

/** Tables in creation order; dropped in reverse. */
export const TABLES_IN_ORDER = [
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
] as const;

export async function up(db: AnyKysely): Promise<void> {
  for (const statement of UP_STATEMENTS) await sql.raw(statement).execute(db);
}

export async function down(db: AnyKysely): Promise<void> {
  for (const table of [...TABLES_IN_ORDER].reverse())
    await sql.raw(`DROP TABLE IF EXISTS ${table}`).execute(db);
  for (const name of Object.keys(PG_ENUM_TYPES).reverse())
    await sql.raw(`DROP TYPE IF EXISTS ${name}`).execute(db);
}
