/**
 * The README's mounting example is this package's `examples/serve-in-node.ts`, word for word; the
 * test checks that the two agree and runs the example: a real node:http server on loopback.
 */
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createTestOrganization } from '../store/test-organization';
import { TEST_ENGINES, useTestDatabase } from '../testing/test-database';
import { hostApp } from './examples/mount-in-hono';
import { serveMetrics } from './examples/serve-in-node';

const readme = new URL('../../README.md', import.meta.url);
const example = new URL('./examples/serve-in-node.ts', import.meta.url);
const honoExample = new URL('./examples/mount-in-hono.ts', import.meta.url);

describe('README: mounting the handler in plain Node', () => {
  it('shows examples/serve-in-node.ts as written', async () => {
    const text = await readFile(readme, 'utf8');
    const source = await readFile(example, 'utf8');
    expect(text).toContain(`\`\`\`ts\n${source}\`\`\``);
  });

  it('serves the API over node:http, 401 problem without a principal', async () => {
    const server = await serveMetrics(async () => null, 0);
    try {
      const { port } = server.address() as AddressInfo;
      const openapi = await fetch(`http://127.0.0.1:${port}/api/metrics/openapi.json`);
      expect(openapi.status).toBe(200);
      expect(((await openapi.json()) as { openapi: string }).openapi).toBe('3.1.0');
      const refused = await fetch(`http://127.0.0.1:${port}/api/metrics/dashboards`);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('content-type')).toBe('application/problem+json');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe.each(TEST_ENGINES)('README: mounting the handler in Hono on %s', (engine) => {
  const t = useTestDatabase(engine);

  it('shows examples/mount-in-hono.ts as written', async () => {
    const text = await readFile(readme, 'utf8');
    expect(text).toContain(`\`\`\`ts\n${await readFile(honoExample, 'utf8')}\`\`\``);
  });

  it('serves the API beside the host’s own routes', async () => {
    const org = await createTestOrganization(t.db, 1);
    const app = hostApp({ db: t.db, authenticate: () => org.principal(0) });
    expect(await (await app.request('/')).text()).toBe('the host app');
    const created = await app.request('/api/metrics/dashboards', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ dashboard_name: 'Through Hono' }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const row = await t.db
      .selectFrom('analytics_dashboards')
      .select(['dashboard_name', 'organization_id'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ dashboard_name: 'Through Hono', organization_id: org.organizationId });
  });
});
