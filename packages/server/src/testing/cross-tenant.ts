/**
 * Test helper (not exported by the package): the harness of the cross-tenant matrices. Each
 * matrix calls every store method as organization A with organization B's ids and expects to
 * find nothing of B and change nothing of B; this module holds what the matrices share — the
 * attacking principals, a fingerprint of B's rows to compare before and after, and the check of
 * one outcome.
 */
import type { Database } from '@arion-metrics/core';
import { type Kysely, sql } from 'kysely';
import { expect } from 'vitest';
import type { Principal } from '../store/principal';
import { NotFoundError, PermissionDeniedError, StoreValidationError } from '../store/store-errors';
import type { TestOrganization } from '../store/test-organization';

/**
 * What A gets when it names B's data: `not-found`, `invalid` (a validation error that reads the
 * same as for an id that exists nowhere), `null`, `empty` (an empty list), or `unchanged` (the
 * call succeeds and B's rows stay as they were), or `denied` (a PermissionDeniedError about A's
 * own rules, e.g. a retention purge by someone who is not a metric admin of A).
 */
export type CrossTenantOutcome = 'not-found' | 'invalid' | 'null' | 'empty' | 'unchanged' | 'denied';

/**
 * Every row of `organizationId` in `tables` (ordered by id), plus the organization's settings
 * when `withSettings`: compare it before and after a call to see that nothing changed.
 */
export async function tenantFingerprint(
  db: Kysely<Database>,
  organizationId: string,
  tables: readonly string[],
  options: { readonly withSettings?: boolean } = {},
): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const table of tables) {
    const { rows } =
      await sql`SELECT * FROM ${sql.table(table)} WHERE organization_id = ${organizationId} ORDER BY id`.execute(
        db,
      );
    out[table] = rows;
  }
  if (options.withSettings) {
    out.settings = (
      await db
        .selectFrom('organizations')
        .select('settings')
        .where('id', '=', organizationId)
        .executeTakeFirst()
    )?.settings;
  }
  return out;
}

/**
 * The principals that attack B from A: a plain user of A, and a user of A who claims B's user
 * id, roles and departments (the store must trust only the organization it was opened for).
 */
export function crossTenantAttackers(
  a: TestOrganization,
  b: TestOrganization,
): readonly (readonly [who: string, principal: Principal])[] {
  return [
    ['a user of A', a.principal(0)],
    [
      "a user of A claiming B's user id, roles and departments",
      {
        organizationId: a.organizationId,
        userId: b.users[0] as string,
        roleIds: b.roles,
        departmentIds: b.departments,
      },
    ],
  ];
}

/** A call's value or error, without throwing. */
export function settle(call: Promise<unknown>): Promise<{ value: unknown } | { error: unknown }> {
  return call.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}

/**
 * Expects `result` to be `outcome`; for `invalid`, the message must not match `leak` (names of
 * B's rows), so the error tells nothing about B.
 */
export function expectCrossTenantOutcome(
  result: { value: unknown } | { error: unknown },
  outcome: CrossTenantOutcome,
  label: string,
  leak: RegExp,
): void {
  switch (outcome) {
    case 'not-found':
      expect('error' in result && result.error, label).toBeInstanceOf(NotFoundError);
      break;
    case 'invalid':
      expect('error' in result && result.error, label).toBeInstanceOf(StoreValidationError);
      expect((result as { error: Error }).error.message, label).not.toMatch(leak);
      break;
    case 'null':
      expect('value' in result && result.value, label).toBeNull();
      break;
    case 'empty':
      expect('value' in result && result.value, label).toEqual([]);
      break;
    case 'unchanged':
      expect('error' in result ? result.error : undefined, label).toBeUndefined();
      break;
    case 'denied':
      expect('error' in result && result.error, label).toBeInstanceOf(PermissionDeniedError);
      expect((result as { error: Error }).error.message, label).not.toMatch(leak);
      break;
  }
}
