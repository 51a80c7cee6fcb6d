import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTenant, insertRow, type Tenant, validRows } from '../testing/fixtures';
import { TEST_ENGINES, useTestDatabase } from '../testing/test-database';
import type { AnyKysely } from './any-kysely';
import { EXPECTED_CHECKS, EXPECTED_UNIQUES } from './schema-expectations';

type TableName = keyof typeof validRows;
type Patch = (t: Tenant) => Record<string, unknown>;

const nan = (columns: readonly string[]): Record<string, Patch> =>
  Object.fromEntries(columns.map((c) => [c, () => ({ [c]: 'NaN' })]));

/** For every CHECK constraint: the table and a patch to a valid row that breaks only that rule. */
const CHECK_VIOLATIONS: Record<string, [TableName, Patch]> = {
  valid_alert_state_status: ['alert_states', () => ({ status: 'bogus' })],
  valid_alert_state: ['alert_states', () => ({ state: '[]' })],
  valid_contact_point_channel: ['contact_points', () => ({ channel: 'email' })],
  valid_contact_point_secret: ['contact_points', () => ({ secret: 'short' })],
  valid_delivery_status: ['notification_deliveries', () => ({ status: 'sent' })],
  valid_delivery_attempts: ['notification_deliveries', () => ({ attempts: -1 })],
  valid_delivery_payload: ['notification_deliveries', () => ({ payload: '[]' })],
  valid_settings: ['organizations', () => ({ settings: '[1]' })],
  valid_data_sources: ['metric_definitions', () => ({ data_sources: '["controls"]' })],
  valid_parameters: ['metric_definitions', () => ({ parameters: '"x"' })],
  valid_thresholds: ['metric_definitions', () => ({ threshold_config: '[]' })],
  valid_retention_days: ['metric_definitions', () => ({ retention_days: 0 })],
  valid_definition_version: ['metric_definitions', () => ({ version: 0 })],
  valid_time_windows: ['metric_definitions', () => ({ time_windows: ['daily', 'hourly'] })],
  metric_definitions_target_value_finite: ['metric_definitions', () => ({ target_value: 'NaN' })],
  no_self_relationship: ['metric_relationships', (t) => ({ child_metric_id: t.metricId })],
  valid_lag_periods: ['metric_relationships', () => ({ lag_periods: -1 })],
  metric_relationships_weight_finite: ['metric_relationships', () => ({ weight: 'NaN' })],
  valid_dimensions: ['metric_calculations', () => ({ dimensions: '[]' })],
  valid_metadata: ['metric_calculations', () => ({ metadata: '1' })],
  valid_period: ['metric_calculations', () => ({ period_start: new Date('2026-01-03T00:00:00Z') })],
  valid_percentile_rank: ['metric_calculations', () => ({ percentile_rank: 101 })],
  valid_data_quality_score: ['metric_calculations', () => ({ data_quality_score: 1.5 })],
  valid_sample_size: ['metric_calculations', () => ({ sample_size: -1 })],
  ...Object.fromEntries(
    ['metric_value', 'previous_value', 'change_percentage', 'target_value', 'variance_from_target'].map(
      (c) => [
        `metric_calculations_${c}_finite`,
        ['metric_calculations', () => ({ [c]: 'NaN' })] as [TableName, Patch],
      ],
    ),
  ),
  valid_sample_count: ['metric_snapshots', () => ({ sample_count: -1 })],
  ...Object.fromEntries(
    Object.keys(EXPECTED_CHECKS.metric_snapshots ?? {})
      .filter((name) => name.endsWith('_finite'))
      .map((name) => [
        name,
        [
          'metric_snapshots',
          nan([name.replace(/^metric_snapshots_|_finite$/g, '')])[
            name.replace(/^metric_snapshots_|_finite$/g, '')
          ],
        ] as [TableName, Patch],
      ]),
  ),
  valid_layout: ['analytics_dashboards', () => ({ layout_config: '[]' })],
  valid_filters: ['analytics_dashboards', () => ({ filters_config: '"all"' })],
  valid_refresh_interval: ['analytics_dashboards', () => ({ refresh_interval_seconds: 0 })],
  valid_dashboard_version: ['analytics_dashboards', () => ({ version: 0 })],
  valid_position: ['dashboard_widgets', () => ({ position: '[0,0,3,2]' })],
  valid_viz_config: ['dashboard_widgets', () => ({ visualization_config: 'null' })],
  valid_data_config: ['dashboard_widgets', () => ({ data_config: '[]' })],
  valid_interaction: ['dashboard_widgets', () => ({ interaction_config: 'true' })],
  valid_refresh_interval_override: ['dashboard_widgets', () => ({ refresh_interval_override: -5 })],
  valid_shared_with: ['dashboard_sharing', () => ({ shared_with_type: 'everyone' })],
  valid_condition: ['metric_alerts', () => ({ condition_config: '[]' })],
  valid_escalation: ['metric_alerts', () => ({ escalation_config: '[]' })],
  valid_check_frequency: ['metric_alerts', () => ({ check_frequency_minutes: 0 })],
  valid_cooldown: ['metric_alerts', () => ({ cooldown_minutes: -1 })],
  valid_trigger_count: ['metric_alerts', () => ({ trigger_count: -1 })],
  valid_condition_details: ['metric_alert_history', () => ({ condition_details: '[]' })],
  valid_notifications_sent: ['metric_alert_history', () => ({ notifications_sent: -1 })],
  metric_alert_history_metric_value_finite: ['metric_alert_history', () => ({ metric_value: 'NaN' })],
  metric_alert_history_threshold_value_finite: ['metric_alert_history', () => ({ threshold_value: 'NaN' })],
  valid_version_number: ['metric_definition_versions', () => ({ version: 0 })],
  valid_version_definition: ['metric_definition_versions', () => ({ definition: '[]' })],
  valid_version_changes: ['metric_definition_versions', () => ({ changes: '"x"' })],
  valid_approval_type: ['metric_approvals', () => ({ approval_type: 'owner' })],
  valid_approval_decision: ['metric_approvals', () => ({ decision: 'maybe' })],
  valid_approval_version: ['metric_approvals', () => ({ definition_version: 0 })],
  rejection_has_reason: ['metric_approvals', () => ({ decision: 'rejected', note: '  ' })],
};

