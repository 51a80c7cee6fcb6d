/**
 * The batch upsert on a real PostgreSQL server, through COPY (text format): PostgreSQL's cheapest
 * way in — no statement to parse per row, no parameters, one text stream. Each batch takes one of
 * two ways:
 *
 * - **Straight in.** When a probe finds no row of the table in the batch's key range (the
 *   {@link KeyProbe}: the same metrics, a period range spanning the batch's), none of its keys can
 *   exist, and the batch is copied straight into the table: the rows are written once.
 * - **Through a staging table.** Otherwise the batch is copied into a temporary table and one
 *   statement moves it into the table ({@link moveStatement}): an UPDATE of the keys that exist
 *   and an INSERT of the others.
 *
 * Either way a key written meanwhile by another transaction makes the statement fail with a
 * unique violation; the caller then rolls back and redoes the call in `'on-conflict'` mode (every
 * batch through the staging table, `INSERT ... ON CONFLICT DO UPDATE`). New rows get their `id`
 * here (a random UUID written into the COPY text), which costs the server nothing, where
 * `gen_random_uuid()` costs about 3 µs per row on these machines; a NULL in a
 * {@link BatchColumn.nullMeansNow} column is written as the transaction's `now()`, read once.
 * PGlite (no `pg` client to stream through) keeps `unnestUpsert`.
 *
 * The temporary table is made the first time a batch of the transaction needs it (`ON COMMIT
 * DROP`) and emptied after each batch; it lives in the session's own schema, so no other
 * connection sees it. The values must be checked already (finite numbers, valid UUIDs, ...), as
 * for `unnestUpsert`.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { type BatchColumn, type BatchWriter, readColumn } from './batch-writer';

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

/**
 * The text-format COPY data of a batch given column-wise: one line per row, fields tab-separated,
 * each line led by a new random UUID (the row's `id` should it be inserted, and its name inside
 * the batch; see {@link copyUpserter}) and ended by `tail` (the organization id). A NULL in
 * column `c` is written as `fills[c]` when that is given (the transaction's time for a
 * {@link BatchColumn.nullMeansNow} column).
 *
 * @example
 * copyText([['a', null]], [undefined], 'org'); // '<uuid>\ta\torg\n<uuid>\t\\N\torg\n'
 */
export function copyText(
  arrays: readonly (readonly unknown[])[],
  fills: readonly (string | undefined)[],
  tail: string,
): string {
  const rows = arrays[0]?.length ?? 0;
  let out = '';
  for (let r = 0; r < rows; r++) {
    out += randomUUID();
    for (let c = 0; c < arrays.length; c++) {
      const value = (arrays[c] as readonly unknown[])[r];
      out += '\t';
      out += (value === null || value === undefined) && fills[c] !== undefined ? fills[c] : copyField(value);
    }
    out += '\t';
    out += tail;
    out += '\n';
  }
  return out;
}

/** Which values a batch holds in its nullable key column: only NULL, only values, or both. */
export type NullableKeyValues = 'null' | 'value' | 'both';

/** The {@link NullableKeyValues} of one column of a batch. */
export function nullableKeyValues(values: readonly unknown[]): NullableKeyValues {
  let nulls = 0;
  for (const v of values) if (v === null || v === undefined) nulls++;
  return nulls === values.length ? 'null' : nulls === 0 ? 'value' : 'both';
}

/** Name of the temporary table that holds one batch for `table`. */
const stagingTable = (table: string) => `pg_temp.arion_batch_${table}`;

/**
 * Starts `COPY ... FROM STDIN` (`statement`) on `client` with `text` as its data. `sent` settles
 * once the data has been handed to the socket (or the COPY has ended, whichever comes first:
 * a COPY that fails before its data leaves never takes it); `done` resolves to the number of rows
 * copied once the server has taken them all, or rejects with the server's error.
 */
