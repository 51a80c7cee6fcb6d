/**
 * Signed embed tokens through the handler, on both engines: a valid token reads its dashboard and
 * its data with the locked filters applied; every forged, stale or misdirected token is refused;
 * and a matrix over every route of the OpenAPI document shows that an embed token reads its own
 * dashboard and its data and nothing else (writes 403, reads 404), changing no row.
 */
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../store/open-store';
import { createTestOrganization, type TestOrganization } from '../store/test-organization';
import { tenantFingerprint } from '../testing/cross-tenant';
import { buildScene, type Scene, STORE_TABLES } from '../testing/store-scene';
import { TEST_ENGINES, useTestDatabase } from '../testing/test-database';
import { createMetricsHandler, type MetricsHandler } from './create-metrics-handler';
import { EMBED_TOKEN_TYPE, type SignEmbedTokenOptions, signEmbedToken } from './embed-token';

const NOW = new Date('2025-01-10T12:00:00Z');
const OLD_KEY = 'the-old-embed-secret-of-32-bytes-or-more';
const NEW_KEY = 'the-new-embed-secret-of-32-bytes-or-more';
const RANGE = 'from=2025-01-01T00:00:00Z&to=2025-01-05T00:00:00Z';

// biome-ignore lint/suspicious/noExplicitAny: the tests read JSON bodies of known shape field by field
type Json = any;

