/**
 * The cross-tenant matrix for dashboards, widgets, sharing and alerts: every public method,
 * called by organization A with organization B's ids, finds nothing (NotFound, null, an empty
 * list, or a validation error that does not tell B's ids from ids that exist nowhere) and changes
 * nothing of B. Each case is first run by B itself, so that the ids are known to work.
 */
import type { Database } from '@arion-metrics/core';
import { type Kysely, sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type CrossTenantOutcome,
  crossTenantAttackers,
  expectCrossTenantOutcome,
  settle,
  tenantFingerprint,
} from '../testing/cross-tenant';
import { TEST_ENGINES, useTestDatabase } from '../testing/test-database';
import { openStore, type Store } from './open-store';
import { StoreValidationError } from './store-errors';
import { createTestOrganization, type TestOrganization } from './test-organization';

const TABLES = [
  'analytics_dashboards',
  'dashboard_widgets',
  'dashboard_sharing',
  'metric_alerts',
  'metric_alert_history',
] as const;

/** B's rows in the tables these repositories write, for a before/after comparison. */
const fingerprint = (db: Kysely<Database>, organizationId: string) =>
  tenantFingerprint(db, organizationId, TABLES);

/** B's ids used by the cases. */
interface Ids {
  dashboard: string;
  deletedDashboard: string;
  widget: string;
  alert: string;
  history: string;
  metric: string;
  user: string;
  role: string;
}

/** A method call, the outcome expected for A, and (for B) a check that it works. */
interface Case {
  readonly name: string;
  readonly call: (store: Store, ids: Ids, own: { dashboard: string }) => Promise<unknown>;
  readonly outcome: Exclude<CrossTenantOutcome, 'unchanged'>;
}

