import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENGINES, useTestDatabase } from '../testing/test-database';
import { type MetricInput, metricRepository } from './metric-repository';
import { writeMetricSettings } from './metric-settings';
import { cycleClosedBy, relationshipRepository } from './relationship-repository';
import {
  NotFoundError,
  PermissionDeniedError,
  StoreValidationError,
  UniqueViolationError,
} from './store-errors';
import { createTestOrganization, type TestOrganization } from './test-organization';

describe('cycleClosedBy', () => {
  const e = (parent: string, child: string, type = 'derives_from') => ({ parent, child, type });
  it('returns the cycle a new edge would close, starting at its parent, with the type of each edge', () => {
    const existing = [e('a', 'b'), e('b', 'c', 'depends_on'), e('a', 'c'), e('c', 'd', 'correlates_with')];
    expect(cycleClosedBy(existing, e('d', 'a', 'contributes_to'))).toEqual({
      ids: ['d', 'a', 'b', 'c', 'd'],
      types: ['contributes_to', 'derives_from', 'depends_on', 'correlates_with'],
    });
    expect(cycleClosedBy(existing, e('d', 'b'))).toEqual({
      ids: ['d', 'b', 'c', 'd'],
      types: ['derives_from', 'depends_on', 'correlates_with'],
    });
    expect(cycleClosedBy(existing, e('a', 'd'))).toBeNull();
    expect(cycleClosedBy([], e('a', 'a'))).toEqual({ ids: ['a', 'a'], types: ['derives_from'] });
  });
});

