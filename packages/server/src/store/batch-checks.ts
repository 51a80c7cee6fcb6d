/**
 * Checks shared by the calculation and snapshot repositories: fast per-row value checks for
 * batches of many thousand rows (each error names `table[row].column`, the value and what is
 * allowed, before any SQL), and the access check of every metric a batch or a read names.
 */
import {
  calendarDateProblem,
  type Database,
  fitColumn,
  NUMERIC_COLUMN_RANGES,
  type NumericColumn,
  type NumRange,
  parseTimestamp,
  plainTextProblem,
  SchemaValidationError,
  validateJsonb,
} from '@arion-metrics/core';
import { type Kysely, sql } from 'kysely';
import { formatNumRange } from '../db/value-types';
import { timestampAllowed } from './input-checks';
import { metricEditableSql, metricVisibleSql, servicePermitsSql } from './metric-access';
import { isUuid, type Principal, type ServicePermission } from './principal';
import { NotFoundError, PermissionDeniedError, StoreValidationError } from './store-errors';

/** Field name of column `column` of row `index` of a batch for `table`. */
export function rowField(table: string, index: number, column: string): string {
  return `${table}[${index}].${column}`;
}

/** Refuses keys outside `allowed` (audit columns and ids among them) and anything but a plain object. */
export function checkRowKeys(
  table: string,
  index: number,
  row: unknown,
  allowed: ReadonlySet<string>,
): Record<string, unknown> {
  if (row === null || typeof row !== 'object' || Array.isArray(row)) {
    throw new StoreValidationError(
      `${table}[${index}]`,
      row,
      `an object with the fields ${[...allowed].join(', ')}`,
    );
  }
  for (const key in row) {
    if (!allowed.has(key)) {
      throw new StoreValidationError(
        rowField(table, index, key),
        (row as Record<string, unknown>)[key],
        `a field of the batch row (${[...allowed].join(', ')}); ids, organization and audit columns are filled by the store`,
      );
    }
  }
  return row as Record<string, unknown>;
}

/** A UUID (lower-cased). */
export function rowUuid(
  table: string,
  index: number,
  column: string,
  value: unknown,
  nullable: boolean,
): string | null {
  if ((value === null || value === undefined) && nullable) return null;
  if (!isUuid(value)) {
    throw new StoreValidationError(
      rowField(table, index, column),
      value,
      `a UUID${nullable ? ', or null' : ''}`,
    );
  }
  return value.toLowerCase();
}

/**
 * Checks a row's `organization_id`: absent (or null), or the principal's organization
 * `organizationId` (core's engine rows carry it). Any other value is refused: a batch never
 * writes for another tenant.
 */
export function rowOrganization(table: string, index: number, value: unknown, organizationId: string): void {
  if (value === undefined || value === null) return;
  if (typeof value === 'string' && value.toLowerCase() === organizationId.toLowerCase()) return;
  throw new StoreValidationError(
    rowField(table, index, 'organization_id'),
    value,
    `the organization of the acting principal (${organizationId}), or no organization_id: the store writes it`,
  );
}

/**
 * ISO texts of the timestamps already seen in one batch call, by epoch milliseconds (Dates) or
 * by the text given: a batch repeats the same period bounds on many rows, and `toISOString` is
 * the dearest step of checking a row.
 */
export type TimestampMemo = Map<number | string, string>;

/** A point in time as an ISO string (for a `timestamptz[]` parameter); `memo` spares repeated conversions. */
export function rowTimestamp(
  table: string,
  index: number,
  column: string,
  value: unknown,
  nullable: boolean,
  memo?: TimestampMemo,
): string | null {
  if ((value === null || value === undefined) && nullable) return null;
  const key = value instanceof Date ? value.getTime() : typeof value === 'string' ? value : undefined;
  const known = key === undefined ? undefined : memo?.get(key);
  if (known !== undefined) return known;
  const parsed = parseTimestamp(value);
  if (!parsed.date) {
    throw new StoreValidationError(
      rowField(table, index, column),
      value,
      timestampAllowed(parsed.problem, nullable),
    );
  }
  const text = parsed.date.toISOString();
  if (memo && key !== undefined) memo.set(key, text);
  return text;
}

/** A calendar date `'YYYY-MM-DD'` that exists, in the years 0001–9999 (core's `calendarDateProblem`). */
export function rowDate(table: string, index: number, column: string, value: unknown): string {
  const problem = calendarDateProblem(value);
  if (problem) throw new StoreValidationError(rowField(table, index, column), value, problem);
  return value as string;
}

/** A number that fits the numeric column (range of core's NUMERIC_COLUMN_RANGES), or null when absent and nullable. */
export function rowNumber(
  table: string,
  index: number,
  column: NumericColumn,
  value: unknown,
  nullable: boolean,
): number | null {
  if ((value === null || value === undefined) && nullable) return null;
  const fitted = typeof value === 'number' ? fitColumn(column, value) : undefined;
  if (!fitted || fitted.problem !== null || fitted.value === null) {
    const range = NUMERIC_COLUMN_RANGES[column];
    throw new StoreValidationError(
      rowField(table, index, column),
      value,
      `a finite number from ${range.min} to ${range.max} (${range.sqlType})${range.scale === 0 ? ', an integer' : ''}${nullable ? ', or null' : ''}`,
    );
  }
  if (range0(column) && !Number.isInteger(value)) {
    throw new StoreValidationError(
      rowField(table, index, column),
      value,
      `an integer (${NUMERIC_COLUMN_RANGES[column].sqlType})`,
    );
  }
  return value as number;
}

