/**
 * What an embed principal may ask the handler: `GET /dashboards/:id` and `GET /dashboards/:id/data`
 * (the store then serves only the token's dashboard), nothing else — a write is 403, any other
 * read 404. And the viewer's filters may not contradict the token's locked filters.
 */
import type { DashboardFilterState } from '@arion-metrics/core';
import type { EmbedScope } from '../store/principal';
import { badInput } from './conventions';
import { problem, problemResponse } from './problem';

const EMBED_READS = /^\/dashboards\/[^/]+(?:\/data)?\/?$/;

/** The refusal of a request by an embed principal, or null when the route may serve it. */
export function embedRouteRefusal(method: string, path: string): Response | null {
  const read = method === 'GET' || method === 'HEAD';
  if (read && EMBED_READS.test(path)) return null;
  if (!read)
    return problemResponse(
      problem(
        403,
        'embed_read_only',
        `${method} ${path}: an embed token is read-only; it may only read its dashboard and its data`,
      ),
    );
  return problemResponse(
    problem(
      404,
      'not_found',
      `${path} was not found for this embed token: it opens one dashboard and its data only`,
    ),
  );
}

/**
 * Throws a 403 problem when the viewer's `filters` set a key the token locks to another value
 * (another level, a unit outside the locked ones, another dimension value): an embedded viewer
 * cannot widen or move what the token shows.
 */
export function assertWithinLockedFilters(
  filters: DashboardFilterState,
  locked: EmbedScope['lockedFilters'],
): void {
  const refuse = (field: string, value: unknown, allowed: string) =>
    badInput(`filters.${field}`, value, allowed, 403);
  if (
    locked.aggregationLevel !== undefined &&
    filters.aggregationLevel !== undefined &&
    filters.aggregationLevel !== locked.aggregationLevel
  )
    refuse(
      'aggregationLevel',
      filters.aggregationLevel,
      `the locked level ${JSON.stringify(locked.aggregationLevel)} (the embed token fixes it)`,
    );
  const units = locked.aggregationIds;
  if (units !== undefined)
    for (const id of filters.aggregationIds ?? [])
      if (!units.some((unit) => unit.toLowerCase() === id.toLowerCase()))
        refuse('aggregationIds', id, `one of the locked units ${units.join(', ')}`);
  for (const [key, value] of Object.entries(filters.dimensions ?? {})) {
    const lockedValue = locked.dimensions?.[key];
    if (lockedValue === undefined) continue;
    const allowed = Array.isArray(lockedValue) ? lockedValue : [lockedValue];
    for (const v of Array.isArray(value) ? value : [value])
      if (!allowed.includes(v))
        refuse(`dimensions.${key}`, v, `one of the locked values ${JSON.stringify(allowed)}`);
  }
}
