import { sql } from 'kysely';
import type { AnyKysely } from '../any-kysely';

/**
 * The host's directory (issue 15, part 3): organizations, users, roles and departments carry the
 * host's own id (`external_id`, unique per organization; per installation for organizations), so
 * that provisioning is an idempotent upsert by it. Users get a `phone` for notifications and
 * their memberships as `role_ids` / `department_ids` (ids of this organization's roles and
 * departments; a principal is built from them, keeping only ids that still exist).
 *
 * Self-contained: it touches no table another migration of this release changes. Frozen once released.
 */
export const UP_STATEMENTS: readonly string[] = [
  'ALTER TABLE organizations ADD COLUMN external_id TEXT',
  'ALTER TABLE organizations ADD CONSTRAINT organizations_external_id_key UNIQUE (external_id)',
  'ALTER TABLE users ADD COLUMN external_id TEXT',
  'ALTER TABLE users ADD COLUMN phone TEXT',
  "ALTER TABLE users ADD COLUMN role_ids UUID[] NOT NULL DEFAULT '{}'",
  "ALTER TABLE users ADD COLUMN department_ids UUID[] NOT NULL DEFAULT '{}'",
  'ALTER TABLE users ADD CONSTRAINT users_organization_id_external_id_key UNIQUE (organization_id, external_id)',
  'ALTER TABLE roles ADD COLUMN external_id TEXT',
  'ALTER TABLE roles ADD CONSTRAINT roles_organization_id_external_id_key UNIQUE (organization_id, external_id)',
  'ALTER TABLE departments ADD COLUMN external_id TEXT',
  'ALTER TABLE departments ADD CONSTRAINT departments_organization_id_external_id_key UNIQUE (organization_id, external_id)',
];

export async function down(db: AnyKysely): Promise<void> {
  for (const table of ['departments', 'roles', 'users', 'organizations'])
    await sql.raw(`ALTER TABLE ${table} DROP COLUMN IF EXISTS external_id`).execute(db);
  for (const column of ['phone', 'role_ids', 'department_ids'])
    await sql.raw(`ALTER TABLE users DROP COLUMN IF EXISTS ${column}`).execute(db);
}

export async function up(db: AnyKysely): Promise<void> {
  for (const statement of UP_STATEMENTS) await sql.raw(statement).execute(db);
}
