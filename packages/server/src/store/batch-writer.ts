/**
 * What the two batch paths share: the description of a batch column ({@link BatchColumn}), how a
 * statement reads it, and the {@link BatchWriter} contract that {@link pipeline} drives. The COPY
 * path (`copy-upsert.ts`) and the array-parameter path (`unnest-upsert.ts`) import this module;
 * neither imports the other, and `upsert-batches.ts` picks between them.
 */
import type { ColumnDescriptor, TableDescriptor } from '@arion-metrics/core';

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
 * The array element type of a catalog type: `timestamp with time zone` is cast as `timestamptz`,
 * `numeric(15,4)` as `numeric` (an array parameter carries no precision); others stay as they are.
 */
export function castType(pgType: string): string {
  if (pgType === 'timestamp with time zone') return 'timestamptz';
  return pgType.replace(/\(\d+,\d+\)$/, '');
}

/**
 * The batch columns of a table with an upsert key, from its descriptor: every column a caller
 * writes on create, in catalog order, with its cast type; the key columns are not updated on
 * conflict (a nullable one matched as NULLS NOT DISTINCT), and a `fill: 'now'` column reads a NULL
 * as the transaction's time.
 */
export function batchColumns(descriptor: TableDescriptor): BatchColumn[] {
  const key = descriptor.upsertKey;
  if (!key) throw new Error(`${descriptor.name} has no upsert key to write batches on`);
  const columns = descriptor.columns as Readonly<Record<string, ColumnDescriptor>>;
  return Object.entries(columns)
    .filter(([name, c]) => name !== descriptor.tenantKey && (c.write === 'create' || c.write === 'always'))
    .map(([name, c]) => {
      const isKey = key.columns.includes(name);
      return {
        name,
        pgType: castType(c.pgType),
        update: !isKey,
        ...(isKey && c.nullable ? { nullable: true } : {}),
        ...(c.fill === 'now' ? { nullMeansNow: true } : {}),
      };
    });
}

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
