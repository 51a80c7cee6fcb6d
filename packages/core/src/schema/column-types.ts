/**
 * Structural copies of Kysely's column helpers (`kysely/dist/esm/util/column-type.d.ts`, 0.28).
 *
 * Kysely recognises a column type by the property names `__select__`, `__insert__` and
 * `__update__` alone, so these types work inside `Kysely<Database>` in the server while core
 * stays free of a kysely dependency. Never create values of these types: they only exist at the
 * type level.
 */

/**
 * A column whose select, insert and update types differ; the same shape as Kysely's `ColumnType`.
 * `never` forbids the operation (`ColumnType<Date, never, never>` is read-only).
 */
export type ColumnType<SelectType, InsertType = SelectType, UpdateType = SelectType> = {
  /** Type read by `SELECT`. */
  readonly __select__: SelectType;
  /** Type accepted by `INSERT`; a type that admits `undefined` makes the column optional. */
  readonly __insert__: InsertType;
  /** Type accepted by `UPDATE` (every column is optional in an update). */
  readonly __update__: UpdateType;
};

/** A column with a database default: optional on insert, otherwise like `S` (Kysely's `Generated`). */
export type Generated<S> = ColumnType<S, S | undefined, S>;

/** A column only the database writes (Kysely's `GeneratedAlways`): no insert, no update. */
export type GeneratedAlways<S> = ColumnType<S, never, never>;

/** The select type of a column type, or the type itself for a plain column (Kysely's `SelectType`). */
export type SelectedColumn<T> = T extends ColumnType<infer S, unknown, unknown> ? S : T;

/** The row a `SELECT *` returns for a table interface, defined without Kysely (like `Selectable<T>`). */
export type Selected<Table> = { [K in keyof Table]: SelectedColumn<Table[K]> };

/**
 * `TIMESTAMPTZ NOT NULL` without a default: read as `Date`; written as a `Date` or an ISO 8601
 * string with an offset (PostgreSQL parses it).
 */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** `TIMESTAMPTZ NOT NULL DEFAULT now()`: optional on insert. */
export type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** `TIMESTAMPTZ NULL`: read as `Date | null`, optional on insert. */
export type NullableTimestamp = ColumnType<
  Date | null,
  Date | string | null | undefined,
  Date | string | null
>;

/** `JSONB NOT NULL` holding a validated shape: read as the parsed output, written as the input. */
export type JsonbColumn<Output, Input = Output> = ColumnType<Output, Input, Input>;

/** `JSONB NOT NULL DEFAULT ...`: like {@link JsonbColumn} but optional on insert. */
export type GeneratedJsonbColumn<Output, Input = Output> = ColumnType<Output, Input | undefined, Input>;

/** `JSONB NULL` holding a validated shape: `null` when absent, optional on insert. */
export type NullableJsonbColumn<Output, Input = Output> = ColumnType<
  Output | null,
  Input | null | undefined,
  Input | null
>;
