/**
 * Provisioning: a host copies its tenants into the store — organizations, roles, departments and
 * users with their memberships — named by its own ids. Every call is an upsert by those ids in one
 * transaction: running it twice with the same input changes nothing; rows it does not mention are
 * left as they are. This crosses tenants, so it is for the host's backend (or the directory
 * routes behind `authorizeDirectory`), never for a user's request.
 */
import type { Database } from '@arion-metrics/core';
import { type Kysely, sql } from 'kysely';
import type { z } from 'zod';
import type { Principal } from '../store/principal';
import { runInTransaction } from '../store/run-in-transaction';
import { NotFoundError, StoreValidationError, translateDatabaseError } from '../store/store-errors';
import {
  DirectoryMembers,
  type DirectoryMembersInput,
  DirectoryOrganization,
  ExternalId,
} from './directory-schemas';
import { principalFor } from './principal-for';

/** What {@link provisionOrganization} takes: the organization and (optionally) its members. */
export type OrganizationInput = z.input<typeof DirectoryOrganization> & {
  /** The host's id of the organization. */
  readonly externalId: string;
};

/** The store ids of what was provisioned, by the host's ids, and a principal per user. */
export interface ProvisionResult {
  readonly organizationId: string;
  readonly roles: Readonly<Record<string, string>>;
  readonly departments: Readonly<Record<string, string>>;
  readonly users: Readonly<Record<string, { readonly userId: string; readonly principal: Principal }>>;
}

/**
 * Upserts an organization by `externalId` (its name and time zone; a new one gets `externalId`
 * as slug), then its roles, departments and users (see {@link provisionMembers}), in one
 * transaction. Returns the store ids and a ready principal for each user given.
 *
 * @example
 * const { users } = await provisionOrganization(db, {
 *   externalId: 'acme', name: 'Acme', timeZone: 'Europe/Paris',
 *   roles: [{ externalId: 'analyst', name: 'Analyst' }],
 *   users: [{ externalId: 'u-1', email: 'ada@acme.test', name: 'Ada', roleExternalIds: ['analyst'] }],
 * });
 * const store = openStore(db, users['u-1']!.principal);
 */
export async function provisionOrganization(
  db: Kysely<Database>,
  input: OrganizationInput,
): Promise<ProvisionResult> {
  const externalId = parse(ExternalId, input?.externalId, 'externalId');
  const { externalId: _ignored, ...rest } = input;
  const body = parse(DirectoryOrganization, rest, '');
  return write(db, async (trx) => {
    const organization = await sql<{ id: string }>`
      INSERT INTO organizations (external_id, name, slug, time_zone)
      VALUES (${externalId}, ${body.name}, ${externalId}, ${body.timeZone ?? 'UTC'})
      ON CONFLICT (external_id) DO UPDATE
        SET name = excluded.name,
            time_zone = ${body.timeZone === undefined ? sql`organizations.time_zone` : sql`excluded.time_zone`},
            updated_at = now()
      RETURNING id`.execute(trx);
    const organizationId = organization.rows[0]!.id;
    return upsertMembers(trx, organizationId, body);
  });
}

/**
 * Upserts roles, departments and users of the organization whose host id is
 * `organizationExternalId` (which must exist: a {@link NotFoundError} otherwise), in one
 * transaction. A user's `roleExternalIds` / `departmentExternalIds` replace its memberships and
 * must name roles / departments of the organization (given in this call or provisioned before).
 */
export async function provisionMembers(
  db: Kysely<Database>,
  organizationExternalId: string,
  members: DirectoryMembersInput,
): Promise<ProvisionResult> {
  const externalId = parse(ExternalId, organizationExternalId, 'organizationExternalId');
  const body = parse(DirectoryMembers, members, '');
  return write(db, async (trx) => {
    const organization = await trx
      .selectFrom('organizations')
      .select('id')
      .where('external_id', '=', externalId)
      .forUpdate()
      .executeTakeFirst();
    if (!organization) throw new NotFoundError('organization', externalId);
    return upsertMembers(trx, organization.id, body);
  });
}

