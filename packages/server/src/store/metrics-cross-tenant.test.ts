/**
 * The cross-tenant matrix for metrics, approvals, relationships, calculations, snapshots and
 * retention: every public method, called by organization A with organization B's ids, finds
 * nothing (NotFound, an empty result, or a validation error that does not tell B's ids from ids
 * that exist nowhere) and changes nothing of B. The last test runs the reads as B, so the ids are
 * known to be live.
 */
import type { Database } from '@arion-metrics/core';
import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type CrossTenantOutcome,
  crossTenantAttackers,
  expectCrossTenantOutcome,
  settle,
  tenantFingerprint,
} from '../testing/cross-tenant';
import { TEST_ENGINES, useTestDatabase } from '../testing/test-database';
import type { MetricInput } from './metric-repository';
import { writeMetricSettings } from './metric-settings';
import { openStore, type Store } from './open-store';
import { StoreValidationError } from './store-errors';
import { createTestOrganization, type TestOrganization } from './test-organization';

const TABLES = [
  'metric_definitions',
  'metric_definition_versions',
  'metric_approvals',
  'metric_relationships',
  'metric_calculations',
  'metric_snapshots',
] as const;

/** B's rows in the tables these repositories write, and B's settings. */
const fingerprint = (db: Kysely<Database>, organizationId: string) =>
  tenantFingerprint(db, organizationId, TABLES, { withSettings: true });

/** B's ids used by the cases, and A's own metric. */
interface Ids {
  metric: string;
  child: string;
  deleted: string;
  edge: string;
  user: string;
  own: string;
  /** B's organization id (A names it as a row's organization_id). */
  organization: string;
}

interface Case {
  readonly name: string;
  readonly call: (store: Store, ids: Ids) => Promise<unknown>;
  readonly outcome: Exclude<CrossTenantOutcome, 'null'>;
}

const JAN = (d: number) => new Date(Date.UTC(2026, 0, d));
const series = (metric: string) => ({
  metric_id: metric,
  aggregation_level: 'org',
  from: JAN(1),
  to: JAN(31),
});