function range0(column: NumericColumn): boolean {
  return NUMERIC_COLUMN_RANGES[column].scale === 0;
}

/** A non-empty string of at most `max` characters that PostgreSQL stores as given (no NUL, no unpaired surrogate). */
export function rowText(
  table: string,
  index: number,
  column: string,
  value: unknown,
  max: number,
  nullable: boolean,
): string | null {
  if ((value === null || value === undefined) && nullable) return null;
  const allowed = `a non-empty string of at most ${max} characters${nullable ? ', or null' : ''}`;
  if (typeof value !== 'string' || value.length === 0 || value.length > max) {
    throw new StoreValidationError(rowField(table, index, column), value, allowed);
  }
  const problem = plainTextProblem(value);
  if (problem)
    throw new StoreValidationError(rowField(table, index, column), value, `${allowed}; ${problem}`);
  return value;
}

/** One of `values`; when absent, `fallback` (`undefined` fallback: required). */
export function rowEnum<V extends string>(
  table: string,
  index: number,
  column: string,
  value: unknown,
  values: readonly V[],
  fallback: V | null | undefined,
): V | null {
  if (value === undefined || value === null) {
    if (fallback !== undefined) return fallback;
  }
  if (!values.includes(value as V)) {
    throw new StoreValidationError(
      rowField(table, index, column),
      value,
      `one of ${values.join(', ')}${fallback === null ? ', or null' : ''}`,
    );
  }
  return value as V;
}

/** A NUMRANGE as its literal text (for a `numrange[]` parameter). */
export function rowNumRange(table: string, index: number, column: string, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const range = value as NumRange;
  const allowed =
    '{ lower, upper, lowerInclusive, upperInclusive } with finite (or null) bounds, lower <= upper, or null';
  if (
    typeof value !== 'object' ||
    typeof range.lowerInclusive !== 'boolean' ||
    typeof range.upperInclusive !== 'boolean'
  ) {
    throw new StoreValidationError(rowField(table, index, column), value, allowed);
  }
  try {
    return formatNumRange(range);
  } catch {
    throw new StoreValidationError(rowField(table, index, column), value, allowed);
  }
}

/** A JSONB column value checked by core's schema, as JSON text (for a `jsonb[]` parameter). */
export function rowJsonb(
  table: 'metric_calculations',
  index: number,
  column: 'dimensions' | 'metadata',
  value: unknown,
): string | null {
  if (value === null || value === undefined) return null;
  try {
    return JSON.stringify(validateJsonb(table, column, value));
  } catch (error) {
    if (error instanceof SchemaValidationError) {
      const issue = error.issues[0];
      throw new StoreValidationError(
        `${table}[${index}].${issue?.field.slice(table.length + 1) ?? column}`,
        issue?.value,
        issue?.allowed ?? 'a JSON object',
        {
          cause: error,
        },
      );
    }
    throw error;
  }
}

/** What the access check found for one metric. */
export interface MetricAccess {
  /** The metric's current definition version. */
  readonly version: number;
  /** Its retention in days. */
  readonly retention_days: number;
}

/**
 * Checks that every id is a live metric of the principal's organization that the principal can
 * see — and, with `need: 'edit'`, change — in one query. The first failing id gives a
 * NotFoundError (missing, deleted, other organization or invisible: the same error) or a
 * PermissionDeniedError (visible but not changeable). Returns each metric's version.
 */
export async function requireMetrics(
  db: Kysely<Database>,
  principal: Principal,
  metricIds: readonly string[],
  need: 'view' | 'edit',
  /** A service principal holding it may write the values of every metric of its organization. */
  servicePermission?: ServicePermission,
): Promise<ReadonlyMap<string, MetricAccess>> {
  const unique = [...new Set(metricIds)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .selectFrom('metric_definitions as m')
    .select(['m.id', 'm.version', 'm.retention_days'])
    .select(
      (servicePermission === undefined
        ? metricEditableSql(principal)
        : sql<boolean>`(${metricEditableSql(principal)} OR ${servicePermitsSql(principal, servicePermission)})`
      ).as('can_edit'),
    )
    .where('m.organization_id', '=', principal.organizationId)
    .where('m.id', '=', sql<string>`ANY(${unique}::uuid[])`)
    .where('m.deleted_at', 'is', null)
    .where(metricVisibleSql(principal))
    .execute();
  const found = new Map(rows.map((r) => [r.id, r]));
  for (const id of unique) {
    const row = found.get(id);
    if (!row) throw new NotFoundError('metric', id);
    if (need === 'edit' && !row.can_edit) {
      throw new PermissionDeniedError(
        `metric ${JSON.stringify(id)}: to write its values you must be its owner, its creator while it has no owner, or hold a metric admin role of the organization`,
      );
    }
  }
  return new Map(rows.map((r) => [r.id, { version: r.version, retention_days: r.retention_days }]));
}
