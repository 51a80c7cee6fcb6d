/**
 * The errors the store throws. Each says what was refused, with the values involved, and what
 * to do about it. Database errors are translated in one place ({@link translateDatabaseError}).
 */
import { formatValue } from '@arion-metrics/core';

/** Base class of every store error; `code` is stable for programs, `message` is for people. */
export class StoreError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/**
 * The row does not exist *for this principal*: it is missing, soft-deleted, belongs to another
 * organization, or is not visible to the principal. The message never says which, so that
 * existence does not leak across tenants.
 */
export class NotFoundError extends StoreError {
  readonly entity: string;
  readonly id: string;
  constructor(entity: string, id: string) {
    super('not_found', `${entity} ${JSON.stringify(id)} was not found in this organization`);
    this.entity = entity;
    this.id = id;
  }
}

/** An update was based on an old version (optimistic concurrency). Reload and apply again. */
export class VersionConflictError extends StoreError {
  readonly entity: string;
  readonly id: string;
  readonly expectedVersion: number;
  readonly actualVersion: number | undefined;
  constructor(entity: string, id: string, expectedVersion: number, actualVersion: number | undefined) {
    super(
      'version_conflict',
      `${entity} ${JSON.stringify(id)} was changed by someone else: the update was based on version ${expectedVersion}` +
        (actualVersion === undefined ? '' : ` but the current version is ${actualVersion}`) +
        '; reload it and apply the change again',
    );
    this.entity = entity;
    this.id = id;
    this.expectedVersion = expectedVersion;
    this.actualVersion = actualVersion;
  }
}

/** A value is already taken (a UNIQUE key). `field` and `value` name the clash. */
export class UniqueViolationError extends StoreError {
  readonly constraint: string;
  readonly field: string;
  readonly value: unknown;
  constructor(constraint: string, field: string, value: unknown, message?: string) {
    super(
      'unique_violation',
      message ??
        `${field} ${JSON.stringify(value)} is already in use in this organization (rule ${constraint})`,
    );
    this.constraint = constraint;
    this.field = field;
    this.value = value;
  }
}

/** Input broke a rule of the schema or of the domain; `field`, `value` and `allowed` say which. */
export class StoreValidationError extends StoreError {
  readonly field: string;
  readonly value: unknown;
  readonly allowed: string;
  constructor(field: string, value: unknown, allowed: string, options?: { cause?: unknown }) {
    super('invalid_input', `${field}: got ${renderValue(value)}; allowed: ${allowed}`, options);
    this.field = field;
    this.value = value;
    this.allowed = allowed;
  }
}

/** The principal may see the row but not do this to it (e.g. edit a dashboard shared for view). */
export class PermissionDeniedError extends StoreError {
  constructor(message: string) {
    super('permission_denied', message);
  }
}

/**
 * Renders a value for a message: JSON, cut at 80 characters. Arrays and objects go through core's
 * `formatValue`, whose cost is bounded by the text it shows (a value nested 100,000 levels deep
 * or of 1,000,000 keys would overflow the stack or take seconds in `JSON.stringify`).
 */
export function renderValue(value: unknown): string {
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) return formatValue(value);
  if (typeof value === 'string' && value.length > 80)
    return `${JSON.stringify(value.slice(0, 78)).slice(0, 79)}…`;
  let text: string;
  try {
    text =
      typeof value === 'number' && !Number.isFinite(value)
        ? String(value)
        : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/** The fields of a PostgreSQL error that pg and PGlite both report. */
interface PostgresErrorFields {
  readonly code?: string;
  readonly constraint?: string;
  readonly detail?: string;
  readonly table?: string;
  readonly column?: string;
}

/**
 * Turns a PostgreSQL error into a store error where the cause is the caller's input:
 * 23505 unique -> {@link UniqueViolationError} (field and value from the error detail),
 * 23514 check / 23502 not null / 22P02 invalid text / 22003 out of range -> {@link StoreValidationError}.
 * Anything else is returned unchanged.
 */
export function translateDatabaseError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const pgError = error as Error & PostgresErrorFields;
  switch (pgError.code) {
    case '23505': {
      // detail: Key (metric_name, organization_id)=(x, uuid) already exists.
      const match = /^Key \((.+?)\)=\((.*)\) already exists\.?$/.exec(pgError.detail ?? '');
      const fields = match?.[1]?.split(', ') ?? [];
      const values = match?.[2]?.split(', ') ?? [];
      const shown = fields.map((f, i) => [f, values[i]] as const).filter(([f]) => f !== 'organization_id');
      const field =
        shown.map(([f]) => `${pgError.table ?? ''}.${f}`).join(' + ') || (pgError.constraint ?? 'unique key');
      const value = shown.length === 1 ? shown[0]?.[1] : Object.fromEntries(shown);
      return new UniqueViolationError(pgError.constraint ?? 'unique', field, value);
    }
    case '23514':
      return new StoreValidationError(
        `${pgError.table ?? 'row'} (rule ${pgError.constraint ?? 'check'})`,
        pgError.detail ?? null,
        `a row that satisfies ${pgError.constraint ?? 'the check constraint'}`,
        { cause: error },
      );
    case '23502':
      return new StoreValidationError(
        `${pgError.table ?? 'row'}.${pgError.column ?? '?'}`,
        null,
        'a value (the column is NOT NULL)',
        {
          cause: error,
        },
      );
    case '22P02':
    case '22003':
    case '22007':
    case '22008':
      return new StoreValidationError(
        pgError.column ?? 'value',
        pgError.message,
        'a value of the column type',
        { cause: error },
      );
    default:
      return error;
  }
}