const CASES: readonly Case[] = [
  // metrics
  { name: 'metrics.get', call: (s, b) => s.metrics.get(b.metric), outcome: 'not-found' },
  {
    name: 'metrics.list',
    call: async (s) =>
      (await s.metrics.list({ limit: 500 })).items.filter((m) => m.metric_name.startsWith('b_')),
    outcome: 'empty',
  },
  {
    name: 'metrics.list (deleted)',
    call: async (s) =>
      (await s.metrics.list({ limit: 500, deleted: true })).items.filter((m) =>
        m.metric_name.startsWith('b_'),
      ),
    outcome: 'empty',
  },
  {
    name: 'metrics.list by owner',
    call: async (s, b) => (await s.metrics.list({ ownerId: b.user })).items,
    outcome: 'empty',
  },
  {
    name: 'metrics.create with an owner of B',
    call: (s, b) =>
      s.metrics.create({
        metric_name: 'a_stolen_owner',
        display_name: 'x',
        metric_category: 'risk',
        metric_type: 'count',
        calculation_method: 'manual',
        data_sources: { tables: [] },
        direction: 'lower_better',
        owner_id: b.user,
      }),
    outcome: 'invalid',
  },
  {
    name: 'metrics.update',
    call: (s, b) => s.metrics.update(b.metric, 1, { description: 'changed' }),
    outcome: 'not-found',
  },
  { name: 'metrics.delete', call: (s, b) => s.metrics.delete(b.metric), outcome: 'not-found' },
  { name: 'metrics.restore', call: (s, b) => s.metrics.restore(b.deleted), outcome: 'not-found' },
  { name: 'metrics.versions', call: (s, b) => s.metrics.versions(b.metric), outcome: 'not-found' },
  { name: 'metrics.version', call: (s, b) => s.metrics.version(b.metric, 1), outcome: 'not-found' },
  // approvals
  { name: 'approvals.status', call: (s, b) => s.approvals.status(b.metric), outcome: 'not-found' },
  {
    name: 'approvals.approve',
    call: (s, b) => s.approvals.approve(b.metric, { approval_type: 'metric_owner', version: 1 }),
    outcome: 'not-found',
  },
  {
    name: 'approvals.reject',
    call: (s, b) => s.approvals.reject(b.metric, { approval_type: 'metric_owner', version: 1, reason: 'no' }),
    outcome: 'not-found',
  },
  { name: 'approvals.decisions', call: (s, b) => s.approvals.decisions(b.metric), outcome: 'not-found' },
  // relationships
  {
    name: "relationships.add from A's metric to B's",
    call: (s, b) =>
      s.relationships.add({
        parent_metric_id: b.own,
        child_metric_id: b.metric,
        relationship_type: 'depends_on',
      }),
    outcome: 'not-found',
  },
  {
    name: "relationships.add between B's metrics",
    call: (s, b) =>
      s.relationships.add({
        parent_metric_id: b.child,
        child_metric_id: b.metric,
        relationship_type: 'depends_on',
      }),
    outcome: 'not-found',
  },
  { name: 'relationships.remove', call: (s, b) => s.relationships.remove(b.edge), outcome: 'not-found' },
  {
    name: 'relationships.list of a metric',
    call: (s, b) => s.relationships.list({ metricId: b.metric }),
    outcome: 'not-found',
  },
  {
    name: 'relationships.list',
    call: async (s, b) => (await s.relationships.list()).filter((r) => r.id === b.edge),
    outcome: 'empty',
  },
  {
    name: 'relationships.graph',
    call: (s, b) => s.relationships.graph(b.metric, 'downstream'),
    outcome: 'not-found',
  },
  // calculations
  {
    name: 'calculations.upsert',
    call: (s, b) =>
      s.calculations.upsert([
        {
          metric_id: b.metric,
          period_start: JAN(1),
          period_end: JAN(2),
          aggregation_level: 'org',
          metric_value: -1,
        },
      ]),
    outcome: 'not-found',
  },
  {
    name: "calculations.upsert of A's metric with B's organization_id",
    call: (s, b) =>
      s.calculations.upsert([
        {
          metric_id: b.own,
          organization_id: b.organization,
          period_start: JAN(1),
          period_end: JAN(2),
          aggregation_level: 'org',
          metric_value: -1,
        },
      ]),
    outcome: 'invalid',
  },
  {
    name: "calculations.upsert of B's metric with B's organization_id",
    call: (s, b) =>
      s.calculations.upsert([
        {
          metric_id: b.metric,
          organization_id: b.organization,
          period_start: JAN(1),
          period_end: JAN(2),
          aggregation_level: 'org',
          metric_value: -1,
        },
      ]),
    outcome: 'invalid',
  },
  {
    name: 'calculations.series',
    call: (s, b) => s.calculations.series(series(b.metric)),
    outcome: 'not-found',
  },
  {
    name: 'calculations.seriesMany',
    call: (s, b) => s.calculations.seriesMany([series(b.own), series(b.metric)]),
    outcome: 'not-found',
  },
  {
    name: 'calculations.latest',
    call: (s, b) => s.calculations.latest({ metric_ids: [b.metric], aggregation_level: 'org' }),
    outcome: 'not-found',
  },
  {
    name: 'calculations.peerValues',
    call: (s, b) =>
      s.calculations.peerValues({
        metric_id: b.metric,
        aggregation_level: 'org',
        period_start: JAN(1),
        period_end: JAN(2),
      }),
    outcome: 'not-found',
  },
  // snapshots
  {
    name: 'snapshots.upsert',
    call: (s, b) =>
      s.snapshots.upsert([
        {
          snapshot_date: '2026-01-01',
          snapshot_type: 'daily',
          metric_id: b.metric,
          aggregation_level: 'org',
          metric_value: -1,
        },
      ]),
    outcome: 'not-found',
  },
  {
    name: "snapshots.upsert of A's metric with B's organization_id",
    call: (s, b) =>
      s.snapshots.upsert([
        {
          organization_id: b.organization,
          snapshot_date: '2026-01-01',
          snapshot_type: 'daily',
          metric_id: b.own,
          aggregation_level: 'org',
          metric_value: -1,
        },
      ]),
    outcome: 'invalid',
  },
  {
    name: 'snapshots.series',
    call: (s, b) =>
      s.snapshots.series({
        metric_id: b.metric,
        snapshot_type: 'daily',
        aggregation_level: 'org',
        from: '2026-01-01',
        to: '2026-12-31',
      }),
    outcome: 'not-found',
  },
  {
    name: 'snapshots.latest',
    call: (s, b) =>
      s.snapshots.latest({ metric_ids: [b.metric], snapshot_type: 'daily', aggregation_level: 'org' }),
    outcome: 'not-found',
  },
  // retention: an administrative action of A's own (A's metric admin roles; B's roles claimed by
  // A's user count for nothing), refused before anything of either organization is touched.
  {
    name: 'retention.purge',
    call: (s) => s.retention.purge(),
    outcome: 'denied',
  },
];

