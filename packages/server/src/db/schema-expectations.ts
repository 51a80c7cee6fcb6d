/**
 * What the conformance test expects to find in the migrated catalog. The columns come from core's
 * table descriptors (one line per column: `name type [not null] [default <expr as pg_get_expr
 * prints it>]`), so the hand-written migrations are held against the one description of each
 * table; constraints and indexes are written out here.
 */
import { type ColumnDescriptor, metricSnapshotsTable, TABLE_DESCRIPTORS } from '@arion-metrics/core';

/** The expected-column line of one descriptor column. */
export function expectedColumnLine(name: string, column: ColumnDescriptor): string {
  const notNull = column.nullable ? '' : ' not null';
  const def = column.default === null ? '' : ` default ${column.default}`;
  return `${name} ${column.pgType}${notNull}${def}`;
}

/** Expected columns per table, in table order, from core's descriptors. */
export const EXPECTED_COLUMNS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  TABLE_DESCRIPTORS.map((d) => [
    d.name,
    Object.entries(d.columns as Readonly<Record<string, ColumnDescriptor>>).map(([name, column]) =>
      expectedColumnLine(name, column),
    ),
  ]),
);

/** Parses one expected-column line. */
export function parseExpectedColumn(line: string): {
  name: string;
  type: string;
  notNull: boolean;
  default: string | null;
} {
  const [name, ...rest] = line.split(' ');
  let text = rest.join(' ');
  let def: string | null = null;
  const at = text.indexOf(' default ');
  if (at >= 0) {
    def = text.slice(at + ' default '.length);
    text = text.slice(0, at);
  }
  const notNull = text.endsWith(' not null');
  if (notNull) text = text.slice(0, -' not null'.length);
  return { name: name ?? '', type: text, notNull, default: def };
}

/**
 * Expected CHECK constraints (name -> a fragment its definition must contain), the spec's
 * named ones plus ours (finite numbers, ranges).
 */
