/**
 * One-statement batch upsert: every column travels as ONE typed array parameter and
 * `unnest(...)` turns the arrays back into rows, so a batch of thousands of rows is one short
 * statement with a fixed number of parameters (no per-row placeholders to build, send and parse),
 * the way the PostgreSQL wiki recommends for bulk loads through a driver without COPY.
 */
import type { Database } from '@arion-metrics/core';
import { type Kysely, sql } from 'kysely';

/** One column of a batch: its name, the PostgreSQL array element type, and the SQL expression that reads it from the unnested row `u`. */
export interface BatchColumn {
  /** Column name in the table. */
  readonly name: string;
  /** Element type of the array parameter, e.g. `uuid`, `timestamptz`, `numeric`, `calculation_status`. */
  readonly pgType: string;
  /** Expression over `u.<name>` written into the column (default the value itself), e.g. `coalesce(u.x, now())`. */
  readonly expression?: string;
  /** Whether a conflicting row takes the new value (false for the key columns). */
  readonly update: boolean;
}

/**
 * Inserts the rows given column-wise (`arrays[i]` holds column `columns[i]` for every row) plus
 * `organization_id`, replacing the row that holds the same unique key (`constraint`) — only when
 * that row belongs to the same organization. Returns the number of rows written.
 */
export async function unnestUpsert(
  db: Kysely<Database>,
  table: string,
  constraint: string,
  organizationId: string,
  columns: readonly BatchColumn[],
  arrays: readonly (readonly unknown[])[],
): Promise<number> {
  const names = sql.raw(columns.map((c) => c.name).join(', '));
  const params = sql.join(columns.map((c, i) => sql`${arrays[i]}::${sql.raw(c.pgType)}[]`));
  const selected = sql.raw(columns.map((c) => c.expression ?? `u.${c.name}`).join(', '));
  const updates = sql.raw(
    columns
      .filter((c) => c.update)
      .map((c) => `${c.name} = EXCLUDED.${c.name}`)
      .join(', '),
  );
  const result = await sql`
    INSERT INTO ${sql.table(table)} AS t (${names}, organization_id)
    SELECT ${selected}, ${organizationId}::uuid
      FROM unnest(${params}) AS u(${names})
    ON CONFLICT ON CONSTRAINT ${sql.id(constraint)} DO UPDATE SET ${updates}
     WHERE t.organization_id = EXCLUDED.organization_id`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
