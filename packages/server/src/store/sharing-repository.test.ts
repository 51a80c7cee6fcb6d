import {
  type Database,
  PERMISSION_LEVELS,
  type PermissionLevel,
  SHARED_WITH_TYPES,
  type SharedWithType,
} from '@arion-metrics/core';
import { type Kysely, sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENGINES, useTestDatabase } from '../testing/test-database';
import { dashboardRepository } from './dashboard-repository';
import type { Principal } from './principal';
import { sharingRepository } from './sharing-repository';
import { NotFoundError, PermissionDeniedError, StoreValidationError } from './store-errors';
import { createTestOrganization, type TestOrganization } from './test-organization';

async function shareCount(db: Kysely<Database>, dashboardId: string): Promise<number> {
  const row = await db
    .selectFrom('dashboard_sharing')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('dashboard_id', '=', dashboardId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe.each(TEST_ENGINES)('dashboard sharing on %s', (engine) => {
  const t = useTestDatabase(engine);
  let org: TestOrganization;
  /** users[0] owns every dashboard here. users[1] holds role 0 and department 0. */
  let owner: Principal;
  let member: Principal;
  /** A principal of the same organization with none of the grantee's user, role or department. */
  let bystander: Principal;
  beforeAll(async () => {
    org = await createTestOrganization(t.db);
    owner = org.principal(0);
    member = org.principal(1, { roles: [0], departments: [0] });
    bystander = org.principal(2, { roles: [1], departments: [1] });
  });

  let counter = 0;
  async function newDashboard(options: { is_public?: boolean } = {}) {
    return dashboardRepository(t.db, owner).create({ dashboard_name: `shared ${++counter}`, ...options });
  }
  const permissionOf = (principal: Principal, dashboardId: string) =>
    sharingRepository(t.db, principal).effectivePermission(dashboardId);

  /** The grantee of each type that matches `member`. */
  const granteeFor = (type: SharedWithType) =>
    type === 'everyone'
      ? ({ shared_with_type: 'everyone' } as const)
      : {
          shared_with_type: type,
          shared_with_id: { user: org.users[1]!, role: org.roles[0]!, department: org.departments[0]! }[type],
        };

  describe('the sharing matrix', () => {
    it('gives the owner admin and a stranger nothing on a private dashboard', async () => {
      const d = await newDashboard();
      expect(await permissionOf(owner, d.id)).toBe('admin');
      expect(await permissionOf(member, d.id)).toBeNull();
      expect(await permissionOf(bystander, d.id)).toBeNull();
    });

    for (const type of SHARED_WITH_TYPES) {
      for (const level of PERMISSION_LEVELS) {
        it(`gives ${level} through a ${type} grant to whom it matches, and nothing to others`, async () => {
          const d = await newDashboard();
          await sharingRepository(t.db, owner).grant(d.id, { ...granteeFor(type), permission_level: level });
          expect(await permissionOf(member, d.id)).toBe(level);
          expect(await permissionOf(bystander, d.id)).toBe(type === 'everyone' ? level : null);
          expect(await permissionOf(owner, d.id)).toBe('admin');
          const listed = await dashboardRepository(t.db, member).list({ limit: 500 });
          expect(listed.items.find((x) => x.id === d.id)?.permission).toBe(level);
        });
      }
    }

    for (const type of SHARED_WITH_TYPES) {
      it(`gives nothing through an expired ${type} grant`, async () => {
        const d = await newDashboard();
        const grant = await sharingRepository(t.db, owner).grant(d.id, {
          ...granteeFor(type),
          permission_level: 'admin',
          expires_at: new Date(Date.now() + 3_600_000),
        });
        expect(await permissionOf(member, d.id)).toBe('admin');
        await sql`UPDATE dashboard_sharing SET expires_at = now() - interval '1 second' WHERE id = ${grant.id}`.execute(
          t.db,
        );
        expect(await permissionOf(member, d.id)).toBeNull();
        expect(
          (await dashboardRepository(t.db, member).list({ limit: 500 })).items.map((x) => x.id),
        ).not.toContain(d.id);
        await expect(dashboardRepository(t.db, member).get(d.id)).rejects.toBeInstanceOf(NotFoundError);
      });
    }

    it('counts a grant that expires in the future until it expires', async () => {
      const d = await newDashboard();
      await sharingRepository(t.db, owner).grant(d.id, {
        ...granteeFor('user'),
        permission_level: 'edit',
        expires_at: new Date(Date.now() + 60_000).toISOString(),
      });
      expect(await permissionOf(member, d.id)).toBe('edit');
    });

    it('gives the highest unexpired grant when several match', async () => {
      const d = await newDashboard();
      const sharing = sharingRepository(t.db, owner);
      await sharing.grant(d.id, { ...granteeFor('user'), permission_level: 'view' });
      await sharing.grant(d.id, { ...granteeFor('role'), permission_level: 'edit' });
      const dept = await sharing.grant(d.id, { ...granteeFor('department'), permission_level: 'admin' });
      expect(await permissionOf(member, d.id)).toBe('admin');
      await sql`UPDATE dashboard_sharing SET expires_at = now() - interval '1 minute' WHERE id = ${dept.id}`.execute(
        t.db,
      );
      expect(await permissionOf(member, d.id)).toBe('edit');
      await sharing.revoke(d.id, granteeFor('role') as never);
      expect(await permissionOf(member, d.id)).toBe('view');
    });

    it('gives view to everyone in the organization on a public dashboard, and more through grants', async () => {
      const d = await newDashboard({ is_public: true });
      expect(await permissionOf(bystander, d.id)).toBe('view');
      expect(await permissionOf(member, d.id)).toBe('view');
      expect(await permissionOf(owner, d.id)).toBe('admin');
      await sharingRepository(t.db, owner).grant(d.id, { ...granteeFor('role'), permission_level: 'edit' });
      expect(await permissionOf(member, d.id)).toBe('edit');
      expect(await permissionOf(bystander, d.id)).toBe('view');
    });

    it('gives nothing to anyone on a soft-deleted dashboard: owner, grantees, public', async () => {
      const d = await newDashboard({ is_public: true });
      await sharingRepository(t.db, owner).grant(d.id, { ...granteeFor('user'), permission_level: 'admin' });
      await sharingRepository(t.db, owner).grant(d.id, {
        shared_with_type: 'everyone',
        permission_level: 'edit',
      });
      await dashboardRepository(t.db, owner).delete(d.id);
      for (const principal of [owner, member, bystander]) {
        expect(await permissionOf(principal, d.id)).toBeNull();
        await expect(dashboardRepository(t.db, principal).get(d.id)).rejects.toBeInstanceOf(NotFoundError);
        expect(
          (await dashboardRepository(t.db, principal).list({ limit: 500 })).items.map((x) => x.id),
        ).not.toContain(d.id);
      }
      await expect(
        sharingRepository(t.db, owner).grant(d.id, granteeFor('role') as never),
      ).rejects.toBeInstanceOf(NotFoundError);
    });

    it('gives nothing to a principal of another organization, even through an everyone grant', async () => {
      const d = await newDashboard({ is_public: true });
      await sharingRepository(t.db, owner).grant(d.id, {
        shared_with_type: 'everyone',
        permission_level: 'admin',
      });
      const other = await createTestOrganization(t.db, 1);
      // Same user id as the owner, but acting for the other organization.
      const impostor = { ...other.principal(0), userId: org.users[0]! };
      expect(await permissionOf(other.principal(0), d.id)).toBeNull();
      expect(await permissionOf(impostor, d.id)).toBeNull();
    });

    it('lists exactly the dashboards the principal can see, each with its effective permission', async () => {
      const o = await createTestOrganization(t.db);
      const ownerHere = o.principal(0);
      const memberHere = o.principal(1, { roles: [0], departments: [0] });
      const make = (name: string, is_public = false) =>
        dashboardRepository(t.db, ownerHere).create({ dashboard_name: name, is_public });
      const sharing = sharingRepository(t.db, ownerHere);
      const pub = await make('public', true);
      const byRole = await make('by role');
      await sharing.grant(byRole.id, {
        shared_with_type: 'role',
        shared_with_id: o.roles[0]!,
        permission_level: 'edit',
      });
      const byDept = await make('by department');
      await sharing.grant(byDept.id, {
        shared_with_type: 'department',
        shared_with_id: o.departments[0]!,
        permission_level: 'admin',
      });
      const otherRole = await make('other role');
      await sharing.grant(otherRole.id, {
        shared_with_type: 'role',
        shared_with_id: o.roles[1]!,
        permission_level: 'admin',
      });
      await make('private');
      const own = await dashboardRepository(t.db, memberHere).create({ dashboard_name: 'own' });
      const seen = (await dashboardRepository(t.db, memberHere).list()).items.map(
        (d) => [d.id, d.permission] as const,
      );
      expect(new Map(seen)).toEqual(
        new Map<string, PermissionLevel>([
          [pub.id, 'view'],
          [byRole.id, 'edit'],
          [byDept.id, 'admin'],
          [own.id, 'admin'],
        ]),
      );
      for (const [id, permission] of seen) {
        expect(await sharingRepository(t.db, memberHere).effectivePermission(id)).toBe(permission);
      }
    });
  });

  describe('what each level allows', () => {
    it('lets view read, edit change, and only admin share, list shares, change is_public and delete', async () => {
      const d = await newDashboard();
      const byLevel = new Map<PermissionLevel, Principal>();
      for (const [i, level] of PERMISSION_LEVELS.entries()) {
        const p = org.principal(i + 1);
        byLevel.set(level, p);
        await sharingRepository(t.db, owner).grant(d.id, {
          shared_with_type: 'user',
          shared_with_id: p.userId,
          permission_level: level,
        });
      }
      const view = byLevel.get('view')!;
      const edit = byLevel.get('edit')!;
      const admin = byLevel.get('admin')!;
      await expect(dashboardRepository(t.db, view).get(d.id)).resolves.toMatchObject({ permission: 'view' });
      await expect(dashboardRepository(t.db, view).update(d.id, 1, { theme: 'x' })).rejects.toBeInstanceOf(
        PermissionDeniedError,
      );
      await expect(dashboardRepository(t.db, edit).update(d.id, 1, { theme: 'x' })).resolves.toMatchObject({
        version: 2,
      });
      for (const p of [view, edit]) {
        await expect(
          sharingRepository(t.db, p).grant(d.id, granteeFor('everyone') as never),
        ).rejects.toBeInstanceOf(PermissionDeniedError);
        await expect(
          sharingRepository(t.db, p).revoke(d.id, { shared_with_type: 'everyone' }),
        ).rejects.toBeInstanceOf(PermissionDeniedError);
        await expect(sharingRepository(t.db, p).list(d.id)).rejects.toBeInstanceOf(PermissionDeniedError);
      }
      expect(await shareCount(t.db, d.id)).toBe(3);
      await sharingRepository(t.db, admin).grant(d.id, { shared_with_type: 'everyone' });
      expect(await sharingRepository(t.db, admin).list(d.id)).toHaveLength(4);
      await expect(
        dashboardRepository(t.db, admin).update(d.id, 2, { is_public: true }),
      ).resolves.toMatchObject({
        is_public: true,
      });
      await dashboardRepository(t.db, admin).delete(d.id);
      expect(await permissionOf(owner, d.id)).toBeNull();
    });
  });

  describe('grant and revoke', () => {
    it('records who shared and when, and replaces level and expiry on a re-grant', async () => {
      const d = await newDashboard();
      const sharing = sharingRepository(t.db, owner);
      const first = await sharing.grant(d.id, { ...granteeFor('user'), permission_level: 'view' });
      expect(first).toMatchObject({
        dashboard_id: d.id,
        shared_with_type: 'user',
        shared_with_id: org.users[1],
        permission_level: 'view',
        shared_by: org.users[0],
        expires_at: null,
        organization_id: org.organizationId,
      });
      expect(first.shared_at).toBeInstanceOf(Date);
      const expires = new Date(Date.now() + 86_400_000);
      const again = await sharing.grant(d.id, {
        ...granteeFor('user'),
        permission_level: 'edit',
        expires_at: expires,
      });
      expect(again).toMatchObject({ id: first.id, permission_level: 'edit' });
      expect(again.expires_at?.getTime()).toBe(expires.getTime());
      expect(await shareCount(t.db, d.id)).toBe(1);
      await sharing.grant(d.id, { shared_with_type: 'everyone' });
      await sharing.grant(d.id, { shared_with_type: 'everyone', permission_level: 'edit' });
      expect(await shareCount(t.db, d.id)).toBe(2);
      expect(await sharing.list(d.id)).toHaveLength(2);
    });

    it('revokes a grant so that it gives nothing, and reports whether there was one', async () => {
      const d = await newDashboard();
      const sharing = sharingRepository(t.db, owner);
      await sharing.grant(d.id, { ...granteeFor('department'), permission_level: 'edit' });
      await sharing.grant(d.id, { shared_with_type: 'everyone' });
      expect(await permissionOf(member, d.id)).toBe('edit');
      expect(await sharing.revoke(d.id, granteeFor('department') as never)).toBe(true);
      expect(await permissionOf(member, d.id)).toBe('view');
      expect(await sharing.revoke(d.id, { shared_with_type: 'everyone' })).toBe(true);
      expect(await permissionOf(member, d.id)).toBeNull();
      expect(await sharing.revoke(d.id, { shared_with_type: 'everyone' })).toBe(false);
      expect(await shareCount(t.db, d.id)).toBe(0);
    });

    it('refuses bad grants with an error naming the field and value, and writes nothing', async () => {
      const d = await newDashboard();
      const other = await createTestOrganization(t.db, 1);
      const sharing = sharingRepository(t.db, owner);
      const cases: [Record<string, unknown>, string, unknown][] = [
        [
          { shared_with_type: 'team', shared_with_id: org.users[1] },
          'dashboard_sharing.shared_with_type',
          'team',
        ],
        [{ shared_with_id: org.users[1] }, 'dashboard_sharing.shared_with_type', undefined],
        [{ shared_with_type: 'user' }, 'dashboard_sharing.shared_with_id', null],
        [{ shared_with_type: 'user', shared_with_id: 'bob' }, 'dashboard_sharing.shared_with_id', 'bob'],
        [
          { shared_with_type: 'everyone', shared_with_id: org.users[1] },
          'dashboard_sharing.shared_with_id',
          org.users[1],
        ],
        [
          { shared_with_type: 'user', shared_with_id: other.users[0] },
          'dashboard_sharing.shared_with_id',
          other.users[0],
        ],
        [
          { shared_with_type: 'role', shared_with_id: org.users[1] },
          'dashboard_sharing.shared_with_id',
          org.users[1],
        ],
        [
          { shared_with_type: 'department', shared_with_id: org.roles[0] },
          'dashboard_sharing.shared_with_id',
          org.roles[0],
        ],
        [
          { shared_with_type: 'everyone', permission_level: 'owner' },
          'dashboard_sharing.permission_level',
          'owner',
        ],
        [
          { shared_with_type: 'everyone', expires_at: 'tomorrow' },
          'dashboard_sharing.expires_at',
          'tomorrow',
        ],
        [
          { shared_with_type: 'everyone', expires_at: new Date(Date.now() - 1000) },
          'dashboard_sharing.expires_at',
          undefined,
        ],
        [
          { shared_with_type: 'everyone', shared_by: org.users[2] },
          'dashboard_sharing.shared_by',
          org.users[2],
        ],
      ];
      for (const [grant, field, value] of cases) {
        const error = await sharing.grant(d.id, grant as never).catch((e: unknown) => e);
        expect(error, JSON.stringify(grant)).toBeInstanceOf(StoreValidationError);
        expect((error as StoreValidationError).field).toBe(field);
        if (value !== undefined) expect((error as StoreValidationError).value).toEqual(value);
      }
      expect(await shareCount(t.db, d.id)).toBe(0);
    });

    it('answers not found for a dashboard id that is not a UUID, and null for its permission', async () => {
      const sharing = sharingRepository(t.db, owner);
      await expect(sharing.grant('x', { shared_with_type: 'everyone' })).rejects.toBeInstanceOf(
        NotFoundError,
      );
      await expect(sharing.revoke('x', { shared_with_type: 'everyone' })).rejects.toBeInstanceOf(
        NotFoundError,
      );
      await expect(sharing.list('x')).rejects.toBeInstanceOf(NotFoundError);
      expect(await sharing.effectivePermission('x')).toBeNull();
    });
  });
});