function startCopy(
  client: pg.PoolClient,
  statement: string,
  text: string,
): { sent: Promise<void>; done: Promise<number> } {
  const stream = client.query(copyFrom(statement));
  const done = new Promise<number>((resolve, reject) => {
    stream.on('error', reject);
    stream.on('finish', () => resolve(stream.rowCount));
  });
  const handed = new Promise<void>((resolve) => stream.write(text, () => resolve()));
  stream.end();
  const settled = done.then(
    () => undefined,
    () => undefined,
  );
  return { sent: Promise.race([handed, settled]), done };
}

/**
 * The key columns a probe asks about before a batch goes straight into the table: does the table
 * hold a row of this organization whose `match` is one of the batch's and whose `range` lies
 * between the batch's least and greatest? If not, no key of the batch exists (the probe spans
 * them all). `match` and `range` should lead an index (`metric_id`, `period_start`).
 */
export interface KeyProbe {
  readonly match: string;
  readonly range: string;
}

/**
 * The probe statement of {@link KeyProbe} on `table`; parameters: `$1` organization id, `$2` the
 * batch's distinct `match` values, `$3` / `$4` its least / greatest `range` value. It returns one
 * row: `taken`, whether such a row exists.
 */
export function probeStatement(table: string, probe: KeyProbe, columns: readonly BatchColumn[]): string {
  const typeOf = (name: string) => {
    const column = columns.find((c) => c.name === name && !c.update && !c.nullable);
    if (!column) throw new Error(`${table}: the probe column ${name} is not a non-null key column`);
    return column.pgType;
  };
  const range = typeOf(probe.range);
  // One index descent per key value, whatever the estimates: the ORDER BY makes the (match, range)
  // index the cheap plan. A plain EXISTS, or LIMIT 1 alone, may be planned as a scan expecting an
  // early hit, which reads the whole table when, as for new keys, there is none.
  return `SELECT EXISTS (SELECT 1 FROM unnest($2::${typeOf(probe.match)}[]) AS probe(key)
    CROSS JOIN LATERAL (SELECT 1 FROM ${table} WHERE ${probe.match} = probe.key
       AND ${probe.range} BETWEEN $3::${range} AND $4::${range} AND organization_id = $1
     ORDER BY ${probe.range} LIMIT 1) AS hit) AS taken`;
}

/**
 * The least and greatest of `values` (checked, non-null texts of `pgType`): timestamps compared
 * as instants (their ISO texts may carry a sign and six year digits), other types as text (dates
 * `YYYY-MM-DD`, which sort as text).
 */
export function rangeBounds(values: readonly unknown[], pgType: string): [string, string] {
  const key = pgType === 'timestamptz' ? (v: string) => Date.parse(v) : (v: string) => v;
  let lo = values[0] as string;
  let hi = lo;
  let loKey = key(lo);
  let hiKey = loKey;
  for (let i = 1; i < values.length; i++) {
    const v = values[i] as string;
    if (v === lo || v === hi) continue;
    const k = key(v);
    if (k < loKey) [lo, loKey] = [v, k];
    if (k > hiKey) [hi, hiKey] = [v, k];
  }
  return [lo, hi];
}

/**
 * How a batch statement treats keys that are not in the table yet. `'insert'`: a plain INSERT,
 * which fails with a unique violation should another transaction write the same key after the
 * statement began (the caller then retries with `'on-conflict'`); `'on-conflict'`: `INSERT ...
 * ON CONFLICT DO UPDATE`, which waits for that transaction and replaces its row.
 */
export type NewKeyMode = 'insert' | 'on-conflict';

