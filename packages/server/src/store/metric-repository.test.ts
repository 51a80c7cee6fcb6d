import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { insertRow } from '../testing/fixtures';
import { TEST_ENGINES, useTestDatabase } from '../testing/test-database';
import { type MetricInput, metricRepository } from './metric-repository';
import { writeMetricSettings } from './metric-settings';
import {
  NotFoundError,
  PermissionDeniedError,
  StoreValidationError,
  UniqueViolationError,
  VersionConflictError,
} from './store-errors';
import { createTestOrganization, type TestOrganization } from './test-organization';

const input = (over: Record<string, unknown> = {}): MetricInput =>
  ({
    metric_name: `metric_${randomUUID().slice(0, 8)}`,
    display_name: 'Patch latency',
    metric_category: 'security',
    metric_type: 'duration',
    calculation_method: 'sql',
    calculation_formula: 'SELECT avg(days) FROM patches',
    data_sources: { tables: ['patches'] },
    direction: 'lower_better',
    ...over,
  }) as MetricInput;

async function count(db: Parameters<typeof metricRepository>[0], organizationId: string): Promise<string> {
  const { rows } = await sql<{ n: number; v: number }>`
    SELECT (SELECT count(*)::int FROM metric_definitions WHERE organization_id = ${organizationId}) AS n,
           (SELECT count(*)::int FROM metric_definition_versions WHERE organization_id = ${organizationId}) AS v`.execute(
    db,
  );
  return JSON.stringify(rows[0]);
}