const CASES: readonly Case[] = [
  // dashboards
  { name: 'dashboards.get', call: (s, b) => s.dashboards.get(b.dashboard), outcome: 'not-found' },
  {
    name: 'dashboards.list',
    call: async (s) =>
      (await s.dashboards.list({ limit: 500 })).items.filter((d) => d.dashboard_name.startsWith('B ')),
    outcome: 'empty',
  },
  {
    name: 'dashboards.getDefault',
    call: async (s) => {
      const d = await s.dashboards.getDefault('executive');
      return d?.dashboard_name.startsWith('B ') ? d : null;
    },
    outcome: 'null',
  },
  {
    name: 'dashboards.update',
    call: (s, b) => s.dashboards.update(b.dashboard, 1, { description: 'changed' }),
    outcome: 'not-found',
  },
  { name: 'dashboards.delete', call: (s, b) => s.dashboards.delete(b.dashboard), outcome: 'not-found' },
  {
    name: 'dashboards.restore',
    call: (s, b) => s.dashboards.restore(b.deletedDashboard),
    outcome: 'not-found',
  },
  // widgets
  {
    name: 'widgets.create on B dashboard',
    call: (s, b) =>
      s.widgets.create(b.dashboard, {
        widget_name: 'w',
        widget_type: 'metric_card',
        position: { x: 0, y: 0, w: 1, h: 1 },
      }),
    outcome: 'not-found',
  },
  {
    name: 'widgets.create showing a B metric',
    call: (s, b, own) =>
      s.widgets.create(own.dashboard, {
        widget_name: 'w',
        widget_type: 'metric_card',
        position: { x: 0, y: 0, w: 1, h: 1 },
        metric_ids: [b.metric],
      }),
    outcome: 'invalid',
  },
  {
    name: 'widgets.create drilling down to a B dashboard',
    call: (s, b, own) =>
      s.widgets.create(own.dashboard, {
        widget_name: 'w',
        widget_type: 'metric_card',
        position: { x: 0, y: 0, w: 1, h: 1 },
        interaction_config: { click: { action: 'drill_down', dashboardId: b.dashboard } },
      }),
    outcome: 'invalid',
  },
  { name: 'widgets.get', call: (s, b) => s.widgets.get(b.widget), outcome: 'not-found' },
  { name: 'widgets.list', call: (s, b) => s.widgets.list(b.dashboard), outcome: 'not-found' },
  {
    name: 'widgets.update',
    call: (s, b) => s.widgets.update(b.widget, { widget_name: 'changed' }),
    outcome: 'not-found',
  },
  { name: 'widgets.delete', call: (s, b) => s.widgets.delete(b.widget), outcome: 'not-found' },
  // sharing
  {
    name: 'sharing.grant on B dashboard',
    call: (s, b) => s.sharing.grant(b.dashboard, { shared_with_type: 'everyone', permission_level: 'admin' }),
    outcome: 'not-found',
  },
  {
    name: 'sharing.grant to a B user',
    call: (s, b, own) => s.sharing.grant(own.dashboard, { shared_with_type: 'user', shared_with_id: b.user }),
    outcome: 'invalid',
  },
  {
    name: 'sharing.grant to a B role',
    call: (s, b, own) => s.sharing.grant(own.dashboard, { shared_with_type: 'role', shared_with_id: b.role }),
    outcome: 'invalid',
  },
  {
    name: 'sharing.revoke',
    call: (s, b) => s.sharing.revoke(b.dashboard, { shared_with_type: 'everyone' }),
    outcome: 'not-found',
  },
  { name: 'sharing.list', call: (s, b) => s.sharing.list(b.dashboard), outcome: 'not-found' },
  {
    name: 'sharing.effectivePermission',
    call: (s, b) => s.sharing.effectivePermission(b.dashboard),
    outcome: 'null',
  },
  // alerts
  {
    name: 'alerts.create on a B metric',
    call: (s, b) =>
      s.alerts.create({
        alert_name: 'x',
        metric_id: b.metric,
        alert_type: 'threshold',
        condition_config: { type: 'threshold', operator: '>', value: 1 },
      }),
    outcome: 'invalid',
  },
  { name: 'alerts.get', call: (s, b) => s.alerts.get(b.alert), outcome: 'not-found' },
  {
    name: 'alerts.list',
    call: async (s, b) => (await s.alerts.list({ limit: 500 })).filter((a) => a.id === b.alert),
    outcome: 'empty',
  },
  { name: 'alerts.list by metric', call: (s, b) => s.alerts.list({ metricId: b.metric }), outcome: 'empty' },
  {
    name: 'alerts.update',
    call: (s, b) => s.alerts.update(b.alert, { severity: 'info' }),
    outcome: 'not-found',
  },
  { name: 'alerts.recordTrigger', call: (s, b) => s.alerts.recordTrigger(b.alert), outcome: 'not-found' },
  { name: 'alerts.acknowledge', call: (s, b) => s.alerts.acknowledge(b.history), outcome: 'not-found' },
  { name: 'alerts.resolve', call: (s, b) => s.alerts.resolve(b.history), outcome: 'not-found' },
  { name: 'alerts.getHistory', call: (s, b) => s.alerts.getHistory(b.history), outcome: 'not-found' },
  { name: 'alerts.listHistory', call: (s, b) => s.alerts.listHistory(b.alert), outcome: 'not-found' },
  {
    name: 'alerts.listUnacknowledged',
    call: async (s, b) =>
      (await s.alerts.listUnacknowledged({ limit: 500 })).filter((h) => h.alert_id === b.alert),
    outcome: 'empty',
  },
  {
    name: 'alerts.listUnacknowledged of a B alert',
    call: (s, b) => s.alerts.listUnacknowledged({ alertId: b.alert }),
    outcome: 'empty',
  },
  { name: 'alerts.delete', call: (s, b) => s.alerts.delete(b.alert), outcome: 'not-found' },
];