/**
 * The statement that moves the staging table `staging` into `table`, in two parts run as one
 * statement (data-modifying CTEs):
 *
 * 1. `UPDATE table ... FROM staging` replaces the rows whose key exists: a plain update through an
 *    index of the key, cheaper than `ON CONFLICT DO UPDATE`, which first locks each conflicting
 *    row (a WAL record of its own) before updating it. A nullable key column (`aggregation_id`,
 *    unique with NULLS NOT DISTINCT) is matched by one update for NULL and one for values, so
 *    that every key column stays an index condition (`IS NOT DISTINCT FROM` would not be one);
 *    `keyValues` says which of the two the batch needs.
 * 2. `INSERT ... SELECT` writes the rest, with the staging row's `id` — without ON CONFLICT in
 *    `'insert'` mode (no speculative insertion: about 15% cheaper per row here), with it in
 *    `'on-conflict'` mode.
 *
 * Every part touches only rows of `organization_id = $1`. It returns one row: `written`, the
 * rows updated plus the rows inserted.
 */
export function moveStatement(
  table: string,
  constraint: string,
  staging: string,
  columns: readonly BatchColumn[],
  mode: NewKeyMode,
  keyValues: NullableKeyValues,
): string {
  const keys = columns.filter((c) => !c.update);
  const nullable = keys.filter((c) => c.nullable);
  if (nullable.length > 1) throw new Error(`${table}: at most one nullable key column is supported`);
  const set = columns
    .filter((c) => c.update)
    .map((c) => `${c.name} = ${readColumn(c)}`)
    .join(', ');
  const match = (nullCase: boolean) =>
    keys
      .map((k) =>
        k.nullable && nullCase ? `t.${k.name} IS NULL AND u.${k.name} IS NULL` : `t.${k.name} = u.${k.name}`,
      )
      .join(' AND ');
  const cases =
    nullable.length === 0 || keyValues === 'value' ? [false] : keyValues === 'null' ? [true] : [true, false];
  const updates = cases.map(
    (nullCase, i) =>
      `updated_${i} AS (UPDATE ${table} AS t SET ${set} FROM ${staging} AS u
         WHERE t.organization_id = $1 AND ${match(nullCase)} RETURNING u.id)`,
  );
  const updated = updates.map((_, i) => `SELECT id FROM updated_${i}`).join(' UNION ALL ');
  const onConflict =
    mode === 'on-conflict'
      ? `ON CONFLICT ON CONSTRAINT ${constraint} DO UPDATE SET ${columns
          .filter((c) => c.update)
          .map((c) => `${c.name} = EXCLUDED.${c.name}`)
          .join(', ')} WHERE t.organization_id = EXCLUDED.organization_id`
      : '';
  const names = columns.map((c) => c.name).join(', ');
  return `WITH ${updates.join(',\n')},
    inserted AS (INSERT INTO ${table} AS t (id, ${names}, organization_id)
      SELECT u.id, ${columns.map(readColumn).join(', ')}, $1::uuid FROM ${staging} AS u
       WHERE NOT EXISTS (SELECT 1 FROM (${updated}) AS done WHERE done.id = u.id)
      ${onConflict}
      RETURNING 1)
    SELECT ${updates.map((_, i) => `(SELECT count(*) FROM updated_${i})`).join(' + ')}
           + (SELECT count(*) FROM inserted) AS written`;
}

/**
 * The batch writer of one upsert call on `client` (which must be inside a transaction) into
 * `table`, for `organizationId`: `encode` turns a checked batch into its COPY text (see
 * {@link copyText}); `send` writes it — straight into the table when `mode` is `'insert'` and the
 * probe finds none of its keys' range taken, otherwise through the temporary staging table (made
 * on first use; a new `id` per row, the columns' types, the organization id; dropped at commit)
 * and {@link moveStatement}, replacing the row with the same unique key `constraint` only when it
 * belongs to `organizationId`. `send` resolves once the batch has left for the server, to
 * `{ written }`: the promise of the number of rows written (wrapped, as a promise cannot resolve
 * to a promise). The caller can prepare the next batch while the server writes this one.
 */
