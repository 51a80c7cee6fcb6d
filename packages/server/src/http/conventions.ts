/**
 * Wire conventions shared by the routes: opaque cursors over the store's pages, and `If-Match`
 * versions. Each rejects bad input with a problem naming the header or parameter.
 */
import { HTTPException } from 'hono/http-exception';
import { problem, problemResponse } from './problem';

/** Thrown by a route to answer with a problem (the handler's error hook sends it as is). */
export class ProblemException extends HTTPException {
  constructor(response: Response) {
    super(response.status as 400, { res: response });
  }
}

/** Throws a 400 problem about the input `field`. */
export function badInput(field: string, value: unknown, allowed: string, status = 400): never {
  throw new ProblemException(
    problemResponse(
      problem(status, 'invalid_input', `${field}: got ${JSON.stringify(value)}; allowed: ${allowed}`, {
        field,
        value,
        allowed,
      }),
    ),
  );
}

const CURSOR = /^[A-Za-z0-9_-]{1,64}$/;

/** The cursor of the page that starts after `offset` rows: opaque to clients. */
export function encodeCursor(offset: number): string {
  return btoa(JSON.stringify({ o: offset }))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replaceAll('=', '');
}

/** The row offset a cursor stands for (0 without a cursor); a 400 problem for a cursor we did not issue. */
export function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const allowed = 'a nextCursor returned by the previous page';
  if (!CURSOR.test(cursor)) badInput('cursor', cursor, allowed);
  try {
    const parsed = JSON.parse(atob(cursor.replaceAll('-', '+').replaceAll('_', '/'))) as { o?: unknown };
    if (typeof parsed.o === 'number' && Number.isSafeInteger(parsed.o) && parsed.o >= 0) return parsed.o;
  } catch {
    // falls through to the problem
  }
  return badInput('cursor', cursor, allowed);
}

/** The default page size of list routes. */
export const DEFAULT_PAGE_SIZE = 50;

/**
 * One page of a store list, with the cursor of the next: decodes `query.cursor` (a 400 problem
 * for a cursor we did not issue), asks `list` for `limit` rows from there, and encodes where the
 * next page starts (`null` after the last).
 */
export async function listPage<T>(
  query: { readonly cursor?: string | undefined; readonly limit?: number | undefined },
  list: (window: { limit: number; offset: number }) => Promise<{ items: readonly T[]; hasMore: boolean }>,
): Promise<{ items: readonly T[]; nextCursor: string | null }> {
  const offset = decodeCursor(query.cursor);
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const page = await list({ limit, offset });
  return { items: page.items, nextCursor: page.hasMore ? encodeCursor(offset + limit) : null };
}

const ETAG = /^(?:W\/)?"(\d{1,9})"$/;

/**
 * The version an `If-Match` header names. `required`: a missing header is a 428 problem
 * (updates must say which version they change); otherwise a missing header gives `undefined`.
 */
export function ifMatchVersion(header: string | undefined, required: true): number;
export function ifMatchVersion(header: string | undefined, required: false): number | undefined;
export function ifMatchVersion(header: string | undefined, required: boolean): number | undefined {
  if (header === undefined) {
    if (!required) return undefined;
    throw new ProblemException(
      problemResponse(
        problem(
          428,
          'if_match_required',
          'If-Match is required: send the ETag of the version this change is based on',
          { field: 'If-Match', value: null, allowed: 'the ETag returned by GET, e.g. "3"' },
        ),
      ),
    );
  }
  const match = ETAG.exec(header.trim());
  if (!match) return badInput('If-Match', header, 'one ETag returned by GET, e.g. "3"');
  return Number(match[1]);
}
