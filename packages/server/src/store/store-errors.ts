/**
 * The errors the store throws. Each says what was refused, with the values involved, and what
 * to do about it. Database errors are translated in one place ({@link translateDatabaseError}).
 */
import { FieldError, formatValue } from '@arion-metrics/core';

/**
 * Base class of every store error; `code` is stable for programs, `message` is for people.
 * {@link StoreValidationError} extends core's `FieldError` instead, and still answers `true` to
 * `instanceof StoreError`.
 */
export class StoreError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }

  /** `this` is the class asked about: StoreError itself, or a subclass (which keeps the usual test). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity: `this` is the class asked about, a subclass included
    const asked: unknown = this;
    return (
      Function.prototype[Symbol.hasInstance].call(asked, value) ||
      (asked === StoreError && value instanceof StoreValidationError)
    );
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

/**
 * Input broke a rule of the schema or of the domain; `field`, `value` and `allowed` say which.
 * A core `FieldError` (one message format, one value printer for every layer) with a store
 * `code`; `instanceof StoreError` is true for it too.
 */
export class StoreValidationError extends FieldError {
  /** Stable for programs: `invalid_input` unless a subclass names its own. */
  readonly code: string;
  constructor(
    field: string,
    value: unknown,
    allowed: string,
    options?: { cause?: unknown; code?: string; message?: string },
  ) {
    super(field, value, allowed, options);
    this.code = options?.code ?? 'invalid_input';
  }
}

/**
 * The principal names an organization or a user that the database does not hold: the host has
 * not provisioned it yet. Organizations and users are the host's directory; insert them first
 * (server README, "Provisioning an organization and its users"). A {@link StoreValidationError}
 * of `principal.organizationId` or `principal.userId`, with its own `code`.
 */
export class UnknownPrincipalError extends StoreValidationError {
  /** Which row is missing. */
  readonly missing: 'organization' | 'user';
  readonly organizationId: string;
  /** The user id that was not found (only when `missing` is `user`). */
  readonly userId: string | undefined;
  constructor(
    missing: 'organization' | 'user',
    organizationId: string,
    userId?: string,
    options?: { cause?: unknown },
  ) {
    const field = missing === 'organization' ? 'principal.organizationId' : 'principal.userId';
    const how = 'see "Provisioning an organization and its users" in the @arion-metrics/server README';
    super(
      field,
      missing === 'organization' ? organizationId : userId,
      missing === 'organization'
        ? 'the id of an existing organization'
        : `the id of a user of organization ${organizationId}`,
      {
        ...options,
        code: 'unknown_principal',
        message:
          missing === 'organization'
            ? `${field}: organization ${JSON.stringify(organizationId)} does not exist; provision it first (insert it into organizations, ${how})`
            : `${field}: user ${JSON.stringify(userId)} does not exist in organization ${JSON.stringify(organizationId)}; provision the user first (insert it into users with that organization_id, ${how})`,
      },
    );
    this.missing = missing;
    this.organizationId = organizationId;
    this.userId = userId;
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

/**
 * Renders a value for a message: core's `formatValue` (bounded, cut at 80 characters), kept
 * under this name for existing callers.
 * @deprecated use `formatValue` from `@arion-metrics/core`.
 */
export const renderValue: (value: unknown) => string = formatValue;

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
 * 23514 check / 23502 not null / 22P02 invalid text / 22003 out of range -> {@link StoreValidationError};
 * 23503 foreign key -> {@link UnknownPrincipalError} when the missing row is the organization or
 * (given `principal`) its user, otherwise {@link StoreValidationError} naming the column and value.
 * Anything else is returned unchanged.
 */
export function translateDatabaseError(
  error: unknown,
  principal?: { readonly organizationId: string; readonly userId: string },
): unknown {
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
    case '23503':
      return translateForeignKeyError(pgError, principal);
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

/**
 * A 23503 error: `detail` reads `Key (organization_id, owner_id)=(o, u) is not present in table
 * "users".` (every reference is composite with the organization, see the README's schema notes).
 */
function translateForeignKeyError(
  error: Error & PostgresErrorFields,
  principal: { readonly organizationId: string; readonly userId: string } | undefined,
): unknown {
  const match = /^Key \((.+?)\)=\((.*)\) is not present in table "([^"]+)"\.?$/.exec(error.detail ?? '');
  if (!match) return error;
  const fields = match[1]?.split(', ') ?? [];
  const values = match[2]?.split(', ') ?? [];
  const parent = match[3] ?? '';
  const organizationId = values[fields.indexOf('organization_id')] ?? principal?.organizationId ?? '';
  if (parent === 'organizations')
    return new UnknownPrincipalError('organization', organizationId, undefined, { cause: error });
  const shown = fields.map((f, i) => [f, values[i]] as const).filter(([f]) => f !== 'organization_id');
  if (parent === 'users' && principal && shown.length === 1 && shown[0]?.[1] === principal.userId) {
    return new UnknownPrincipalError('user', organizationId, principal.userId, { cause: error });
  }
  const field =
    shown.map(([f]) => `${error.table ?? 'row'}.${f}`).join(' + ') ||
    `${error.table ?? 'row'}.organization_id`;
  const value = shown.length === 1 ? shown[0]?.[1] : Object.fromEntries(shown);
  return new StoreValidationError(field, value, `the id of an existing ${parent} row of this organization`, {
    cause: error,
  });
}
