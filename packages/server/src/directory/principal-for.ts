/** The principal of a provisioned user, from the directory's rows. */
import type { Database } from '@arion-metrics/core';
import { type Kysely, sql } from 'kysely';
import { isUuid, type Principal } from '../store/principal';
import { PermissionDeniedError, UnknownPrincipalError } from '../store/store-errors';

/**
 * The principal of user `userId` of organization `organizationId`: its roles and departments are
 * the memberships the directory holds (only those that still exist). Throws
 * {@link UnknownPrincipalError} when the user is not a user of that organization, and
 * {@link PermissionDeniedError} when it is deactivated.
 *
 * @example
 * const principal = await principalFor(db, session.organizationId, session.userId);
 */
export async function principalFor(
  db: Kysely<Database>,
  organizationId: string,
  userId: string,
): Promise<Principal> {
  if (!isUuid(organizationId)) throw new UnknownPrincipalError('organization', String(organizationId));
  if (!isUuid(userId)) throw new UnknownPrincipalError('user', organizationId, String(userId));
  const row = await db
    .selectFrom('users as u')
    .select([
      'u.deactivated_at',
      sql<
        string[]
      >`ARRAY(SELECT r.id FROM roles r WHERE r.organization_id = u.organization_id AND r.id = ANY (u.role_ids) ORDER BY r.id)`.as(
        'role_ids',
      ),
      sql<
        string[]
      >`ARRAY(SELECT d.id FROM departments d WHERE d.organization_id = u.organization_id AND d.id = ANY (u.department_ids) ORDER BY d.id)`.as(
        'department_ids',
      ),
    ])
    .where('u.organization_id', '=', organizationId)
    .where('u.id', '=', userId)
    .executeTakeFirst();
  if (!row) throw new UnknownPrincipalError('user', organizationId, userId);
  if (row.deactivated_at !== null)
    throw new PermissionDeniedError(
      `user ${JSON.stringify(userId)} of organization ${JSON.stringify(organizationId)} is deactivated; reactivate it through the directory to let it act`,
    );
  return { organizationId, userId, roleIds: row.role_ids, departmentIds: row.department_ids };
}
