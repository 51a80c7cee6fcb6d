/**
 * The permission matrix of every store method that changes data: each is called by each actor
 * (the owner, an admin, an edit and a view grantee, a user with no grant, a user of another
 * organization) on a fresh scene (`testing/store-scene.ts`), and must succeed, be denied or find
 * nothing exactly as the table says; a refused call changes nothing. The table is the one place the
 * rule is written: the first test lists every method of the store and fails on one that is in
 * neither the table nor the list of reads, so a new write method cannot be added without its row.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { settle, tenantFingerprint } from '../testing/cross-tenant';
import {
  ACTORS,
  type Actor,
  actorPrincipal,
  buildScene,
  prepareSceneOrganization,
  SCENE_METRIC,
  type Scene,
  STORE_TABLES,
} from '../testing/store-scene';
import { TEST_ENGINES, useTestDatabase } from '../testing/test-database';
import { openStore, type Store } from './open-store';
import { NotFoundError, PermissionDeniedError, StoreValidationError } from './store-errors';
import { createTestOrganization, type TestOrganization } from './test-organization';

/**
 * `ok`; `denied` (PermissionDeniedError: the actor sees the row but may not do this); `not-found`
 * (NotFoundError: the actor cannot see the row); `invalid` (StoreValidationError naming the payload
 * field: an id inside a payload that points at nothing the actor can see).
 */
type Outcome = 'ok' | 'denied' | 'not-found' | 'invalid';
type Expected = Readonly<Record<Actor, Outcome>>;

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
interface WriteRow {
  /** Run by the owner before the call (e.g. delete what the call restores); returns extra ids. */
  readonly prepare?: (owner: Store, scene: Scene) => Promise<Readonly<Record<string, string>>>;
  readonly call: (store: Store, scene: Scene, extra: Readonly<Record<string, string>>) => Promise<unknown>;
  readonly expected: Expected;
}

const newMetric = (store: Store) =>
  store.metrics.create({ ...SCENE_METRIC, metric_name: `matrix_${randomUUID().slice(0, 8)}`, is_public: true });

/** The organization the current test file's scenes live in (set in beforeAll). */
let currentOrganization: TestOrganization | undefined;
const org = (): TestOrganization => {
  if (!currentOrganization) throw new Error('the organization is created in beforeAll');
  return currentOrganization;
};

/** Every store method that changes data. */
const WRITES: Readonly<Record<string, WriteRow>> = {
  'metrics.create': { call: (s) => newMetric(s), expected: ANYONE },
  'metrics.update': {
    call: (s, x) => s.metrics.update(x.metric, 1, { description: 'changed' }),
    expected: METRIC_CHANGE,
  },
  'metrics.delete': { call: (s, x) => s.metrics.delete(x.metric), expected: METRIC_CHANGE },
  'metrics.restore': {
    prepare: async (owner, x) => {
      await owner.metrics.delete(x.metric);
      return {};
    },
    call: (s, x) => s.metrics.restore(x.metric),
    expected: METRIC_CHANGE,
  },
  'approvals.approve': {
    call: (s, x) => s.approvals.approve(x.metric, { approval_type: 'metric_owner', version: 1 }),
    expected: METRIC_OWNER,
  },
  'approvals.reject': {
    call: (s, x) => s.approvals.reject(x.metric, { approval_type: 'metric_owner', version: 1, reason: 'no' }),
    expected: METRIC_OWNER,
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
  },
  'relationships.remove': { call: (s, x) => s.relationships.remove(x.edge), expected: METRIC_CHANGE },
  'calculations.upsert': {
    call: (s, x) =>
      s.calculations.upsert([
        {
          metric_id: x.metric,
          period_start: '2025-01-02T00:00:00Z',
          period_end: '2025-01-03T00:00:00Z',
          aggregation_level: 'org',
          metric_value: 2,
        },
      ]),
    expected: METRIC_CHANGE,
  },
  'snapshots.upsert': {
    call: (s, x) =>
      s.snapshots.upsert([
        {
          snapshot_date: '2025-01-02',
          snapshot_type: 'daily',
          metric_id: x.metric,
          aggregation_level: 'org',
          metric_value: 2,
        },
      ]),
    expected: METRIC_CHANGE,
  },
  'retention.purge': { call: (s) => s.retention.purge(), expected: ORGANIZATION_ADMIN },
  'dashboards.create': {
    call: (s) => s.dashboards.create({ dashboard_name: `Matrix ${randomUUID()}` }),
    expected: ANYONE,
  },
  'dashboards.update': {
    call: (s, x) => s.dashboards.update(x.dashboard, 2, { theme: 'dark' }),
    expected: DASHBOARD_EDIT,
  },
  'dashboards.delete': { call: (s, x) => s.dashboards.delete(x.dashboard), expected: DASHBOARD_ADMIN },
  'dashboards.restore': {
    prepare: async (owner, x) => {
      await owner.dashboards.delete(x.dashboard);
      return {};
    },
    call: (s, x) => s.dashboards.restore(x.dashboard),
    expected: DASHBOARD_RESTORE,
  },
  'widgets.create': {
    call: (s, x) =>
      s.widgets.create(x.dashboard, {
        widget_name: 'Added',
        widget_type: 'metric_card',
        position: { x: 3, y: 0, w: 3, h: 2 },
      }),
    expected: DASHBOARD_EDIT,
  },
  'widgets.update': { call: (s, x) => s.widgets.update(x.widget, { widget_name: 'Renamed' }), expected: DASHBOARD_EDIT },
  'widgets.delete': { call: (s, x) => s.widgets.delete(x.widget), expected: DASHBOARD_EDIT },
  // Grants to a role no actor holds, so that the grant changes no actor's permission.
  'sharing.grant': {
    call: (s, x, extra) =>
      s.sharing.grant(x.dashboard, { shared_with_type: 'role', shared_with_id: extra.role!, permission_level: 'view' }),
    prepare: async () => ({ role: org().roles[2]! }),
    expected: DASHBOARD_ADMIN,
  },
  'sharing.revoke': {
    call: (s, x, extra) => s.sharing.revoke(x.dashboard, { shared_with_type: 'role', shared_with_id: extra.role! }),
    prepare: async (owner, x) => {
      const role = org().roles[2]!;
      await owner.sharing.grant(x.dashboard, { shared_with_type: 'role', shared_with_id: role, permission_level: 'view' });
      return { role };
    },
    expected: DASHBOARD_ADMIN,
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
  },
  'alerts.update': { call: (s, x) => s.alerts.update(x.alert, { alert_name: 'Renamed' }), expected: METRIC_CHANGE },
  'alerts.delete': { call: (s, x) => s.alerts.delete(x.alert), expected: METRIC_CHANGE },
  'alerts.recordTrigger': {
    call: (s, x) => s.alerts.recordTrigger(x.alert, { metric_value: 12 }),
    expected: METRIC_CHANGE,
  },
  'alerts.acknowledge': { call: (s, x) => s.alerts.acknowledge(x.history, { note: 'seen' }), expected: METRIC_SEE },
  'alerts.resolve': { call: (s, x) => s.alerts.resolve(x.history, { note: 'fixed' }), expected: METRIC_SEE },
};

