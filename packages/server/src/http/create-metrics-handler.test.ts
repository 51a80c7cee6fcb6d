/**
 * The handler over real requests on both engines: success paths, problem+json errors, ETag and
 * If-Match, cursor pages, the body limit, CORS, the base path, the OpenAPI document, and the one
 * request that returns a dashboard's data.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../store/open-store';
import type { Principal } from '../store/principal';
import { createTestOrganization, type TestOrganization } from '../store/test-organization';
import { buildScene, type Scene } from '../testing/store-scene';
import { TEST_ENGINES, useTestDatabase } from '../testing/test-database';
import { createMetricsHandler, type MetricsHandler } from './create-metrics-handler';

const BASE = 'http://host.test';

// biome-ignore lint/suspicious/noExplicitAny: the tests read JSON bodies of known shape field by field
type Json = any;
/** A response whose `json()` the test reads freely. */
interface TestResponse {
  readonly status: number;
  readonly headers: Headers;
  json(): Promise<Json>;
}

describe.each(TEST_ENGINES)('createMetricsHandler on %s', (engine) => {
  const t = useTestDatabase(engine);
  let org: TestOrganization;
  let scene: Scene;
  let handle: MetricsHandler;
  const tokens = new Map<string, Principal>();

  /** A request as the principal behind `token` (none: anonymous). */
  const call = (path: string, init: RequestInit & { token?: string | null } = {}): Promise<TestResponse> => {
    const headers = new Headers(init.headers);
    if (init.token !== null) headers.set('authorization', `Bearer ${init.token ?? 'owner'}`);
    if (init.body !== undefined && !headers.has('content-type'))
      headers.set('content-type', 'application/json');
    return handle(new Request(`${BASE}${path}`, { ...init, headers }));
  };

  beforeAll(async () => {
    org = await createTestOrganization(t.db, 5);
    scene = await buildScene(t.db, org);
    tokens.set('owner', org.principal(0));
    tokens.set('view', org.principal(3));
    tokens.set('no-grant', org.principal(4));
    handle = createMetricsHandler({
      db: t.db,
      authenticate: (request) =>
        tokens.get(request.headers.get('authorization')?.replace(/^Bearer /, '') ?? '') ?? null,
      now: () => new Date('2025-01-10T12:00:00Z'),
    });
  });

  it('answers 401 problem+json when authenticate returns null', async () => {
    const response = await call('/dashboards', { token: null });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({
      status: 401,
      type: 'urn:arion-metrics:problem:unauthenticated',
    });
  });

  it('lists the dashboards a principal can see, and not those it cannot', async () => {
    const owner = await (await call('/dashboards')).json();
    expect(owner.items.map((d: { id: string }) => d.id)).toContain(scene.dashboard);
    const view = await (await call('/dashboards', { token: 'view' })).json();
    expect(view.items.map((d: { id: string }) => d.id)).toContain(scene.dashboard);
    const none = await (await call('/dashboards', { token: 'no-grant' })).json();
    expect(none.items.map((d: { id: string }) => d.id)).not.toContain(scene.dashboard);
  });

  it('reads a dashboard with its widgets, dates as ISO strings and its version as ETag', async () => {
    const response = await call(`/dashboards/${scene.dashboard}`);
    expect(response.status).toBe(200);
    const body = await response.json();
    const row = await t.db
      .selectFrom('analytics_dashboards')
      .selectAll()
      .where('id', '=', scene.dashboard)
      .executeTakeFirstOrThrow();
    expect(response.headers.get('etag')).toBe(`"${row.version}"`);
    expect(body.created_at).toBe(new Date(row.created_at).toISOString());
    expect(body.widgets.map((w: { id: string }) => w.id)).toEqual([scene.widget]);
  });

  it('creates, updates by If-Match, refuses a stale or missing If-Match, and deletes', async () => {
    const created = await call('/dashboards', {
      method: 'POST',
      body: JSON.stringify({ dashboard_name: `Created ${randomUUID()}` }),
    });
    expect(created.status).toBe(201);
    const dashboard = await created.json();
    const etag = created.headers.get('etag')!;

    const missing = await call(`/dashboards/${dashboard.id}`, { method: 'PATCH', body: '{"theme":"dark"}' });
    expect(missing.status).toBe(428);
    expect((await missing.json()).field).toBe('If-Match');

    const changed = await call(`/dashboards/${dashboard.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ theme: 'dark' }),
      headers: { 'if-match': etag },
    });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);

    const stale = await call(`/dashboards/${dashboard.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ theme: 'light' }),
      headers: { 'if-match': etag },
    });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('content-type')).toBe('application/problem+json');
    const row = await t.db
      .selectFrom('analytics_dashboards')
      .select(['theme', 'version'])
      .where('id', '=', dashboard.id)
      .executeTakeFirstOrThrow();
    expect(row.theme).toBe('dark');
    expect(`"${row.version}"`).toBe(changed.headers.get('etag'));

    expect((await call(`/dashboards/${dashboard.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await call(`/dashboards/${dashboard.id}`)).status).toBe(404);
  });

  it('names the field, the value and what is allowed in a problem, and writes nothing', async () => {
    const before = await countRows('analytics_dashboards');
    const wrongType = await call('/dashboards', {
      method: 'POST',
      body: JSON.stringify({ dashboard_name: 5 }),
    });
    expect(wrongType.status).toBe(400);
    expect(await wrongType.json()).toMatchObject({ field: 'body.dashboard_name', value: '5' });

    const unknown = await call('/dashboards', {
      method: 'POST',
      body: JSON.stringify({ dashboard_name: 'x', organization_id: randomUUID() }),
    });
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).field).toBe('analytics_dashboards.organization_id');

    const malformed = await call('/dashboards', { method: 'POST', body: '{"dashboard_name":' });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toBe('application/problem+json');

    const badId = await call('/dashboards/not-a-uuid');
    expect(badId.status).toBe(400);
    expect(await badId.json()).toMatchObject({ field: 'param.id', value: '"not-a-uuid"' });
    expect(await countRows('analytics_dashboards')).toBe(before);
  });

  it('refuses a body over maxBodyBytes with 413', async () => {
    const small = createMetricsHandler({ db: t.db, authenticate: () => org.principal(0), maxBodyBytes: 100 });
    const response: TestResponse = await small(
      new Request(`${BASE}/dashboards`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ dashboard_name: 'x'.repeat(200) }),
      }),
    );
    expect(response.status).toBe(413);
    expect((await response.json()).field).toBe('body');
  });

  it('pages lists with an opaque cursor and refuses a cursor it did not issue', async () => {
    const store = openStore(t.db, org.principal(0));
    for (let i = 0; i < 3; i++)
      await store.dashboards.create({ dashboard_name: `Paged ${i} ${randomUUID()}` });
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: { items: { id: string }[]; nextCursor: string | null } = await (
        await call(`/dashboards?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((d) => d.id));
      cursor = page.nextCursor;
    }
    const { rows } = await sql<{ id: string }>`
      SELECT id FROM analytics_dashboards WHERE organization_id = ${org.organizationId}
        AND owner_id = ${org.users[0]} AND deleted_at IS NULL`.execute(t.db);
    expect(seen.sort()).toEqual(rows.map((r) => r.id).sort());
    const bad = await call('/dashboards?cursor=!!');
    expect(bad.status).toBe(400);
    expect((await bad.json()).field).toBe('cursor');
  });

  it('serves the OpenAPI 3.1 document without authentication', async () => {
    const response = await call('/openapi.json', { token: null });
    expect(response.status).toBe(200);
    const document = await response.json();
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/dashboards', '/dashboards/{id}', '/dashboards/{id}/data', '/metrics/{id}']),
    );
    expect(document.paths['/dashboards/{id}/data'].get.operationId).toBe('getDashboardsByIdData');
    const operations = Object.values(
      document.paths as Record<string, Record<string, { operationId: string }>>,
    )
      .flatMap((path) => Object.values(path))
      .map((operation) => operation.operationId);
    expect(new Set(operations).size).toBe(operations.length);
    expect(document.security).toEqual([{ hostAuth: [] }]);
    expect(document.components.securitySchemes.hostAuth.scheme).toBe('bearer');
  });

  it('serves under a base path and answers CORS preflights for allowed origins only', async () => {
    const mounted = createMetricsHandler({
      db: t.db,
      authenticate: () => org.principal(0),
      basePath: '/api/metrics/',
      cors: { origin: ['https://app.example'] },
    });
    expect((await mounted(new Request(`${BASE}/api/metrics/dashboards/${scene.dashboard}`))).status).toBe(
      200,
    );
    expect((await mounted(new Request(`${BASE}/dashboards/${scene.dashboard}`))).status).toBe(404);
    const preflight = (origin: string) =>
      mounted(
        new Request(`${BASE}/api/metrics/dashboards`, {
          method: 'OPTIONS',
          headers: { origin, 'access-control-request-method': 'POST' },
        }),
      );
    expect((await preflight('https://app.example')).headers.get('access-control-allow-origin')).toBe(
      'https://app.example',
    );
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('returns every widget’s data in one request, a failing widget in its own slot', async () => {
    const store = openStore(t.db, org.principal(0));
    const broken = await store.widgets.create(scene.dashboard, {
      widget_name: 'Snapshots filtered by a dimension',
      widget_type: 'line_chart',
      position: { x: 3, y: 0, w: 3, h: 2 },
      metric_ids: [scene.metric],
      data_config: { snapshotType: 'daily', dimensions: { region: 'emea' } },
    });
    await store.calculations.upsert(
      [2, 3, 4].map((day) => ({
        metric_id: scene.metric,
        period_start: `2025-01-0${day}T00:00:00Z`,
        period_end: `2025-01-0${day + 1}T00:00:00Z`,
        aggregation_level: 'org',
        metric_value: day * 10,
      })),
    );
    const response = await call(
      `/dashboards/${scene.dashboard}/data?from=2025-01-02T00:00:00Z&to=2025-01-05T00:00:00Z`,
    );
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.widgets.map((w: { widgetId: string }) => w.widgetId)).toEqual([scene.widget, broken.id]);
    const [card, failed] = body.widgets;
    const { rows: reference } = await sql<{ period_start: Date; metric_value: string }>`
      SELECT period_start, metric_value::text FROM metric_calculations
       WHERE organization_id = ${org.organizationId} AND metric_id = ${scene.metric}
         AND aggregation_level = 'org' AND aggregation_id IS NULL
         AND period_start >= '2025-01-02T00:00:00Z' AND period_start < '2025-01-05T00:00:00Z'
       ORDER BY period_start`.execute(t.db);
    const series = card.reads.find((r: { kind: string }) => r.kind === 'series');
    const latest = card.reads.find((r: { kind: string }) => r.kind === 'latest');
    const values = (rows: { metric_value: number; period_start: string }[]) =>
      rows.map((r) => [r.period_start, Number(r.metric_value)]);
    expect(values(series.rows)).toEqual(
      reference.map((r) => [new Date(r.period_start).toISOString(), Number(r.metric_value)]),
    );
    expect(values(latest.rows)).toEqual(values(series.rows).slice(-1));
    expect(failed).toMatchObject({ ok: false, error: { field: `widget ${broken.id}: dimensions` } });

    const one = await (
      await call(`/dashboards/${scene.dashboard}/data?preset=last_7_days&widgets=${scene.widget}`)
    ).json();
    expect(one.widgets.map((w: { widgetId: string }) => w.widgetId)).toEqual([scene.widget]);
  });

  async function countRows(table: string): Promise<number> {
    const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(t.db);
    return Number(rows[0]?.n);
  }
});
