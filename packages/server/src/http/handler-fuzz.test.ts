/**
 * Fuzzing the handler with fast-check: random query strings and bodies, and valid bodies with
 * one field altered, on the routes of dashboards, widgets, metrics, sharing and the directory. Every answer is below
 * 500; every refusal is problem+json; a refused write changes no row (table fingerprints before
 * and after). Full size: 300 inputs per route (ARION_TEST_SIZE=smoke runs a tenth).
 */
import { testSize } from '@arion-metrics/core/testing';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestOrganization, type TestOrganization } from '../store/test-organization';
import { tenantFingerprint } from '../testing/cross-tenant';
import { buildScene, type Scene, STORE_TABLES } from '../testing/store-scene';
import { TEST_ENGINES, useTestDatabase } from '../testing/test-database';
import { createMetricsHandler, type MetricsHandler } from './create-metrics-handler';

const RUNS_PER_ROUTE = 300;

/** A route under fuzz: method, path (from the scene) and a valid body to alter, if it takes one. */
interface FuzzRoute {
  readonly name: string;
  readonly method: string;
  readonly path: (s: Scene) => string;
  readonly valid?: Record<string, unknown>;
}

const ROUTES: readonly FuzzRoute[] = [
  { name: 'GET /dashboards', method: 'GET', path: () => '/dashboards' },
  { name: 'GET /metrics', method: 'GET', path: () => '/metrics' },
  { name: 'GET /dashboards/:id/data', method: 'GET', path: (s) => `/dashboards/${s.dashboard}/data` },
  { name: 'GET /metrics/:id/calculations', method: 'GET', path: (s) => `/metrics/${s.metric}/calculations` },
  {
    name: 'POST /dashboards',
    method: 'POST',
    path: () => '/dashboards',
    valid: { dashboard_name: 'Fuzzed' },
  },
  {
    name: 'POST /dashboards/:id/widgets',
    method: 'POST',
    path: (s) => `/dashboards/${s.dashboard}/widgets`,
    valid: { widget_name: 'Fuzzed', widget_type: 'text', position: { x: 0, y: 0, w: 2, h: 2 } },
  },
  {
    name: 'POST /dashboards/:id/sharing',
    method: 'POST',
    path: (s) => `/dashboards/${s.dashboard}/sharing`,
    valid: { shared_with_type: 'everyone', permission_level: 'view' },
  },
  {
    name: 'PUT /directory/organizations/:externalId',
    method: 'PUT',
    path: () => '/directory/organizations/fuzzed',
    valid: {
      name: 'Fuzzed',
      timeZone: 'UTC',
      roles: [{ externalId: 'r', name: 'R' }],
      users: [{ externalId: 'u', email: 'u@fuzz.test', name: 'U', roleExternalIds: ['r'] }],
    },
  },
  {
    name: 'PATCH /widgets/:id',
    method: 'PATCH',
    path: (s) => `/widgets/${s.widget}`,
    valid: { widget_name: 'Fuzzed' },
  },
];

const junk = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.uuid(),
  fc.string({ minLength: 300, maxLength: 2000 }),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string(), { maxKeys: 3 }),
);
const queryKeys = ['limit', 'cursor', 'from', 'to', 'preset', 'filters', 'widgets', 'tag', 'category', 'x'];

describe.each(TEST_ENGINES)('handler fuzz on %s', (engine) => {
  const t = useTestDatabase(engine);
  let org: TestOrganization;
  let scene: Scene;
  let handle: MetricsHandler;

  beforeAll(async () => {
    org = await createTestOrganization(t.db, 5);
    scene = await buildScene(t.db, org);
    handle = createMetricsHandler({
      db: t.db,
      authenticate: () => org.principal(0),
      authorizeDirectory: () => true,
    });
  });

  /** The organization's store rows, and every directory row (the directory routes cross tenants). */
  const fingerprint = async () => ({
    ...(await tenantFingerprint(t.db, org.organizationId, STORE_TABLES)),
    directory: await Promise.all(
      (['organizations', 'users', 'roles', 'departments'] as const).map((table) =>
        t.db.selectFrom(table).selectAll().orderBy('id').execute(),
      ),
    ),
  });

  it.each(ROUTES)('$name: 4xx problem+json or success, never 500, no change on refusal', async (route) => {
    const input = route.valid
      ? fc.oneof(
          junk.map((body) => ({ query: '', body: JSON.stringify(body) })),
          fc
            .tuple(fc.constantFrom(...Object.keys(route.valid), 'unknown_field'), junk)
            .map(([key, value]) => ({
              query: '',
              body: JSON.stringify({ ...route.valid, [key]: value }),
            })),
        )
      : fc
          .dictionary(
            fc.constantFrom(...queryKeys),
            fc.oneof(fc.string(), fc.integer().map(String), fc.uuid()),
            {
              maxKeys: 4,
            },
          )
          .map((q) => ({
            query: new URLSearchParams(q).toString(),
            body: undefined as string | undefined,
          }));
    await fc.assert(
      fc.asyncProperty(input, async ({ query, body }) => {
        const before = route.method === 'GET' ? undefined : await fingerprint();
        const response = await handle(
          new Request(`http://host.test${route.path(scene)}${query ? `?${query}` : ''}`, {
            method: route.method,
            ...(body === undefined ? {} : { body, headers: { 'content-type': 'application/json' } }),
          }),
        );
        expect(response.status).toBeLessThan(500);
        if (response.status >= 400) {
          expect(response.headers.get('content-type')).toBe('application/problem+json');
          const problem = (await response.json()) as { status: number; detail: string };
          expect(problem.status).toBe(response.status);
          if (before) expect(await fingerprint()).toEqual(before);
        }
      }),
      { numRuns: testSize(RUNS_PER_ROUTE) },
    );
  });
});