describe.each(TEST_ENGINES)('the metric registry on %s', (engine) => {
  const t = useTestDatabase(engine);
  let org: TestOrganization;
  beforeAll(async () => {
    org = await createTestOrganization(t.db);
    await writeMetricSettings(t.db, org.organizationId, {
      required_approvals: [],
      admin_role_ids: [org.roles[0]!],
    });
  });

  it('creates a metric at version 1, owned by and audited as the principal, with a version-1 history row', async () => {
    const metrics = metricRepository(t.db, org.principal(1));
    const before = Date.now();
    const m = await metrics.create(
      input({ tags: ['patching'], target_value: 7.5, time_windows: ['daily', 'monthly'] }),
    );
    expect(m).toMatchObject({
      version: 1,
      owner_id: org.users[1],
      created_by: org.users[1],
      updated_by: org.users[1],
      organization_id: org.organizationId,
      is_active: true,
      deleted_at: null,
      can_edit: true,
      target_value: 7.5,
      time_windows: ['daily', 'monthly'],
    });
    expect(m.created_at.getTime()).toBeGreaterThan(before - 60_000);
    const history = await metrics.versions(m.id);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      version: 1,
      changed_by: org.users[1],
      requires_approval: true,
      changes: {},
    });
    expect(history[0]?.definition).toMatchObject({
      metric_name: m.metric_name,
      target_value: 7.5,
      tags: ['patching'],
    });
  });

  it.each([
    ['created_by', { created_by: randomUUID() }, 'metric_definitions.created_by'],
    ['version', { version: 7 }, 'metric_definitions.version'],
    ['is_active', { is_active: true }, 'metric_definitions.is_active'],
    ['organization_id', { organization_id: randomUUID() }, 'metric_definitions.organization_id'],
    ['an unknown metric_category', { metric_category: 'legal' }, 'metric_definitions.metric_category'],
    ['data_sources that are not an object', { data_sources: ['patches'] }, 'metric_definitions.data_sources'],
    [
      'a data_sources table name with a space',
      { data_sources: { tables: ['bad name'] } },
      'metric_definitions.data_sources.tables[0]',
    ],
    ['a time window outside the spec', { time_windows: ['hourly'] }, 'metric_definitions.time_windows[0]'],
    ['a target beyond DECIMAL(15,4)', { target_value: 1e12 }, 'metric_definitions.target_value'],
    ['a NaN target', { target_value: Number.NaN }, 'metric_definitions.target_value'],
    ['zero retention days', { retention_days: 0 }, 'metric_definitions.retention_days'],
    ['an empty metric_name', { metric_name: '  ' }, 'metric_definitions.metric_name'],
    ['a non-UUID owner', { owner_id: 'bob' }, 'metric_definitions.owner_id'],
    ['a missing display_name', { display_name: undefined }, 'metric_definitions.display_name'],
  ])('refuses %s naming the field and writes nothing', async (_what, patch, field) => {
    const metrics = metricRepository(t.db, org.principal(0));
    const before = await count(t.db, org.organizationId);
    const error = await metrics.create(input(patch)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreValidationError);
    expect((error as StoreValidationError).field).toBe(field);
    expect((error as Error).message).toContain(field);
    expect(await count(t.db, org.organizationId)).toBe(before);
  });

  it('refuses as owner a user of another organization, and writes nothing', async () => {
    const other = await createTestOrganization(t.db, 1);
    const before = await count(t.db, org.organizationId);
    const error = await metricRepository(t.db, org.principal(0))
      .create(input({ owner_id: other.users[0] }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreValidationError);
    expect((error as StoreValidationError).field).toBe('metric_definitions.owner_id');
    expect(await count(t.db, org.organizationId)).toBe(before);
  });

  it('reports a metric_name clash naming the name, even against a deleted metric', async () => {
    const metrics = metricRepository(t.db, org.principal(0));
    const first = await metrics.create(input({ metric_name: 'mttr_clash' }));
    await metrics.delete(first.id);
    const error = await metrics.create(input({ metric_name: 'mttr_clash' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UniqueViolationError);
    expect((error as UniqueViolationError).field).toBe('metric_definitions.metric_name');
    expect((error as Error).message).toContain('"mttr_clash"');
  });

  it('lists by category, tag, active and owner, one page at a time, sorted by name', async () => {
    const o = await createTestOrganization(t.db, 2);
    await writeMetricSettings(t.db, o.organizationId, { required_approvals: [] });
    const metrics = metricRepository(t.db, o.principal(0));
    const made = [];
    for (const [name, category, tags, owner] of [
      ['a_risk', 'risk', ['q1'], o.users[0]],
      ['b_risk', 'risk', ['q2'], o.users[1]],
      ['c_sec', 'security', ['q1', 'q2'], o.users[0]],
      ['d_fin', 'financial', null, o.users[0]],
    ] as const) {
      made.push(
        await metrics.create(
          input({ metric_name: name, metric_category: category, tags, owner_id: owner, is_public: true }),
        ),
      );
    }
    await metrics.update(made[3]!.id, 1, { is_active: false });
    const names = async (options: Parameters<typeof metrics.list>[0]) =>
      (await metrics.list(options)).items.map((m) => m.metric_name);
    // The four raw fixture metrics of createTestOrganization are private and ownerless: invisible.
    expect(await names({})).toEqual(['a_risk', 'b_risk', 'c_sec', 'd_fin']);
    expect(await names({ category: 'risk' })).toEqual(['a_risk', 'b_risk']);
    expect(await names({ category: ['security', 'financial'] })).toEqual(['c_sec', 'd_fin']);
    expect(await names({ tag: 'q2' })).toEqual(['b_risk', 'c_sec']);
    expect(await names({ active: false })).toEqual(['d_fin']);
    expect(await names({ ownerId: o.users[1]! })).toEqual(['b_risk']);
    const first = await metrics.list({ limit: 3 });
    expect([first.items.length, first.hasMore]).toEqual([3, true]);
    const second = await metrics.list({ limit: 3, offset: 3 });
    expect([second.items.map((m) => m.metric_name), second.hasMore]).toEqual([['d_fin'], false]);
    const error = await metrics.list({ category: 'legal' as never }).catch((e: unknown) => e);
    expect((error as StoreValidationError).field).toBe('category');
  });

  it('shows a private metric to its owner, its creator, metric admins and viewers of a dashboard that shows it, and to nobody else', async () => {
    const owner = org.principal(1);
    const creator = org.principal(0);
    const m = await metricRepository(t.db, creator).create(input({ owner_id: owner.userId }));
    const visible = async (principal: ReturnType<typeof org.principal>) =>
      metricRepository(t.db, principal)
        .get(m.id)
        .then(
          () => true,
          (e: unknown) => (e instanceof NotFoundError ? false : Promise.reject(e)),
        );
    expect(await visible(owner)).toBe(true);
    expect(await visible(creator)).toBe(true);
    expect(await visible(org.principal(2, { roles: [0] }))).toBe(true);
    expect(await visible(org.principal(2, { roles: [1] }))).toBe(false);
    expect(await visible(org.principal(3))).toBe(false);
    // A dashboard of user 1 showing the metric, shared with department 2.
    const dashboardId = randomUUID();
    await insertRow(t.db, 'analytics_dashboards', {
      id: dashboardId,
      dashboard_name: `d-${dashboardId}`,
      layout_config: { columns: 12 },
      owner_id: owner.userId,
      organization_id: org.organizationId,
    });
    await insertRow(t.db, 'dashboard_widgets', {
      dashboard_id: dashboardId,
      widget_name: 'w',
      widget_type: 'metric_card',
      position: { x: 0, y: 0, w: 3, h: 2 },
      visualization_config: {},
      metric_ids: [m.id],
      organization_id: org.organizationId,
    });
    await insertRow(t.db, 'dashboard_sharing', {
      dashboard_id: dashboardId,
      shared_with_type: 'department',
      shared_with_id: org.departments[2],
      organization_id: org.organizationId,
    });
    expect(await visible(org.principal(3, { departments: [2] }))).toBe(true);
    expect(await visible(org.principal(3, { departments: [1] }))).toBe(false);
    const listed = await metricRepository(t.db, org.principal(3, { departments: [2] })).list({});
    expect(listed.items.find((x) => x.id === m.id)?.can_edit).toBe(false);
    // Seeing is not editing.
    const error = await metricRepository(t.db, org.principal(3, { departments: [2] }))
      .update(m.id, 1, { description: 'x' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionDeniedError);
    // An expired share shows nothing.
    await sql`UPDATE dashboard_sharing SET expires_at = now() - interval '1 minute' WHERE dashboard_id = ${dashboardId}`.execute(
      t.db,
    );
    expect(await visible(org.principal(3, { departments: [2] }))).toBe(false);
  });

  it('bumps the version on every update and keeps who, when and what changed in the history', async () => {
    const metrics = metricRepository(t.db, org.principal(0));
    const m = await metrics.create(input({ description: 'first', tags: ['a'] }));
    const v2 = await metricRepository(t.db, org.principal(2, { roles: [0] })).update(m.id, 1, {
      description: 'second',
      tags: ['a', 'b'],
      display_name: 'Patch latency', // unchanged: not in the diff
    });
    expect(v2.version).toBe(2);
    expect(v2.updated_by).toBe(org.users[2]);
    const v3 = await metrics.update(m.id, 2, { target_value: 5 });
    expect(v3.version).toBe(3);
    const history = await metrics.versions(m.id);
    expect(history.map((h) => [h.version, h.changed_by, h.changes])).toEqual([
      [1, org.users[0], {}],
      [
        2,
        org.users[2],
        { description: { from: 'first', to: 'second' }, tags: { from: ['a'], to: ['a', 'b'] } },
      ],
      [3, org.users[0], { target_value: { from: null, to: 5 } }],
    ]);
    expect((await metrics.version(m.id, 2)).definition).toMatchObject({
      description: 'second',
      target_value: null,
    });
    await expect(metrics.version(m.id, 4)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('leaves the version alone when a patch changes nothing', async () => {
    const metrics = metricRepository(t.db, org.principal(0));
    const m = await metrics.create(input({ data_sources: { tables: ['a', 'b'] } }));
    const same = await metrics.update(m.id, 1, {
      data_sources: { tables: ['a', 'b'] },
      display_name: m.display_name,
    });
    expect(same.version).toBe(1);
    expect(await metrics.versions(m.id)).toHaveLength(1);
  });

  it('refuses an update based on an old version, naming both versions, and changes nothing', async () => {
    const metrics = metricRepository(t.db, org.principal(0));
    const m = await metrics.create(input());
    await metrics.update(m.id, 1, { description: 'mine' });
    const error = await metrics.update(m.id, 1, { description: 'stale' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VersionConflictError);
    expect((error as Error).message).toContain('based on version 1 but the current version is 2');
    expect((await metrics.get(m.id)).description).toBe('mine');
  });

  it('lets exactly one of two concurrent updates from the same version win', async () => {
    const metrics = metricRepository(t.db, org.principal(0));
    const m = await metrics.create(input());
    const results = await Promise.allSettled([
      metricRepository(t.db, org.principal(0)).update(m.id, 1, { description: 'left' }),
      metricRepository(t.db, org.principal(0)).update(m.id, 1, { description: 'right' }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0] as PromiseRejectedResult).reason).toBeInstanceOf(VersionConflictError);
    const after = await metrics.get(m.id);
    expect(after.version).toBe(2);
    expect(await metrics.versions(m.id)).toHaveLength(2);
  });

  it('soft-deletes and restores: a deleted metric is not found, listed only with deleted: true, and comes back as it was', async () => {
    const metrics = metricRepository(t.db, org.principal(0));
    const m = await metrics.create(input());
    await metrics.delete(m.id);
    await expect(metrics.get(m.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(metrics.update(m.id, 1, { description: 'x' })).rejects.toBeInstanceOf(NotFoundError);
    const row = await t.db
      .selectFrom('metric_definitions')
      .select(['deleted_by', 'deleted_at'])
      .where('id', '=', m.id)
      .executeTakeFirstOrThrow();
    expect(row.deleted_by).toBe(org.users[0]);
    expect(row.deleted_at).toBeInstanceOf(Date);
    expect((await metrics.list({ deleted: true, limit: 500 })).items.map((x) => x.id)).toContain(m.id);
    expect((await metrics.list({ limit: 500 })).items.map((x) => x.id)).not.toContain(m.id);
    await expect(metrics.restore(randomUUID())).rejects.toBeInstanceOf(NotFoundError);
    const back = await metrics.restore(m.id);
    expect([back.deleted_at, back.version, back.metric_name]).toEqual([null, 1, m.metric_name]);
    await expect(metrics.restore(m.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses deletion by a principal who can see but not change the metric', async () => {
    const m = await metricRepository(t.db, org.principal(0)).create(input({ is_public: true }));
    const error = await metricRepository(t.db, org.principal(3))
      .delete(m.id)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect((await metricRepository(t.db, org.principal(0)).get(m.id)).deleted_at).toBeNull();
  });

  it('reports a non-UUID id as not found, never as a database error', async () => {
    const metrics = metricRepository(t.db, org.principal(0));
    for (const call of [
      () => metrics.get('42'),
      () => metrics.update("1' OR '1'='1", 1, { description: 'x' }),
      () => metrics.delete('x'),
      () => metrics.restore('x'),
      () => metrics.versions('x'),
      () => metrics.version('x', 1),
    ]) {
      await expect(call()).rejects.toBeInstanceOf(NotFoundError);
    }
  });
});
