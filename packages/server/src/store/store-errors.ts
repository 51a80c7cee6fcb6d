/**
 * The errors the store throws. Each says what was refused, with the values involved, and what
 * to do about it. Database errors are translated in one place ({@link translateDatabaseError}).
 */

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
 * The connection to the database was lost while the call ran (the server terminated the backend,
 * restarted, or the network dropped). `committed` says what became of the call's transaction:
 * `false` when the connection was lost before the commit was sent (nothing of the call was
 * written: retry it), `'unknown'` when it was lost during the commit itself (check before
 * retrying a call that is not idempotent). The driver's error is the `cause`.
 */
export class ConnectionLostError extends StoreError {
  readonly committed: false | 'unknown';
  /** `outcome` replaces the default words on what became of the call (e.g. for a call of several transactions). */
  constructor(committed: false | 'unknown', options: { cause: unknown; outcome?: string }) {
    const reason = options.cause instanceof Error ? options.cause.message : String(options.cause);
    super(
      'connection_lost',
      `the connection to the database was lost during the call (${reason}); ${
        options.outcome ??
        (committed === false
          ? 'its transaction was rolled back by the server: nothing of it was written; retry the call'
          : 'it was lost while committing, so the call may or may not have been written; check before retrying')
      }`,
      { cause: options.cause },
    );
    this.committed = committed;
  }
}

/**
 * PostgreSQL SQLSTATE codes that mean the session is gone: class 08 (connection exception) and
 * 57P01–57P03 (administrator or crash shutdown, cannot connect now).
 */
const CONNECTION_LOSS_CODE = /^(08...|57P0[123])$/;
/** What `pg` and Node say when the socket is gone, or a client that lost it is used again. */
const CONNECTION_LOSS_MESSAGE =
  /^(Connection terminated( unexpectedly)?|Client has encountered a connection error and is not queryable|Client was closed and is not queryable)$/;
const CONNECTION_LOSS_ERRNO = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT']);

/** True when `error` says the database connection was lost (see {@link ConnectionLostError}). */
export function isConnectionLoss(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error instanceof ConnectionLostError) return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (CONNECTION_LOSS_CODE.test(code) || CONNECTION_LOSS_ERRNO.has(code)))
    return true;
  return CONNECTION_LOSS_MESSAGE.test(error.message);
}

/** Renders a value for a message: JSON, cut at 80 characters. */
export function renderValue(value: unknown): string {
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