export const EXPECTED_CHECKS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  organizations: { valid_settings: "jsonb_typeof(settings) = 'object'" },
  metric_definitions: {
    valid_data_sources: "jsonb_typeof(data_sources) = 'object'",
    valid_parameters: "jsonb_typeof(parameters) = 'object'",
    valid_thresholds: "jsonb_typeof(threshold_config) = 'object'",
    valid_retention_days: 'retention_days > 0',
    valid_definition_version: 'version >= 1',
    valid_time_windows: 'time_windows <@',
    metric_definitions_target_value_finite: "target_value <> 'NaN'",
  },
  metric_relationships: {
    no_self_relationship: 'parent_metric_id <> child_metric_id',
    valid_lag_periods: 'lag_periods >= 0',
    metric_relationships_weight_finite: "weight <> 'NaN'",
  },
  metric_calculations: {
    valid_dimensions: "jsonb_typeof(dimensions) = 'object'",
    valid_metadata: "jsonb_typeof(metadata) = 'object'",
    valid_period: 'period_start <= period_end',
    valid_percentile_rank: 'percentile_rank >= 0',
    valid_data_quality_score: 'data_quality_score >= ',
    valid_sample_size: 'sample_size >= 0',
    metric_calculations_metric_value_finite: "metric_value <> 'NaN'",
    metric_calculations_previous_value_finite: "previous_value <> 'NaN'",
    metric_calculations_change_percentage_finite: "change_percentage <> 'NaN'",
    metric_calculations_target_value_finite: "target_value <> 'NaN'",
    metric_calculations_variance_from_target_finite: "variance_from_target <> 'NaN'",
  },
  metric_snapshots: {
    valid_sample_count: 'sample_count >= 0',
    ...Object.fromEntries(
      Object.entries(metricSnapshotsTable.columns as Readonly<Record<string, ColumnDescriptor>>)
        .filter(([, column]) => column.pgType.startsWith('numeric('))
        .map(([c]) => [`metric_snapshots_${c}_finite`, `${c} <> 'NaN'`]),
    ),
  },
  analytics_dashboards: {
    valid_layout: "jsonb_typeof(layout_config) = 'object'",
    valid_filters: "jsonb_typeof(filters_config) = 'object'",
    valid_refresh_interval: 'refresh_interval_seconds > 0',
    valid_dashboard_version: 'version >= 1',
  },
  dashboard_widgets: {
    valid_position: 'jsonb_typeof("position") = \'object\'',
    valid_viz_config: "jsonb_typeof(visualization_config) = 'object'",
    valid_data_config: "jsonb_typeof(data_config) = 'object'",
    valid_interaction: "jsonb_typeof(interaction_config) = 'object'",
    valid_refresh_interval_override: 'refresh_interval_override > 0',
  },
  dashboard_sharing: { valid_shared_with: "shared_with_type = 'everyone'" },
  metric_alerts: {
    valid_condition: "jsonb_typeof(condition_config) = 'object'",
    valid_escalation: "jsonb_typeof(escalation_config) = 'object'",
    valid_check_frequency: 'check_frequency_minutes > 0',
    valid_cooldown: 'cooldown_minutes >= 0',
    valid_trigger_count: 'trigger_count >= 0',
  },
  metric_alert_history: {
    valid_condition_details: "jsonb_typeof(condition_details) = 'object'",
    valid_notifications_sent: 'notifications_sent >= 0',
    metric_alert_history_metric_value_finite: "metric_value <> 'NaN'",
    metric_alert_history_threshold_value_finite: "threshold_value <> 'NaN'",
  },
  metric_definition_versions: {
    valid_version_number: 'version >= 1',
    valid_version_definition: "jsonb_typeof(definition) = 'object'",
    valid_version_changes: "jsonb_typeof(changes) = 'object'",
  },
  metric_approvals: {
    valid_approval_type:
      "approval_type = ANY (ARRAY['metric_owner'::text, 'calculation_methodology'::text, 'data_sources'::text, 'business_alignment'::text])",
    valid_approval_decision: "decision = ANY (ARRAY['approved'::text, 'rejected'::text])",
    valid_approval_version: 'definition_version >= 1',
    rejection_has_reason: "decision <> 'rejected'::text",
  },
  alert_states: {
    valid_alert_state_status: "status = ANY (ARRAY['normal'::text, 'pending'::text",
    valid_alert_state: "jsonb_typeof(state) = 'object'",
  },
  contact_points: {
    valid_contact_point_channel: "channel = 'webhook'::text",
    valid_contact_point_secret: 'length(secret) >= 16',
  },
  notification_deliveries: {
    valid_delivery_status: "status = ANY (ARRAY['pending'::text, 'delivered'::text, 'dead'::text])",
    valid_delivery_attempts: 'attempts >= 0',
    valid_delivery_payload: "jsonb_typeof(payload) = 'object'",
  },
};

