/**
 * What a dashboard's time range means at a given moment: a preset of `TIME_RANGE_PRESETS`, or a
 * fixed `{ from, to }`, turned into the half-open range of instants `[from, to)` that queries
 * read. Presets are cut in the organization's time zone with the engine's own period rules
 * (`periods/`), so a "month to date" starts exactly where the engine's monthly period starts,
 * DST days included.
 */

import { type PeriodOptions, periodFor, periodForLocalDate, previousPeriod } from '../periods/period';
import { addDays, addMonths, formatCivilDate, parseCivilDate } from '../primitives/civil-date';
import { TIME_RANGE_PRESETS, type TimeRangePreset } from '../schema/jsonb/time-range-presets';

/** A resolved time range: every instant `t` with `from <= t < to`. */
export interface ResolvedTimeRange {
  /** First instant inside the range. */
  readonly from: Date;
  /** First instant after the range (exclusive); `now` for ranges that run up to now. */
  readonly to: Date;
  /** The preset it came from, or `null` for a fixed range. */
  readonly preset: TimeRangePreset | null;
}

/** A preset name, or a fixed range of ISO 8601 date-times with a zone (as stored in dashboards). */
export type TimeRangeInput = TimeRangePreset | { readonly from: string | Date; readonly to: string | Date };

const HOUR = 3_600_000;
/** `last_N_days` presets: how many local days, today included. */
const LAST_DAYS: Partial<Record<TimeRangePreset, number>> = {
  last_7_days: 7,
  last_30_days: 30,
  last_90_days: 90,
};
/** An ISO 8601 date-time with seconds optional, fraction optional and an explicit zone. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Resolves `range` at the instant `now` in the organization's zone (`timeZone`, or full
 * `PeriodOptions` for a fiscal year that does not start in January):
 *
 * | preset | from | to |
 * | --- | --- | --- |
 * | `last_24_hours` | `now` − 24 h (elapsed time) | `now` |
 * | `last_7_days`, `last_30_days`, `last_90_days` | start of the local day N − 1 days before today: N daily periods, today's in progress | `now` |
 * | `last_12_months` | start of the local month 11 months before this one: 12 monthly periods | `now` |
 * | `today`, `month_to_date`, `quarter_to_date`, `year_to_date` | start of the current daily, monthly, quarterly, annual period | `now` |
 * | `previous_month`, `previous_quarter`, `previous_year` | start of the previous period | its end (start of the current one) |
 *
 * Quarters and years follow `fiscalYearStartMonth` (calendar by default). Day starts follow
 * `periodFor`: local midnight, or the first instant after a DST gap at midnight. A fixed range
 * is returned as given after its checks: both ISO 8601 date-times with a zone (or `Date`s), `from`
 * before `to`. A bad input throws a `RangeError` naming the field, the value and what is allowed.
 *
 * @example resolveTimeRange('month_to_date', 'Europe/Berlin', new Date('2024-03-15T10:00:00Z'))
 * // { from: 2024-02-29T23:00:00.000Z, to: 2024-03-15T10:00:00.000Z, preset: 'month_to_date' }
 */
export function resolveTimeRange(
  range: TimeRangeInput,
  zone: string | PeriodOptions,
  now: Date,
): ResolvedTimeRange {
  if (!(now instanceof Date) || !Number.isFinite(now.getTime())) {
    throw new RangeError(`resolveTimeRange: now is ${String(now)}; allowed: a valid Date`);
  }
  const options: PeriodOptions = typeof zone === 'string' ? { timeZone: zone } : zone;
  if (typeof range === 'object' && range !== null) return fixedRange(range);
  if (!(TIME_RANGE_PRESETS as readonly unknown[]).includes(range)) {
    throw new RangeError(
      `resolveTimeRange: range is ${JSON.stringify(range)}; allowed: ${TIME_RANGE_PRESETS.join(', ')} or { from, to }`,
    );
  }
  const upToNow = (from: Date): ResolvedTimeRange => ({ from, to: now, preset: range });
  const days = LAST_DAYS[range];
  if (days !== undefined) {
    const today = parseCivilDate(periodFor(now, 'daily', options).startDate)!;
    return upToNow(periodForLocalDate(formatCivilDate(addDays(today, -(days - 1))), 'daily', options).start);
  }
  switch (range) {
    case 'last_24_hours':
      return upToNow(new Date(now.getTime() - 24 * HOUR));
    case 'last_12_months': {
      const month = parseCivilDate(periodFor(now, 'monthly', options).startDate)!;
      return upToNow(periodForLocalDate(formatCivilDate(addMonths(month, -11)), 'monthly', options).start);
    }
    case 'today':
      return upToNow(periodFor(now, 'daily', options).start);
    case 'month_to_date':
      return upToNow(periodFor(now, 'monthly', options).start);
    case 'quarter_to_date':
      return upToNow(periodFor(now, 'quarterly', options).start);
    case 'year_to_date':
      return upToNow(periodFor(now, 'annual', options).start);
    case 'previous_month':
    case 'previous_quarter':
    case 'previous_year': {
      const window =
        range === 'previous_month' ? 'monthly' : range === 'previous_quarter' ? 'quarterly' : 'annual';
      const previous = previousPeriod(periodFor(now, window, options));
      return { from: previous.start, to: previous.end, preset: range };
    }
    default:
      throw new RangeError(`resolveTimeRange: no rule for preset ${JSON.stringify(range)}`);
  }
}

function fixedRange(range: { readonly from: unknown; readonly to: unknown }): ResolvedTimeRange {
  const from = instant('from', range.from);
  const to = instant('to', range.to);
  if (from.getTime() >= to.getTime()) {
    throw new RangeError(
      `resolveTimeRange: to is ${JSON.stringify(to.toISOString())}; allowed: an instant after from (${from.toISOString()})`,
    );
  }
  return { from, to, preset: null };
}

function instant(field: 'from' | 'to', value: unknown): Date {
  const date =
    value instanceof Date
      ? value
      : typeof value === 'string' && ISO_INSTANT.test(value)
        ? new Date(value)
        : undefined;
  // A shifted impossible date ('2024-02-30') is refused: the parsed date must show the same calendar day.
  const sameDay = typeof value !== 'string' || (date !== undefined && sameCalendarDate(value, date));
  if (date === undefined || !Number.isFinite(date.getTime()) || !sameDay) {
    throw new RangeError(
      `resolveTimeRange: ${field} is ${JSON.stringify(value)}; allowed: an ISO 8601 date-time with a zone, e.g. "2024-01-31T00:00:00Z", or a valid Date`,
    );
  }
  return date;
}

/** Whether the date part of `text` names a real day (JavaScript rolls 30 February over to March). */
function sameCalendarDate(text: string, date: Date): boolean {
  const [year, month, day] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  const probe = new Date(Date.UTC(year, month - 1, day));
  return (
    probe.getUTCFullYear() === year &&
    probe.getUTCMonth() === month - 1 &&
    probe.getUTCDate() === day &&
    Number.isFinite(date.getTime())
  );
}