describe.each(TEST_ENGINES)('embed tokens on %s', (engine) => {
  const t = useTestDatabase(engine);
  let a: TestOrganization;
  let b: TestOrganization;
  let scene: Scene;
  let other: Scene;
  let sceneB: Scene;
  let handle: MetricsHandler;
  const units = [randomUUID(), randomUUID()] as const;

  const sign = (overrides: Partial<SignEmbedTokenOptions> = {}) =>
    signEmbedToken({
      organizationId: a.organizationId,
      dashboardId: scene.dashboard,
      expiresIn: 600,
      key: NEW_KEY,
      kid: 'new',
      audience: 'arion-embed',
      now: NOW,
      ...overrides,
    });

  const call = (token: string, path: string, init: RequestInit = {}) =>
    handle(
      new Request(`http://host.test${path}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
      }),
    );

  beforeAll(async () => {
    a = await createTestOrganization(t.db, 5);
    b = await createTestOrganization(t.db, 5);
    scene = await buildScene(t.db, a);
    other = await buildScene(t.db, a);
    sceneB = await buildScene(t.db, b);
    const owner = openStore(t.db, a.principal(0));
    // Department values of the scene's metric: one per unit, so a leak of the other unit shows.
    await owner.calculations.upsert(
      units.map((unit, i) => ({
        metric_id: scene.metric,
        period_start: '2025-01-02T00:00:00Z',
        period_end: '2025-01-03T00:00:00Z',
        aggregation_level: 'department',
        aggregation_id: unit,
        metric_value: 100 + i,
      })),
    );
    handle = createMetricsHandler({
      db: t.db,
      authenticate: (request) =>
        request.headers.get('authorization') === 'Bearer user' ? a.principal(0) : null,
      authorizeDirectory: (request) => request.headers.get('x-directory-key') === 'directory-secret',
      embed: { keys: { old: OLD_KEY, new: NEW_KEY }, audience: 'arion-embed' },
      now: () => NOW,
    });
  });

  it('reads its own dashboard with only the visible widgets, and with either key of a rotation', async () => {
    const owner = openStore(t.db, a.principal(0));
    const hidden = await owner.widgets.create(scene.dashboard, {
      widget_name: 'Hidden',
      widget_type: 'text',
      position: { x: 6, y: 0, w: 2, h: 2 },
      is_visible: false,
      visualization_config: { markdown: 'internal' },
    });
    for (const token of [await sign(), await sign({ key: OLD_KEY, kid: 'old' })]) {
      const response = await call(token, `/dashboards/${scene.dashboard}`);
      expect(response.status).toBe(200);
      const body: Json = await response.json();
      expect(body.id).toBe(scene.dashboard);
      expect(body.widgets.map((w: { id: string }) => w.id)).toEqual([scene.widget]);
      expect(body.widgets.map((w: { id: string }) => w.id)).not.toContain(hidden.id);
    }
    await owner.widgets.delete(hidden.id);
  });

  it('serves its dashboard’s data with the locked unit applied, never another unit’s values', async () => {
    const token = await sign({
      lockedFilters: { aggregationLevel: 'department', aggregationIds: [units[0]] },
    });
    const response = await call(token, `/dashboards/${scene.dashboard}/data?${RANGE}`);
    expect(response.status).toBe(200);
    const body: Json = await response.json();
    const [card] = body.widgets;
    expect(card.ok).toBe(true);
    const { rows } = await sql<{ aggregation_id: string; metric_value: string }>`
      SELECT aggregation_id, metric_value::text FROM metric_calculations
       WHERE organization_id = ${a.organizationId} AND metric_id = ${scene.metric}
         AND aggregation_level = 'department' AND aggregation_id = ${units[0]}`.execute(t.db);
    const read = card.reads.map((r: Json) =>
      r.rows.map((row: Json) => [row.aggregation_id, Number(row.metric_value)]),
    );
    expect(read.flat()).toEqual(
      expect.arrayContaining(rows.map((r) => [r.aggregation_id, Number(r.metric_value)])),
    );
    expect(read.flat().map(([unit]: [string]) => unit)).not.toContain(units[1]);
  });

  it('refuses a query string that tries to change a locked filter', async () => {
    const token = await sign({
      lockedFilters: { aggregationLevel: 'department', aggregationIds: [units[0]] },
    });
    const otherUnit = encodeURIComponent(JSON.stringify({ aggregationIds: [units[1]] }));
    const moved = await call(token, `/dashboards/${scene.dashboard}/data?${RANGE}&filters=${otherUnit}`);
    expect(moved.status).toBe(403);
    expect(await moved.json()).toMatchObject({
      field: 'filters.aggregationIds',
      value: JSON.stringify(units[1]),
    });
    const level = encodeURIComponent(JSON.stringify({ aggregationLevel: 'org' }));
    const widened = await call(token, `/dashboards/${scene.dashboard}/data?${RANGE}&filters=${level}`);
    expect(widened.status).toBe(403);
    expect(((await widened.json()) as Json).field).toBe('filters.aggregationLevel');
  });

  it('gives an error entry, never unfiltered data, for a widget whose own settings contradict the locked filter', async () => {
    const owner = openStore(t.db, a.principal(0));
    const pinned = await owner.widgets.create(scene.dashboard, {
      widget_name: 'Pinned to the other unit',
      widget_type: 'metric_card',
      position: { x: 3, y: 0, w: 3, h: 2 },
      metric_ids: [scene.metric],
      data_config: { aggregationLevel: 'department', aggregationIds: [units[1]] },
    });
    try {
      const token = await sign({
        lockedFilters: { aggregationLevel: 'department', aggregationIds: [units[0]] },
      });
      const body: Json = await (await call(token, `/dashboards/${scene.dashboard}/data?${RANGE}`)).json();
      const entry = body.widgets.find((w: Json) => w.widgetId === pinned.id);
      expect(entry).toMatchObject({
        ok: false,
        error: { field: 'data_config.aggregationIds', value: units[1] },
      });
      expect(entry.reads).toBeUndefined();
    } finally {
      await owner.widgets.delete(pinned.id);
    }
  });

  it('refuses a token that is expired, not yet valid, wrongly signed, of an unknown kid, tampered or too long-lived', async () => {
    const good = await sign();
    const [header, payload, signature] = good.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, dashboard: other.dashboard })).toString('base64url')}.${signature}`;
    const longLived = await new SignJWT({ org: a.organizationId, dashboard: scene.dashboard })
      .setProtectedHeader({ alg: 'HS256', kid: 'new', typ: EMBED_TOKEN_TYPE })
      .setIssuedAt(NOW)
      .setExpirationTime(new Date(NOW.getTime() + 7200_000))
      .setAudience('arion-embed')
      .sign(new TextEncoder().encode(NEW_KEY));
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', kid: 'new', typ: EMBED_TOKEN_TYPE })).toString('base64url')}.${payload}.`;
    const refused = {
      expired: await sign({ now: new Date(NOW.getTime() - 3600_000) }),
      'not yet valid': await sign({ now: new Date(NOW.getTime() + 60_000) }),
      'wrong signature': await sign({ key: 'an-attacker-secret-of-32-bytes-or-more', kid: 'new' }),
      'old key under the new kid': await sign({ key: OLD_KEY, kid: 'new' }),
      'unknown kid': await sign({ kid: 'retired' }),
      'wrong audience': await sign({ audience: 'another-app' }),
      tampered,
      'longer than one hour': longLived,
      'alg none': unsigned,
    };
    for (const [why, token] of Object.entries(refused)) {
      const response = await call(token, `/dashboards/${scene.dashboard}`);
      expect(response.status, why).toBe(401);
      expect(response.headers.get('content-type'), why).toBe('application/problem+json');
    }
    expect((await call(good, `/dashboards/${scene.dashboard}`)).status).toBe(200);
  });

  it('refuses to sign a token for longer than one hour or with a short secret', async () => {
    await expect(sign({ expiresIn: 3601 })).rejects.toThrow(
      /expiresIn: got 3601; allowed: whole seconds from 1 to 3600/,
    );
    await expect(sign({ key: 'short' })).rejects.toThrow(
      /key: got "5 bytes"; allowed: a secret of at least 32 bytes/,
    );
  });

  it('finds no other dashboard of the organization, nor any dashboard of another organization', async () => {
    const cases = [
      ['another dashboard of A', await sign(), other.dashboard],
      [
        'a dashboard of B named by a token of A',
        await sign({ dashboardId: sceneB.dashboard }),
        sceneB.dashboard,
      ],
      [
        'a dashboard of A named by a token of B',
        await sign({ organizationId: b.organizationId }),
        scene.dashboard,
      ],
    ] as const;
    for (const [why, token, id] of cases) {
      for (const path of [`/dashboards/${id}`, `/dashboards/${id}/data`]) {
        const response = await call(token, path);
        expect(response.status, `${why}: ${path}`).toBe(404);
      }
    }
  });

  it('reads its own dashboard and its data and nothing else on every route of the API, changing nothing', async () => {
    const token = await sign();
    const document: Json = await (await call(token, '/openapi.json')).json();
    const idFor = (path: string) =>
      path.startsWith('/dashboards/')
        ? scene.dashboard
        : path.startsWith('/widgets/')
          ? scene.widget
          : path.startsWith('/sharing/')
            ? randomUUID()
            : scene.metric;
    const before = await tenantFingerprint(t.db, a.organizationId, STORE_TABLES, { withSettings: true });
    const served: string[] = [];
    let routes = 0;
    for (const [template, operations] of Object.entries(document.paths as Record<string, object>)) {
      for (const method of Object.keys(operations)) {
        routes++;
        const path = template.replace(/\{(\w+)\}/g, (_, name: string) =>
          name === 'id' ? idFor(template) : 'x-1',
        );
        const response = await call(
          token,
          `${path}${template === '/values/latest' ? `?metricIds=${scene.metric}` : ''}`,
          {
            method: method.toUpperCase(),
            ...(method === 'get' || method === 'delete' ? {} : { body: '{}' }),
          },
        );
        if (response.status < 300) served.push(`${method.toUpperCase()} ${template}`);
        else expect(response.status, `${method} ${template}`).toBe(method === 'get' ? 404 : 403);
      }
    }
    expect(routes).toBeGreaterThan(20);
    expect(served.sort()).toEqual(['GET /dashboards/{id}', 'GET /dashboards/{id}/data']);
    expect(await tenantFingerprint(t.db, a.organizationId, STORE_TABLES, { withSettings: true })).toEqual(
      before,
    );
  });

  it('never lets an embed token reach the directory routes, even with the directory credential', async () => {
    const response = await call(await sign(), `/directory/organizations/acme`, {
      method: 'PUT',
      headers: { 'x-directory-key': 'directory-secret' },
      body: JSON.stringify({ name: 'Hijacked' }),
    });
    expect(response.status).toBe(403);
    const row = await t.db
      .selectFrom('organizations')
      .select('id')
      .where('external_id', '=', 'acme')
      .executeTakeFirst();
    expect(row).toBeUndefined();
  });
});
