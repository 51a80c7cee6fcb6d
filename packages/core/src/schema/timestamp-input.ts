/**
 * Strict parsing of the points in time and calendar dates callers send: a date must exist on the
 * calendar (no `2018-02-30`, which `Date` would turn into March 2nd) and lie in the years 0001 to
 * 9999, the range PostgreSQL and ISO 8601's four-digit years share, so that no out-of-range value
 * reaches the database.
 */
import { daysFromCivil, daysInMonth } from '../primitives/civil-date';

/** Earliest accepted instant: `0001-01-01T00:00:00.000Z`, in epoch milliseconds. */
export const MIN_TIMESTAMP_MS = daysFromCivil({ year: 1, month: 1, day: 1 }) * 86_400_000;

/** Latest accepted instant: `9999-12-31T23:59:59.999Z`, in epoch milliseconds. */
export const MAX_TIMESTAMP_MS = daysFromCivil({ year: 10_000, month: 1, day: 1 }) * 86_400_000 - 1;

/** What a timestamp field accepts, in words (the `allowed` of its errors). */
export const TIMESTAMP_ALLOWED =
  'a valid Date or an ISO 8601 timestamp with an offset (e.g. "2026-03-01T00:00:00Z"), on a day that exists, from 0001-01-01 to 9999-12-31 (UTC)';

/** What a calendar date field accepts, in words. */
export const CALENDAR_DATE_ALLOWED =
  "a calendar date 'YYYY-MM-DD' that exists, from 0001-01-01 to 9999-12-31";

/**
 * Outcome of {@link parseTimestamp}: the instant, or why the value was refused (`problem`, e.g.
 * `day 30 does not exist in 2018-02 (01 to 28)`) and the whole rule with that reason (`allowed`,
 * for an error's "allowed" text).
 */
export type TimestampParse =
  | { readonly date: Date; readonly problem: null; readonly allowed: null }
  | { readonly date: null; readonly problem: string; readonly allowed: string };

// date T hh:mm[:ss[.fraction]] offset; the time zone offset is required (a bare local time is ambiguous).
const ISO_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)$/;

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function refused(problem: string): TimestampParse {
  const allowed = problem === TIMESTAMP_ALLOWED ? problem : `${TIMESTAMP_ALLOWED}; ${problem}`;
  return { date: null, problem, allowed };
}

function accepted(ms: number): TimestampParse {
  const problem = rangeProblem(ms);
  return problem ? refused(problem) : { date: new Date(ms), problem: null, allowed: null };
}

/** `undefined` when year-month-day is a day of the proleptic Gregorian calendar in 0001–9999. */
function dayProblem(year: number, month: number, day: number): string | undefined {
  if (year < 1) return 'year 0000 does not exist (the years run from 0001 to 9999)';
  if (month < 1 || month > 12) return `month ${month} does not exist (01 to 12)`;
  const last = daysInMonth(year, month);
  if (day < 1 || day > last) {
    return `day ${day} does not exist in ${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')} (01 to ${last})`;
  }
  return undefined;
}

function rangeProblem(ms: number): string | undefined {
  if (ms < MIN_TIMESTAMP_MS || ms > MAX_TIMESTAMP_MS) {
    return 'the instant lies outside 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z';
  }
  return undefined;
}

/**
 * Parses a point in time strictly: a `Date` that is valid, or an ISO 8601 text
 * `YYYY-MM-DDThh:mm[:ss[.fff]]` with `Z` or an offset `±hh[:mm]`. The day must exist, hours run
 * 00–23, minutes and seconds 00–59 (no leap second), offsets up to ±23:59, and the instant must
 * lie between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z. Digits past milliseconds are
 * cut, as `Date` keeps milliseconds. Never throws.
 *
 * @example
 * parseTimestamp('2026-03-01T09:00:00+01:00').date // 2026-03-01T08:00:00.000Z
 * parseTimestamp('2018-02-30T00:00:00Z').problem   // 'day 30 does not exist in 2018-02 (01 to 28)'
 */
export function parseTimestamp(value: unknown): TimestampParse {
  if (value instanceof Date) {
    const ms = value.getTime();
    return Number.isNaN(ms) ? refused('this Date is Invalid Date') : accepted(ms);
  }
  if (typeof value !== 'string') return refused(TIMESTAMP_ALLOWED);
  const m = ISO_TIMESTAMP.exec(value);
  if (!m) return refused(TIMESTAMP_ALLOWED);
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const millis = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  const noDay = dayProblem(year, month, day);
  if (noDay) return refused(noDay);
  if (hour > 23 || minute > 59 || second > 59) {
    return refused(`the time of day ${m[4]}:${m[5]}:${m[6] ?? '00'} does not exist (00:00:00 to 23:59:59)`);
  }
  let offsetMinutes = 0;
  if (m[8] === undefined) {
    const offsetHours = Number(m[10]);
    const offsetMins = m[11] === undefined ? 0 : Number(m[11]);
    if (offsetHours > 23 || offsetMins > 59) return refused('time zone offsets run from -23:59 to +23:59');
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  const ms =
    daysFromCivil({ year, month, day }) * 86_400_000 +
    ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 +
    millis;
  return accepted(ms);
}

/**
 * Checks a calendar date `'YYYY-MM-DD'` (no time, no zone): it must exist and lie in 0001–9999.
 * Returns `undefined` when it does, else the rule with the reason (the `allowed` of an error).
 *
 * @example
 * calendarDateProblem('2024-02-29') // undefined
 * calendarDateProblem('2023-02-29') // "a calendar date 'YYYY-MM-DD' that exists, ...; day 29 does not exist in 2023-02 (01 to 28)"
 */
export function calendarDateProblem(value: unknown): string | undefined {
  const m = typeof value === 'string' ? CALENDAR_DATE.exec(value) : null;
  if (!m) return CALENDAR_DATE_ALLOWED;
  const problem = dayProblem(Number(m[1]), Number(m[2]), Number(m[3]));
  return problem === undefined ? undefined : `${CALENDAR_DATE_ALLOWED}; ${problem}`;
}