/** Every store method that changes nothing. */
const READS: readonly string[] = [
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
function storeMethods(store: Store): string[] {
  return Object.entries(store)
    .filter(([key]) => key !== 'principal')
    .flatMap(([repository, methods]) =>
      Object.entries(methods as Record<string, unknown>)
        .filter(([, value]) => typeof value === 'function')
        .map(([method]) => `${repository}.${method}`),
    )
    .sort();
}

describe.each(TEST_ENGINES)('who may change what through the store, on %s', (engine) => {
  const t = useTestDatabase(engine);
  let other: TestOrganization;

  beforeAll(async () => {
    currentOrganization = await createTestOrganization(t.db, 5);
    other = await createTestOrganization(t.db, 1);
    await prepareSceneOrganization(t.db, org());
  });

  it('has a row for every write method and lists every other method as a read', () => {
    const methods = storeMethods(openStore(t.db, org().principal(0)));
    const classified = [...Object.keys(WRITES), ...READS].sort();
    expect(methods).toEqual(classified);
    expect(new Set(classified).size).toBe(classified.length);
  });

  for (const [method, row] of Object.entries(WRITES)) {
    for (const actor of ACTORS) {
      const outcome = row.expected[actor];
      it(`${method} by ${actor}: ${outcome}`, async () => {
        const scene = await buildScene(t.db, org());
        const extra = (await row.prepare?.(openStore(t.db, org().principal(0)), scene)) ?? {};
        const before = await tenantFingerprint(t.db, org().organizationId, STORE_TABLES, { withSettings: true });
        const store = openStore(t.db, actorPrincipal(actor, org(), other));
        const result = await settle(row.call(store, scene, extra));
        const label = `${method} by ${actor}`;
        if (outcome === 'ok') {
          expect('error' in result ? result.error : undefined, label).toBeUndefined();
        } else {
          const errors = { denied: PermissionDeniedError, 'not-found': NotFoundError, invalid: StoreValidationError };
          expect('error' in result && result.error, label).toBeInstanceOf(errors[outcome]);
        }
        if (outcome !== 'ok' || actor === 'other organization') {
          const after = await tenantFingerprint(t.db, org().organizationId, STORE_TABLES, { withSettings: true });
          expect(after, `${label} changed nothing of the organization`).toEqual(before);
        }
      });
    }
  }
});
