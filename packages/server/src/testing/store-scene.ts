/**
 * Test helper (not exported by the package): a fresh set of rows to aim one store write at — a
 * private metric owned by `users[0]`, a public input metric, an edge between them, a dashboard of
 * `users[0]` whose visible widget shows the metric, grants of that dashboard (admin to `users[1]`,
 * edit to `users[2]`, view to `users[3]`), an alert rule on the metric with one trigger, a
 * calculation and a snapshot. The write-permission matrix and the fault-injection test make one
 * per call, so that every call starts from the same state.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '@arion-metrics/core';
import type { Kysely } from 'kysely';
import type { MetricInput } from '../store/metric-repository';
import { writeMetricSettings } from '../store/metric-settings';
import { openStore, type Store } from '../store/open-store';
import type { Principal } from '../store/principal';
import type { TestOrganization } from '../store/test-organization';

/** Who acts on a scene, as the matrix names them. */
export const ACTORS = ['owner', 'admin', 'edit', 'view', 'no grant', 'other organization'] as const;
/** One of {@link ACTORS}. */
export type Actor = (typeof ACTORS)[number];

/** The ids of one scene. */
export interface Scene {
  readonly metric: string;
  readonly input: string;
  readonly edge: string;
  readonly dashboard: string;
  readonly widget: string;
  /** The dashboard's admin grant (to `users[1]`). */
  readonly grant: string;
  readonly alert: string;
  readonly history: string;
}

/** The metric fields every scene metric shares (30 days' retention: the scene's values have expired). */
export const SCENE_METRIC = {
  display_name: 'Scene metric',
  retention_days: 30,
  metric_category: 'risk',
  metric_type: 'count',
  calculation_method: 'manual',
  data_sources: { tables: [] },
  direction: 'lower_better',
} as const satisfies Omit<MetricInput, 'metric_name'>;

/**
 * Sets `org` up for scenes: `roles[0]` is a metric admin role, the `metric_owner` approval is
 * required. `org` needs at least five users.
 */
export async function prepareSceneOrganization(db: Kysely<Database>, org: TestOrganization): Promise<void> {
  await writeMetricSettings(db, org.organizationId, {
    required_approvals: ['metric_owner'],
    admin_role_ids: [org.roles[0]!],
  });
}

/**
 * The principal of each actor: the owner of the scene's metric and dashboard (`users[0]`), a
 * metric admin who also holds the dashboard's admin grant (`users[1]`), the edit and view
 * grantees (`users[2]`, `users[3]`: they see the metric through the dashboard's widget but may
 * not change it), a user of the organization with no role and no grant (`users[4]`), and a user
 * of another organization.
 */
export function actorPrincipal(actor: Actor, org: TestOrganization, other: TestOrganization): Principal {
  switch (actor) {
    case 'owner':
      return org.principal(0);
    case 'admin':
      return org.principal(1, { roles: [0] });
    case 'edit':
      return org.principal(2);
    case 'view':
      return org.principal(3);
    case 'no grant':
      return org.principal(4);
    case 'other organization':
      return other.principal(0);
  }
}

/** Builds a fresh scene in `org` (see the module comment), through the owner's store. */
export async function buildScene(db: Kysely<Database>, org: TestOrganization): Promise<Scene> {
  const owner: Store = openStore(db, org.principal(0));
  const tag = randomUUID().slice(0, 8);
  const metric = await owner.metrics.create({ ...SCENE_METRIC, metric_name: `scene_${tag}` });
  const input = await owner.metrics.create({
    ...SCENE_METRIC,
    metric_name: `scene_input_${tag}`,
    is_public: true,
  });
  const edge = await owner.relationships.add({
    parent_metric_id: metric.id,
    child_metric_id: input.id,
    relationship_type: 'contributes_to',
  });
  const dashboard = await owner.dashboards.create({ dashboard_name: `Scene ${tag}` });
  const widget = await owner.widgets.create(dashboard.id, {
    widget_name: 'Scene card',
    widget_type: 'metric_card',
    position: { x: 0, y: 0, w: 3, h: 2 },
    metric_ids: [metric.id],
  });
  const grants: string[] = [];
  for (const [user, level] of [
    [1, 'admin'],
    [2, 'edit'],
    [3, 'view'],
  ] as const) {
    const { id } = await owner.sharing.grant(dashboard.id, {
      shared_with_type: 'user',
      shared_with_id: org.users[user]!,
      permission_level: level,
    });
    grants.push(id);
  }
  const alert = await owner.alerts.create({
    alert_name: 'Scene alert',
    metric_id: metric.id,
    alert_type: 'threshold',
    condition_config: { type: 'threshold', operator: '>', value: 10 },
  });
  const { history } = await owner.alerts.recordTrigger(alert.id, { metric_value: 11 });
  await owner.calculations.upsert([
    {
      metric_id: metric.id,
      period_start: '2025-01-01T00:00:00Z',
      period_end: '2025-01-02T00:00:00Z',
      aggregation_level: 'org',
      metric_value: 1,
    },
  ]);
  await owner.snapshots.upsert([
    {
      snapshot_date: '2025-01-01',
      snapshot_type: 'daily',
      metric_id: metric.id,
      aggregation_level: 'org',
      metric_value: 1,
    },
  ]);
  return {
    metric: metric.id,
    input: input.id,
    edge: edge.id,
    dashboard: dashboard.id,
    widget: widget.id,
    grant: grants[0]!,
    alert: alert.id,
    history: history.id,
  };
}

/** The organization's tables a store write can change. */
export const STORE_TABLES = [
  'metric_definitions',
  'metric_definition_versions',
  'metric_approvals',
  'metric_relationships',
  'metric_calculations',
  'metric_snapshots',
  'analytics_dashboards',
  'dashboard_widgets',
  'dashboard_sharing',
  'metric_alerts',
  'metric_alert_history',
] as const;
