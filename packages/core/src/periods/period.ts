import {
  addDays,
  addMonths,
  type CivilDate,
  daysFromCivil,
  formatCivilDate,
  isoWeekday,
  parseCivilDate,
} from '../primitives/civil-date';
import { SNAPSHOT_TYPES, type SnapshotType } from '../schema/enums';
import { canonicalTimeZone, localDate, startOfDay } from './time-zone';

/** How an organization cuts time into periods (`organizations.time_zone` and `settings`). */
export interface PeriodOptions {
  /** IANA time zone name, e.g. 'Europe/Paris', 'America/Santiago', 'UTC'. */
  readonly timeZone: string;
  /** First day of a week, ISO numbering: 1 = Monday (default) … 7 = Sunday. */
  readonly weekStartsOn?: number;
  /** First month of the fiscal year, 1 = January (default) … 12; moves quarters and years. */
  readonly fiscalYearStartMonth?: number;
}

/** `PeriodOptions` with the defaults filled in and the time zone in its canonical spelling. */
export interface ResolvedPeriodOptions {
  /** Canonical IANA time zone name. */
  readonly timeZone: string;
  /** First day of a week, 1 = Monday … 7 = Sunday. */
  readonly weekStartsOn: number;
  /** First month of the fiscal year, 1 … 12. */
  readonly fiscalYearStartMonth: number;
}

/**
 * One period: the half-open interval `[start, end)` of instants, in a time zone. `startDate` is
 * the local calendar date the period starts on (the `snapshot_date` of its snapshot);
 * `endDate` the local date of `end`, i.e. the first day after the period.
 */
export interface Period {
  /** The window: daily, weekly, monthly, quarterly or annual. */
  readonly window: SnapshotType;
  /** First instant of the period (inclusive): `period_start`. */
  readonly start: Date;
  /** First instant after the period (exclusive): `period_end`. */
  readonly end: Date;
  /** Local date of `start`, 'YYYY-MM-DD' (the `snapshot_date`). */
  readonly startDate: string;
  /** Local date of `end`, 'YYYY-MM-DD' (the day after the last day of the period). */
  readonly endDate: string;
  /** The options the period was cut with. */
  readonly options: ResolvedPeriodOptions;
}

/** A half-open range of instants `[start, end)`. */
export interface TimeRange {
  /** First instant (inclusive). */
  readonly start: Date;
  /** First instant after the range (exclusive). */
  readonly end: Date;
}

/** Most periods `periodsBetween` returns, a guard against a runaway range (e.g. years of days by mistake). */
export const MAX_PERIODS = 100_000;

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (value === null || value === undefined || typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  return `${Object.prototype.toString.call(value).slice(8, -1).toLowerCase()} value`;
}

/** Validates and completes period options; throws a `RangeError` naming the bad field. */
export function resolvePeriodOptions(fn: string, options: PeriodOptions): ResolvedPeriodOptions {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`${fn}: options is ${describe(options)}; expected an object with at least timeZone`);
  }
  const { timeZone, weekStartsOn = 1, fiscalYearStartMonth = 1 } = options;
  const canonical = typeof timeZone === 'string' && timeZone !== '' ? canonicalTimeZone(timeZone) : undefined;
  if (canonical === undefined) {
    throw new RangeError(
      `${fn}: options.timeZone is ${describe(timeZone)}; expected an IANA time zone name such as "Europe/Paris", "America/New_York" or "UTC"`,
    );
  }
  if (!Number.isInteger(weekStartsOn) || weekStartsOn < 1 || weekStartsOn > 7) {
    throw new RangeError(
      `${fn}: options.weekStartsOn is ${describe(weekStartsOn)}; expected a whole number from 1 (Monday) to 7 (Sunday), ISO weekday numbering`,
    );
  }
  if (!Number.isInteger(fiscalYearStartMonth) || fiscalYearStartMonth < 1 || fiscalYearStartMonth > 12) {
    throw new RangeError(
      `${fn}: options.fiscalYearStartMonth is ${describe(fiscalYearStartMonth)}; expected a whole number from 1 (January) to 12 (December)`,
    );
  }
  return { timeZone: canonical, weekStartsOn, fiscalYearStartMonth };
}

function checkWindow(fn: string, window: unknown): SnapshotType {
  if (!(SNAPSHOT_TYPES as readonly unknown[]).includes(window)) {
    throw new RangeError(
      `${fn}: window is ${describe(window)}; expected one of ${SNAPSHOT_TYPES.join(', ')}`,
    );
  }
  return window as SnapshotType;
}

function checkInstant(fn: string, field: string, value: unknown): number {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new TypeError(`${fn}: ${field} is ${describe(value)}; expected a valid Date`);
  }
  return value.getTime();
}