/**
 * For every UNIQUE constraint: the table and a patch that, applied to two valid rows, makes them
 * clash. The `(organization_id, id)` keys exist only as targets of the tenant-composite foreign
 * keys; the primary key on `id` makes them impossible to violate on their own.
 */
const UNIQUE_VIOLATIONS: Record<string, [TableName, Patch]> = {
  alert_states_unit_key: ['alert_states', () => ({ aggregation_level: 'unique-check' })],
  contact_points_organization_id_name_key: ['contact_points', () => ({ name: 'same' })],
  notification_deliveries_idempotency_key: [
    'notification_deliveries',
    () => ({ idempotency_key: 'same-key' }),
  ],
  organizations_slug_key: ['organizations', () => ({ slug: 'same-slug' })],
  users_organization_id_email_key: ['users', () => ({ email: 'same@example.com' })],
  roles_organization_id_role_name_key: ['roles', () => ({ role_name: 'auditor' })],
  departments_organization_id_department_name_key: ['departments', () => ({ department_name: 'Finance' })],
  // The host's own ids (migration 0006): provisioning upserts by them.
  // Each row gets a fresh slug / email / name, so that only the external id clashes.
  organizations_external_id_key: [
    'organizations',
    () => ({ external_id: 'same-host-id', slug: `org-${randomUUID()}` }),
  ],
  users_organization_id_external_id_key: [
    'users',
    () => ({ external_id: 'same-host-id', email: `${randomUUID()}@example.com` }),
  ],
  roles_organization_id_external_id_key: [
    'roles',
    () => ({ external_id: 'same-host-id', role_name: `role-${randomUUID()}` }),
  ],
  departments_organization_id_external_id_key: [
    'departments',
    () => ({ external_id: 'same-host-id', department_name: `department-${randomUUID()}` }),
  ],
  metric_definitions_metric_name_organization_id_key: [
    'metric_definitions',
    () => ({ metric_name: 'same_name' }),
  ],
  metric_relationships_parent_metric_id_child_metric_id_key: ['metric_relationships', () => ({})],
  // aggregation_id is NULL in both rows: NULLS NOT DISTINCT makes them the same key.
  metric_calculations_period_unit_key: ['metric_calculations', () => ({})],
  metric_snapshots_period_unit_key: ['metric_snapshots', () => ({})],
  // owner_id is NULL in both rows.
  analytics_dashboards_dashboard_name_owner_key: ['analytics_dashboards', () => ({ dashboard_name: 'Same' })],
  // shared_with_id is NULL for 'everyone'.
  dashboard_sharing_grantee_key: [
    'dashboard_sharing',
    () => ({ shared_with_type: 'everyone', shared_with_id: null }),
  ],
  metric_definition_versions_metric_id_version_key: [
    'metric_definition_versions',
    () => ({ version: 0x7fff_fff0 }),
  ],
};
const PK_IMPLIED = new Set(
  Object.values(EXPECTED_UNIQUES).flatMap((u) =>
    Object.keys(u).filter((n) => n.endsWith('_organization_id_id_key')),
  ),
);