describe.each(TEST_ENGINES)('metric relationships on %s', (engine) => {
  const t = useTestDatabase(engine);
  let org: TestOrganization;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    org = await createTestOrganization(t.db);
    await writeMetricSettings(t.db, org.organizationId, { required_approvals: [] });
    const metrics = metricRepository(t.db, org.principal(0));
    for (const name of ['risk_score', 'open_findings', 'patch_latency', 'vuln_count', 'training_rate']) {
      const m = await metrics.create({
        metric_name: name,
        display_name: name,
        metric_category: 'risk',
        metric_type: 'score',
        calculation_method: 'manual',
        data_sources: { tables: [] },
        direction: 'lower_better',
        is_public: true,
      });
      ids[name] = m.id;
    }
  });

  const add = (parent: string, child: string, extra: Record<string, unknown> = {}) =>
    relationshipRepository(t.db, org.principal(0)).add({
      parent_metric_id: ids[parent]!,
      child_metric_id: ids[child]!,
      relationship_type: 'contributes_to',
      ...extra,
    });

  it('adds edges with weight and lag, and lists the edges of a metric', async () => {
    const edge = await add('risk_score', 'open_findings', { weight: 0.4, lag_periods: 1 });
    expect(edge).toMatchObject({ weight: 0.4, lag_periods: 1, organization_id: org.organizationId });
    await add('open_findings', 'vuln_count', { relationship_type: 'derives_from' });
    await add('open_findings', 'patch_latency', { relationship_type: 'depends_on' });
    const listed = await relationshipRepository(t.db, org.principal(3)).list({
      metricId: ids.open_findings!,
    });
    expect(listed.map((r) => [r.parent_metric_id, r.child_metric_id]).sort()).toEqual(
      [
        [ids.risk_score, ids.open_findings],
        [ids.open_findings, ids.vuln_count],
        [ids.open_findings, ids.patch_latency],
      ].sort(),
    );
  });

  it('walks the upstream (inputs) and downstream (consumers) graph with depths', async () => {
    const relationships = relationshipRepository(t.db, org.principal(0));
    const up = await relationships.graph(ids.risk_score!, 'upstream');
    expect(up.nodes.map((n) => [n.metric_name, n.depth])).toEqual([
      ['open_findings', 1],
      ['patch_latency', 2],
      ['vuln_count', 2],
    ]);
    expect(up.edges).toHaveLength(3);
    const down = await relationships.graph(ids.vuln_count!, 'downstream');
    expect(down.nodes.map((n) => [n.metric_name, n.depth])).toEqual([
      ['open_findings', 1],
      ['risk_score', 2],
    ]);
    expect((await relationships.graph(ids.training_rate!, 'upstream')).nodes).toEqual([]);
  });

  it('refuses an edge that would close a cycle, printing the cycle, and writes nothing', async () => {
    const before = await relationshipRepository(t.db, org.principal(0)).list();
    const error = await add('vuln_count', 'risk_score').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreValidationError);
    expect((error as StoreValidationError).field).toBe('metric_relationships.child_metric_id');
    expect((error as Error).message).toContain('vuln_count -> risk_score -> open_findings -> vuln_count');
    expect((error as Error).message).toMatch(
      /vuln_count \w+ risk_score, risk_score \w+ open_findings, open_findings \w+ vuln_count/,
    );
    expect(await relationshipRepository(t.db, org.principal(0)).list()).toEqual(before);
  });

  it('refuses a self-relationship and a second edge between the same pair', async () => {
    const self = await add('training_rate', 'training_rate').catch((e: unknown) => e);
    expect(self).toBeInstanceOf(StoreValidationError);
    expect((self as Error).message).toContain('no self-relationships');
    const twice = await add('risk_score', 'open_findings').catch((e: unknown) => e);
    expect(twice).toBeInstanceOf(UniqueViolationError);
    expect((twice as Error).message).toContain('already related');
  });

  it('names the field of bad input: unknown type, weight beyond DECIMAL(5,4), negative lag, audit columns', async () => {
    for (const [extra, field] of [
      [{ relationship_type: 'causes' }, 'metric_relationships.relationship_type'],
      [{ weight: 12 }, 'metric_relationships.weight'],
      [{ lag_periods: -1 }, 'metric_relationships.lag_periods'],
      [{ created_at: new Date() }, 'metric_relationships.created_at'],
    ] as const) {
      const error = await add('training_rate', 'patch_latency', extra).catch((e: unknown) => e);
      expect(error, field).toBeInstanceOf(StoreValidationError);
      expect((error as StoreValidationError).field).toBe(field);
    }
    expect(
      await relationshipRepository(t.db, org.principal(0)).list({ metricId: ids.training_rate! }),
    ).toEqual([]);
  });

  it('lets only those who may change the parent add or remove its inputs', async () => {
    const other = relationshipRepository(t.db, org.principal(3));
    await expect(
      other.add({
        parent_metric_id: ids.training_rate!,
        child_metric_id: ids.vuln_count!,
        relationship_type: 'correlates_with',
      }),
    ).rejects.toBeInstanceOf(PermissionDeniedError);
    const edge = await add('training_rate', 'vuln_count', { relationship_type: 'correlates_with' });
    await expect(other.remove(edge.id)).rejects.toBeInstanceOf(PermissionDeniedError);
    await relationshipRepository(t.db, org.principal(0)).remove(edge.id);
    await expect(relationshipRepository(t.db, org.principal(0)).remove(edge.id)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(relationshipRepository(t.db, org.principal(0)).remove('nope')).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('serializes concurrent additions so that two opposite edges cannot close a cycle together', async () => {
    const a = randomUUID().slice(0, 6);
    const metrics = metricRepository(t.db, org.principal(0));
    const make = (name: string) =>
      metrics.create({
        metric_name: `${name}_${a}`,
        display_name: name,
        metric_category: 'risk',
        metric_type: 'score',
        calculation_method: 'manual',
        data_sources: { tables: [] },
        direction: 'lower_better',
      });
    const x = await make('x');
    const y = await make('y');
    const results = await Promise.allSettled([
      relationshipRepository(t.db, org.principal(0)).add({
        parent_metric_id: x.id,
        child_metric_id: y.id,
        relationship_type: 'depends_on',
      }),
      relationshipRepository(t.db, org.principal(0)).add({
        parent_metric_id: y.id,
        child_metric_id: x.id,
        relationship_type: 'depends_on',
      }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(String((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason)).toContain(
      'cycle',
    );
  });

  it('hides edges whose metrics are deleted from lists and graphs', async () => {
    const metrics = metricRepository(t.db, org.principal(0));
    await metrics.delete(ids.patch_latency!);
    const up = await relationshipRepository(t.db, org.principal(0)).graph(ids.risk_score!, 'upstream');
    expect(up.nodes.map((n) => n.metric_name)).toEqual(['open_findings', 'vuln_count']);
    const listed = await relationshipRepository(t.db, org.principal(0)).list({
      metricId: ids.open_findings!,
    });
    expect(listed.map((r) => r.child_metric_id)).not.toContain(ids.patch_latency);
    await metrics.restore(ids.patch_latency!);
  });

  it('shows no metric the caller cannot see in a graph or a cycle error, and walks no further through one', async () => {
    const o = await createTestOrganization(t.db, 3);
    await writeMetricSettings(t.db, o.organizationId, {
      required_approvals: [],
      admin_role_ids: [o.roles[0]!],
    });
    const base = {
      display_name: 'm',
      metric_category: 'risk',
      metric_type: 'score',
      calculation_method: 'manual',
      data_sources: { tables: [] },
      direction: 'lower_better',
    } satisfies Omit<MetricInput, 'metric_name'>;
    // user 0 owns top and bottom; user 1 owns the private middle, which user 0 cannot see.
    const top = await metricRepository(t.db, o.principal(0)).create({ ...base, metric_name: 'top_score' });
    const bottom = await metricRepository(t.db, o.principal(0)).create({
      ...base,
      metric_name: 'bottom_count',
    });
    const middle = await metricRepository(t.db, o.principal(1)).create({
      ...base,
      metric_name: 'hidden_merger_risk',
    });
    const admin = relationshipRepository(t.db, o.principal(2, { roles: [0] }));
    for (const [parent, child] of [
      [top.id, middle.id],
      [middle.id, bottom.id],
    ]) {
      await admin.add({
        parent_metric_id: parent!,
        child_metric_id: child!,
        relationship_type: 'depends_on',
      });
    }
    const mine = relationshipRepository(t.db, o.principal(0));
    await expect(metricRepository(t.db, o.principal(0)).get(middle.id)).rejects.toBeInstanceOf(NotFoundError);
    const leaks = (value: unknown) =>
      JSON.stringify(value).match(new RegExp(`hidden_merger_risk|${middle.id}`, 'g'));

    const upstream = await mine.graph(top.id, 'upstream');
    expect(upstream.nodes).toEqual([]);
    expect(upstream.edges).toEqual([]);
    const downstream = await mine.graph(bottom.id, 'downstream');
    expect(downstream).toMatchObject({ nodes: [], edges: [] });
    expect(leaks([upstream, downstream])).toBeNull();
    // The admin, who sees all three, gets the whole walk (so the edges above are there).
    expect((await admin.graph(top.id, 'upstream')).nodes.map((n) => n.metric_name)).toEqual([
      'hidden_merger_risk',
      'bottom_count',
    ]);

    const error = await mine
      .add({ parent_metric_id: bottom.id, child_metric_id: top.id, relationship_type: 'derives_from' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreValidationError);
    expect((error as Error).message).toContain(
      'would close the cycle bottom_count -> top_score -> (a metric you cannot see) -> bottom_count (bottom_count derives_from top_score)',
    );
    expect(
      leaks({ message: (error as Error).message, value: (error as StoreValidationError).value }),
    ).toBeNull();
  });
});
