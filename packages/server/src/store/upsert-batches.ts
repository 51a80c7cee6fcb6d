/**
 * The batch upsert's dispatcher: every batch checked first, then written through COPY on
 * PostgreSQL (`copy-upsert.ts`) or through array parameters on PGlite (`unnest-upsert.ts`).
 */
import type { Database, TableName } from '@arion-metrics/core';
import type { Kysely } from 'kysely';
import { pgClientOf } from '../db/create-database';
import { type BatchColumn, pipeline } from './batch-writer';
import { copyUpserter, type KeyProbe, type NewKeyMode } from './copy-upsert';
import { arrayLiterals, unnestUpsert } from './unnest-upsert';

/** Lets a statement just started leave for the server before more synchronous work begins. */
const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

/** PostgreSQL's unique-violation error on `constraint`. */
const isUniqueViolation = (error: unknown, constraint: string) =>
  (error as { code?: unknown }).code === '23505' &&
  (error as { constraint?: unknown }).constraint === constraint;

/** One batch upsert: where the rows go, how they are named and typed, and how to get each batch. */
export interface UpsertBatchesSpec {
  /** A transaction: the batches are written all or none. */
  readonly db: Kysely<Database>;
  readonly table: TableName;
  /** The unique constraint a row replaces on (`ON CONFLICT ON CONSTRAINT`). */
  readonly constraint: string;
  /** Written into every row; an existing row of another organization is never replaced. */
  readonly organizationId: string;
  /** The columns of each batch, in the order of its arrays (`organization_id` excluded). */
  readonly columns: readonly BatchColumn[];
  /** Number of batches. */
  readonly batches: number;
  /**
   * Called once; returns the function that checks batch `b` and gives it column-wise (one array
   * per column of `columns`), throwing on a bad row.
   */
  readonly preparer: () => (batch: number) => readonly (readonly unknown[])[];
  /** The key range a batch's probe asks about before it goes straight in (PostgreSQL only). */
  readonly probe: KeyProbe;
}

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
  spec: UpsertBatchesSpec,
): Promise<{ written: number; statements: number }> {
  const { db, table, constraint, organizationId, columns, batches, preparer, probe } = spec;
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
