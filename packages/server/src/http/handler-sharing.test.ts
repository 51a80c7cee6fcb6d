/**
 * The sharing matrix of the handler, on both engines: every route that reads or changes a
 * dashboard, sent by each kind of principal — owner, admin / edit / view grantee, role and
 * department grantees, a grantee whose grant expired, a stranger — answers 2xx when the
 * principal's permission suffices, 403 when it can see the dashboard but holds too little, and
 * 404 when it cannot see it at all. A refused request changes no row.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../store/open-store';
import type { Principal } from '../store/principal';
import { createTestOrganization, type TestOrganization } from '../store/test-organization';
import { tenantFingerprint } from '../testing/cross-tenant';
import { buildScene, type Scene, STORE_TABLES } from '../testing/store-scene';
import { TEST_ENGINES, useTestDatabase } from '../testing/test-database';
import { createMetricsHandler, type MetricsHandler } from './create-metrics-handler';

type Level = 'view' | 'edit' | 'admin' | null;
const RANK = { view: 1, edit: 2, admin: 3 } as const;

/** A route on a scene: what it needs and how to send it. */
interface Route {
  readonly name: string;
  readonly method: string;
  readonly need: 'view' | 'edit' | 'admin';
  readonly path: (s: Scene & { grant: string }) => string;
  readonly body?: (org: TestOrganization) => unknown;
  readonly ifMatch?: boolean;
}

const ROUTES: readonly Route[] = [
  { name: 'read dashboard', method: 'GET', need: 'view', path: (s) => `/dashboards/${s.dashboard}` },
  { name: 'dashboard data', method: 'GET', need: 'view', path: (s) => `/dashboards/${s.dashboard}/data` },
  { name: 'list widgets', method: 'GET', need: 'view', path: (s) => `/dashboards/${s.dashboard}/widgets` },
  { name: 'read widget', method: 'GET', need: 'view', path: (s) => `/widgets/${s.widget}` },
  {
    name: 'update dashboard',
    method: 'PATCH',
    need: 'edit',
    path: (s) => `/dashboards/${s.dashboard}`,
    body: () => ({ theme: 'dark' }),
    ifMatch: true,
  },
  {
    name: 'add widget',
    method: 'POST',
    need: 'edit',
    path: (s) => `/dashboards/${s.dashboard}/widgets`,
    body: () => ({
      widget_name: 'Added',
      widget_type: 'text',
      position: { x: 0, y: 4, w: 2, h: 2 },
      visualization_config: { markdown: 'x' },
    }),
  },
  {
    name: 'update widget',
    method: 'PATCH',
    need: 'edit',
    path: (s) => `/widgets/${s.widget}`,
    body: () => ({ widget_name: 'Renamed' }),
  },
  { name: 'delete widget', method: 'DELETE', need: 'edit', path: (s) => `/widgets/${s.widget}` },
  { name: 'delete dashboard', method: 'DELETE', need: 'admin', path: (s) => `/dashboards/${s.dashboard}` },
  { name: 'set default', method: 'PUT', need: 'admin', path: (s) => `/dashboards/${s.dashboard}/default` },
  { name: 'list grants', method: 'GET', need: 'admin', path: (s) => `/dashboards/${s.dashboard}/sharing` },
  {
    name: 'grant',
    method: 'POST',
    need: 'admin',
    path: (s) => `/dashboards/${s.dashboard}/sharing`,
    body: (org) => ({ shared_with_type: 'user', shared_with_id: org.users[7], permission_level: 'view' }),
  },
  { name: 'revoke grant', method: 'DELETE', need: 'admin', path: (s) => `/sharing/${s.grant}` },
];

/** Who sends the request, and the permission the scene gives it. */
const ACTORS: readonly { name: string; level: Level; principal: (org: TestOrganization) => Principal }[] = [
  { name: 'owner', level: 'admin', principal: (o) => o.principal(0) },
  { name: 'admin grantee', level: 'admin', principal: (o) => o.principal(1) },
  { name: 'edit grantee', level: 'edit', principal: (o) => o.principal(2) },
  { name: 'view grantee', level: 'view', principal: (o) => o.principal(3) },
  { name: 'role grantee (view)', level: 'view', principal: (o) => o.principal(4, { roles: [1] }) },
  {
    name: 'department grantee (edit)',
    level: 'edit',
    principal: (o) => o.principal(5, { departments: [1] }),
  },
  { name: 'expired edit grant', level: null, principal: (o) => o.principal(6) },
  { name: 'stranger', level: null, principal: (o) => o.principal(7) },
];

