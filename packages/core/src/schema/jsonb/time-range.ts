import { z } from 'zod';
import { parseTimestamp } from '../timestamp-input';
import { TIME_RANGE_PRESETS } from './time-range-presets';

export { TIME_RANGE_PRESETS, type TimeRangePreset } from './time-range-presets';

/** A preset name of {@link TIME_RANGE_PRESETS}. */
export const timeRangePresetSchema = z.enum(TIME_RANGE_PRESETS);

const INSTANT_ALLOWED =
  'an ISO 8601 date-time with a time zone, e.g. "2024-01-31T00:00:00Z" or "2024-01-31T09:00:00+09:00"';

const isoInstant = z.iso.datetime({ offset: true, error: INSTANT_ALLOWED });

/**
 * An ISO 8601 date-time with a time zone (zod's format, which knows the length of each month),
 * also inside the years 0001–9999 that the database stores (core's `parseTimestamp`).
 */
const instant = isoInstant.superRefine((text, ctx) => {
  if (!isoInstant.safeParse(text).success) return; // the format's own issue says it
  const parsed = parseTimestamp(text);
  if (parsed.problem !== null) {
    ctx.addIssue({ code: 'custom', input: text, message: `${INSTANT_ALLOWED}; ${parsed.problem}` });
  }
});

/**
 * A fixed time range `[from, to)`: both ISO 8601 date-times with a time zone (`Z` or `+hh:mm`),
 * `from` strictly before `to`. Strict object.
 *
 * @example { "from": "2024-01-01T00:00:00Z", "to": "2024-04-01T00:00:00Z" }
 */
export const absoluteTimeRangeSchema = z
  .strictObject({
    /** First instant inside the range. */
    from: instant,
    /** First instant after the range (exclusive end). */
    to: instant,
  })
  .superRefine((range, ctx) => {
    const valid = instant.safeParse(range.from).success && instant.safeParse(range.to).success;
    if (valid && Date.parse(range.from) >= Date.parse(range.to)) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        input: range.to,
        message: `a date-time after "from" (${range.from})`,
      });
    }
  });
/** A fixed time range `{ from, to }` (see {@link absoluteTimeRangeSchema}). */
export type AbsoluteTimeRange = z.output<typeof absoluteTimeRangeSchema>;

/**
 * A time range as stored in dashboards and widgets: a preset name, or a fixed `{ from, to }`.
 *
 * @example "last_30_days"
 * @example { "from": "2024-01-01T00:00:00Z", "to": "2024-04-01T00:00:00Z" }
 */
export const dashboardTimeRangeSchema = z.union([timeRangePresetSchema, absoluteTimeRangeSchema], {
  error: `one of ${TIME_RANGE_PRESETS.map((p) => JSON.stringify(p)).join(', ')}, or { "from", "to" } with ISO 8601 date-times`,
});
/** A preset name or a fixed range (see {@link dashboardTimeRangeSchema}). */
export type DashboardTimeRange = z.output<typeof dashboardTimeRangeSchema>;
