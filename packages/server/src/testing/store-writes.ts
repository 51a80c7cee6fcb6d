/**
 * Test helper (not exported by the package): THE table of every store method that changes data —
 * how to call it on a scene (`store-scene.ts`), what each actor gets (the write-permission matrix),
 * and which lock a test can hold to stop the call part-way (the fault-injection test) — plus the
 * list of every method that changes nothing. Both tests fail on a store method that is in neither,
 * so a new write method cannot be added without its row.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Store } from '../store/open-store';
import type { TestOrganization } from '../store/test-organization';
import { type Actor, SCENE_METRIC, type Scene } from './store-scene';

export type Outcome = 'ok' | 'denied' | 'not-found' | 'invalid';
export type Expected = Readonly<Record<Actor, Outcome>>;

const expected = (
  owner: Outcome,
  admin: Outcome,
  edit: Outcome,
  view: Outcome,
  none: Outcome,
  other: Outcome,
): Expected => ({ owner, admin, edit, view, 'no grant': none, 'other organization': other });

/** Anyone may create in their own organization (the other organization's user creates in its own). */
const ANYONE = expected('ok', 'ok', 'ok', 'ok', 'ok', 'ok');
/** Changing a metric or its values: its owner or a metric admin; seeing it is not enough. */
const METRIC_CHANGE = expected('ok', 'ok', 'denied', 'denied', 'not-found', 'not-found');
/** A new alert rule names its metric in the payload: an invisible one is an invalid field. */
const ALERT_CREATE = expected('ok', 'ok', 'denied', 'denied', 'invalid', 'invalid');
/** Acting on an alert trigger: anyone who can see the metric. */
const METRIC_SEE = expected('ok', 'ok', 'ok', 'ok', 'not-found', 'not-found');
/** The metric_owner approval: its owner only (a metric admin only when it has no owner). */
const METRIC_OWNER = expected('ok', 'denied', 'denied', 'denied', 'not-found', 'not-found');
/** An administrative action of the organization: a metric admin role. */
const ORGANIZATION_ADMIN = expected('denied', 'ok', 'denied', 'denied', 'denied', 'denied');
/** Edit permission on the dashboard. */
const DASHBOARD_EDIT = expected('ok', 'ok', 'ok', 'denied', 'not-found', 'not-found');
/** Admin permission on the dashboard. */
const DASHBOARD_ADMIN = expected('ok', 'ok', 'denied', 'denied', 'not-found', 'not-found');
/** Admin permission held before the deletion; less finds nothing (a deleted dashboard gives nothing). */
const DASHBOARD_RESTORE = expected('ok', 'ok', 'not-found', 'not-found', 'not-found', 'not-found');

/** One write method: how to call it on a scene, and what each actor gets. */
export interface WriteRow {
  /** Run by the owner before the call (e.g. delete what the call restores); returns extra ids. */
  readonly prepare?: Prepare;
  readonly call: Call;
  readonly expected: Expected;
  /** How the fault-injection test stops the call part-way (see {@link Fault}). */
  readonly fault: Fault;
}

/** Where a scene lives: its organization, for ids that are not rows of the scene. */
export interface SceneContext {
  readonly org: TestOrganization;
}
/** Prepares a call (by the owner); returns extra ids for it. */
export type Prepare = (
  owner: Store,
  scene: Scene,
  context: SceneContext,
) => Promise<Readonly<Record<string, string>>>;
/** Calls the method. */
export type Call = (
  store: Store,
  scene: Scene,
  extra: Readonly<Record<string, string>>,
  context: SceneContext,
) => Promise<unknown>;

/**
 * How to stop a call part-way on PostgreSQL: `block` runs in the test's own open transaction and
 * takes a lock the call will wait for — where possible after the call has already written
 * something, so that a rollback has something to undo. `prepare`/`call` replace the row's own
 * when the fault needs another shape of call (several batches, a default to clear); `actor`
 * (default the owner) is one allowed to make the call.
 */
export interface Fault {
  readonly block: (
    holder: pg.Client,
    scene: Scene,
    extra: Readonly<Record<string, string>>,
  ) => Promise<unknown>;
  /** What the call has written when it blocks (for the reader; the test checks it is all undone). */
  readonly blockedAfter: string;
  readonly prepare?: Prepare;
  readonly call?: Call;
  readonly actor?: Actor;
}