describe.each(TEST_ENGINES)('dashboards, widgets, sharing and alerts across tenants on %s', (engine) => {
  const t = useTestDatabase(engine);
  let a: TestOrganization;
  let b: TestOrganization;
  let ids: Ids;
  let ownDashboard: string;
  /** A's principals: a plain user, and one that claims B's user id, roles and departments. */
  let attackers: ReturnType<typeof crossTenantAttackers>;

  beforeAll(async () => {
    a = await createTestOrganization(t.db, 2);
    b = await createTestOrganization(t.db, 2);
    // B's metric is public and owned by B's user 0, so B's own calls can use it.
    await sql`UPDATE metric_definitions SET is_public = true, owner_id = ${b.users[0]} WHERE id = ${b.metrics[0]}`.execute(
      t.db,
    );
    const bStore = openStore(t.db, b.principal(0));
    const dashboard = await bStore.dashboards.create({
      dashboard_name: 'B main',
      dashboard_type: 'executive',
      is_default: true,
      is_public: true,
    });
    await bStore.sharing.grant(dashboard.id, { shared_with_type: 'everyone', permission_level: 'admin' });
    await bStore.sharing.grant(dashboard.id, {
      shared_with_type: 'role',
      shared_with_id: b.roles[0]!,
      permission_level: 'admin',
    });
    const widget = await bStore.widgets.create(dashboard.id, {
      widget_name: 'B card',
      widget_type: 'metric_card',
      position: { x: 0, y: 0, w: 2, h: 2 },
      metric_ids: [b.metrics[0]!],
    });
    const deleted = await bStore.dashboards.create({ dashboard_name: 'B deleted' });
    await bStore.dashboards.delete(deleted.id);
    const alert = await bStore.alerts.create({
      alert_name: 'B alert',
      metric_id: b.metrics[0]!,
      alert_type: 'threshold',
      condition_config: { type: 'threshold', operator: '>', value: 1 },
    });
    const { history } = await bStore.alerts.recordTrigger(alert.id, { metric_value: 2 });
    ids = {
      dashboard: dashboard.id,
      deletedDashboard: deleted.id,
      widget: widget.id,
      alert: alert.id,
      history: history.id,
      metric: b.metrics[0]!,
      user: b.users[1]!,
      role: b.roles[1]!,
    };
    // A's own dashboard, administered by everyone in A (so that both attackers below may use it).
    const aStore = openStore(t.db, a.principal(0));
    ownDashboard = (await aStore.dashboards.create({ dashboard_name: 'A own' })).id;
    await aStore.sharing.grant(ownDashboard, { shared_with_type: 'everyone', permission_level: 'admin' });
    attackers = crossTenantAttackers(a, b);
  });

  for (const c of CASES) {
    it(`${c.name}: B's data is invisible and unchangeable from A`, async () => {
      const before = await fingerprint(t.db, b.organizationId);
      for (const [who, principal] of attackers) {
        const result = await settle(c.call(openStore(t.db, principal), ids, { dashboard: ownDashboard }));
        // For invalid: the same message as for an id that exists nowhere, nothing about B leaks.
        expectCrossTenantOutcome(result, c.outcome, `${c.name} by ${who}`, /B main|B card|B alert/);
      }
      expect(await fingerprint(t.db, b.organizationId)).toEqual(before);
    });
  }

  it('gives B itself what A was refused (so the ids in the matrix are live)', async () => {
    const bStore = openStore(t.db, b.principal(0));
    await expect(bStore.dashboards.get(ids.dashboard)).resolves.toMatchObject({ permission: 'admin' });
    await expect(bStore.widgets.get(ids.widget)).resolves.toMatchObject({ widget_name: 'B card' });
    await expect(bStore.sharing.list(ids.dashboard)).resolves.toHaveLength(2);
    expect(await bStore.sharing.effectivePermission(ids.dashboard)).toBe('admin');
    await expect(bStore.alerts.get(ids.alert)).resolves.toMatchObject({ trigger_count: 1 });
    await expect(bStore.alerts.getHistory(ids.history)).resolves.toMatchObject({ alert_id: ids.alert });
    expect((await bStore.alerts.listUnacknowledged()).map((h) => h.id)).toEqual([ids.history]);
    expect((await bStore.dashboards.getDefault('executive'))?.id).toBe(ids.dashboard);
    // A user of B with B's role gets admin through the role grant: the grants are live.
    expect(
      await openStore(t.db, b.principal(1, { roles: [0] })).sharing.effectivePermission(ids.dashboard),
    ).toBe('admin');
  });

  it("does not let A's default dashboard clear B's default", async () => {
    const aStore = openStore(t.db, a.principal(0));
    await aStore.dashboards.create({
      dashboard_name: 'A default',
      dashboard_type: 'executive',
      is_default: true,
    });
    const bDefault = await openStore(t.db, b.principal(0)).dashboards.getDefault('executive');
    expect(bDefault?.id).toBe(ids.dashboard);
  });

  it("refuses writes by a principal whose user is not a user of the principal's organization, writing nothing", async () => {
    const impostor = openStore(t.db, {
      organizationId: a.organizationId,
      userId: b.users[0]!,
      roleIds: [],
      departmentIds: [],
    });
    const before = await fingerprint(t.db, a.organizationId);
    for (const write of [
      () => impostor.dashboards.create({ dashboard_name: 'impostor' }),
      () => impostor.dashboards.update(ownDashboard, 1, { description: 'impostor' }),
      () => impostor.sharing.grant(ownDashboard, { shared_with_type: 'role', shared_with_id: a.roles[0]! }),
      () =>
        impostor.widgets.create(ownDashboard, {
          widget_name: 'impostor',
          widget_type: 'metric_card',
          position: { x: 0, y: 0, w: 1, h: 1 },
        }),
    ]) {
      const error = await write().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreValidationError);
      expect((error as StoreValidationError).field).toBe('principal.userId');
    }
    expect(await fingerprint(t.db, a.organizationId)).toEqual(before);
  });
});
