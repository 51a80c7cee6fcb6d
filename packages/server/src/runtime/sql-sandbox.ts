/**
 * PostgreSQL's half of the `sql` source's sandbox: a role that LOGS IN (not `SET ROLE`, which a
 * superuser session can undo with `set_config('role', ...)`), may SELECT only the registered
 * relations, and sees only the rows of the organization its transaction names.
 */
import type { Database } from '@arion-metrics/core';
import { CompiledQuery, type Kysely } from 'kysely';
import {
  type CheckedRelation,
  qualifiedName,
  registerRelations,
  type SourceRelation,
} from './source-relations';

/** The transaction-local setting that names the calling organization to the row-level security policies. */
export const SANDBOX_ORGANIZATION_SETTING = 'arion.organization_id';

const ROLE = /^[a-z_][a-z0-9_]{0,62}$/;

/** Options of {@link setupSqlSandbox}. */
export interface SqlSandboxSetup {
  /** The role's name (lower-case identifier), e.g. `arion_sandbox`. */
  readonly role: string;
  /** Its password; absent leaves the password as it is (none on a new role: trust or peer authentication only). */
  readonly password?: string;
  /** The relations formulas may read; the same list the `sql` source is given. */
  readonly relations: readonly SourceRelation[];
  /** Its `statement_timeout` default in milliseconds, on top of the one each run sets (default 10,000). */
  readonly statementTimeoutMs?: number;
}

/**
 * Creates or updates the sandbox role, on PostgreSQL only. Idempotent: run it at every deploy.
 * It (1) creates the role `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOBYPASSRLS` with
 * read-only transactions by default; (2) revokes every table privilege it held in the relations'
 * schemas and grants SELECT on the registered relations only; (3) enables row-level security on
 * each registered table with a policy letting the role read the rows whose `organization_id` is the
 * transaction's `arion.organization_id`; (4) makes registered views `security_invoker`, so that they
 * read their tables with the role's rights and policies (register a view's tables too).
 *
 * Enabling row-level security on a table denies its rows to every other role that is not its owner
 * and has no policy of its own: run the host's application as the tables' owner, or add policies.
 */
export async function setupSqlSandbox(db: Kysely<Database>, setup: SqlSandboxSetup): Promise<void> {
  if (!ROLE.test(setup.role)) {
    throw new TypeError(
      `setup.role: got ${JSON.stringify(setup.role)}; allowed: a lower-case identifier (a-z, 0-9, _)`,
    );
  }
  const relations = [...registerRelations(setup.relations).values()];
  await checkSourceRelations(db, relations);
  const role = `"${setup.role}"`;
  const timeout = Math.max(1, Math.floor(setup.statementTimeoutMs ?? 10_000));
  const statements = [
    `DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${setup.role}') THEN CREATE ROLE ${role} LOGIN; END IF; END $$`,
    `ALTER ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS`,
    `ALTER ROLE ${role} SET default_transaction_read_only = on`,
    `ALTER ROLE ${role} SET statement_timeout = ${timeout}`,
    ...(setup.password === undefined ? [] : [`ALTER ROLE ${role} PASSWORD ${literal(setup.password)}`]),
  ];
  const schemas = [...new Set(relations.map((r) => r.schema))];
  for (const schema of schemas) {
    statements.push(`REVOKE ALL ON ALL TABLES IN SCHEMA "${schema}" FROM ${role}`);
    statements.push(`GRANT USAGE ON SCHEMA "${schema}" TO ${role}`);
  }
  const policy = `"arion_sandbox_${setup.role}"`;
  for (const relation of relations) {
    const name = qualifiedName(relation);
    statements.push(`GRANT SELECT ON ${name} TO ${role}`);
    if (relation.kind === 'view') {
      statements.push(`ALTER VIEW ${name} SET (security_invoker = true)`);
    } else {
      statements.push(`ALTER TABLE ${name} ENABLE ROW LEVEL SECURITY`);
      statements.push(`DROP POLICY IF EXISTS ${policy} ON ${name}`);
      statements.push(
        `CREATE POLICY ${policy} ON ${name} FOR SELECT TO ${role} USING (organization_id = NULLIF(current_setting('${SANDBOX_ORGANIZATION_SETTING}', true), '')::uuid)`,
      );
    }
  }
  await db.transaction().execute(async (trx) => {
    for (const statement of statements) await trx.executeQuery(CompiledQuery.raw(statement));
  });
}

/** Checks that every relation exists and has an `organization_id` column (both engines); the error names the relation. */
export async function checkSourceRelations(
  db: Kysely<Database>,
  relations: Iterable<CheckedRelation>,
): Promise<void> {
  for (const relation of relations) {
    const found = await db.executeQuery<{ column_name: string }>(
      CompiledQuery.raw(
        'SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2',
        [relation.schema, relation.table],
      ),
    );
    const columns = new Set(found.rows.map((row) => row.column_name));
    if (columns.size === 0) {
      throw new TypeError(`relation ${relation.name}: ${relation.schema}.${relation.table} does not exist`);
    }
    for (const column of ['organization_id', ...relation.columns]) {
      if (!columns.has(column)) {
        throw new TypeError(
          `relation ${relation.name}: ${relation.schema}.${relation.table} has no column ${column}`,
        );
      }
    }
  }
}

function literal(text: string): string {
  if (text.includes('\0'))
    throw new TypeError('setup.password: contains a NUL character; allowed: text without NUL');
  return `'${text.replaceAll("'", "''")}'`;
}
