/**
 * Test helper (not exported by the package): an organization with several users, roles,
 * departments and metrics, written with plain SQL so that store tests do not depend on the
 * repositories they test; plus the principal of each user.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '@arion-metrics/core';
import type { Kysely } from 'kysely';
import { insertRow, validRows } from '../testing/fixtures';
import type { Principal } from './principal';

/** Ids of a test organization. */
export interface TestOrganization {
  /** The organization. */
  readonly organizationId: string;
  /** Its users; `users[0]` is the usual actor. */
  readonly users: readonly string[];
  /** Its roles. */
  readonly roles: readonly string[];
  /** Its departments. */
  readonly departments: readonly string[];
  /** Its metrics: private, without owner or creator, live. */
  readonly metrics: readonly string[];
  /** The principal of `users[i]`, with the given roles and departments. */
  principal(userIndex: number, options?: { roles?: number[]; departments?: number[] }): Principal;
}

/** Creates an organization with `count` users, roles, departments and metrics (default 4 each). */
export async function createTestOrganization(db: Kysely<Database>, count = 4): Promise<TestOrganization> {
  const organizationId = randomUUID();
  const ids = () => Array.from({ length: count }, () => randomUUID());
  const users = ids();
  const roles = ids();
  const departments = ids();
  const metrics = ids();
  await insertRow(db, 'organizations', { id: organizationId, ...validRows.organizations() });
  const tenant = {
    organizationId,
    userId: users[0]!,
    metricId: metrics[0]!,
    otherMetricId: metrics[1]!,
    dashboardId: '',
    alertId: '',
  };
  for (const id of users) await insertRow(db, 'users', { id, ...validRows.users(tenant) });
  for (const id of roles) await insertRow(db, 'roles', { id, ...validRows.roles(tenant) });
  for (const id of departments) await insertRow(db, 'departments', { id, ...validRows.departments(tenant) });
  for (const id of metrics)
    await insertRow(db, 'metric_definitions', { id, ...validRows.metric_definitions(tenant) });
  return {
    organizationId,
    users,
    roles,
    departments,
    metrics,
    principal(userIndex, options = {}) {
      return {
        userId: users[userIndex]!,
        organizationId,
        roleIds: (options.roles ?? []).map((i) => roles[i]!),
        departmentIds: (options.departments ?? []).map((i) => departments[i]!),
      };
    },
  };
}