/** Expected UNIQUE constraints: name -> columns (NULLS NOT DISTINCT where marked). */
export const EXPECTED_UNIQUES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  organizations: {
    organizations_slug_key: 'UNIQUE (slug)',
    organizations_external_id_key: 'UNIQUE (external_id)',
  },
  users: {
    users_organization_id_email_key: 'UNIQUE (organization_id, email)',
    users_organization_id_id_key: 'UNIQUE (organization_id, id)',
    users_organization_id_external_id_key: 'UNIQUE (organization_id, external_id)',
  },
  roles: {
    roles_organization_id_role_name_key: 'UNIQUE (organization_id, role_name)',
    roles_organization_id_id_key: 'UNIQUE (organization_id, id)',
    roles_organization_id_external_id_key: 'UNIQUE (organization_id, external_id)',
  },
  departments: {
    departments_organization_id_department_name_key: 'UNIQUE (organization_id, department_name)',
    departments_organization_id_id_key: 'UNIQUE (organization_id, id)',
    departments_organization_id_external_id_key: 'UNIQUE (organization_id, external_id)',
  },
  metric_definitions: {
    metric_definitions_metric_name_organization_id_key: 'UNIQUE (metric_name, organization_id)',
    metric_definitions_organization_id_id_key: 'UNIQUE (organization_id, id)',
  },
  metric_relationships: {
    metric_relationships_parent_metric_id_child_metric_id_key: 'UNIQUE (parent_metric_id, child_metric_id)',
  },
  metric_calculations: {
    metric_calculations_period_unit_key:
      'UNIQUE NULLS NOT DISTINCT (metric_id, period_start, period_end, aggregation_level, aggregation_id)',
  },
  metric_snapshots: {
    metric_snapshots_period_unit_key:
      'UNIQUE NULLS NOT DISTINCT (snapshot_date, snapshot_type, metric_id, aggregation_level, aggregation_id)',
  },
  analytics_dashboards: {
    analytics_dashboards_dashboard_name_owner_key:
      'UNIQUE NULLS NOT DISTINCT (dashboard_name, owner_id, organization_id)',
    analytics_dashboards_organization_id_id_key: 'UNIQUE (organization_id, id)',
  },
  dashboard_sharing: {
    dashboard_sharing_grantee_key:
      'UNIQUE NULLS NOT DISTINCT (dashboard_id, shared_with_type, shared_with_id)',
  },
  metric_alerts: { metric_alerts_organization_id_id_key: 'UNIQUE (organization_id, id)' },
  metric_definition_versions: {
    metric_definition_versions_metric_id_version_key: 'UNIQUE (metric_id, version)',
  },
  metric_alert_history: { metric_alert_history_organization_id_id_key: 'UNIQUE (organization_id, id)' },
  alert_states: {
    alert_states_unit_key: 'UNIQUE NULLS NOT DISTINCT (alert_id, aggregation_level, aggregation_id)',
  },
  contact_points: {
    contact_points_organization_id_name_key: 'UNIQUE (organization_id, name)',
    contact_points_organization_id_id_key: 'UNIQUE (organization_id, id)',
  },
  notification_deliveries: {
    notification_deliveries_idempotency_key: 'UNIQUE (organization_id, idempotency_key)',
  },
};

/**
 * Expected foreign keys: `table.column` -> `referenced_table ON DELETE rule`. Every FK except
 * the organization one is composite with organization_id (tenant-safe), which the test checks.
 */
export const EXPECTED_FOREIGN_KEYS: Readonly<Record<string, string>> = {
  'users.organization_id': 'organizations CASCADE',
  'roles.organization_id': 'organizations CASCADE',
  'departments.organization_id': 'organizations CASCADE',
  'departments.parent_department_id': 'departments SET NULL',
  ...Object.fromEntries(
    [
      'metric_definitions',
      'metric_relationships',
      'metric_calculations',
      'metric_snapshots',
      'analytics_dashboards',
      'dashboard_widgets',
      'dashboard_sharing',
      'metric_alerts',
      'metric_alert_history',
      'metric_definition_versions',
      'metric_approvals',
      'alert_states',
      'contact_points',
      'notification_deliveries',
    ].map((t) => [`${t}.organization_id`, 'organizations CASCADE']),
  ),
  'metric_definitions.owner_id': 'users NO ACTION',
  'metric_definitions.created_by': 'users NO ACTION',
  'metric_definitions.updated_by': 'users NO ACTION',
  'metric_definitions.deleted_by': 'users NO ACTION',
  'metric_relationships.parent_metric_id': 'metric_definitions CASCADE',
  'metric_relationships.child_metric_id': 'metric_definitions CASCADE',
  'metric_calculations.metric_id': 'metric_definitions CASCADE',
  'metric_snapshots.metric_id': 'metric_definitions CASCADE',
  'analytics_dashboards.owner_id': 'users NO ACTION',
  'analytics_dashboards.created_by': 'users NO ACTION',
  'analytics_dashboards.updated_by': 'users NO ACTION',
  'analytics_dashboards.deleted_by': 'users NO ACTION',
  'dashboard_widgets.dashboard_id': 'analytics_dashboards CASCADE',
  'dashboard_widgets.created_by': 'users NO ACTION',
  'dashboard_widgets.updated_by': 'users NO ACTION',
  'dashboard_sharing.dashboard_id': 'analytics_dashboards CASCADE',
  'dashboard_sharing.shared_by': 'users NO ACTION',
  'metric_alerts.metric_id': 'metric_definitions CASCADE',
  'metric_alerts.created_by': 'users NO ACTION',
  'metric_alerts.updated_by': 'users NO ACTION',
  'metric_alert_history.alert_id': 'metric_alerts CASCADE',
  'metric_alert_history.acknowledged_by': 'users NO ACTION',
  'metric_alert_history.resolved_by': 'users NO ACTION',
  'metric_definition_versions.metric_id': 'metric_definitions CASCADE',
  'metric_definition_versions.changed_by': 'users NO ACTION',
  'metric_approvals.metric_id': 'metric_definitions CASCADE',
  'metric_approvals.decided_by': 'users NO ACTION',
  'alert_states.alert_id': 'metric_alerts CASCADE',
  'alert_states.updated_by': 'users NO ACTION',
  'contact_points.created_by': 'users NO ACTION',
  'contact_points.updated_by': 'users NO ACTION',
  'notification_deliveries.history_id': 'metric_alert_history CASCADE',
  'notification_deliveries.contact_point_id': 'contact_points CASCADE',
  'notification_deliveries.created_by': 'users NO ACTION',
};

