/**
 * RFC 9457 problem details: the one error shape of the HTTP handler, and the mapping from the
 * store's errors to status codes. A problem names the field, the value and what is allowed
 * whenever the cause is the caller's input.
 */
import {
  ConnectionLostError,
  NotFoundError,
  PermissionDeniedError,
  renderValue,
  StoreValidationError,
  UniqueViolationError,
  UnknownPrincipalError,
  VersionConflictError,
} from '../store/store-errors';

/** The media type of every error response. */
export const PROBLEM_JSON = 'application/problem+json';

/** An RFC 9457 problem; `field`, `value` and `allowed` are extension members for input errors. */
export interface Problem {
  /** A URI naming the kind of problem, under `urn:arion-metrics:problem:` (stable for programs). */
  readonly type: string;
  readonly title: string;
  readonly status: number;
  /** What happened and what to do, for people. */
  readonly detail: string;
  readonly field?: string;
  /** The offending value, rendered as short JSON text (at most 80 characters). */
  readonly value?: string;
  readonly allowed?: string;
}

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Builds a problem of `status`; `code` becomes the last segment of `type`. */
export function problem(
  status: number,
  code: string,
  detail: string,
  input?: { readonly field: string; readonly value: unknown; readonly allowed: string },
): Problem {
  return {
    type: `urn:arion-metrics:problem:${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    ...(input ? { field: input.field, value: renderValue(input.value), allowed: input.allowed } : {}),
  };
}

/** The response carrying `p`, with the problem media type. */
export function problemResponse(p: Problem, headers?: Record<string, string>): Response {
  const h = new Headers(headers);
  h.set('content-type', PROBLEM_JSON);
  return new Response(JSON.stringify(p), { status: p.status, headers: h });
}

/**
 * The problem for an error thrown while serving a request: not found → 404 (the store's message
 * never says whether the row exists in another organization), version conflict → 412, unique
 * clash → 409, a principal whose organization or user is not provisioned → 403, validation → 422, permission on a row of the principal's own organization → 403,
 * lost connection → 503. Anything else is a 500 whose body says nothing of the cause.
 */
export function problemFromError(error: unknown): Problem {
  if (error instanceof NotFoundError) return problem(404, error.code, error.message);
  if (error instanceof VersionConflictError)
    return problem(412, error.code, error.message, {
      field: 'If-Match',
      value: etagOf(error.expectedVersion),
      allowed:
        error.actualVersion === undefined
          ? 'the current ETag'
          : `the current ETag ${etagOf(error.actualVersion)}`,
    });
  if (error instanceof UniqueViolationError)
    return problem(409, error.code, error.message, {
      field: error.field,
      value: error.value,
      allowed: 'a value not yet in use',
    });
  if (error instanceof UnknownPrincipalError)
    return problem(403, error.code, error.message, {
      field: error.field,
      value: error.value,
      allowed: error.allowed,
    });
  if (error instanceof StoreValidationError)
    return problem(422, error.code, error.message, {
      field: error.field,
      value: error.value,
      allowed: error.allowed,
    });
  if (error instanceof PermissionDeniedError) return problem(403, error.code, error.message);
  if (error instanceof ConnectionLostError) return problem(503, error.code, error.message);
  return problem(500, 'internal_error', 'the server failed to handle the request');
}

/** The ETag of a row at `version`: a strong validator, `"<version>"`. */
export function etagOf(version: number): string {
  return `"${version}"`;
}