async function tableFingerprint(db: AnyKysely, table: string): Promise<string> {
  const { rows } = await sql<{ n: number; digest: string | null }>`
    SELECT count(*)::int AS n, md5(string_agg(t::text, '|' ORDER BY t.id)) AS digest FROM ${sql.table(table)} t`.execute(
    db,
  );
  return JSON.stringify(rows[0]);
}

async function expectRejected(
  db: AnyKysely,
  table: string,
  constraint: string,
  write: () => Promise<unknown>,
): Promise<void> {
  const before = await tableFingerprint(db, table);
  const error = await write().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `${constraint} should reject the row`).toBeInstanceOf(Error);
  expect(String((error as Error).message)).toContain(`"${constraint}"`);
  expect(await tableFingerprint(db, table), `${table} unchanged after ${constraint}`).toBe(before);
}

describe.each(TEST_ENGINES)('constraints on %s', (engine) => {
  const t = useTestDatabase(engine);
  let tenant: Tenant;
  beforeAll(async () => {
    tenant = await createTenant(t.db);
  });

  it('covers every CHECK and UNIQUE constraint of the schema', () => {
    const checks = Object.values(EXPECTED_CHECKS).flatMap((c) => Object.keys(c));
    expect(Object.keys(CHECK_VIOLATIONS).sort()).toEqual(checks.sort());
    const uniques = Object.values(EXPECTED_UNIQUES).flatMap((u) => Object.keys(u));
    expect(Object.keys(UNIQUE_VIOLATIONS).sort()).toEqual(uniques.filter((n) => !PK_IMPLIED.has(n)).sort());
  });

  it('accepts the valid base row of every table', async () => {
    for (const [table, valid] of Object.entries(validRows)) {
      const row =
        table === 'metric_relationships'
          ? { ...valid(tenant), relationship_type: 'depends_on' }
          : valid(tenant);
      if (table === 'metric_relationships') {
        // Use fresh metrics so the (parent, child) key stays free for the UNIQUE test.
        const a = await insertMetric(t.db, tenant);
        const b = await insertMetric(t.db, tenant);
        await insertRow(t.db, table, { ...row, parent_metric_id: a, child_metric_id: b });
      } else if (table === 'metric_calculations' || table === 'metric_snapshots') {
        await insertRow(t.db, table, { ...row, aggregation_level: 'base-row-check' });
      } else {
        await insertRow(t.db, table, row);
      }
    }
  });

  it.each(Object.entries(CHECK_VIOLATIONS))(
    'rejects a row breaking %s and leaves the table unchanged',
    async (name, [table, patch]) => {
      const row = { ...validRows[table](tenant), ...patch(tenant) };
      await expectRejected(t.db, table, name, () => insertRow(t.db, table, row));
    },
  );

  it.each(Object.entries(UNIQUE_VIOLATIONS))(
    'rejects a duplicate under %s and leaves the table unchanged',
    async (name, [table, patch]) => {
      let base = validRows[table](tenant);
      if (table === 'metric_relationships') {
        base = {
          ...base,
          parent_metric_id: await insertMetric(t.db, tenant),
          child_metric_id: await insertMetric(t.db, tenant),
        };
      }
      if (table === 'metric_calculations' || table === 'metric_snapshots')
        base = { ...base, aggregation_level: name };
      const row = { ...base, ...patch(tenant) };
      await insertRow(t.db, table, row);
      await expectRejected(t.db, table, name, () => insertRow(t.db, table, { ...base, ...patch(tenant) }));
    },
  );

  it('keeps a multi-statement transaction all-or-nothing when its last statement is rejected', async () => {
    const before = await tableFingerprint(t.db, 'metric_calculations');
    const failure = await t.db
      .transaction()
      .execute(async (trx) => {
        await insertRow(trx, 'metric_calculations', {
          ...validRows.metric_calculations(tenant),
          aggregation_level: 'tx',
        });
        await insertRow(trx, 'metric_calculations', {
          ...validRows.metric_calculations(tenant),
          sample_size: -1,
        });
      })
      .catch((e: unknown) => e);
    expect(String(failure)).toContain('valid_sample_size');
    expect(await tableFingerprint(t.db, 'metric_calculations')).toBe(before);
  });

  it("refuses a reference to another organization's metric through the tenant-composite foreign key", async () => {
    const other = await createTenant(t.db);
    await expectRejected(t.db, 'metric_calculations', 'metric_calculations_metric_id_fkey', () =>
      insertRow(t.db, 'metric_calculations', {
        ...validRows.metric_calculations(tenant),
        metric_id: other.metricId,
      }),
    );
  });
});

async function insertMetric(db: AnyKysely, tenant: Tenant): Promise<string> {
  const id = crypto.randomUUID();
  await insertRow(db, 'metric_definitions', { id, ...validRows.metric_definitions(tenant) });
  return id;
}