async function upsertMembers(
  trx: Kysely<Database>,
  organizationId: string,
  body: z.output<typeof DirectoryMembers>,
): Promise<ProvisionResult> {
  const roles: Record<string, string> = {};
  for (const role of body.roles ?? []) {
    const row = await trx
      .insertInto('roles')
      .values({ organization_id: organizationId, external_id: role.externalId, role_name: role.name })
      .onConflict((oc) =>
        oc.constraint('roles_organization_id_external_id_key').doUpdateSet({ role_name: role.name }),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    roles[role.externalId] = row.id;
  }
  const departments: Record<string, string> = {};
  for (const department of body.departments ?? []) {
    const row = await trx
      .insertInto('departments')
      .values({
        organization_id: organizationId,
        external_id: department.externalId,
        department_name: department.name,
      })
      .onConflict((oc) =>
        oc
          .constraint('departments_organization_id_external_id_key')
          .doUpdateSet({ department_name: department.name }),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    departments[department.externalId] = row.id;
  }
  for (const [i, department] of (body.departments ?? []).entries()) {
    if (department.parentExternalId === undefined) continue;
    const parent =
      department.parentExternalId === null
        ? null
        : await idsOf(
            trx,
            'departments',
            organizationId,
            [department.parentExternalId],
            `departments.${i}.parentExternalId`,
          );
    await trx
      .updateTable('departments')
      .set({ parent_department_id: parent?.[0] ?? null })
      .where('organization_id', '=', organizationId)
      .where('id', '=', departments[department.externalId]!)
      .execute();
  }
  const users: Record<string, { userId: string; principal: Principal }> = {};
  for (const [i, user] of (body.users ?? []).entries()) {
    const roleIds =
      user.roleExternalIds === undefined
        ? undefined
        : await idsOf(trx, 'roles', organizationId, user.roleExternalIds, `users.${i}.roleExternalIds`);
    const departmentIds =
      user.departmentExternalIds === undefined
        ? undefined
        : await idsOf(
            trx,
            'departments',
            organizationId,
            user.departmentExternalIds,
            `users.${i}.departmentExternalIds`,
          );
    const changes = {
      email: user.email,
      display_name: user.name,
      ...(user.phone === undefined ? {} : { phone: user.phone }),
      ...(roleIds === undefined ? {} : { role_ids: roleIds }),
      ...(departmentIds === undefined ? {} : { department_ids: departmentIds }),
      ...(user.deactivated === undefined
        ? {}
        : { deactivated_at: user.deactivated ? sql<Date>`coalesce(users.deactivated_at, now())` : null }),
    };
    const row = await trx
      .insertInto('users')
      .values({
        organization_id: organizationId,
        external_id: user.externalId,
        ...changes,
        ...(user.deactivated ? { deactivated_at: sql<Date>`now()` } : {}),
      })
      .onConflict((oc) =>
        oc
          .constraint('users_organization_id_external_id_key')
          .doUpdateSet({ ...changes, updated_at: sql<Date>`now()` }),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    users[user.externalId] = {
      userId: row.id,
      principal: user.deactivated
        ? inactive(organizationId, row.id)
        : await principalFor(trx, organizationId, row.id),
    };
  }
  return { organizationId, roles, departments, users };
}

/** A deactivated user's principal: usable by nothing (the handler refuses it), kept for the result's shape. */
function inactive(organizationId: string, userId: string): Principal {
  return { organizationId, userId, roleIds: [], departmentIds: [] };
}

/** The store ids of `externalIds` in `table` of the organization; a validation error names the first unknown one. */
async function idsOf(
  trx: Kysely<Database>,
  table: 'roles' | 'departments',
  organizationId: string,
  externalIds: readonly string[],
  field: string,
): Promise<string[]> {
  const unique = [...new Set(externalIds)];
  if (unique.length === 0) return [];
  const rows = await trx
    .selectFrom(table)
    .select(['id', 'external_id'])
    .where('organization_id', '=', organizationId)
    .where('external_id', 'in', unique)
    .execute();
  const found = new Map(rows.map((r) => [r.external_id, r.id]));
  const missing = unique.findIndex((id) => !found.has(id));
  if (missing >= 0)
    throw new StoreValidationError(
      `${field}.${externalIds.indexOf(unique[missing]!)}`,
      unique[missing],
      `the external id of a ${table === 'roles' ? 'role' : 'department'} of this organization (provision it first, or in the same call)`,
    );
  return unique.map((id) => found.get(id)!);
}

/** Parses `value` with `schema`; a validation error names the path, the value and what is allowed. */
function parse<S extends z.ZodType>(schema: S, value: unknown, prefix: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = (issue?.path ?? []).map(String);
  let found: unknown = value;
  for (const key of path) found = (found as Record<string, unknown> | null | undefined)?.[key];
  throw new StoreValidationError(
    [prefix, ...path].filter(Boolean).join('.') || 'input',
    found,
    issue?.message ?? 'a valid value',
  );
}

/** One transaction; database errors become store errors (a unique clash names the field). */
function write<T>(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return runInTransaction(db, work).catch((error: unknown) => {
    throw translateDatabaseError(error);
  });
}
