/**
 * Who the runtime acts as: one service user per organization (a `users` row with the reserved
 * email {@link SERVICE_USER_EMAIL}, created on first use) holding an explicit list of permissions
 * (`SERVICE_PERMISSIONS`: calculate, roll_up, evaluate_alerts, purge). Its id is what the audit
 * columns of the runtime's writes record (`metric_alerts.updated_by`, `alert_states.updated_by`,
 * `webhook_deliveries.created_by`). It sees every live metric of its organization and nothing of
 * another; it cannot change definitions, rules, dashboards or sharing.
 */
import type { Database } from '@arion-metrics/core';
import type { Kysely } from 'kysely';
import {
  assertPrincipal,
  isUuid,
  type Principal,
  SERVICE_PERMISSIONS,
  type ServicePermission,
} from '../store/principal';

/** The email of the runtime's service user (`.invalid`: it can never receive mail). */
export const SERVICE_USER_EMAIL = 'arion-runtime@service.invalid';

/**
 * The runtime's principal in `organizationId`: creates its service user when missing (idempotent,
 * safe under concurrency) and grants `permissions` (default all of `SERVICE_PERMISSIONS`).
 *
 * @example
 * const runtime = await servicePrincipal(db, organizationId);
 * await openStore(db, runtime).retention.purge();
 */
export async function servicePrincipal(
  db: Kysely<Database>,
  organizationId: string,
  permissions: readonly ServicePermission[] = SERVICE_PERMISSIONS,
): Promise<Principal> {
  if (!isUuid(organizationId)) {
    throw new TypeError(`organizationId: got ${JSON.stringify(organizationId)}; allowed: a UUID`);
  }
  const organization = await db
    .selectFrom('organizations')
    .select('id')
    .where('id', '=', organizationId)
    .executeTakeFirst();
  if (!organization) {
    throw new TypeError(
      `organizationId: got ${JSON.stringify(organizationId)}; allowed: the id of an existing organization`,
    );
  }
  await db
    .insertInto('users')
    .values({
      organization_id: organizationId,
      email: SERVICE_USER_EMAIL,
      display_name: 'Arion Metrics runtime',
    })
    .onConflict((c) => c.columns(['organization_id', 'email']).doNothing())
    .execute();
  const user = await db
    .selectFrom('users')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('email', '=', SERVICE_USER_EMAIL)
    .executeTakeFirstOrThrow();
  return assertPrincipal({
    userId: user.id,
    organizationId,
    roleIds: [],
    departmentIds: [],
    servicePermissions: permissions,
  });
}
