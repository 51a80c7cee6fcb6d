/**
 * Checks of caller input shared by the dashboard, widget, sharing and alert repositories. Every
 * failure is a {@link StoreValidationError} naming `table.column` (and the path inside it), the
 * value and what is allowed; every check runs before any SQL, so nothing is written.
 * JSONB and enum columns go through core's `validateRow` (one source of truth for the shapes).
 */
import {
  type ColumnDescriptor,
  type Database,
  fitColumn,
  NUMERIC_COLUMN_RANGES,
  type NumericColumn,
  parseTimestamp,
  plainTextProblem,
  SchemaValidationError,
  TABLE_DESCRIPTORS,
  type TableName,
  TIMESTAMP_ALLOWED,
  validateRow,
} from '@arion-metrics/core';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { isUuid } from './principal';
import { StoreValidationError, translateDatabaseError, UnknownPrincipalError } from './store-errors';

/** Whether `column` of `table` is one the store fills itself (`write: 'store'` in core's descriptor). */
function isStoreFilled(table: TableName, column: string): boolean {
  const columns = TABLE_DESCRIPTORS.find((d) => d.name === table)?.columns as
    | Readonly<Record<string, ColumnDescriptor>>
    | undefined;
  return columns !== undefined && Object.hasOwn(columns, column) && columns[column]?.write === 'store';
}

/**
 * Returns `payload` as a record after refusing anything but a plain object whose keys are all in
 * `allowed`. Keys with the value `undefined` are dropped (absent).
 */
export function checkPayload(
  table: TableName,
  payload: unknown,
  allowed: readonly string[],
): Record<string, unknown> {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new StoreValidationError(table, payload, `an object with some of: ${allowed.join(', ')}`);
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(payload)) {
    if (!allowed.includes(key)) {
      const why = isStoreFilled(table, key)
        ? `no value: ${table}.${key} is filled by the store (from the principal, the call's arguments, the clock or the database), never by the caller`
        : `a writable field of ${table}: ${allowed.join(', ')}`;
      throw new StoreValidationError(`${table}.${key}`, value, why);
    }
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** Refuses a payload without `field`. */
export function requireField(table: TableName, row: Record<string, unknown>, field: string, allowed: string) {
  if (!(field in row))
    throw new StoreValidationError(`${table}.${field}`, undefined, `${allowed} (required)`);
}

/**
 * Core's `validateRow` over the JSONB and enum columns of `row`, with a schema error turned into
 * a {@link StoreValidationError} for the first offending value (the core error is its `cause`).
 */
export function validateColumns<R extends Record<string, unknown>>(table: TableName, row: R): R {
  try {
    return validateRow(table, row);
  } catch (error) {
    if (error instanceof SchemaValidationError) {
      const issue = error.issues[0]!;
      throw new StoreValidationError(issue.field, issue.value, issue.allowed, { cause: error });
    }
    throw error;
  }
}

/**
 * A trimmed, non-empty string of at most `max` characters (or null when `nullable`), which
 * PostgreSQL stores exactly as given (core's `plainTextProblem`: no NUL, no unpaired surrogate).
 */
export function checkText(
  field: string,
  value: unknown,
  options: { readonly max: number; readonly nullable?: boolean },
): string | null {
  if (value === null && options.nullable) return null;
  const allowed = `a non-empty string of at most ${options.max} characters${options.nullable ? ', or null' : ''}`;
  if (typeof value !== 'string') throw new StoreValidationError(field, value, allowed);
  const trimmed = value.trim();
  if (trimmed.length === 0 || trimmed.length > options.max) {
    throw new StoreValidationError(field, value, allowed);
  }
  const problem = plainTextProblem(trimmed);
  if (problem) throw new StoreValidationError(field, value, `${allowed}; ${problem}`);
  return trimmed;
}

/** An integer between `min` and `max` (PostgreSQL INTEGER by default), or null when `nullable`. */
export function checkInteger(
  field: string,
  value: unknown,
  options: { readonly min: number; readonly max?: number; readonly nullable?: boolean },
): number | null {
  if (value === null && options.nullable) return null;
  const max = options.max ?? 2_147_483_647;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < options.min || value > max) {
    throw new StoreValidationError(
      field,
      value,
      `an integer from ${options.min} to ${max}${options.nullable ? ', or null' : ''}`,
    );
  }
  return value;
}

/** `true` or `false`. */
export function checkBoolean(field: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new StoreValidationError(field, value, 'true or false');
  return value;
}

/** An array of distinct non-empty strings (each at most `maxLength`), or null. */
export function checkTextArray(field: string, value: unknown, maxLength = 100): string[] | null {
  if (value === null) return null;
  const allowed = `an array of distinct non-empty strings of at most ${maxLength} characters, or null`;
  if (!Array.isArray(value)) throw new StoreValidationError(field, value, allowed);
  const seen = new Set<string>();
  value.forEach((item: unknown, index) => {
    if (typeof item !== 'string' || item.trim().length === 0 || item.length > maxLength || seen.has(item)) {
      throw new StoreValidationError(`${field}[${index}]`, item, allowed);
    }
    const problem = plainTextProblem(item);
    if (problem) throw new StoreValidationError(`${field}[${index}]`, item, `${allowed}; ${problem}`);
    seen.add(item);
  });
  return [...value] as string[];
}

