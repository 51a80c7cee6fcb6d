/**
 * The batch upsert on a real PostgreSQL server: the batch is streamed by `COPY ... FROM STDIN`
 * (text format) into a temporary table, then one `INSERT ... SELECT ... ON CONFLICT ... DO UPDATE`
 * moves it into the table. COPY is PostgreSQL's cheapest way in: no statement to parse per row,
 * no parameters, one text stream. PGlite (no `pg` client to stream through) keeps
 * `unnestUpsert`.
 *
 * The temporary table is made once per transaction (`ON COMMIT DROP`) and emptied after each
 * batch; it lives in the session's own schema, so no other connection sees it. The values must be
 * checked already (finite numbers, valid UUIDs, ...), as for `unnestUpsert`.
 */
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { BatchColumn } from './unnest-upsert';

/** Characters that text-format COPY reads specially inside a field. */
const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_SPECIALS = /[\\\t\n\r]/g;
const COPY_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
};

/**
 * One field of a text-format COPY line: `\N` for null/undefined, otherwise `String(value)` with
 * backslash, tab, newline and carriage return escaped (so JSON's own backslashes survive).
 *
 * @example
 * copyField(null); // '\\N'
 * copyField('a\tb\\c'); // 'a\\tb\\\\c'
 */
export function copyField(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  const text = String(value);
  return COPY_SPECIAL.test(text) ? text.replace(COPY_SPECIALS, (c) => COPY_ESCAPES[c] as string) : text;
}

/** The text-format COPY data of a batch given column-wise: one line per row, fields tab-separated. */
export function copyText(arrays: readonly (readonly unknown[])[]): string {
  const rows = arrays[0]?.length ?? 0;
  let out = '';
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < arrays.length; c++) {
      if (c > 0) out += '\t';
      out += copyField((arrays[c] as readonly unknown[])[r]);
    }
    out += '\n';
  }
  return out;
}

/** Name of the temporary table that holds one batch for `table`. */
const stagingTable = (table: string) => `pg_temp.arion_batch_${table}`;

/** Streams `text` through `COPY sql FROM STDIN` on `client`; resolves when the server has taken it. */
function copyIn(client: pg.PoolClient, statement: string, text: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const stream = client.query(copyFrom(statement));
    stream.on('error', reject);
    stream.on('finish', () => resolve());
    stream.end(text);
  });
}

/**
 * A batch upserter on `client` (which must be inside a transaction) for `table`: creates the
 * temporary staging table (the columns' types, dropped at commit) and returns the function that
 * writes one batch given as its COPY text ({@link copyText}), plus `organization_id`, replacing the row with the same
 * unique key (`constraint`) only when that row belongs to the same organization; it resolves to the
 * number of rows written.
 */
export async function copyUpserter(
  client: pg.PoolClient,
  table: string,
  constraint: string,
  organizationId: string,
  columns: readonly BatchColumn[],
): Promise<(text: string) => Promise<number>> {
  const staging = stagingTable(table);
  const names = columns.map((c) => c.name).join(', ');
  // IF NOT EXISTS: a caller's transaction may run several upserts. It is empty then: each batch
  // empties it, and a failure rolls it back to empty with the rest.
  await client.query(
    `CREATE TEMPORARY TABLE IF NOT EXISTS ${staging} (${columns.map((c) => `${c.name} ${c.pgType}`).join(', ')}) ON COMMIT DROP`,
  );
  const copy = `COPY ${staging} (${names}) FROM STDIN`;
  const insert = {
    text: `INSERT INTO ${table} AS t (${names}, organization_id)
           SELECT ${columns.map((c) => c.expression ?? `u.${c.name}`).join(', ')}, $1::uuid FROM ${staging} AS u
           ON CONFLICT ON CONSTRAINT ${constraint} DO UPDATE SET ${columns
             .filter((c) => c.update)
             .map((c) => `${c.name} = EXCLUDED.${c.name}`)
             .join(', ')}
           WHERE t.organization_id = EXCLUDED.organization_id`,
    values: [organizationId],
  };
  const empty = `TRUNCATE ${staging}`;
  return async (text) => {
    await copyIn(client, copy, text);
    const { rowCount } = await client.query(insert);
    await client.query(empty);
    return rowCount ?? 0;
  };
}