describe.each(TEST_ENGINES)('handler sharing matrix on %s', (engine) => {
  const t = useTestDatabase(engine);
  let org: TestOrganization;
  let acting: Principal;
  let handle: MetricsHandler;
  let shared: Scene & { grant: string };

  /** A scene with the role, department and expired grants besides the scene's own. */
  const sharedScene = async (): Promise<Scene & { grant: string }> => {
    const scene = await buildScene(t.db, org);
    const sharing = openStore(t.db, org.principal(0)).sharing;
    await sharing.grant(scene.dashboard, {
      shared_with_type: 'role',
      shared_with_id: org.roles[1]!,
      permission_level: 'view',
    });
    await sharing.grant(scene.dashboard, {
      shared_with_type: 'department',
      shared_with_id: org.departments[1]!,
      permission_level: 'edit',
    });
    const expired = await sharing.grant(scene.dashboard, {
      shared_with_type: 'user',
      shared_with_id: org.users[6]!,
      permission_level: 'edit',
      expires_at: new Date(Date.now() + 3600_000),
    });
    await sql`UPDATE dashboard_sharing SET expires_at = now() - interval '1 day' WHERE id = ${expired.id}`.execute(
      t.db,
    );
    return { ...scene, grant: expired.id };
  };

  beforeAll(async () => {
    org = await createTestOrganization(t.db, 8);
    handle = createMetricsHandler({ db: t.db, authenticate: () => acting });
    shared = await sharedScene();
  });

  const cases = ROUTES.flatMap((route) =>
    ACTORS.map((actor) => ({ route, actor, label: `${route.name} by ${actor.name}` })),
  );

  it.each(cases)('$label', async ({ route, actor }) => {
    const scene = route.method === 'GET' ? shared : await sharedScene();
    acting = actor.principal(org);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (route.ifMatch) {
      const { version } = await t.db
        .selectFrom('analytics_dashboards')
        .select('version')
        .where('id', '=', scene.dashboard)
        .executeTakeFirstOrThrow();
      headers['if-match'] = `"${version}"`;
    }
    const before = await tenantFingerprint(t.db, org.organizationId, STORE_TABLES);
    const response = await handle(
      new Request(`http://host.test${route.path(scene)}`, {
        method: route.method,
        headers,
        ...(route.body ? { body: JSON.stringify(route.body(org)) } : {}),
      }),
    );
    const expected = actor.level === null ? 404 : RANK[actor.level] >= RANK[route.need] ? 'ok' : 403;
    if (expected === 'ok') expect(response.status, await response.clone().text()).toBeLessThan(300);
    else {
      expect(response.status, await response.clone().text()).toBe(expected);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(await tenantFingerprint(t.db, org.organizationId, STORE_TABLES)).toEqual(before);
    }
  });

  it('grants, lists and revokes through the routes, and the grantee gains and loses access', async () => {
    const scene = await buildScene(t.db, org);
    acting = org.principal(0);
    const send = (path: string, init: RequestInit = {}) =>
      handle(
        new Request(`http://host.test${path}`, { ...init, headers: { 'content-type': 'application/json' } }),
      );
    const granted = await send(`/dashboards/${scene.dashboard}/sharing`, {
      method: 'POST',
      body: JSON.stringify({
        shared_with_type: 'user',
        shared_with_id: org.users[7],
        permission_level: 'view',
      }),
    });
    expect(granted.status).toBe(201);
    const grant = (await granted.json()) as { id: string };
    const list = (await (await send(`/dashboards/${scene.dashboard}/sharing`)).json()) as {
      items: { id: string }[];
    };
    expect(list.items.map((g) => g.id)).toContain(grant.id);
    acting = org.principal(7);
    expect((await send(`/dashboards/${scene.dashboard}`)).status).toBe(200);
    acting = org.principal(0);
    expect((await send(`/sharing/${grant.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await send(`/sharing/${grant.id}`, { method: 'DELETE' })).status).toBe(404);
    acting = org.principal(7);
    expect((await send(`/dashboards/${scene.dashboard}`)).status).toBe(404);
    const bad = await send(`/dashboards/${scene.dashboard}/sharing`, {
      method: 'POST',
      body: JSON.stringify({ shared_with_type: 'team', shared_with_id: randomUUID() }),
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()) as object).toMatchObject({ field: 'body.shared_with_type' });
  });
});