/** Holds a SHARE lock on `table`: reads go on, the call's first write into it waits. */
const shareLock = (table: string, blockedAfter: string): Fault => ({
  block: (h) => h.query(`LOCK TABLE ${table} IN SHARE MODE`),
  blockedAfter,
});
/** Locks one row of `table` FOR UPDATE: the call's update, delete or locking read of it waits. */
const rowLock = (table: string, id: (scene: Scene) => string, blockedAfter: string): Fault => ({
  block: (h, x) => h.query(`SELECT 1 FROM ${table} WHERE id = $1 FOR UPDATE`, [id(x)]),
  blockedAfter,
});

const newMetric = (store: Store) =>
  store.metrics.create({
    ...SCENE_METRIC,
    metric_name: `matrix_${randomUUID().slice(0, 8)}`,
    is_public: true,
  });

/** A calculation of the scene metric on day `n` of 2025 (the scene has day 0). */
const calculation = (metric: string, n: number) => ({
  metric_id: metric,
  period_start: new Date(Date.UTC(2025, 0, 1 + n)).toISOString(),
  period_end: new Date(Date.UTC(2025, 0, 2 + n)).toISOString(),
  aggregation_level: 'org',
  metric_value: n,
});
/** A daily snapshot of the scene metric on day `n` of 2025 (the scene has day 0). */
const snapshot = (metric: string, n: number) => ({
  snapshot_date: new Date(Date.UTC(2025, 0, 1 + n)).toISOString().slice(0, 10),
  snapshot_type: 'daily' as const,
  metric_id: metric,
  aggregation_level: 'org',
  metric_value: n,
});

