/**
 * The batch upsert on PGlite (no COPY from a client stream; `upsert-batches.ts` picks it there):
 * one `INSERT ... SELECT ... ON CONFLICT DO UPDATE` in which every column travels as ONE array
 * parameter and `unnest(...)` turns the arrays back into rows, so a batch of thousands of rows is
 * one short statement with a fixed number of parameters.
 *
 * The arrays are sent as PostgreSQL array literals written here (`{1.5,NULL,2}`), cast
 * `::text::<type>[]` so that `pg` and PGlite both pass them through as text: numbers, UUIDs and
 * ISO timestamps go in unquoted, which is several times cheaper than the drivers' generic
 * element-by-element quoting.
 */
import type { Database } from '@arion-metrics/core';
import { type Kysely, sql } from 'kysely';
import { type BatchColumn, readColumn } from './batch-writer';

/**
 * Element types whose checked values never need quoting in an array literal: numbers, UUIDs,
 * ISO 8601 timestamps and `YYYY-MM-DD` dates hold no comma, brace, quote, backslash or space,
 * and none of them reads as `NULL`.
 */
const BARE_TYPES: ReadonlySet<string> = new Set(['uuid', 'numeric', 'integer', 'timestamptz', 'date']);

const NEEDS_ESCAPE = /[\\"]/;
const ESCAPED = /[\\"]/g;

/**
 * The PostgreSQL array literal of `values` (one dimension): `null`/`undefined` become `NULL`;
 * with `bare`, elements are written as `String(value)`, otherwise double-quoted with `\` and `"`
 * escaped. The values must already be checked (finite numbers, valid UUIDs, ...).
 *
 * @example
 * arrayLiteral([1.5, null, 2], true); // '{1.5,NULL,2}'
 * arrayLiteral(['a "b"', null], false); // '{"a \\"b\\"",NULL}'
 */
export function arrayLiteral(values: readonly unknown[], bare: boolean): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ',';
    const value = values[i];
    if (value === null || value === undefined) out += 'NULL';
    else if (bare) out += String(value);
    else {
      const text = String(value);
      out += `"${NEEDS_ESCAPE.test(text) ? text.replace(ESCAPED, '\\$&') : text}"`;
    }
  }
  return `${out}}`;
}

/** The array literals of a batch given column-wise, one per column (see {@link arrayLiteral}). */
export function arrayLiterals(
  columns: readonly BatchColumn[],
  arrays: readonly (readonly unknown[])[],
): string[] {
  return columns.map((c, i) => arrayLiteral(arrays[i] as readonly unknown[], BARE_TYPES.has(c.pgType)));
}

/**
 * Inserts the rows given as one array literal per column (`literals[i]` holds column
 * `columns[i]`, from {@link arrayLiterals}) plus `organization_id`, replacing the row that holds
 * the same unique key (`constraint`) — only when that row belongs to the same organization.
 * Returns the number of rows written.
 */
export async function unnestUpsert(
  db: Kysely<Database>,
  table: string,
  constraint: string,
  organizationId: string,
  columns: readonly BatchColumn[],
  literals: readonly string[],
): Promise<number> {
  const names = sql.raw(columns.map((c) => c.name).join(', '));
  const params = sql.join(columns.map((c, i) => sql`${literals[i]}::text::${sql.raw(c.pgType)}[]`));
  const selected = sql.raw(columns.map(readColumn).join(', '));
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