/** An array of distinct UUIDs (returned lower-cased), or null. */
export function checkUuidArray(field: string, value: unknown): string[] | null {
  if (value === null) return null;
  const allowed = 'an array of distinct UUIDs, or null';
  if (!Array.isArray(value)) throw new StoreValidationError(field, value, allowed);
  const seen = new Set<string>();
  return value.map((item: unknown, index) => {
    if (!isUuid(item) || seen.has(item.toLowerCase())) {
      throw new StoreValidationError(`${field}[${index}]`, item, allowed);
    }
    seen.add(item.toLowerCase());
    return item.toLowerCase();
  });
}

/**
 * A point in time: a valid `Date` or an ISO 8601 string with a time zone offset, on a day that
 * exists, in the years 0001–9999 (core's `parseTimestamp`); or null when `nullable`.
 */
export function checkTimestamp(
  field: string,
  value: unknown,
  options: { readonly nullable?: boolean } = {},
): Date | null {
  if (value === null && options.nullable) return null;
  const parsed = parseTimestamp(value);
  if (parsed.date) return parsed.date;
  throw new StoreValidationError(field, value, timestampAllowed(parsed.problem, options.nullable ?? false));
}

/** What a timestamp field allows, with `, or null` for a nullable one, then why `problem` was refused. */
export function timestampAllowed(problem: string, nullable: boolean): string {
  const rule = `${TIMESTAMP_ALLOWED}${nullable ? ', or null' : ''}`;
  return problem === TIMESTAMP_ALLOWED ? rule : `${rule}; ${problem}`;
}

/** A number that fits the DECIMAL column `column` (core's `fitColumn` decides), or null. */
export function checkDecimal(field: string, column: NumericColumn, value: unknown): number | null {
  if (value === null) return null;
  const fitted = typeof value === 'number' ? fitColumn(column, value) : undefined;
  if (!fitted || fitted.problem !== null) {
    const range = NUMERIC_COLUMN_RANGES[column];
    throw new StoreValidationError(
      field,
      value,
      `a finite number that fits ${range.sqlType} (${range.min} to ${range.max}), or null`,
    );
  }
  return fitted.value;
}

/** Tables whose ids payloads may reference, and whether a soft-deleted row counts as missing. */
const REFERENCED = {
  metric_definitions: true,
  analytics_dashboards: true,
  users: false,
  roles: false,
  departments: false,
} as const;

/** One id found in a payload, with the field that named it. */
export interface ReferencedId {
  /** Field path for the error, e.g. `dashboard_widgets.metric_ids[2]`. */
  readonly field: string;
  /** The id (already checked to be a UUID). */
  readonly id: string;
}

/**
 * Checks that every id refers to a row of `table` in `organizationId` (not soft-deleted) that also
 * satisfies `condition` (SQL over the row aliased `r`, e.g. "visible to the principal"). The first
 * missing one is reported with its field; the message is the same whether the id exists in
 * another organization, is invisible or exists nowhere, so that nothing leaks.
 */
export async function checkReferences(
  db: Kysely<Database>,
  organizationId: string,
  table: keyof typeof REFERENCED,
  references: readonly ReferencedId[],
  allowed: string,
  condition?: RawBuilder<boolean>,
): Promise<void> {
  if (references.length === 0) return;
  const ids = [...new Set(references.map((r) => r.id.toLowerCase()))];
  const { rows } = await sql<{ id: string }>`SELECT r.id FROM ${sql.table(table)} r
    WHERE r.organization_id = ${organizationId}::uuid
      AND r.id = ANY(${ids}::uuid[])
      ${REFERENCED[table] ? sql`AND r.deleted_at IS NULL` : sql``}
      ${condition ? sql`AND ${condition}` : sql``}`.execute(db);
  const found = new Set(rows.map((row) => row.id));
  const missing = references.find((r) => !found.has(r.id.toLowerCase()));
  if (missing) throw new StoreValidationError(missing.field, missing.id, allowed);
}

/** Audit and owner columns filled from `principal.userId`, whose foreign keys name them. */
const PRINCIPAL_USER_FK =
  /_(created_by|updated_by|owner_id|deleted_by|shared_by|acknowledged_by|resolved_by|changed_by|decided_by)_fkey$/;

/**
 * Turns the foreign-key violation of an audit column (the principal's user is not a user of the
 * principal's organization — a host wiring error) into an error that says so; other errors are
 * returned unchanged.
 */
export function translatePrincipalError(
  error: unknown,
  principal: { readonly userId: string; readonly organizationId: string },
): unknown {
  const pgError = error as { code?: string; constraint?: string };
  const translated = pgError?.code === '23503' ? translateDatabaseError(error, principal) : error;
  if (translated instanceof UnknownPrincipalError) return translated;
  if (pgError?.code === '23503' && PRINCIPAL_USER_FK.test(pgError.constraint ?? '')) {
    return new StoreValidationError(
      'principal.userId',
      principal.userId,
      "the id of a user of the principal's organization (the store writes it into audit columns)",
      { cause: error },
    );
  }
  return error;
}