/** Every store method that changes data. */
export const WRITES: Readonly<Record<string, WriteRow>> = {
  'metrics.create': {
    call: (s) => newMetric(s),
    expected: ANYONE,
    fault: shareLock('metric_definition_versions', 'the new metric row'),
  },
  'metrics.update': {
    call: (s, x) => s.metrics.update(x.metric, 1, { description: 'changed' }),
    expected: METRIC_CHANGE,
    fault: shareLock('metric_definition_versions', 'the new version of the metric row'),
  },
  'metrics.delete': {
    call: (s, x) => s.metrics.delete(x.metric),
    expected: METRIC_CHANGE,
    fault: rowLock('metric_definitions', (x) => x.metric, 'nothing (it waits to lock the metric)'),
  },
  'metrics.restore': {
    prepare: async (owner, x) => {
      await owner.metrics.delete(x.metric);
      return {};
    },
    call: (s, x) => s.metrics.restore(x.metric),
    expected: METRIC_CHANGE,
    fault: rowLock('metric_definitions', (x) => x.metric, 'nothing (it waits to lock the metric)'),
  },
  'approvals.approve': {
    call: (s, x) => s.approvals.approve(x.metric, { approval_type: 'metric_owner', version: 1 }),
    expected: METRIC_OWNER,
    fault: shareLock('metric_approvals', 'the lock on the metric row'),
  },
  'approvals.reject': {
    call: (s, x) => s.approvals.reject(x.metric, { approval_type: 'metric_owner', version: 1, reason: 'no' }),
    expected: METRIC_OWNER,
    fault: shareLock('metric_approvals', 'the lock on the metric row'),
  },
  'relationships.add': {
    prepare: async (owner) => ({ child: (await newMetric(owner)).id }),
    call: (s, x, extra) =>
      s.relationships.add({
        parent_metric_id: x.metric,
        child_metric_id: extra.child!,
        relationship_type: 'depends_on',
      }),
    expected: METRIC_CHANGE,
    fault: shareLock('metric_relationships', "the organization's graph lock and the checks"),
  },
  'relationships.remove': {
    call: (s, x) => s.relationships.remove(x.edge),
    expected: METRIC_CHANGE,
    fault: shareLock('metric_relationships', 'the checks'),
  },
  'calculations.upsert': {
    call: (s, x) => s.calculations.upsert([calculation(x.metric, 1)]),
    expected: METRIC_CHANGE,
    fault: {
      // Five rows in batches of two; the test's own uncommitted row holds the last row's key, so
      // the third batch waits for the test's transaction after the first two are written.
      call: (s, x) =>
        s.calculations.upsert(
          [1, 2, 3, 4, 5].map((n) => calculation(x.metric, n)),
          { batchSize: 2 },
        ),
      block: (h, x) =>
        h.query(
          `INSERT INTO metric_calculations (metric_id, calculation_timestamp, period_start, period_end, aggregation_level, metric_value, organization_id)
           SELECT $1, now(), $2, $3, 'org', 0, organization_id FROM metric_definitions WHERE id = $1`,
          [x.metric, calculation(x.metric, 5).period_start, calculation(x.metric, 5).period_end],
        ),
      blockedAfter: 'two of its three batches',
    },
  },
  'snapshots.upsert': {
    call: (s, x) => s.snapshots.upsert([snapshot(x.metric, 1)]),
    expected: METRIC_CHANGE,
    fault: {
      call: (s, x) =>
        s.snapshots.upsert(
          [1, 2, 3, 4, 5].map((n) => snapshot(x.metric, n)),
          { batchSize: 2 },
        ),
      block: (h, x) =>
        h.query(
          `INSERT INTO metric_snapshots (snapshot_date, snapshot_type, metric_id, aggregation_level, metric_value, organization_id)
           SELECT $2, 'daily', $1, 'org', 0, organization_id FROM metric_definitions WHERE id = $1`,
          [x.metric, snapshot(x.metric, 5).snapshot_date],
        ),
      blockedAfter: 'two of its three batches',
    },
  },
  'retention.purge': {
    call: (s) => s.retention.purge(),
    expected: ORGANIZATION_ADMIN,
    fault: {
      actor: 'admin',
      block: (h, x) =>
        h.query('SELECT 1 FROM metric_calculations WHERE metric_id = $1 FOR UPDATE', [x.metric]),
      blockedAfter: 'the batches of the metrics ordered before the scene metric (none holds an expired row)',
    },
  },
  'dashboards.create': {
    call: (s) => s.dashboards.create({ dashboard_name: `Matrix ${randomUUID()}` }),
    expected: ANYONE,
    fault: {
      // A new default clears the old one first; the test's own uncommitted dashboard holds the
      // new one's name, so its insert waits after the old default was cleared.
      prepare: async (owner, x) => {
        await owner.dashboards.update(x.dashboard, 2, { is_default: true });
        return { name: `Fault ${randomUUID()}` };
      },
      call: (s, _x, extra) => s.dashboards.create({ dashboard_name: extra.name!, is_default: true }),
      block: (h, x, extra) =>
        h.query(
          `INSERT INTO analytics_dashboards (dashboard_name, owner_id, layout_config, organization_id)
           SELECT $2, owner_id, '{}'::jsonb, organization_id FROM analytics_dashboards WHERE id = $1`,
          [x.dashboard, extra.name],
        ),
      blockedAfter: 'clearing the previous default',
    },
  },
  'dashboards.update': {
    call: (s, x) => s.dashboards.update(x.dashboard, 2, { theme: 'dark' }),
    expected: DASHBOARD_EDIT,
    fault: {
      // Making the scene dashboard the default clears another one first, then waits for the row.
      prepare: async (owner) => {
        await owner.dashboards.create({ dashboard_name: `Old default ${randomUUID()}`, is_default: true });
        return {};
      },
      call: (s, x) => s.dashboards.update(x.dashboard, 2, { is_default: true, theme: 'dark' }),
      block: (h, x) => h.query('SELECT 1 FROM analytics_dashboards WHERE id = $1 FOR UPDATE', [x.dashboard]),
      blockedAfter: 'clearing the previous default',
    },
  },
  'dashboards.delete': {
    call: (s, x) => s.dashboards.delete(x.dashboard),
    expected: DASHBOARD_ADMIN,
    fault: rowLock('analytics_dashboards', (x) => x.dashboard, 'nothing (it waits to update the dashboard)'),
  },
  'dashboards.restore': {
    prepare: async (owner, x) => {
      await owner.dashboards.delete(x.dashboard);
      return {};
    },
    call: (s, x) => s.dashboards.restore(x.dashboard),
    expected: DASHBOARD_RESTORE,
    fault: rowLock('analytics_dashboards', (x) => x.dashboard, 'nothing (it waits to update the dashboard)'),
  },
  'widgets.create': {
    call: (s, x) =>
      s.widgets.create(x.dashboard, {
        widget_name: 'Added',
        widget_type: 'metric_card',
        position: { x: 3, y: 0, w: 3, h: 2 },
      }),
    expected: DASHBOARD_EDIT,
    fault: shareLock('dashboard_widgets', "the dashboard's new version"),
  },
  'widgets.update': {
    call: (s, x) => s.widgets.update(x.widget, { widget_name: 'Renamed' }),
    expected: DASHBOARD_EDIT,
    fault: shareLock('dashboard_widgets', "the dashboard's new version"),
  },
  'widgets.delete': {
    call: (s, x) => s.widgets.delete(x.widget),
    expected: DASHBOARD_EDIT,
    fault: rowLock('analytics_dashboards', (x) => x.dashboard, 'the deletion of the widget'),
  },
  // Grants to a role no actor holds, so that the grant changes no actor's permission.
  'sharing.grant': {
    prepare: async (_owner, _x, { org }) => ({ role: org.roles[2]! }),
    call: (s, x, extra) =>
      s.sharing.grant(x.dashboard, {
        shared_with_type: 'role',
        shared_with_id: extra.role!,
        permission_level: 'view',
      }),
    expected: DASHBOARD_ADMIN,
    fault: shareLock('dashboard_sharing', 'the checks'),
  },
  'sharing.revoke': {
    prepare: async (owner, x, { org }) => {
      const role = org.roles[2]!;
      await owner.sharing.grant(x.dashboard, {
        shared_with_type: 'role',
        shared_with_id: role,
        permission_level: 'view',
      });
      return { role };
    },
    call: (s, x, extra) =>
      s.sharing.revoke(x.dashboard, { shared_with_type: 'role', shared_with_id: extra.role! }),
    expected: DASHBOARD_ADMIN,
    fault: shareLock('dashboard_sharing', 'the checks'),
  },
  'sharing.revokeById': {
    prepare: async (owner, x, { org }) => {
      const grant = await owner.sharing.grant(x.dashboard, {
        shared_with_type: 'role',
        shared_with_id: org.roles[2]!,
        permission_level: 'view',
      });
      return { grant: grant.id };
    },
    call: (s, _x, extra) => s.sharing.revokeById(extra.grant!),
    expected: DASHBOARD_ADMIN,
    fault: shareLock('dashboard_sharing', 'the checks'),
  },
  'alerts.create': {
    call: (s, x) =>
      s.alerts.create({
        alert_name: 'Matrix alert',
        metric_id: x.metric,
        alert_type: 'threshold',
        condition_config: { type: 'threshold', operator: '<', value: 1 },
      }),
    expected: ALERT_CREATE,
    fault: shareLock('metric_alerts', 'the checks'),
  },
  'alerts.update': {
    call: (s, x) => s.alerts.update(x.alert, { alert_name: 'Renamed' }),
    expected: METRIC_CHANGE,
    fault: rowLock('metric_alerts', (x) => x.alert, 'the checks'),
  },
  'alerts.delete': {
    call: (s, x) => s.alerts.delete(x.alert),
    expected: METRIC_CHANGE,
    fault: rowLock('metric_alerts', (x) => x.alert, 'the checks'),
  },
  'alerts.recordTrigger': {
    call: (s, x) => s.alerts.recordTrigger(x.alert, { metric_value: 12 }),
    expected: METRIC_CHANGE,
    fault: shareLock('metric_alert_history', "the alert's new trigger_count and last_triggered"),
  },
  'alerts.acknowledge': {
    call: (s, x) => s.alerts.acknowledge(x.history, { note: 'seen' }),
    expected: METRIC_SEE,
    fault: rowLock('metric_alert_history', (x) => x.history, 'the checks'),
  },
  'alerts.resolve': {
    call: (s, x) => s.alerts.resolve(x.history, { note: 'fixed' }),
    expected: METRIC_SEE,
    fault: rowLock('metric_alert_history', (x) => x.history, 'the checks'),
  },
};

/** Every store method that changes nothing. */
export const READS: readonly string[] = [
  'metrics.get',
  'metrics.list',
  'metrics.versions',
  'metrics.version',
  'approvals.status',
  'approvals.decisions',
  'relationships.list',
  'relationships.graph',
  'calculations.series',
  'calculations.seriesMany',
  'calculations.latest',
  'calculations.peerValues',
  'snapshots.series',
  'snapshots.latest',
  'dashboards.get',
  'dashboards.list',
  'dashboards.getDefault',
  'widgets.get',
  'widgets.list',
  'sharing.list',
  'sharing.effectivePermission',
  'alerts.get',
  'alerts.list',
  'alerts.getHistory',
  'alerts.listHistory',
  'alerts.listUnacknowledged',
];

/** `repository.method` for every function of every repository of a store. */
export function storeMethods(store: Store): string[] {
  return Object.entries(store)
    .filter(([key]) => key !== 'principal')
    .flatMap(([repository, methods]) =>
      Object.entries(methods as Record<string, unknown>)
        .filter(([, value]) => typeof value === 'function')
        .map(([method]) => `${repository}.${method}`),
    )
    .sort();
}
