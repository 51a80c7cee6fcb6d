/**
 * What the two batch paths share: the description of a batch column ({@link BatchColumn}), how a
 * statement reads it, and the {@link BatchWriter} contract that {@link pipeline} drives. The COPY
 * path (`copy-upsert.ts`) and the array-parameter path (`unnest-upsert.ts`) import this module;
 * neither imports the other, and `upsert-batches.ts` picks between them.
 */

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
 * How batches reach the server: `encode` turns a checked batch into what `send` sends. `send`
 * resolves once the batch has left for the server and its statement is under way, to `{ written }`:
 * the promise of the number of rows that statement writes (wrapped: a promise cannot resolve to a
 * promise).
 */
export interface BatchWriter<Encoded> {
  readonly encode: (arrays: readonly (readonly unknown[])[]) => Encoded;
  readonly send: (encoded: Encoded) => Promise<{ readonly written: Promise<number> }>;
}

/**
 * Runs the batches through `writer`, each prepared and encoded while the previous one's statement
 * runs. A failure is thrown once the statement in flight has settled.
 */
export async function pipeline<Encoded>(
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
