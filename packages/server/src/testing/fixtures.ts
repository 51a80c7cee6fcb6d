/**
 * Minimal valid rows for every table, written with plain SQL so that tests of the database
 * layer do not depend on the store. Each `valid*` function returns a row that inserts cleanly
 * given the ids in {@link Tenant}.
 */

import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { AnyKysely } from '../db/any-kysely';

/** Ids of one organization with one user, metric, dashboard and alert. */
export interface Tenant {
  readonly organizationId: string;
  readonly userId: string;
  readonly metricId: string;
  readonly otherMetricId: string;
  readonly dashboardId: string;
  readonly alertId: string;
  /** A history row of `alertId` (set by {@link createTenant}). */
  readonly historyId?: string;
  /** A webhook contact point (set by {@link createTenant}). */
  readonly contactPointId?: string;
}

type Row = Record<string, unknown>;

/** Inserts one row with plain parameters (JSON objects are sent as JSON text). */
export async function insertRow(db: AnyKysely, table: string, row: Row): Promise<void> {
  const columns = Object.keys(row);
  const values = columns.map((c) => {
    const v = row[c];
    return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)
      ? JSON.stringify(v)
      : v;
  });
  await sql`INSERT INTO ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))}) VALUES (${sql.join(values)})`.execute(
    db,
  );
}

/** Version numbers for `metric_definition_versions` rows, unique within a test run. */
let nextVersion = 1;

export const validRows = {
  metric_definitions: (t: Tenant): Row => ({
    metric_name: `metric_${randomUUID().slice(0, 8)}`,
    display_name: 'A metric',
    metric_category: 'compliance',
    metric_type: 'percentage',
    calculation_method: 'manual',
    data_sources: { tables: ['controls'] },
    direction: 'higher_better',
    organization_id: t.organizationId,
  }),
  metric_relationships: (t: Tenant): Row => ({
    parent_metric_id: t.metricId,
    child_metric_id: t.otherMetricId,
    relationship_type: 'contributes_to',
    organization_id: t.organizationId,
  }),
  metric_calculations: (t: Tenant): Row => ({
    metric_id: t.metricId,
    calculation_timestamp: new Date('2026-01-02T00:00:00Z'),
    period_start: new Date(`2026-01-01T00:00:00Z`),
    period_end: new Date(`2026-01-02T00:00:00Z`),
    aggregation_level: 'org',
    metric_value: 1,
    organization_id: t.organizationId,
  }),
  metric_snapshots: (t: Tenant): Row => ({
    snapshot_date: '2026-01-01',
    snapshot_type: 'daily',
    metric_id: t.metricId,
    aggregation_level: 'org',
    metric_value: 1,
    organization_id: t.organizationId,
  }),
  analytics_dashboards: (t: Tenant): Row => ({
    dashboard_name: `dashboard_${randomUUID().slice(0, 8)}`,
    layout_config: { columns: 12 },
    organization_id: t.organizationId,
  }),
  dashboard_widgets: (t: Tenant): Row => ({
    dashboard_id: t.dashboardId,
    widget_name: 'w',
    widget_type: 'metric_card',
    position: { x: 0, y: 0, w: 3, h: 2 },
    visualization_config: {},
    organization_id: t.organizationId,
  }),
  dashboard_sharing: (t: Tenant): Row => ({
    dashboard_id: t.dashboardId,
    shared_with_type: 'user',
    shared_with_id: t.userId,
    organization_id: t.organizationId,
  }),
  metric_alerts: (t: Tenant): Row => ({
    alert_name: 'a',
    metric_id: t.metricId,
    alert_type: 'threshold',
    condition_config: {},
    organization_id: t.organizationId,
  }),
  metric_alert_history: (t: Tenant): Row => ({ alert_id: t.alertId, organization_id: t.organizationId }),
  alert_states: (t: Tenant): Row => ({
    organization_id: t.organizationId,
    alert_id: t.alertId,
    status: 'normal',
    state: {},
  }),
  contact_points: (t: Tenant): Row => ({
    organization_id: t.organizationId,
    channel: 'webhook',
    name: `cp-${randomUUID()}`,
    url: 'https://example.com/hook',
    secret: '0123456789abcdef',
  }),
  notification_deliveries: (t: Tenant): Row => ({
    organization_id: t.organizationId,
    idempotency_key: randomUUID(),
    history_id: t.historyId,
    contact_point_id: t.contactPointId,
    kind: 'firing',
    payload: {},
  }),
  metric_definition_versions: (t: Tenant): Row => ({
    metric_id: t.metricId,
    version: nextVersion++,
    definition: { metric_name: 'a_metric' },
    organization_id: t.organizationId,
  }),
  metric_approvals: (t: Tenant): Row => ({
    metric_id: t.metricId,
    definition_version: 1,
    approval_type: 'metric_owner',
    decision: 'approved',
    organization_id: t.organizationId,
  }),
  organizations: (): Row => ({ name: 'Org', slug: `org-${randomUUID()}` }),
  users: (t: Tenant): Row => ({ organization_id: t.organizationId, email: `${randomUUID()}@example.com` }),
  roles: (t: Tenant): Row => ({ organization_id: t.organizationId, role_name: `role-${randomUUID()}` }),
  departments: (t: Tenant): Row => ({
    organization_id: t.organizationId,
    department_name: `dept-${randomUUID()}`,
  }),
} satisfies Record<string, (t: Tenant) => Row>;

/** Creates an organization with a user, two metrics, a dashboard and an alert. */
export async function createTenant(db: AnyKysely): Promise<Tenant> {
  const organizationId = randomUUID();
  const userId = randomUUID();
  const metricId = randomUUID();
  const otherMetricId = randomUUID();
  const dashboardId = randomUUID();
  const alertId = randomUUID();
  const partial = { organizationId, userId, metricId, otherMetricId, dashboardId, alertId };
  await insertRow(db, 'organizations', { id: organizationId, ...validRows.organizations() });
  await insertRow(db, 'users', { id: userId, ...validRows.users(partial) });
  await insertRow(db, 'metric_definitions', { id: metricId, ...validRows.metric_definitions(partial) });
  await insertRow(db, 'metric_definitions', { id: otherMetricId, ...validRows.metric_definitions(partial) });
  await insertRow(db, 'analytics_dashboards', {
    id: dashboardId,
    ...validRows.analytics_dashboards(partial),
  });
  await insertRow(db, 'metric_alerts', { id: alertId, ...validRows.metric_alerts(partial) });
  const historyId = randomUUID();
  const contactPointId = randomUUID();
  await insertRow(db, 'metric_alert_history', { id: historyId, ...validRows.metric_alert_history(partial) });
  await insertRow(db, 'contact_points', { id: contactPointId, ...validRows.contact_points(partial) });
  return { ...partial, historyId, contactPointId };
}
