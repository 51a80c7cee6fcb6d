/**
 * Wall-clock time in an IANA time zone, through `Intl.DateTimeFormat` only (no dependency, no
 * Node API): the local date of an instant, and the instant a local day starts.
 */
import { type CivilDate, civilFromDays, daysFromCivil, formatCivilDate } from '../primitives/civil-date';

const DAY = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Canonical name of a time zone Intl accepts, or `undefined` when it does not know it. */
export function canonicalTimeZone(timeZone: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Local wall-clock time of an instant, expressed as milliseconds as if the wall clock were UTC. */
export function wallClock(epochMs: number, timeZone: string): number {
  let year = 0;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let bc = false;
  for (const part of formatter(timeZone).formatToParts(epochMs)) {
    switch (part.type) {
      case 'year':
        year = Number(part.value);
        break;
      case 'month':
        month = Number(part.value);
        break;
      case 'day':
        day = Number(part.value);
        break;
      case 'hour':
        hour = Number(part.value);
        break;
      case 'minute':
        minute = Number(part.value);
        break;
      case 'second':
        second = Number(part.value);
        break;
      case 'era':
        bc = part.value.startsWith('B');
        break;
    }
  }
  if (bc) year = 1 - year;
  const days = daysFromCivil({ year, month, day });
  const ms = epochMs - Math.floor(epochMs / 1000) * 1000;
  return days * DAY + hour * 3_600_000 + minute * 60_000 + second * 1000 + ms;
}

/** UTC offset in milliseconds (local minus UTC) in effect at an instant. */
export function offsetAt(epochMs: number, timeZone: string): number {
  return wallClock(epochMs, timeZone) - epochMs;
}

/** Local calendar date of an instant. */
export function localDate(epochMs: number, timeZone: string): CivilDate {
  return civilFromDays(Math.floor(wallClock(epochMs, timeZone) / DAY));
}

const startCache = new Map<string, number>();

/**
 * The first instant of a local calendar day: the instant local midnight happens, or, when
 * midnight does not exist that day (a DST gap at midnight, e.g. America/Santiago, Asia/Beirut),
 * the first instant after the gap. When midnight happens twice (clocks set back to 00:00, e.g.
 * America/Havana), the first of the two — so that the days of a zone always tile the time line.
 */
export function startOfDay(date: CivilDate, timeZone: string): number {
  const key = `${timeZone} ${formatCivilDate(date)}`;
  const cached = startCache.get(key);
  if (cached !== undefined) return cached;
  const midnight = daysFromCivil(date) * DAY;
  const before = offsetAt(midnight - DAY, timeZone);
  const after = offsetAt(midnight + DAY, timeZone);
  let start: number | undefined;
  for (const offset of before === after ? [before] : [before, after]) {
    const t = midnight - offset;
    if (wallClock(t, timeZone) === midnight && (start === undefined || t < start)) start = t;
  }
  if (start === undefined) {
    // No midnight: a gap. The day starts at the first instant whose wall clock reads this date or later.
    let lo = midnight - Math.max(before, after) - DAY;
    let hi = midnight - Math.min(before, after) + DAY;
    while (hi - lo > 1000) {
      const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
      if (wallClock(mid, timeZone) >= midnight) hi = mid;
      else lo = mid;
    }
    start = hi;
  }
  if (startCache.size > 50_000) startCache.clear();
  startCache.set(key, start);
  return start;
}
