// @vitest-environment node
/**
 * The typed route methods against an HTTP boundary mocked by msw: the path, method, query, body
 * and `If-Match` each method sends, revived dates in what it returns, and the same paths and
 * methods in the server's OpenAPI document.
 */
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MetricsApiError } from './api-errors';
import { createMetricsClient } from './create-metrics-client';

const BASE = 'http://metrics.test/api';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const DASHBOARD = '0190a000-0000-7000-8000-000000000001';
const WIDGET = '0190a000-0000-7000-8000-000000000002';
const METRIC = '0190a000-0000-7000-8000-000000000003';

/** Records every request and answers each with `body` (status 200, or 204 without a body). */
function recordAll(body: Record<string, unknown> = { ok: true }) {
  const seen: { method: string; url: URL; body: unknown; ifMatch: string | null }[] = [];
  server.use(
    http.all(`${BASE}/*`, async ({ request }) => {
      const text = await request.text();
      seen.push({
        method: request.method,
        url: new URL(request.url),
        body: text ? JSON.parse(text) : undefined,
        ifMatch: request.headers.get('if-match'),
      });
      return request.method === 'DELETE' ? new HttpResponse(null, { status: 204 }) : HttpResponse.json(body);
    }),
  );
  return seen;
}

/** Every route method called once with typical arguments, named by the route it calls. */
function callEveryRoute(client: ReturnType<typeof createMetricsClient>) {
  return [
    ['GET /dashboards', () => client.dashboards.list({ ownedOnly: true })],
    ['GET /dashboards/{id}', () => client.dashboards.get(DASHBOARD)],
    [
      'POST /dashboards',
      () => client.dashboards.create({ dashboard_name: 'Risk', layout_config: { cols: 24, rowHeight: 40 } }),
    ],
    ['PATCH /dashboards/{id}', () => client.dashboards.update(DASHBOARD, { theme: 'dark' }, 3)],
    ['DELETE /dashboards/{id}', () => client.dashboards.delete(DASHBOARD)],
    ['PUT /dashboards/{id}/default', () => client.dashboards.setDefault(DASHBOARD)],
    ['GET /dashboards/{id}/widgets', () => client.widgets.list(DASHBOARD)],
    [
      'POST /dashboards/{id}/widgets',
      () =>
        client.widgets.create(DASHBOARD, {
          widget_name: 'Open risks',
          widget_type: 'metric_card',
          position: { x: 0, y: 0, w: 6, h: 4 },
          visualization_config: {},
        }),
    ],
    ['GET /widgets/{id}', () => client.widgets.get(WIDGET)],
    ['PATCH /widgets/{id}', () => client.widgets.update(WIDGET, { widget_name: 'Risks' })],
    ['DELETE /widgets/{id}', () => client.widgets.delete(WIDGET)],
    ['GET /metrics', () => client.metrics.list({ category: 'risk' })],
    ['GET /metrics/{id}', () => client.metrics.get(METRIC)],
    [
      'GET /metrics/{id}/calculations',
      () => client.metrics.calculations(METRIC, { from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' }),
    ],
    [
      'GET /metrics/{id}/snapshots',
      () => client.metrics.snapshots(METRIC, { snapshotType: 'daily', from: '2026-01-01', to: '2026-01-31' }),
    ],
    ['GET /values/latest', () => client.values.latest({ metricIds: [METRIC] })],
  ] as const;
}

/** `GET /dashboards/{id}` from a request to `/api/dashboards/<uuid>`. */
function routeOf(method: string, url: URL): string {
  const path = url.pathname.slice(new URL(BASE).pathname.length).replace(/[0-9a-f-]{36}/g, '{id}');
  return `${method} ${path}`;
}

describe('createMetricsClient', () => {
  it('calls each route with the method and path the method names', async () => {
    const seen = recordAll();
    const calls = callEveryRoute(createMetricsClient({ baseUrl: BASE }));
    for (const [, call] of calls) await call();
    expect(seen.map((r) => routeOf(r.method, r.url))).toEqual(calls.map(([route]) => route));
  });

  it('sends the version read as If-Match on a dashboard update, and the patch as the body', async () => {
    const seen = recordAll();
    await createMetricsClient({ baseUrl: BASE }).dashboards.update(DASHBOARD, { theme: 'dark' }, 7);
    expect(seen[0]).toMatchObject({ method: 'PATCH', ifMatch: '"7"', body: { theme: 'dark' } });
  });

  it('refuses a version that is not a positive integer before sending anything', async () => {
    const seen = recordAll();
    const client = createMetricsClient({ baseUrl: BASE });
    expect(() => client.dashboards.update(DASHBOARD, {}, 0)).toThrow(/version: got 0; allowed/);
    expect(seen).toHaveLength(0);
  });

  it('asks for the listed widgets, the range and the filters in one dashboard-data request', async () => {
    const seen = recordAll({ dashboardId: DASHBOARD, version: 1, widgets: [] });
    await createMetricsClient({ baseUrl: BASE }).dashboards.data(DASHBOARD, {
      widgetIds: [WIDGET, METRIC],
      preset: 'last_7_days',
      filters: { aggregationLevel: 'department', aggregationIds: [METRIC] },
    });
    const query = seen[0]?.url.searchParams;
    expect(query?.get('widgets')).toBe(`${WIDGET},${METRIC}`);
    expect(query?.get('preset')).toBe('last_7_days');
    expect(JSON.parse(query?.get('filters') ?? 'null')).toEqual({
      aggregationLevel: 'department',
      aggregationIds: [METRIC],
    });
  });

  it('refuses a data request with only one end of a fixed range', async () => {
    const client = createMetricsClient({ baseUrl: BASE });
    await expect(async () =>
      client.dashboards.data(DASHBOARD, { from: '2026-01-01T00:00:00Z' }),
    ).rejects.toThrow(/from\/to: .*allowed: both or neither/);
  });

  it('returns the widget ranges and row timestamps of dashboard data as Dates', async () => {
    recordAll({
      dashboardId: DASHBOARD,
      version: 1,
      widgets: [
        {
          widgetId: WIDGET,
          ok: true,
          range: { from: '2026-01-01T00:00:00.000Z', to: '2026-01-08T00:00:00.000Z', preset: 'last_7_days' },
          comparisonRange: null,
          sort: null,
          limit: null,
          reads: [{ rows: [{ period_start: '2026-01-01T00:00:00.000Z', calculated_value: 3 }] }],
        },
        {
          widgetId: METRIC,
          ok: false,
          error: { code: 'invalid_widget', field: 'x', value: 1, allowed: 'y', message: 'z' },
        },
      ],
    });
    const data = await createMetricsClient({ baseUrl: BASE }).dashboards.data(DASHBOARD);
    const first = data.widgets[0];
    if (!first?.ok) throw new Error('the first widget should have data');
    expect(first.range.from).toEqual(new Date('2026-01-01T00:00:00.000Z'));
    expect((first.reads[0]?.rows[0] as { period_start?: unknown } | undefined)?.period_start).toEqual(
      new Date('2026-01-01T00:00:00.000Z'),
    );
    expect(data.widgets[1]).toMatchObject({ ok: false, error: { code: 'invalid_widget' } });
  });

  it('surfaces a stale version as a MetricsApiError with status 412', async () => {
    server.use(
      http.patch(`${BASE}/dashboards/:id`, () =>
        HttpResponse.json(
          {
            type: 'about:blank',
            title: 'Precondition failed',
            status: 412,
            detail: 'stale',
            field: 'If-Match',
          },
          { status: 412, headers: { 'content-type': 'application/problem+json' } },
        ),
      ),
    );
    const error = await createMetricsClient({ baseUrl: BASE })
      .dashboards.update(DASHBOARD, { theme: 'dark' }, 1)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MetricsApiError);
    expect((error as MetricsApiError).status).toBe(412);
  });

  it('calls only paths and methods that the server’s OpenAPI document declares', async () => {
    // A test-only import: react never imports server at runtime (pnpm check:architecture).
    const serverModule = '@arion-metrics/server';
    const { createMetricsHandler } = (await import(/* @vite-ignore */ serverModule)) as {
      createMetricsHandler: (options: unknown) => (request: Request) => Promise<Response>;
    };
    const handler = createMetricsHandler({ db: {}, authenticate: () => null });
    const document = (await (await handler(new Request('http://metrics.test/openapi.json'))).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const declared = new Set(
      Object.entries(document.paths).flatMap(([path, item]) =>
        Object.keys(item).map((method) => `${method.toUpperCase()} ${path.replace(/\{[^}]+\}/g, '{id}')}`),
      ),
    );
    const seen = recordAll();
    for (const [, call] of callEveryRoute(createMetricsClient({ baseUrl: BASE }))) await call();
    for (const request of seen) expect(declared).toContain(routeOf(request.method, request.url));
  });
});
