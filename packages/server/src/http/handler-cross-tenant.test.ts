/**
 * The tenant matrix of the handler: organization A names organization B's ids on every route
 * that takes one and gets the same 404 problem, byte for byte, as for an id that exists nowhere
 * (no count, no name, nothing that tells them apart); B's rows do not change. Each request is
 * also sent with A's own ids, which it must serve.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestOrganization, type TestOrganization } from '../store/test-organization';
import { tenantFingerprint } from '../testing/cross-tenant';
import { buildScene, type Scene, STORE_TABLES } from '../testing/store-scene';
import { TEST_ENGINES, useTestDatabase } from '../testing/test-database';
import { createMetricsHandler, type MetricsHandler } from './create-metrics-handler';

/** One route aimed at an id: how to build the request. */
interface Case {
  readonly name: string;
  readonly method: string;
  readonly path: (id: string) => string;
  readonly idOf: (scene: Scene) => string;
  readonly body?: unknown;
  readonly ifMatch?: string;
}

const WIDGET = {
  widget_name: 'Injected',
  widget_type: 'text',
  position: { x: 0, y: 0, w: 2, h: 2 },
  visualization_config: { markdown: 'x' },
};

const CASES: readonly Case[] = [
  { name: 'read dashboard', method: 'GET', path: (id) => `/dashboards/${id}`, idOf: (s) => s.dashboard },
  {
    name: 'update dashboard',
    method: 'PATCH',
    path: (id) => `/dashboards/${id}`,
    idOf: (s) => s.dashboard,
    body: { theme: 'dark' },
    // A scene's dashboard is at version 2 once its grants are written.
    ifMatch: '"2"',
  },
  { name: 'delete dashboard', method: 'DELETE', path: (id) => `/dashboards/${id}`, idOf: (s) => s.dashboard },
  { name: 'set default', method: 'PUT', path: (id) => `/dashboards/${id}/default`, idOf: (s) => s.dashboard },
  {
    name: 'list widgets',
    method: 'GET',
    path: (id) => `/dashboards/${id}/widgets`,
    idOf: (s) => s.dashboard,
  },
  {
    name: 'add widget',
    method: 'POST',
    path: (id) => `/dashboards/${id}/widgets`,
    idOf: (s) => s.dashboard,
    body: WIDGET,
  },
  { name: 'dashboard data', method: 'GET', path: (id) => `/dashboards/${id}/data`, idOf: (s) => s.dashboard },
  {
    name: 'list grants',
    method: 'GET',
    path: (id) => `/dashboards/${id}/sharing`,
    idOf: (s) => s.dashboard,
  },
  {
    name: 'grant',
    method: 'POST',
    path: (id) => `/dashboards/${id}/sharing`,
    idOf: (s) => s.dashboard,
    body: { shared_with_type: 'everyone', permission_level: 'view' },
  },
  { name: 'revoke grant', method: 'DELETE', path: (id) => `/sharing/${id}`, idOf: (s) => s.grant },
  { name: 'read widget', method: 'GET', path: (id) => `/widgets/${id}`, idOf: (s) => s.widget },
  {
    name: 'update widget',
    method: 'PATCH',
    path: (id) => `/widgets/${id}`,
    idOf: (s) => s.widget,
    body: { widget_name: 'Renamed' },
  },
  { name: 'delete widget', method: 'DELETE', path: (id) => `/widgets/${id}`, idOf: (s) => s.widget },
  { name: 'read metric', method: 'GET', path: (id) => `/metrics/${id}`, idOf: (s) => s.metric },
  {
    name: 'update metric',
    method: 'PATCH',
    path: (id) => `/metrics/${id}`,
    idOf: (s) => s.metric,
    body: { display_name: 'Renamed' },
    ifMatch: '"1"',
  },
  { name: 'delete metric', method: 'DELETE', path: (id) => `/metrics/${id}`, idOf: (s) => s.metric },
  { name: 'metric versions', method: 'GET', path: (id) => `/metrics/${id}/versions`, idOf: (s) => s.metric },
  {
    name: 'calculation series',
    method: 'GET',
    path: (id) => `/metrics/${id}/calculations?from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z`,
    idOf: (s) => s.metric,
  },
  {
    name: 'snapshot series',
    method: 'GET',
    path: (id) => `/metrics/${id}/snapshots?snapshotType=daily&from=2024-01-01&to=2026-01-01`,
    idOf: (s) => s.metric,
  },
  {
    name: 'latest values',
    method: 'GET',
    path: (id) => `/values/latest?metricIds=${id}`,
    idOf: (s) => s.metric,
  },
];

describe.each(TEST_ENGINES)('handler tenant matrix on %s', (engine) => {
  const t = useTestDatabase(engine);
  let a: TestOrganization;
  let b: TestOrganization;
  let sceneB: Scene;
  let handle: MetricsHandler;

  beforeAll(async () => {
    a = await createTestOrganization(t.db, 5);
    b = await createTestOrganization(t.db, 5);
    sceneB = await buildScene(t.db, b);
    handle = createMetricsHandler({ db: t.db, authenticate: () => a.principal(0, { roles: [0] }) });
  });

  const send = async (c: Case, id: string) => {
    const headers: Record<string, string> = {};
    if (c.body !== undefined) headers['content-type'] = 'application/json';
    if (c.ifMatch) headers['if-match'] = c.ifMatch;
    const response = await handle(
      new Request(`http://host.test${c.path(id)}`, {
        method: c.method,
        headers,
        ...(c.body === undefined ? {} : { body: JSON.stringify(c.body) }),
      }),
    );
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      text: await response.text(),
    };
  };

  it.each(CASES)('$name: another organization’s id reads exactly as an id that exists nowhere', async (c) => {
    const before = await tenantFingerprint(t.db, b.organizationId, STORE_TABLES);
    const theirs = c.idOf(sceneB);
    const nowhere = randomUUID();
    const attacked = await send(c, theirs);
    const missing = await send(c, nowhere);
    expect(await tenantFingerprint(t.db, b.organizationId, STORE_TABLES)).toEqual(before);
    expect(attacked.status).toBe(404);
    // The same request on A's own fresh scene is served: the 404 comes from the tenant, not the request.
    const own = await send(c, c.idOf(await buildScene(t.db, a)));
    expect(own.status, own.text).toBeLessThan(300);
    expect(attacked.type).toBe('application/problem+json');
    expect({ ...attacked, text: attacked.text.replaceAll(theirs, '{id}') }).toEqual({
      ...missing,
      text: missing.text.replaceAll(nowhere, '{id}'),
    });
  });
});
