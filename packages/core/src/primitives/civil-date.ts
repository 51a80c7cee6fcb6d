/**
 * Calendar dates without a time or zone ("2024-03-31"), and their arithmetic, on the proleptic
 * Gregorian calendar. Day numbers are days since 1970-01-01 (Howard Hinnant's algorithms).
 */

/** A calendar date: year, month 1–12, day 1–31. */
export interface CivilDate {
  /** Year, e.g. 2024. */
  readonly year: number;
  /** Month, 1 (January) to 12. */
  readonly month: number;
  /** Day of the month, 1 to 31. */
  readonly day: number;
}

/** Days since 1970-01-01 of a calendar date. */
export function daysFromCivil({ year, month, day }: CivilDate): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Calendar date of a day number (days since 1970-01-01). */
export function civilFromDays(days: number): CivilDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: CivilDate): number {
  const d = daysFromCivil(date); // 1970-01-01 was a Thursday (4)
  return ((((d + 3) % 7) + 7) % 7) + 1;
}

/** The date `n` days later (earlier when negative). */
export function addDays(date: CivilDate, n: number): CivilDate {
  return civilFromDays(daysFromCivil(date) + n);
}

/** Number of days in a month. */
export function daysInMonth(year: number, month: number): number {
  return (
    daysFromCivil({ year: month === 12 ? year + 1 : year, month: month === 12 ? 1 : month + 1, day: 1 }) -
    daysFromCivil({ year, month, day: 1 })
  );
}

/** The date `n` months later (earlier when negative); a day past the new month's end becomes its last day. */
export function addMonths(date: CivilDate, n: number): CivilDate {
  const index = date.year * 12 + (date.month - 1) + n;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return { year, month, day: Math.min(date.day, daysInMonth(year, month)) };
}

/** 'YYYY-MM-DD' (the year padded to 4 digits), the format of a PostgreSQL DATE. */
export function formatCivilDate({ year, month, day }: CivilDate): string {
  const y = year < 0 ? `-${String(-year).padStart(6, '0')}` : String(year).padStart(4, '0');
  return `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Parses 'YYYY-MM-DD'; `undefined` when the text is not a real calendar date. */
export function parseCivilDate(text: string): CivilDate | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  if (date.month < 1 || date.month > 12 || date.day < 1 || date.day > daysInMonth(date.year, date.month)) {
    return undefined;
  }
  return date;
}
