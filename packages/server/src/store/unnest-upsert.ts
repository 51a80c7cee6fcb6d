/**
 * Batch upserts, one statement per batch. {@link upsertBatches} picks the way the rows travel: on
 * PostgreSQL through `pg`, COPY into a temporary table and one UPDATE + INSERT statement
 * (`copy-upsert.ts`); on PGlite (no COPY from a client stream), {@link unnestUpsert}: one
 * `INSERT ... SELECT ... ON CONFLICT DO UPDATE` in which every column travels as ONE array
 * parameter and `unnest(...)` turns the arrays back into rows, so a batch of thousands of rows is
 * one short statement with a fixed number of parameters.
 *
 * The arrays are sent as PostgreSQL array literals written here (`{1.5,NULL,2}`), cast
 * `::text::<type>[]` so that `pg` and PGlite both pass them through as text: numbers, UUIDs and
 * ISO timestamps go in unquoted, which is several times cheaper than the drivers' generic
 * element-by-element quoting. Either way every batch is checked before the first is written, and
 * batch n + 1 is encoded while the server runs the statement of batch n. */
import type { Database } from '@arion-metrics/core';
import { type Kysely, sql } from 'kysely';
import { pgClientOf } from '../db/create-database';
import { copyUpserter, type KeyProbe, type NewKeyMode } from './copy-upsert';

/** One column of a batch: its name, the PostgreSQL array element type, and how a NULL in it is read. */
export interface BatchColumn {
  /** Column name in the table. */
  readonly name: string;
  /** Element type of the array parameter, e.g. `uuid`, `timestamptz`, `numeric`, `calculation_status`. */
  readonly pgType: string;
  /**
   * A NULL in this column stands for the time of the transaction (`now()`): written as
   * `coalesce(u.<name>, now())` in SQL, or as that time itself in COPY data.
   */
  readonly nullMeansNow?: boolean;
  /** Whether a conflicting row takes the new value (false for the key columns). */
  readonly update: boolean;
  /** A key column that may be NULL (the unique key treats NULLs as equal: NULLS NOT DISTINCT). */
  readonly nullable?: boolean;
}

/** The SQL expression that reads `column` from the batch row `u` (see {@link BatchColumn.nullMeansNow}). */
export const readColumn = (column: BatchColumn): string =>
  column.nullMeansNow ? `coalesce(u.${column.name}, now())` : `u.${column.name}`;

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

/** Lets a statement just started leave for the server before more synchronous work begins. */
const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * How batches reach the server: `encode` turns a checked batch into what `send` sends. `send`
 * resolves once the batch has left for the server and its statement is under way, to `{ written }`:
 * the promise of the number of rows that statement writes (wrapped: a promise cannot resolve to a
 * promise).
 */
export interface BatchWriter<Encoded> {
  readonly encode: (arrays: readonly (readonly unknown[])[]) => Encoded;
  readonly send: (encoded: Encoded) => Promise<{ readonly written: Promise<number> }>;
}

/** PostgreSQL's unique-violation error on `constraint`. */
const isUniqueViolation = (error: unknown, constraint: string) =>
  (error as { code?: unknown }).code === '23505' &&
  (error as { constraint?: unknown }).constraint === constraint;

/**
 * Writes batches `0 .. batches - 1` on `db` (a transaction) — through COPY on PostgreSQL, straight
 * into the table when `probe` finds none of the batch's keys can exist, otherwise into a temporary
 * table and one UPDATE + INSERT statement per batch (`copy-upsert.ts`); through
 * {@link unnestUpsert} on PGlite. First every batch is checked and turned column-wise
 * (`preparer()` gives the function that does it for batch b), before anything is written: a bad
 * row anywhere is refused before the first statement. Then each batch is encoded as COPY text or
 * array literals while the server runs the statement of the previous one, so that the client's
 * work and the server's overlap. The statements run one after the other, in order, on the one
 * connection. A failure in a statement is thrown once the statement in flight has settled, so the
 * caller's rollback comes after it.
 *
 * On PostgreSQL the batches first go in with a plain INSERT or COPY for new keys, inside a savepoint.
 * Should another transaction write one of the same keys meanwhile (a unique violation on
 * `constraint`), the work is rolled back to the savepoint and done again, from the same checked
 * batches, in `INSERT ... ON CONFLICT DO UPDATE` mode, which waits for that transaction and
 * replaces its row: the result is the same as if the two had run one after the other.
 */
export async function upsertBatches(
  db: Kysely<Database>,
  table: string,
  constraint: string,
  organizationId: string,
  columns: readonly BatchColumn[],
  batches: number,
  preparer: () => (batch: number) => readonly (readonly unknown[])[],
  probe: KeyProbe,
): Promise<{ written: number; statements: number }> {
  // Every batch is checked before the first one is written: a bad row at the end of a large call
  // is refused before any statement writes, instead of after all the batches before it.
  const prepare = preparer();
  const checked = Array.from({ length: batches }, (_, b) => prepare(b));
  const prepared = () => (b: number) => checked[b] as readonly (readonly unknown[])[];
  const client = await pgClientOf(db);
  if (!client) {
    const written = await pipeline(
      {
        encode: (arrays) => arrayLiterals(columns, arrays),
        send: async (literals) => {
          const written = unnestUpsert(db, table, constraint, organizationId, columns, literals);
          // Handled by the pipeline; this only keeps a failure that comes before the pipeline
          // holds the promise (PGlite can fail within the tick) from counting as unhandled.
          written.catch(() => undefined);
          // Let the statement leave for the server before the next batch's synchronous work.
          await yieldToIo();
          return { written };
        },
      },
      batches,
      prepared(),
    );
    return { written, statements: batches };
  }
  const viaCopy = async (mode: NewKeyMode) =>
    pipeline(
      await copyUpserter(client, table, constraint, organizationId, columns, mode, probe),
      batches,
      prepared(),
    );
  await client.query('SAVEPOINT arion_upsert');
  let written: number;
  try {
    written = await viaCopy('insert');
  } catch (error) {
    if (!isUniqueViolation(error, constraint)) throw error;
    await client.query('ROLLBACK TO SAVEPOINT arion_upsert');
    written = await viaCopy('on-conflict');
  }
  await client.query('RELEASE SAVEPOINT arion_upsert');
  return { written, statements: batches };
}

/** Runs the batches through `writer`, each prepared and encoded while the previous one's statement runs. */
async function pipeline<Encoded>(
  writer: BatchWriter<Encoded>,
  batches: number,
  prepare: (batch: number) => readonly (readonly unknown[])[],
): Promise<number> {
  let written = 0;
  let inFlight: Promise<number> | undefined;
  try {
    let encoded = batches > 0 ? writer.encode(prepare(0)) : undefined;
    for (let b = 0; b < batches; b++) {
      inFlight = (await writer.send(encoded as Encoded)).written;
      // Handled below; this only keeps a failure from counting as unhandled while we prepare.
      inFlight.catch(() => undefined);
      if (b + 1 < batches) encoded = writer.encode(prepare(b + 1));
      written += await inFlight;
      inFlight = undefined;
    }
  } catch (error) {
    await inFlight?.catch(() => undefined);
    throw error;
  }
  return written;
}