/** First local date of the period of `window` that contains local date `d`. */
function periodStartDate(d: CivilDate, window: SnapshotType, o: ResolvedPeriodOptions): CivilDate {
  switch (window) {
    case 'daily':
      return d;
    case 'weekly':
      return addDays(d, -((isoWeekday(d) - o.weekStartsOn + 7) % 7));
    case 'monthly':
      return { year: d.year, month: d.month, day: 1 };
    case 'quarterly': {
      const intoYear = (d.month - o.fiscalYearStartMonth + 12) % 12;
      return addMonths({ year: d.year, month: d.month, day: 1 }, -(intoYear % 3));
    }
    case 'annual': {
      const intoYear = (d.month - o.fiscalYearStartMonth + 12) % 12;
      return addMonths({ year: d.year, month: d.month, day: 1 }, -intoYear);
    }
  }
}

/** The local date after the last day of a period starting on `start`. */
function periodEndDate(start: CivilDate, window: SnapshotType): CivilDate {
  switch (window) {
    case 'daily':
      return addDays(start, 1);
    case 'weekly':
      return addDays(start, 7);
    case 'monthly':
      return addMonths(start, 1);
    case 'quarterly':
      return addMonths(start, 3);
    case 'annual':
      return addMonths(start, 12);
  }
}

function build(startDate: CivilDate, window: SnapshotType, options: ResolvedPeriodOptions): Period {
  const endDate = periodEndDate(startDate, window);
  return {
    window,
    start: new Date(startOfDay(startDate, options.timeZone)),
    end: new Date(startOfDay(endDate, options.timeZone)),
    startDate: formatCivilDate(startDate),
    endDate: formatCivilDate(endDate),
    options,
  };
}

function containing(d: CivilDate, window: SnapshotType, options: ResolvedPeriodOptions): Period {
  return build(periodStartDate(d, window, options), window, options);
}

/**
 * The period of `window` that contains `instant`, in the organization's time zone:
 * - daily: the local calendar day; weekly: 7 days from the `weekStartsOn` weekday;
 * - monthly: the calendar month; quarterly: 3 months from the fiscal year start
 *   (`fiscalYearStartMonth` 4 gives Apr–Jun, Jul–Sep, Oct–Dec, Jan–Mar);
 * - annual: 12 months from the fiscal year start (calendar year by default).
 * Boundaries are local midnights, so a day lasts 23 or 25 hours on DST change days. When
 * midnight does not exist (a DST gap at midnight) the day starts at the first instant after the
 * gap; when it happens twice, at the first one. This equals PostgreSQL's
 * `date_trunc(unit, ts AT TIME ZONE tz) AT TIME ZONE tz` except on a repeated midnight, where
 * PostgreSQL takes the second one (and then an instant of the repeated hour would fall before
 * its own period's start). So an instant between the two midnights belongs here to the new
 * period even when its wall clock still shows the old date (America/St_Johns set clocks back at
 * 00:01 until 2011: 23:30 on the 26th, the second time round, is in the period of the 27th).
 *
 * @example periodFor(new Date('2024-03-31T12:00:00Z'), 'daily', { timeZone: 'Europe/Paris' })
 * // { start: 2024-03-30T23:00:00Z, end: 2024-03-31T22:00:00Z (23 hours later), startDate: '2024-03-31', ... }
 */
export function periodFor(instant: Date, window: SnapshotType, options: PeriodOptions): Period {
  const t = checkInstant('periodFor', 'instant', instant);
  const w = checkWindow('periodFor', window);
  const o = resolvePeriodOptions('periodFor', options);
  let period = containing(localDate(t, o.timeZone), w, o);
  // Where clocks go back across midnight, the local date can step back; keep the half-open rule.
  for (let guard = 0; guard < 3 && t >= period.end.getTime(); guard++) period = nextPeriod(period);
  for (let guard = 0; guard < 3 && t < period.start.getTime(); guard++) period = previousPeriod(period);
  return period;
}

/** The period of `window` containing the local calendar date `date` ('YYYY-MM-DD', e.g. a `snapshot_date`). */
export function periodForLocalDate(date: string, window: SnapshotType, options: PeriodOptions): Period {
  const d = typeof date === 'string' ? parseCivilDate(date) : undefined;
  if (d === undefined) {
    throw new RangeError(
      `periodForLocalDate: date is ${describe(date)}; expected a calendar date 'YYYY-MM-DD'`,
    );
  }
  return containing(
    d,
    checkWindow('periodForLocalDate', window),
    resolvePeriodOptions('periodForLocalDate', options),
  );
}

function startOf(period: Period): CivilDate {
  return parseCivilDate(period.startDate)!;
}

/** The period right before `period` (same window and options); its `end` is `period.start`. */
export function previousPeriod(period: Period): Period {
  return containing(addDays(startOf(period), -1), period.window, period.options);
}

/** The period right after `period` (same window and options); its `start` is `period.end`. */
export function nextPeriod(period: Period): Period {
  return containing(parseCivilDate(period.endDate)!, period.window, period.options);
}

