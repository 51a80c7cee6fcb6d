/** Provisioning on both engines: upsert by the host's ids, memberships into principals, one transaction. */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openStore } from '../store/open-store';
import {
  NotFoundError,
  PermissionDeniedError,
  StoreValidationError,
  UnknownPrincipalError,
} from '../store/store-errors';
import { createTestOrganization } from '../store/test-organization';
import { TEST_ENGINES, useTestDatabase } from '../testing/test-database';
import { principalFor } from './principal-for';
import { provisionMembers, provisionOrganization } from './provision-organization';

const acme = (tag: string) => ({
  externalId: `acme-${tag}`,
  name: 'Acme',
  timeZone: 'Europe/Paris',
  roles: [
    { externalId: 'analyst', name: 'Analyst' },
    { externalId: 'auditor', name: 'Auditor' },
  ],
  departments: [
    { externalId: 'risk', name: 'Risk' },
    { externalId: 'credit', name: 'Credit', parentExternalId: 'risk' },
  ],
  users: [
    {
      externalId: 'u-1',
      email: 'ada@acme.test',
      phone: '+33 1 23 45 67 89',
      name: 'Ada',
      roleExternalIds: ['analyst'],
      departmentExternalIds: ['credit'],
    },
    { externalId: 'u-2', email: 'bob@acme.test', name: 'Bob' },
  ],
});

describe.each(TEST_ENGINES)('provisionOrganization on %s', (engine) => {
  const t = useTestDatabase(engine);

  const count = async (table: string, organizationId: string) =>
    Number(
      (
        await sql<{
          n: string;
        }>`SELECT count(*) AS n FROM ${sql.table(table)} WHERE organization_id = ${organizationId}`.execute(
          t.db,
        )
      ).rows[0]?.n,
    );

  it('creates the organization, its roles, departments and users, and a principal per user from its memberships', async () => {
    const result = await provisionOrganization(t.db, acme(randomUUID()));
    const org = await t.db
      .selectFrom('organizations')
      .selectAll()
      .where('id', '=', result.organizationId)
      .executeTakeFirstOrThrow();
    expect(org).toMatchObject({ name: 'Acme', time_zone: 'Europe/Paris' });
    const credit = await t.db
      .selectFrom('departments')
      .select(['parent_department_id', 'department_name'])
      .where('id', '=', result.departments.credit!)
      .executeTakeFirstOrThrow();
    expect(credit).toEqual({ parent_department_id: result.departments.risk, department_name: 'Credit' });
    const ada = result.users['u-1']!;
    expect(ada.principal).toEqual({
      organizationId: result.organizationId,
      userId: ada.userId,
      roleIds: [result.roles.analyst],
      departmentIds: [result.departments.credit],
    });
    const user = await t.db
      .selectFrom('users')
      .select(['email', 'phone', 'display_name', 'external_id'])
      .where('id', '=', ada.userId)
      .executeTakeFirstOrThrow();
    expect(user).toEqual({
      email: 'ada@acme.test',
      phone: '+33 1 23 45 67 89',
      display_name: 'Ada',
      external_id: 'u-1',
    });
    // The principal works with the store as it is.
    const dashboard = await openStore(t.db, ada.principal).dashboards.create({ dashboard_name: 'Mine' });
    expect(dashboard.owner_id).toBe(ada.userId);
  });

  it('is idempotent by external ids: a second run keeps every id and adds no row, and changes what changed', async () => {
    const input = acme(randomUUID());
    const first = await provisionOrganization(t.db, input);
    const second = await provisionOrganization(t.db, {
      ...input,
      name: 'Acme Corp',
      users: [{ ...input.users[0]!, roleExternalIds: ['auditor', 'analyst'] }],
    });
    expect(second.organizationId).toBe(first.organizationId);
    expect(second.roles).toEqual(first.roles);
    expect(second.users['u-1']!.userId).toBe(first.users['u-1']!.userId);
    expect([...second.users['u-1']!.principal.roleIds].sort()).toEqual(
      [first.roles.analyst, first.roles.auditor].sort(),
    );
    for (const [table, n] of [
      ['users', 2],
      ['roles', 2],
      ['departments', 2],
    ] as const)
      expect(await count(table, first.organizationId), table).toBe(n);
    const org = await t.db
      .selectFrom('organizations')
      .select('name')
      .where('id', '=', first.organizationId)
      .executeTakeFirstOrThrow();
    expect(org.name).toBe('Acme Corp');
  });

  it('refuses a membership of an unknown role by naming it, and writes nothing of the call', async () => {
    const input = acme(randomUUID());
    const error = await provisionOrganization(t.db, {
      ...input,
      users: [{ ...input.users[0]!, roleExternalIds: ['analyst', 'ghost'] }],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreValidationError);
    expect(error).toMatchObject({ field: 'users.0.roleExternalIds.1', value: 'ghost' });
    const org = await t.db
      .selectFrom('organizations')
      .select('id')
      .where('external_id', '=', input.externalId)
      .executeTakeFirst();
    expect(org).toBeUndefined();
  });

  it('names the field, value and rule of malformed input', async () => {
    await expect(
      provisionOrganization(t.db, { ...acme(randomUUID()), timeZone: 'Mars/Olympus' }),
    ).rejects.toMatchObject({
      field: 'timeZone',
      value: 'Mars/Olympus',
    });
    await expect(
      provisionOrganization(t.db, {
        ...acme(randomUUID()),
        users: [{ externalId: 'x', email: 'not-an-email', name: 'X' }],
      }),
    ).rejects.toMatchObject({ field: 'users.0.email', value: 'not-an-email' });
    await expect(provisionOrganization(t.db, { ...acme('bad id with spaces') })).rejects.toMatchObject({
      field: 'externalId',
    });
  });

  it('adds members to an existing organization only', async () => {
    const input = acme(randomUUID());
    const created = await provisionOrganization(t.db, input);
    const added = await provisionMembers(t.db, input.externalId, {
      users: [{ externalId: 'u-3', email: 'cy@acme.test', name: 'Cy', departmentExternalIds: ['risk'] }],
    });
    expect(added.organizationId).toBe(created.organizationId);
    expect(added.users['u-3']!.principal.departmentIds).toEqual([created.departments.risk]);
    await expect(provisionMembers(t.db, `nowhere-${randomUUID()}`, { users: [] })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('principalFor refuses a user of another organization, an unknown one and a deactivated one', async () => {
    const input = acme(randomUUID());
    const { organizationId, users } = await provisionOrganization(t.db, input);
    const other = await createTestOrganization(t.db, 1);
    await expect(principalFor(t.db, other.organizationId, users['u-1']!.userId)).rejects.toBeInstanceOf(
      UnknownPrincipalError,
    );
    await expect(principalFor(t.db, organizationId, randomUUID())).rejects.toThrow(
      /does not exist in organization/,
    );
    await provisionMembers(t.db, input.externalId, { users: [{ ...input.users[1]!, deactivated: true }] });
    await expect(principalFor(t.db, organizationId, users['u-2']!.userId)).rejects.toBeInstanceOf(
      PermissionDeniedError,
    );
  });
});
