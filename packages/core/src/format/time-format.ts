import { DEFAULT_LOCALE } from './intl-cache';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Granularity of a time axis, chosen from the span it covers. */
export type TimeAxisGranularity = 'minute' | 'day' | 'month' | 'year';

/**
 * How the ticks of a time axis covering `spanMs` are written: times of day up to 2 days,
 * days up to 120 days, months up to 3 years, years beyond.
 */
export function timeAxisGranularity(spanMs: number): TimeAxisGranularity {
  const span = Math.abs(spanMs);
  if (span <= 2 * DAY) return 'minute';
  if (span <= 120 * DAY) return 'day';
  if (span <= 3 * 366 * DAY) return 'month';
  return 'year';
}

const TICK_OPTIONS: Readonly<Record<TimeAxisGranularity, Intl.DateTimeFormatOptions>> = {
  minute: { hour: '2-digit', minute: '2-digit' },
  day: { month: 'short', day: 'numeric' },
  month: { month: 'short', year: '2-digit' },
  year: { year: 'numeric' },
};

const FULL_OPTIONS: Readonly<Record<TimeAxisGranularity, Intl.DateTimeFormatOptions>> = {
  minute: { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' },
  day: { year: 'numeric', month: 'short', day: 'numeric' },
  month: { year: 'numeric', month: 'short', day: 'numeric' },
  year: { year: 'numeric', month: 'short', day: 'numeric' },
};

const cache = new Map<string, Intl.DateTimeFormat>();

function dateFormat(
  locale: string | undefined,
  timeZone: string | undefined,
  options: Intl.DateTimeFormatOptions,
) {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let format = cache.get(key);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat(locale ?? DEFAULT_LOCALE, { ...options, timeZone: timeZone ?? 'UTC' });
    } catch (error) {
      if (error instanceof RangeError) {
        throw new RangeError(
          `formatTime: locale ${JSON.stringify(locale)} or timeZone ${JSON.stringify(timeZone)} is not valid; expected a BCP 47 tag such as "en-US" and an IANA zone such as "Europe/Berlin". (${error.message})`,
        );
      }
      throw error;
    }
    if (cache.size > 200) cache.clear();
    cache.set(key, format);
  }
  return format;
}

/** Options of {@link formatTimeTick} and {@link formatTimePoint}. */
export interface TimeFormatOptions {
  /** BCP 47 locale (default `en-US`). */
  readonly locale?: string | undefined;
  /** IANA time zone the dates are shown in (default `UTC`). */
  readonly timeZone?: string | undefined;
}

/**
 * A tick label of a time axis covering `spanMs` milliseconds.
 * @example formatTimeTick(Date.UTC(2025, 2, 3), 30 * 86_400_000) // 'Mar 3'
 */
export function formatTimeTick(time: number | Date, spanMs: number, options: TimeFormatOptions = {}): string {
  return dateFormat(options.locale, options.timeZone, TICK_OPTIONS[timeAxisGranularity(spanMs)]).format(time);
}

/**
 * A full date (with the time of day when the span is 2 days or less), for tooltips and tables.
 * @example formatTimePoint(Date.UTC(2025, 2, 3), 30 * 86_400_000) // 'Mar 3, 2025'
 */
export function formatTimePoint(
  time: number | Date,
  spanMs: number,
  options: TimeFormatOptions = {},
): string {
  return dateFormat(options.locale, options.timeZone, FULL_OPTIONS[timeAxisGranularity(spanMs)]).format(time);
}
