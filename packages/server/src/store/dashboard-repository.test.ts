import type { Database } from '@arion-metrics/core';
import { type Kysely, sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../db/create-database';
import { TEST_ENGINES, useTestDatabase } from '../testing/test-database';
import { dashboardRepository } from './dashboard-repository';
import { sharingRepository } from './sharing-repository';
import {
  NotFoundError,
  PermissionDeniedError,
  StoreValidationError,
  UniqueViolationError,
  VersionConflictError,
} from './store-errors';
import { createTestOrganization, type TestOrganization } from './test-organization';

async function countDashboards(db: Kysely<Database>, organizationId: string): Promise<number> {
  const row = await db
    .selectFrom('analytics_dashboards')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('organization_id', '=', organizationId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe.each(TEST_ENGINES)('dashboard repository on %s', (engine) => {
  const t = useTestDatabase(engine);
  let org: TestOrganization;
  beforeAll(async () => {
    org = await createTestOrganization(t.db);
  });

  it('creates a dashboard owned by the principal, with audit columns from the principal', async () => {
    const dashboards = dashboardRepository(t.db, org.principal(0));
    const created = await dashboards.create({ dashboard_name: '  Compliance overview ', theme: 'dark' });
    expect(created).toMatchObject({
      dashboard_name: 'Compliance overview',
      dashboard_type: 'custom',
      owner_id: org.users[0],
      created_by: org.users[0],
      updated_by: org.users[0],
      organization_id: org.organizationId,
      version: 1,
      is_default: false,
      theme: 'dark',
      permission: 'admin',
      layout_config: { cols: 12, rowHeight: 80 },
    });
    expect(created.created_at).toBeInstanceOf(Date);
    expect(await dashboards.get(created.id)).toEqual(created);
  });

  it('refuses audit columns, owner and version in a payload, naming the field, and writes nothing', async () => {
    const dashboards = dashboardRepository(t.db, org.principal(0));
    const before = await countDashboards(t.db, org.organizationId);
    for (const field of ['created_by', 'owner_id', 'version', 'organization_id', 'deleted_at']) {
      const payload = { dashboard_name: `audit ${field}`, [field]: org.users[1] };
      const error = await dashboards.create(payload as never).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreValidationError);
      expect((error as StoreValidationError).field).toBe(`analytics_dashboards.${field}`);
      expect((error as Error).message).toContain('filled by the store');
    }
    expect(await countDashboards(t.db, org.organizationId)).toBe(before);
  });

  it('refuses bad input with an error naming the field and the value, and writes nothing', async () => {
    const dashboards = dashboardRepository(t.db, org.principal(0));
    const before = await countDashboards(t.db, org.organizationId);
    const cases: [Record<string, unknown>, string, unknown][] = [
      [{ dashboard_name: '' }, 'analytics_dashboards.dashboard_name', ''],
      [{}, 'analytics_dashboards.dashboard_name', undefined],
      [{ dashboard_name: 'x', dashboard_type: 'sales' }, 'analytics_dashboards.dashboard_type', 'sales'],
      [
        { dashboard_name: 'x', layout_config: { cols: 0, rowHeight: 80 } },
        'analytics_dashboards.layout_config.cols',
        0,
      ],
      [
        { dashboard_name: 'x', layout_config: { cols: 12, rowheight: 80 } },
        'analytics_dashboards.layout_config',
        undefined,
      ],
      [
        { dashboard_name: 'x', refresh_interval_seconds: 0 },
        'analytics_dashboards.refresh_interval_seconds',
        0,
      ],
      [{ dashboard_name: 'x', is_public: 'yes' }, 'analytics_dashboards.is_public', 'yes'],
      [{ dashboard_name: 'x', tags: ['a', 'a'] }, 'analytics_dashboards.tags[1]', 'a'],
      [{ dashboard_name: 'x', filters_config: [] }, 'analytics_dashboards.filters_config', []],
      [{ dashboard_name: 'x', colour: 'red' }, 'analytics_dashboards.colour', 'red'],
    ];
    for (const [payload, field, value] of cases) {
      const error = await dashboards.create(payload as never).catch((e: unknown) => e);
      expect(error, JSON.stringify(payload)).toBeInstanceOf(StoreValidationError);
      const { field: got, value: gotValue, message } = error as StoreValidationError;
      expect(got.startsWith(field), `${got} for ${JSON.stringify(payload)}`).toBe(true);
      if (value !== undefined) expect(gotValue).toEqual(value);
      expect(message).toContain('allowed:');
    }
    expect(await countDashboards(t.db, org.organizationId)).toBe(before);
  });

  it('refuses a dashboard_name the same owner already uses, naming the clash; another owner may use it', async () => {
    const mine = dashboardRepository(t.db, org.principal(0));
    const theirs = dashboardRepository(t.db, org.principal(1));
    await mine.create({ dashboard_name: 'Weekly risk' });
    const error = await mine.create({ dashboard_name: 'Weekly risk' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UniqueViolationError);
    expect((error as UniqueViolationError).field).toBe('analytics_dashboards.dashboard_name');
    expect((error as Error).message).toContain(
      '"Weekly risk" is not available for this dashboard: names are unique among the dashboards of one owner',
    );
    await expect(theirs.create({ dashboard_name: 'Weekly risk' })).resolves.toMatchObject({
      owner_id: org.users[1],
    });
  });

  it('refuses to rename a dashboard onto a name its owner already uses', async () => {
    const mine = dashboardRepository(t.db, org.principal(0));
    await mine.create({ dashboard_name: 'Taken name' });
    const other = await mine.create({ dashboard_name: 'Free name' });
    await expect(mine.update(other.id, 1, { dashboard_name: 'Taken name' })).rejects.toThrow(
      /"Taken name" is not available/,
    );
    expect((await mine.get(other.id)).dashboard_name).toBe('Free name');
  });

  it('refuses an editor renaming onto a name held by a dashboard it cannot see with an error that reveals nothing of that dashboard', async () => {
    const owner = dashboardRepository(t.db, org.principal(0));
    const hidden = await owner.create({ dashboard_name: 'Layoff planning', description: 'private' });
    const deleted = await owner.create({ dashboard_name: 'Old audit' });
    await owner.delete(deleted.id);
    const shared = await owner.create({ dashboard_name: 'Team board' });
    const visible = await owner.create({ dashboard_name: 'Visible board' });
    for (const d of [shared, visible]) {
      await sharingRepository(t.db, org.principal(0)).grant(d.id, {
        shared_with_type: 'user',
        shared_with_id: org.users[2]!,
        permission_level: 'edit',
      });
    }
    const editor = dashboardRepository(t.db, org.principal(2));
    await expect(editor.get(hidden.id)).rejects.toBeInstanceOf(NotFoundError);
    const message = (name: string) =>
      editor
        .update(shared.id, 1, { dashboard_name: name })
        .then(() => 'renamed')
        .catch((e: unknown) => (e instanceof UniqueViolationError ? e : 'other error'));
    const errors = {
      hidden: await message('Layoff planning'),
      deleted: await message('Old audit'),
      visible: await message('Visible board'),
    };
    for (const [name, error] of Object.entries(errors)) {
      expect(error, name).toBeInstanceOf(UniqueViolationError);
      const e = error as UniqueViolationError;
      expect(e.field).toBe('analytics_dashboards.dashboard_name');
      // Nothing but the caller's own input: not the other dashboard, its id, owner or state.
      expect(JSON.stringify({ message: e.message, value: e.value })).not.toMatch(
        new RegExp(
          `${hidden.id}|${deleted.id}|${visible.id}|${org.users[0]}|delete|restore|another dashboard`,
          'i',
        ),
      );
    }
    // The same words whichever dashboard holds the name, visible, invisible or deleted.
    const shape = (e: unknown, name: string) => (e as Error).message.replace(JSON.stringify(name), '<name>');
    expect(shape(errors.hidden, 'Layoff planning')).toBe(shape(errors.visible, 'Visible board'));
    expect(shape(errors.deleted, 'Old audit')).toBe(shape(errors.visible, 'Visible board'));
    expect(await owner.get(shared.id)).toMatchObject({ dashboard_name: 'Team board', version: 1 });
  });

  it('bumps the version on every update and records who updated', async () => {
    const owner = dashboardRepository(t.db, org.principal(0));
    const d = await owner.create({ dashboard_name: 'Versioned' });
    await sharingRepository(t.db, org.principal(0)).grant(d.id, {
      shared_with_type: 'user',
      shared_with_id: org.users[2]!,
      permission_level: 'edit',
    });
    const editor = dashboardRepository(t.db, org.principal(2));
    const v2 = await editor.update(d.id, 1, { description: 'now with a description' });
    expect(v2).toMatchObject({
      version: 2,
      updated_by: org.users[2],
      owner_id: org.users[0],
      permission: 'edit',
    });
    expect(v2.updated_at.getTime()).toBeGreaterThanOrEqual(d.updated_at.getTime());
    const v3 = await owner.update(d.id, 2, { tags: ['q1'] });
    expect(v3).toMatchObject({ version: 3, updated_by: org.users[0], description: 'now with a description' });
  });

  it('refuses an update based on an old version, saying which versions', async () => {
    const owner = dashboardRepository(t.db, org.principal(0));
    const d = await owner.create({ dashboard_name: 'Stale' });
    await owner.update(d.id, 1, { theme: 'dark' });
    const error = await owner.update(d.id, 1, { theme: 'light' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VersionConflictError);
    expect(error).toMatchObject({ expectedVersion: 1, actualVersion: 2 });
    expect((error as Error).message).toMatch(/based on version 1 but the current version is 2/);
    expect((await owner.get(d.id)).theme).toBe('dark');
  });

  it('lets exactly one of two concurrent updates from the same version win; the other gets a version conflict', async () => {
    // Two handles, so that on PostgreSQL the updates run on two connections of their own.
    const second = engine === 'postgres' ? await createDatabase({ url: t.url }) : t.db;
    try {
      const owner = dashboardRepository(t.db, org.principal(0));
      const d = await owner.create({ dashboard_name: 'Contended' });
      for (let round = 0; round < 5; round++) {
        const version = (await owner.get(d.id)).version;
        const results = await Promise.allSettled([
          dashboardRepository(t.db, org.principal(0)).update(d.id, version, { description: `a${round}` }),
          dashboardRepository(second, org.principal(0)).update(d.id, version, { description: `b${round}` }),
        ]);
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r) => r.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(1);
        expect((lost[0] as PromiseRejectedResult).reason).toBeInstanceOf(VersionConflictError);
        const now = await owner.get(d.id);
        expect(now.version).toBe(version + 1);
        expect(now.description).toBe(
          (won[0] as PromiseFulfilledResult<{ description: string }>).value.description,
        );
      }
    } finally {
      if (second !== t.db) await second.destroy();
    }
  });

  it('makes an update wait for a concurrent uncommitted update of the same row and then report the conflict', async () => {
    const owner = dashboardRepository(t.db, org.principal(0));
    const d = await owner.create({ dashboard_name: 'Interleaved' });
    const second = engine === 'postgres' ? await createDatabase({ url: t.url }) : t.db;
    try {
      let late: Promise<unknown> | undefined;
      let settledEarly = false;
      await t.db.transaction().execute(async (trx) => {
        await dashboardRepository(trx, org.principal(0)).update(d.id, 1, { description: 'first' });
        late = dashboardRepository(second, org.principal(0))
          .update(d.id, 1, { description: 'second' })
          .finally(() => {
            settledEarly = true;
          });
        late.catch(() => {});
        await new Promise((resolve) => setTimeout(resolve, 300));
        // The first transaction is still open: the second update cannot have finished.
        expect(settledEarly).toBe(false);
      });
      await expect(late).rejects.toBeInstanceOf(VersionConflictError);
      expect(await owner.get(d.id)).toMatchObject({ version: 2, description: 'first' });
    } finally {
      if (second !== t.db) await second.destroy();
    }
  });

  it('keeps at most one default per organization and type: a new default clears the old one', async () => {
    const owner = dashboardRepository(t.db, org.principal(0));
    const a = await owner.create({
      dashboard_name: 'Default A',
      dashboard_type: 'executive',
      is_default: true,
    });
    const risk = await owner.create({
      dashboard_name: 'Default risk',
      dashboard_type: 'risk',
      is_default: true,
    });
    const b = await owner.create({
      dashboard_name: 'Default B',
      dashboard_type: 'executive',
      is_default: true,
    });
    expect((await owner.get(a.id)).is_default).toBe(false);
    expect((await owner.get(a.id)).version).toBe(2);
    expect((await owner.get(b.id)).is_default).toBe(true);
    expect((await owner.get(risk.id)).is_default).toBe(true);
    expect((await owner.getDefault('executive'))?.id).toBe(b.id);

    const c = await owner.create({ dashboard_name: 'Default C', dashboard_type: 'executive' });
    await owner.update(c.id, 1, { is_default: true });
    expect((await owner.getDefault('executive'))?.id).toBe(c.id);
    expect((await owner.get(b.id)).is_default).toBe(false);

    // Moving a default dashboard to another type makes it that type's only default.
    await owner.update(c.id, 2, { dashboard_type: 'risk' });
    expect((await owner.getDefault('risk'))?.id).toBe(c.id);
    expect((await owner.get(risk.id)).is_default).toBe(false);
    expect(await owner.getDefault('executive')).toBeUndefined();
  });

  it('leaves exactly one default when two dashboards are made default at the same time', async () => {
    const second = engine === 'postgres' ? await createDatabase({ url: t.url }) : t.db;
    try {
      const owner = dashboardRepository(t.db, org.principal(0));
      const ids = [];
      for (const name of ['Race 1', 'Race 2', 'Race 3', 'Race 4']) {
        ids.push((await owner.create({ dashboard_name: name, dashboard_type: 'compliance' })).id);
      }
      await Promise.all(
        ids.map((id, i) =>
          dashboardRepository(i % 2 ? second : t.db, org.principal(0)).update(id, 1, { is_default: true }),
        ),
      );
      const defaults = await t.db
        .selectFrom('analytics_dashboards')
        .select('id')
        .where('organization_id', '=', org.organizationId)
        .where('dashboard_type', '=', 'compliance')
        .where('is_default', '=', true)
        .execute();
      expect(defaults).toHaveLength(1);
    } finally {
      if (second !== t.db) await second.destroy();
    }
  });

  it('soft-deletes: the dashboard disappears from get, list and permissions, stops being the default, and keeps its row', async () => {
    const owner = dashboardRepository(t.db, org.principal(0));
    const d = await owner.create({
      dashboard_name: 'To delete',
      dashboard_type: 'operational',
      is_default: true,
    });
    await owner.delete(d.id);
    await expect(owner.get(d.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await owner.list({ limit: 500 })).items.map((x) => x.id)).not.toContain(d.id);
    expect(await sharingRepository(t.db, org.principal(0)).effectivePermission(d.id)).toBeNull();
    expect(await owner.getDefault('operational')).toBeUndefined();
    const row = await t.db
      .selectFrom('analytics_dashboards')
      .selectAll()
      .where('id', '=', d.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ deleted_by: org.users[0], is_default: false, version: 2 });
    expect(row.deleted_at).toBeInstanceOf(Date);
    await expect(owner.delete(d.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(owner.update(d.id, 2, { theme: 'dark' })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('restores a soft-deleted dashboard for its admin only', async () => {
    const owner = dashboardRepository(t.db, org.principal(0));
    const d = await owner.create({ dashboard_name: 'To restore', is_public: true });
    await owner.delete(d.id, 1);
    await expect(dashboardRepository(t.db, org.principal(1)).restore(d.id)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    const back = await owner.restore(d.id);
    expect(back).toMatchObject({
      id: d.id,
      deleted_at: null,
      deleted_by: null,
      version: 3,
      permission: 'admin',
    });
    await expect(owner.restore(d.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await dashboardRepository(t.db, org.principal(1)).get(d.id)).permission).toBe('view');
  });

  it('refuses to delete with an old version', async () => {
    const owner = dashboardRepository(t.db, org.principal(0));
    const d = await owner.create({ dashboard_name: 'Delete stale' });
    await owner.update(d.id, 1, { theme: 'dark' });
    await expect(owner.delete(d.id, 1)).rejects.toBeInstanceOf(VersionConflictError);
    expect((await owner.get(d.id)).deleted_at).toBeNull();
  });

  it('lists the dashboards the principal can see, filtered and paginated', async () => {
    const o = await createTestOrganization(t.db);
    const owner = dashboardRepository(t.db, o.principal(0));
    const names = ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo'];
    for (const [i, name] of names.entries()) {
      await owner.create({
        dashboard_name: name,
        dashboard_type: i < 2 ? 'risk' : 'custom',
        tags: i % 2 ? ['odd'] : null,
      });
    }
    await dashboardRepository(t.db, o.principal(1)).create({ dashboard_name: 'Foxtrot (private)' });
    const page1 = await owner.list({ limit: 2 });
    expect(page1.items.map((d) => d.dashboard_name)).toEqual(['Alpha', 'Bravo']);
    expect(page1.hasMore).toBe(true);
    const page3 = await owner.list({ limit: 2, offset: 4 });
    expect(page3.items.map((d) => d.dashboard_name)).toEqual(['Echo']);
    expect(page3.hasMore).toBe(false);
    expect((await owner.list({ dashboardType: 'risk' })).items.map((d) => d.dashboard_name)).toEqual([
      'Alpha',
      'Bravo',
    ]);
    expect((await owner.list({ tag: 'odd' })).items.map((d) => d.dashboard_name)).toEqual(['Bravo', 'Delta']);
    expect((await dashboardRepository(t.db, o.principal(1)).list({ ownedOnly: true })).items).toHaveLength(1);
    await expect(owner.list({ limit: 0 })).rejects.toThrow(/limit: got 0; allowed: an integer from 1 to 500/);
    await expect(owner.list({ dashboardType: 'nope' as never })).rejects.toBeInstanceOf(StoreValidationError);
  });

  it('answers not found for ids that are not UUIDs, without a database error', async () => {
    const owner = dashboardRepository(t.db, org.principal(0));
    await expect(owner.get('not-a-uuid')).rejects.toBeInstanceOf(NotFoundError);
    await expect(owner.update("1'; DROP TABLE x; --", 1, {})).rejects.toBeInstanceOf(NotFoundError);
    await expect(owner.delete('')).rejects.toBeInstanceOf(NotFoundError);
    await expect(owner.restore('x')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('needs edit to change a dashboard and admin to change is_public, is_default or delete it', async () => {
    const owner = dashboardRepository(t.db, org.principal(0));
    const sharing = sharingRepository(t.db, org.principal(0));
    const d = await owner.create({ dashboard_name: 'Guarded' });
    await sharing.grant(d.id, {
      shared_with_type: 'user',
      shared_with_id: org.users[1]!,
      permission_level: 'view',
    });
    await sharing.grant(d.id, {
      shared_with_type: 'user',
      shared_with_id: org.users[2]!,
      permission_level: 'edit',
    });
    const viewer = dashboardRepository(t.db, org.principal(1));
    const editor = dashboardRepository(t.db, org.principal(2));
    await expect(viewer.update(d.id, 1, { theme: 'dark' })).rejects.toThrow(PermissionDeniedError);
    await expect(viewer.update(d.id, 1, { theme: 'dark' })).rejects.toThrow(
      /to change theme you need edit permission; you have view/,
    );
    await expect(editor.update(d.id, 1, { is_public: true })).rejects.toThrow(/you need admin permission/);
    await expect(editor.update(d.id, 1, { is_default: true })).rejects.toThrow(PermissionDeniedError);
    await expect(editor.delete(d.id)).rejects.toThrow(PermissionDeniedError);
    await expect(editor.update(d.id, 1, { theme: 'dark' })).resolves.toMatchObject({ version: 2 });
    const row = await owner.get(d.id);
    expect(row).toMatchObject({ is_public: false, is_default: false, deleted_at: null, theme: 'dark' });
  });

  it('refuses an edit grantee changing the dashboard_type of a default dashboard, and changes no default', async () => {
    const owner = dashboardRepository(t.db, org.principal(0));
    const shared = await owner.create({
      dashboard_name: 'Shared default',
      dashboard_type: 'compliance',
      is_default: true,
    });
    const otherDefault = await owner.create({
      dashboard_name: 'Executive default',
      dashboard_type: 'executive',
      is_default: true,
    });
    await sharingRepository(t.db, org.principal(0)).grant(shared.id, {
      shared_with_type: 'user',
      shared_with_id: org.users[3]!,
      permission_level: 'edit',
    });
    const editor = dashboardRepository(t.db, org.principal(3));
    await expect(editor.update(shared.id, 1, { dashboard_type: 'executive' })).rejects.toThrow(
      /to change dashboard_type of a default dashboard .*you need admin permission; you have edit/,
    );
    expect(await owner.get(shared.id)).toMatchObject({
      dashboard_type: 'compliance',
      is_default: true,
      version: 1,
    });
    expect(await owner.get(otherDefault.id)).toMatchObject({ is_default: true, version: 1 });
    // A dashboard that is not a default changes type with edit, as before.
    const plain = await owner.create({ dashboard_name: 'Plain shared', dashboard_type: 'compliance' });
    await sharingRepository(t.db, org.principal(0)).grant(plain.id, {
      shared_with_type: 'user',
      shared_with_id: org.users[3]!,
      permission_level: 'edit',
    });
    await expect(editor.update(plain.id, 1, { dashboard_type: 'executive' })).resolves.toMatchObject({
      dashboard_type: 'executive',
      is_default: false,
    });
    expect(await owner.get(otherDefault.id)).toMatchObject({ is_default: true, version: 1 });
  });

  it('rolls back a new default when the rest of the update fails', async () => {
    const owner = dashboardRepository(t.db, org.principal(0));
    const old = await owner.create({
      dashboard_name: 'Old default',
      dashboard_type: 'risk',
      is_default: true,
    });
    const other = await owner.create({ dashboard_name: 'Would-be default', dashboard_type: 'risk' });
    await owner.create({ dashboard_name: 'Clashing name', dashboard_type: 'risk' });
    // The name clash fails after the old default was cleared inside the transaction.
    await expect(
      owner.update(other.id, 1, { is_default: true, dashboard_name: 'Clashing name' }),
    ).rejects.toBeInstanceOf(UniqueViolationError);
    expect(await owner.get(old.id)).toMatchObject({ is_default: true, version: 1 });
    expect(await owner.get(other.id)).toMatchObject({ is_default: false, version: 1 });
  });

  it('runs inside a caller transaction and rolls back only its own failed step', async () => {
    const owner = dashboardRepository(t.db, org.principal(0));
    const kept = await t.db.transaction().execute(async (trx) => {
      const inTrx = dashboardRepository(trx, org.principal(0));
      const first = await inTrx.create({ dashboard_name: 'Inside transaction' });
      await expect(inTrx.create({ dashboard_name: 'Inside transaction' })).rejects.toBeInstanceOf(
        UniqueViolationError,
      );
      await sql`SELECT 1`.execute(trx); // the transaction is still usable
      return first;
    });
    expect((await owner.get(kept.id)).dashboard_name).toBe('Inside transaction');
  });
});