/**
 * The same period one year earlier, for year-over-year change:
 * - daily: the same calendar date a year earlier (29 February → 28 February);
 * - weekly: the week 52 weeks (364 days) earlier — same weekdays; for ISO weeks this is the
 *   same week number of the previous year, except after a 53-week year, where it is one more;
 * - monthly, quarterly, annual: the same month / quarter / fiscal year of the previous year.
 */
export function samePeriodLastYear(period: Period): Period {
  const start = startOf(period);
  const shifted = period.window === 'weekly' ? addDays(start, -364) : addMonths(start, -12);
  return containing(shifted, period.window, period.options);
}

/**
 * The same period one quarter earlier, for quarter-over-quarter change: daily, the same day of
 * the month 3 months earlier (clamped to the month's end); weekly, 13 weeks (91 days) earlier;
 * monthly, 3 months earlier; quarterly, the previous quarter. Throws a `RangeError` for annual.
 */
export function samePeriodLastQuarter(period: Period): Period {
  if (period.window === 'annual') {
    throw new RangeError(
      'samePeriodLastQuarter: an annual period has no same period one quarter earlier; use samePeriodLastYear or previousPeriod',
    );
  }
  const start = startOf(period);
  const shifted = period.window === 'weekly' ? addDays(start, -91) : addMonths(start, -3);
  return containing(shifted, period.window, period.options);
}

/**
 * The same period one month earlier, for month-over-month change: daily, the same day of the
 * previous month (clamped to its end: 31 March → 29 February); weekly, 4 weeks (28 days)
 * earlier; monthly, the previous month. Throws a `RangeError` for quarterly and annual periods.
 */
export function samePeriodLastMonth(period: Period): Period {
  if (period.window === 'quarterly' || period.window === 'annual') {
    throw new RangeError(
      `samePeriodLastMonth: a ${period.window} period has no same period one month earlier; use previousPeriod or samePeriodLastYear`,
    );
  }
  const start = startOf(period);
  const shifted = period.window === 'weekly' ? addDays(start, -28) : addMonths(start, -1);
  return containing(shifted, period.window, period.options);
}

const HOUR = 3_600_000;
/** Longest possible length of each window (local days of up to 26 hours, leap years). */
const LONGEST: Record<SnapshotType, number> = {
  daily: 26 * HOUR,
  weekly: 7 * 26 * HOUR,
  monthly: 31 * 26 * HOUR,
  quarterly: 92 * 26 * HOUR,
  annual: 366 * 26 * HOUR,
};

function tooMany(range: TimeRange, window: SnapshotType): RangeError {
  return new RangeError(
    `periodsBetween: the range ${range.start.toISOString()} – ${range.end.toISOString()} holds more than ${MAX_PERIODS} ${window} periods`,
  );
}

/**
 * Every period of `window` that overlaps the half-open range `[range.start, range.end)`, in
 * order and without gaps: the first contains `range.start`, the last contains the instant just
 * before `range.end`. Empty when the range is empty. Throws a `RangeError` when the range is
 * reversed or would give more than `MAX_PERIODS` periods.
 */
export function periodsBetween(range: TimeRange, window: SnapshotType, options: PeriodOptions): Period[] {
  const from = checkInstant('periodsBetween', 'range.start', range?.start);
  const to = checkInstant('periodsBetween', 'range.end', range?.end);
  if (from > to) {
    throw new RangeError(
      `periodsBetween: range.start (${range.start.toISOString()}) is after range.end (${range.end.toISOString()}); expected start ≤ end`,
    );
  }
  const w = checkWindow('periodsBetween', window);
  resolvePeriodOptions('periodsBetween', options);
  const out: Period[] = [];
  if (from === to) return out;
  // Cheap certain lower bound first (no period is longer than this), so a runaway range fails fast.
  if ((to - from) / LONGEST[w] - 1 > MAX_PERIODS) throw tooMany(range, w);
  let period = periodFor(range.start, w, options);
  while (period.start.getTime() < to) {
    if (out.length === MAX_PERIODS) throw tooMany(range, w);
    out.push(period);
    period = nextPeriod(period);
  }
  return out;
}

/** Local calendar date 'YYYY-MM-DD' of an instant in a time zone (e.g. the `snapshot_date` of a day). */
export function localDateOf(instant: Date, timeZone: string): string {
  const t = checkInstant('localDateOf', 'instant', instant);
  const zone = typeof timeZone === 'string' && timeZone !== '' ? canonicalTimeZone(timeZone) : undefined;
  if (zone === undefined) {
    throw new RangeError(
      `localDateOf: timeZone is ${describe(timeZone)}; expected an IANA time zone name such as "Europe/Paris" or "UTC"`,
    );
  }
  return formatCivilDate(localDate(t, zone));
}

/** Number of local calendar days in a period (e.g. 28–31 for a month), whatever its length in hours. */
export function periodDays(period: Period): number {
  return daysFromCivil(parseCivilDate(period.endDate)!) - daysFromCivil(startOf(period));
}