/** Expected indexes of the spec (and ours): name -> [columns, predicate fragment or null, unique]. */
export const EXPECTED_INDEXES: Readonly<
  Record<string, readonly [table: string, columns: string, predicate: string | null, unique?: boolean]>
> = {
  idx_metric_definitions_active: ['metric_definitions', 'organization_id,is_active,metric_category', null],
  idx_metric_definitions_category: ['metric_definitions', 'metric_category,is_active', 'deleted_at IS NULL'],
  idx_metric_relationships_child: ['metric_relationships', 'child_metric_id', null],
  idx_metric_calculations_lookup: [
    'metric_calculations',
    'metric_id,period_end DESC,aggregation_level,aggregation_id',
    null,
  ],
  idx_metric_calculations_recent: ['metric_calculations', 'calculation_timestamp DESC', null],
  idx_metric_calculations_period: ['metric_calculations', 'metric_id,period_start,period_end', null],
  idx_metric_snapshots_date: ['metric_snapshots', 'metric_id,snapshot_date DESC', null],
  idx_metric_snapshots_trend: [
    'metric_snapshots',
    'metric_id,trend',
    "'improving'::metric_trend, 'declining'::metric_trend",
  ],
  idx_dashboards_owner: ['analytics_dashboards', 'owner_id,is_public', 'deleted_at IS NULL'],
  idx_dashboards_one_default: [
    'analytics_dashboards',
    'organization_id,dashboard_type',
    '(is_default AND (deleted_at IS NULL))',
    true,
  ],
  idx_dashboard_widgets_dashboard: ['dashboard_widgets', 'dashboard_id,is_visible', null],
  idx_dashboard_sharing_user: ['dashboard_sharing', 'shared_with_type,shared_with_id', null],
  idx_metric_alerts_active: ['metric_alerts', 'metric_id,is_active', null],
  idx_alert_history_recent: ['metric_alert_history', 'alert_id,triggered_at DESC', null],
  idx_alert_history_unack: ['metric_alert_history', 'acknowledged_at', 'acknowledged_at IS NULL'],
  idx_metric_approvals_metric: ['metric_approvals', 'metric_id,definition_version', null],
  idx_metric_approvals_recorded: ['metric_approvals', 'metric_id,recorded_seq', null],
  idx_notification_deliveries_pending: [
    'notification_deliveries',
    'organization_id,created_at',
    "status = 'pending'::text",
  ],
};