export async function copyUpserter(
  client: pg.PoolClient,
  table: string,
  constraint: string,
  organizationId: string,
  columns: readonly BatchColumn[],
  mode: NewKeyMode,
  probe: KeyProbe,
): Promise<BatchWriter<CopyBatch>> {
  const names = columns.map((c) => c.name).join(', ');
  // As ISO 8601 text in UTC, to the microsecond: COPY reads it back exactly, whatever the
  // session's DateStyle and TimeZone (`now()::text` may end in a zone abbreviation it misreads).
  const { rows } = await client.query<{ now: string }>(
    `SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS now`,
  );
  const now = rows[0]?.now as string;
  const fills = columns.map((c) => (c.nullMeansNow ? now : undefined));
  const nullableKey = columns.findIndex((c) => c.nullable);
  const matchAt = columns.findIndex((c) => c.name === probe.match);
  const rangeAt = columns.findIndex((c) => c.name === probe.range);
  const rangeType = (columns[rangeAt] as BatchColumn).pgType;
  const probing = probeStatement(table, probe, columns);
  const direct = `COPY ${table} (id, ${names}, organization_id) FROM STDIN`;

  const staging = stagingTable(table);
  // The staging table takes the same COPY text, organization id included; the move statement
  // writes `$1` instead of reading that column, so no row's organization comes from the data.
  let stagingReady: Promise<unknown> | undefined;
  const copy = `COPY ${staging} (id, ${names}, organization_id) FROM STDIN`;
  const empty = `TRUNCATE ${staging}`;
  const moves = new Map<NullableKeyValues, string>();
  const move = (keyValues: NullableKeyValues) => {
    let text = moves.get(keyValues);
    if (text === undefined) {
      text = moveStatement(table, constraint, staging, columns, mode, keyValues);
      moves.set(keyValues, text);
    }
    return text;
  };

  return {
    encode(arrays) {
      return {
        text: copyText(arrays, fills, organizationId),
        keyValues: nullableKey < 0 ? 'value' : nullableKeyValues(arrays[nullableKey] as readonly unknown[]),
        // Only 'insert' mode probes; 'on-conflict' sends every batch through the staging table.
        probe:
          mode === 'insert'
            ? {
                matches: [...new Set(arrays[matchAt] as readonly string[])],
                bounds: rangeBounds(arrays[rangeAt] as readonly unknown[], rangeType),
              }
            : undefined,
      };
    },
    async send({ text, keyValues, probe }) {
      if (probe) {
        const { rows } = await client.query<{ taken: boolean }>(probing, [
          organizationId,
          probe.matches,
          ...probe.bounds,
        ]);
        if (rows[0]?.taken === false) {
          const { sent, done } = startCopy(client, direct, text);
          await sent;
          return { written: done };
        }
      }
      // IF NOT EXISTS: a caller's transaction may run several upserts. It is empty then: each
      // batch empties it, and a failure rolls it back to empty with the rest.
      stagingReady ??= client.query(
        `CREATE TEMPORARY TABLE IF NOT EXISTS ${staging} (id uuid, ${columns
          .map((c) => `${c.name} ${c.pgType}`)
          .join(', ')}, organization_id uuid) ON COMMIT DROP`,
      );
      await stagingReady;
      await startCopy(client, copy, text).done;
      // The TRUNCATE is sent once the move statement has succeeded, not queued behind it: should
      // the move fail, nothing of this batch is left in `pg`'s queue when the caller rolls back
      // (`pg` 8.23 warns about a query queued behind another, and `pg` 9 refuses it).
      const written = client
        .query<{ written: string }>(move(keyValues), [organizationId])
        .then(async ({ rows }) => {
          await client.query(empty);
          return Number(rows[0]?.written ?? 0);
        });
      return { written };
    },
  };
}

/**
 * One batch as {@link copyUpserter} sends it: its COPY text, what its nullable key column holds,
 * and, in `'insert'` mode, what the probe asks (the distinct values of the probe's `match` column,
 * the least and greatest of its `range` column).
 */
export interface CopyBatch {
  readonly text: string;
  readonly keyValues: NullableKeyValues;
  readonly probe:
    | { readonly matches: readonly string[]; readonly bounds: readonly [string, string] }
    | undefined;
}
