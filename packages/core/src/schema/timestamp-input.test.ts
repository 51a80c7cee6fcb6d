import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { testSize } from '../testing/test-size';
import {
  CALENDAR_DATE_ALLOWED,
  calendarDateProblem,
  MAX_TIMESTAMP_MS,
  MIN_TIMESTAMP_MS,
  parseTimestamp,
  TIMESTAMP_ALLOWED,
} from './timestamp-input';

describe('parseTimestamp', () => {
  it.each([
    ['2026-03-01T00:00:00Z', '2026-03-01T00:00:00.000Z'],
    ['2026-03-01T09:30:00+01:00', '2026-03-01T08:30:00.000Z'],
    ['2026-03-01T09:30:00-0230', '2026-03-01T12:00:00.000Z'],
    ['2026-03-01T09:30+01', '2026-03-01T08:30:00.000Z'],
    ['2026-03-01t09:30:00.123456z', '2026-03-01T09:30:00.123Z'],
    ['2024-02-29T23:59:59.999Z', '2024-02-29T23:59:59.999Z'],
    ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00.000Z'],
    ['9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
  ])('reads %s as %s', (text, iso) => {
    expect(parseTimestamp(text).date?.toISOString()).toBe(iso);
  });

  it.each([
    ['2018-02-30T00:00:00Z', 'day 30 does not exist in 2018-02 (01 to 28)'],
    ['2023-02-29T00:00:00Z', 'day 29 does not exist in 2023-02 (01 to 28)'],
    ['2026-04-31T00:00:00Z', 'day 31 does not exist in 2026-04 (01 to 30)'],
    ['2026-13-01T00:00:00Z', 'month 13 does not exist (01 to 12)'],
    ['2026-01-00T00:00:00Z', 'day 0 does not exist in 2026-01 (01 to 31)'],
    ['2026-01-01T24:00:00Z', 'the time of day 24:00:00 does not exist (00:00:00 to 23:59:59)'],
    ['2016-12-31T23:59:60Z', 'the time of day 23:59:60 does not exist (00:00:00 to 23:59:59)'],
    ['2026-01-01T00:00:00+24:00', 'time zone offsets run from -23:59 to +23:59'],
    ['0000-01-01T00:00:00Z', 'year 0000 does not exist (the years run from 0001 to 9999)'],
    [
      '0001-01-01T00:00:00+00:01',
      'the instant lies outside 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z',
    ],
    [
      '9999-12-31T23:59:59-00:01',
      'the instant lies outside 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z',
    ],
  ])('refuses %s: %s', (text, problem) => {
    const parsed = parseTimestamp(text);
    expect(parsed.date).toBeNull();
    expect(parsed.problem).toBe(problem);
    expect(parsed.allowed).toBe(`${TIMESTAMP_ALLOWED}; ${problem}`);
  });

  it.each([
    ['new Date(8.64e15)', new Date(8.64e15)],
    ['a Date in the year 10000', new Date('+010000-01-01T00:00:00Z')],
    ['a Date before year 1', new Date(MIN_TIMESTAMP_MS - 1)],
  ])('refuses %s as out of range', (_, date) => {
    expect(parseTimestamp(date).problem).toBe(
      'the instant lies outside 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z',
    );
  });

  it.each([
    ['an Invalid Date', new Date(Number.NaN)],
    ['a date without time', '2026-03-01'],
    ['a time without offset', '2026-03-01T00:00:00'],
    ['text between date and offset', '2026-03-01Tnonsense+01:00'],
    ['a number', 1_700_000_000_000],
    ['a five-digit year', '10000-01-01T00:00:00Z'],
  ])('refuses %s', (_, value) => {
    expect(parseTimestamp(value).date).toBeNull();
  });

  it('accepts the range ends as Dates and returns a copy', () => {
    const max = new Date(MAX_TIMESTAMP_MS);
    expect(max.toISOString()).toBe('9999-12-31T23:59:59.999Z');
    expect(new Date(MIN_TIMESTAMP_MS).toISOString()).toBe('0001-01-01T00:00:00.000Z');
    const parsed = parseTimestamp(max).date;
    expect(parsed?.getTime()).toBe(MAX_TIMESTAMP_MS);
    expect(parsed).not.toBe(max);
  });

  it('agrees with Date.parse on every valid timestamp with an offset', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('0100-01-01T00:00:00Z'),
          max: new Date('9900-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 }),
        (date, offset) => {
          const local = new Date(date.getTime() + offset * 60_000).toISOString().slice(0, 23);
          const sign = offset < 0 ? '-' : '+';
          const hh = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
          const mm = String(Math.abs(offset) % 60).padStart(2, '0');
          const text = `${local}${sign}${hh}:${mm}`;
          expect(parseTimestamp(text).date?.getTime()).toBe(Date.parse(text));
          expect(parseTimestamp(text).date?.getTime()).toBe(date.getTime());
        },
      ),
      { numRuns: testSize(500) },
    );
  });
});

describe('calendarDateProblem', () => {
  it('accepts days that exist in 0001-9999', () => {
    for (const day of ['2024-02-29', '0001-01-01', '9999-12-31'])
      expect(calendarDateProblem(day)).toBeUndefined();
  });
  it.each([
    ['2023-02-29', `${CALENDAR_DATE_ALLOWED}; day 29 does not exist in 2023-02 (01 to 28)`],
    ['0000-01-01', `${CALENDAR_DATE_ALLOWED}; year 0000 does not exist (the years run from 0001 to 9999)`],
    ['2026-1-1', CALENDAR_DATE_ALLOWED],
    [20260101, CALENDAR_DATE_ALLOWED],
  ])('refuses %j', (value, allowed) => {
    expect(calendarDateProblem(value)).toBe(allowed);
  });
});
