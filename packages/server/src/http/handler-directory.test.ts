/**
 * The directory routes through the handler, on both engines: behind `authorizeDirectory` only,
 * absent without it, idempotent, validated, one transaction per request; and a principal whose
 * user is not provisioned gets a clear 403 problem instead of a database error.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestOrganization, type TestOrganization } from '../store/test-organization';
import { TEST_ENGINES, useTestDatabase } from '../testing/test-database';
import { createMetricsHandler, type MetricsHandler } from './create-metrics-handler';

const KEY = 'directory-secret';

// biome-ignore lint/suspicious/noExplicitAny: the tests read JSON bodies of known shape field by field
type Json = any;

describe.each(TEST_ENGINES)('directory routes on %s', (engine) => {
  const t = useTestDatabase(engine);
  let org: TestOrganization;
  let handle: MetricsHandler;

  const put = (path: string, body: unknown, headers: Record<string, string> = { 'x-directory-key': KEY }) =>
    handle(
      new Request(`http://host.test/api${path}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      }),
    );

  beforeAll(async () => {
    org = await createTestOrganization(t.db, 1);
    handle = createMetricsHandler({
      db: t.db,
      basePath: '/api',
      authenticate: (request) =>
        request.headers.get('authorization') === 'Bearer user' ? org.principal(0) : null,
      authorizeDirectory: (request) => request.headers.get('x-directory-key') === KEY,
    });
  });

  it('provisions an organization with its members, idempotently, and a member route adds one more', async () => {
    const externalId = `acme-${randomUUID()}`;
    const body = {
      name: 'Acme',
      timeZone: 'America/New_York',
      roles: [{ externalId: 'analyst', name: 'Analyst' }],
      users: [{ externalId: 'u-1', email: 'ada@acme.test', name: 'Ada', roleExternalIds: ['analyst'] }],
    };
    const first = await put(`/directory/organizations/${externalId}`, body);
    expect(first.status).toBe(200);
    const created: Json = await first.json();
    const again: Json = await (await put(`/directory/organizations/${externalId}`, body)).json();
    expect(again).toEqual(created);
    const user = await t.db
      .selectFrom('users')
      .select(['organization_id', 'role_ids'])
      .where('id', '=', created.users['u-1'])
      .executeTakeFirstOrThrow();
    expect(user).toEqual({ organization_id: created.organizationId, role_ids: [created.roles.analyst] });

    const added = await put(`/directory/organizations/${externalId}/users/u-2`, {
      email: 'bob@acme.test',
      name: 'Bob',
      phone: '+1 212 555 0100',
    });
    expect(added.status).toBe(200);
    const bob: Json = await added.json();
    const row = await t.db
      .selectFrom('users')
      .select(['phone', 'external_id', 'organization_id'])
      .where('id', '=', bob.users['u-2'])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      phone: '+1 212 555 0100',
      external_id: 'u-2',
      organization_id: created.organizationId,
    });
    const role = await put(`/directory/organizations/${externalId}/roles/auditor`, { name: 'Auditor' });
    expect(role.status).toBe(200);
    const department = await put(`/directory/organizations/${externalId}/departments/risk`, { name: 'Risk' });
    expect(department.status).toBe(200);
  });

  it('refuses a request that authorizeDirectory refuses, even from a signed-in user, and writes nothing', async () => {
    const externalId = `acme-${randomUUID()}`;
    for (const headers of [{}, { authorization: 'Bearer user' }, { 'x-directory-key': 'wrong' }]) {
      const response = await put(`/directory/organizations/${externalId}`, { name: 'Acme' }, headers);
      expect(response.status).toBe(403);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
    }
    const row = await t.db
      .selectFrom('organizations')
      .select('id')
      .where('external_id', '=', externalId)
      .executeTakeFirst();
    expect(row).toBeUndefined();
  });

  it('has no directory routes without authorizeDirectory', async () => {
    const plain = createMetricsHandler({ db: t.db, authenticate: () => org.principal(0) });
    const response = await plain(
      new Request('http://host.test/directory/organizations/acme', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Acme' }),
      }),
    );
    expect(response.status).toBe(404);
  });

  it('names the field, value and rule of a bad body, and 404 for members of an unknown organization', async () => {
    const bad = await put(`/directory/organizations/acme-${randomUUID()}`, {
      name: 'Acme',
      timeZone: 'Mars/Olympus',
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ field: 'body.timeZone', value: '"Mars/Olympus"' });
    const unknownRole = await put(`/directory/organizations/acme-${randomUUID()}`, {
      name: 'Acme',
      users: [{ externalId: 'u', email: 'u@acme.test', name: 'U', roleExternalIds: ['ghost'] }],
    });
    expect(unknownRole.status).toBe(422);
    expect(await unknownRole.json()).toMatchObject({ field: 'users.0.roleExternalIds.0', value: '"ghost"' });
    const orphan = await put(`/directory/organizations/nowhere-${randomUUID()}/users/u-1`, {
      email: 'x@acme.test',
      name: 'X',
    });
    expect(orphan.status).toBe(404);
  });

  it('answers 403 naming the user and organization when the principal’s user is not provisioned', async () => {
    const ghost = randomUUID();
    const strange = createMetricsHandler({
      db: t.db,
      authenticate: () => ({ ...org.principal(0), userId: ghost }),
    });
    const response = await strange(new Request('http://host.test/dashboards'));
    expect(response.status).toBe(403);
    const problem: Json = await response.json();
    expect(problem.detail).toContain(`user "${ghost}" is not a user of organization "${org.organizationId}"`);
    expect(problem.field).toBe('principal.userId');
  });
});
