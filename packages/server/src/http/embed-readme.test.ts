/**
 * The README's "Embedding, step by step" is `examples/embed-dashboard.ts`, word for word; this
 * test checks that the two agree and runs the steps on both engines.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { openStore } from '../store/open-store';
import { TEST_ENGINES, useTestDatabase } from '../testing/test-database';
import { embedTokenFor, metricsHandler, provisionAcme } from './examples/embed-dashboard';

const readme = new URL('../../README.md', import.meta.url);
const example = new URL('./examples/embed-dashboard.ts', import.meta.url);
const KEY = 'a-secret-of-at-least-32-bytes-for-embedding';

describe.each(TEST_ENGINES)('README: embedding, step by step, on %s', (engine) => {
  const t = useTestDatabase(engine);

  it('shows examples/embed-dashboard.ts as written', async () => {
    expect(await readFile(readme, 'utf8')).toContain(`\`\`\`ts\n${await readFile(example, 'utf8')}\`\`\``);
  });

  it('provisions, mounts, signs and serves the embedded dashboard read-only', async () => {
    const acme = await provisionAcme(t.db);
    const ada = acme.users.ada!;
    const handle = metricsHandler(t.db, {
      session: async (request) =>
        request.headers.get('cookie') === 'session=ada'
          ? { organizationId: acme.organizationId, userId: ada.userId }
          : null,
      directoryKey: 'directory-key',
      embedKeys: { '2026-12': KEY },
    });
    // The same tenant through the directory route: same ids, nothing new.
    const synced = await handle(
      new Request('http://host.test/api/metrics/directory/organizations/acme', {
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'x-directory-key': 'directory-key' },
        body: JSON.stringify({ name: 'Acme', departments: [{ externalId: 'credit', name: 'Credit' }] }),
      }),
    );
    expect(((await synced.json()) as { organizationId: string }).organizationId).toBe(acme.organizationId);
    const document = (await (
      await handle(new Request('http://host.test/api/metrics/openapi.json'))
    ).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/metrics/directory/organizations/{externalId}',
        '/api/metrics/dashboards/{id}/sharing',
        '/api/metrics/sharing/{id}',
      ]),
    );
    const mine = await handle(
      new Request('http://host.test/api/metrics/dashboards', { headers: { cookie: 'session=ada' } }),
    );
    expect(mine.status).toBe(200);
    const dashboard = await openStore(t.db, ada.principal).dashboards.create({
      dashboard_name: 'Credit risk',
    });

    const token = await embedTokenFor(acme.organizationId, dashboard.id, acme.departments.credit!, KEY);
    const read = (path: string, init: RequestInit = {}) =>
      handle(
        new Request(`http://host.test/api/metrics${path}`, {
          ...init,
          headers: { authorization: `Bearer ${token}` },
        }),
      );
    expect((await read(`/dashboards/${dashboard.id}`)).status).toBe(200);
    expect((await read(`/dashboards/${dashboard.id}/data?preset=last_30_days`)).status).toBe(200);
    expect((await read(`/dashboards/${dashboard.id}`, { method: 'DELETE' })).status).toBe(403);
    expect((await read('/dashboards')).status).toBe(404);
  });
});