describe.each(TEST_ENGINES)(
  'metrics, approvals, relationships, calculations, snapshots and retention across tenants on %s',
  (engine) => {
    const t = useTestDatabase(engine);
    let a: TestOrganization;
    let b: TestOrganization;
    let ids: Ids;
    /** A's principals: a plain user, and one that claims B's user id, roles and departments. */
    let attackers: ReturnType<typeof crossTenantAttackers>;

    beforeAll(async () => {
      a = await createTestOrganization(t.db, 2);
      b = await createTestOrganization(t.db, 2);
      // B: its role 0 is a metric admin role, one approval kind is required.
      await writeMetricSettings(t.db, b.organizationId, {
        required_approvals: ['metric_owner'],
        admin_role_ids: [b.roles[0]!],
      });
      await writeMetricSettings(t.db, a.organizationId, { required_approvals: ['metric_owner'] });
      const bStore = openStore(t.db, b.principal(0));
      const base = {
        display_name: 'B metric',
        metric_category: 'risk',
        metric_type: 'count',
        calculation_method: 'manual',
        data_sources: { tables: [] },
        direction: 'lower_better',
        is_public: true,
      } satisfies Omit<MetricInput, 'metric_name'>;
      const metric = await bStore.metrics.create({ ...base, metric_name: 'b_metric' });
      const child = await bStore.metrics.create({ ...base, metric_name: 'b_child' });
      const deleted = await bStore.metrics.create({ ...base, metric_name: 'b_deleted' });
      await bStore.metrics.delete(deleted.id);
      await bStore.approvals.reject(metric.id, {
        approval_type: 'metric_owner',
        version: 1,
        reason: 'not yet',
      });
      const edge = await bStore.relationships.add({
        parent_metric_id: metric.id,
        child_metric_id: child.id,
        relationship_type: 'contributes_to',
      });
      await bStore.calculations.upsert([
        {
          metric_id: metric.id,
          period_start: JAN(1),
          period_end: JAN(2),
          aggregation_level: 'org',
          metric_value: 5,
        },
        {
          metric_id: metric.id,
          period_start: new Date('1990-01-01T00:00:00Z'),
          period_end: new Date('1990-01-02T00:00:00Z'),
          aggregation_level: 'org',
          metric_value: 1,
        },
      ]);
      await bStore.snapshots.upsert([
        {
          snapshot_date: '2026-01-01',
          snapshot_type: 'daily',
          metric_id: metric.id,
          aggregation_level: 'org',
          metric_value: 5,
        },
        {
          snapshot_date: '1990-01-01',
          snapshot_type: 'daily',
          metric_id: metric.id,
          aggregation_level: 'org',
          metric_value: 1,
        },
      ]);
      const own = await openStore(t.db, a.principal(0)).metrics.create({ ...base, metric_name: 'a_own' });
      ids = {
        metric: metric.id,
        child: child.id,
        deleted: deleted.id,
        edge: edge.id,
        user: b.users[1]!,
        own: own.id,
        organization: b.organizationId,
      };
      attackers = crossTenantAttackers(a, b);
    });

    for (const c of CASES) {
      it(`${c.name}: B's data is invisible and unchangeable from A`, async () => {
        const before = await fingerprint(t.db, b.organizationId);
        for (const [who, principal] of attackers) {
          const result = await settle(c.call(openStore(t.db, principal), ids));
          expectCrossTenantOutcome(result, c.outcome, `${c.name} by ${who}`, /b_metric|B metric/);
        }
        expect(await fingerprint(t.db, b.organizationId)).toEqual(before);
      });
    }

    it('gives B itself what A was refused (so the ids in the matrix are live)', async () => {
      const s = openStore(t.db, b.principal(0));
      await expect(s.metrics.get(ids.metric)).resolves.toMatchObject({ metric_name: 'b_metric' });
      expect(await s.metrics.versions(ids.metric)).toHaveLength(1);
      expect((await s.approvals.status(ids.metric)).state).toBe('rejected');
      expect(await s.approvals.decisions(ids.metric)).toHaveLength(1);
      expect(await s.relationships.list({ metricId: ids.metric })).toHaveLength(1);
      expect((await s.relationships.graph(ids.child, 'downstream')).nodes.map((n) => n.metric_name)).toEqual([
        'b_metric',
      ]);
      expect(await s.calculations.series(series(ids.metric))).toHaveLength(1);
      expect(
        await s.calculations.latest({ metric_ids: [ids.metric], aggregation_level: 'org' }),
      ).toHaveLength(1);
      expect(
        await s.calculations.peerValues({
          metric_id: ids.metric,
          aggregation_level: 'org',
          period_start: JAN(1),
          period_end: JAN(2),
        }),
      ).toHaveLength(1);
      expect(
        await s.snapshots.series({
          metric_id: ids.metric,
          snapshot_type: 'daily',
          aggregation_level: 'org',
          from: '2026-01-01',
          to: '2026-12-31',
        }),
      ).toHaveLength(1);
      expect((await s.metrics.list({ deleted: true })).items.map((m) => m.id)).toEqual([ids.deleted]);
    });

    it("refuses metric writes by a principal whose user is not a user of the principal's organization, naming principal.userId", async () => {
      const impostor = openStore(t.db, {
        organizationId: a.organizationId,
        userId: b.users[0]!,
        roleIds: [],
        departmentIds: [],
      });
      const before = await fingerprint(t.db, a.organizationId);
      const error = await impostor.metrics
        .create({
          metric_name: 'a_impostor',
          display_name: 'x',
          metric_category: 'risk',
          metric_type: 'count',
          calculation_method: 'manual',
          data_sources: { tables: [] },
          direction: 'lower_better',
          owner_id: a.users[0]!,
        })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreValidationError);
      expect((error as StoreValidationError).field).toBe('principal.userId');
      expect(await fingerprint(t.db, a.organizationId)).toEqual(before);
    });
  },
);
