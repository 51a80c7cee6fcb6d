import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SNAPSHOT_TYPES } from '../schema/enums';
import {
  localDateOf,
  MAX_PERIODS,
  nextPeriod,
  type Period,
  periodDays,
  periodFor,
  periodForLocalDate,
  periodsBetween,
  previousPeriod,
  samePeriodLastMonth,
  samePeriodLastQuarter,
  samePeriodLastYear,
} from './index';

const hours = (p: Period) => (p.end.getTime() - p.start.getTime()) / 3_600_000;
const iso = (p: Period) => [p.start.toISOString(), p.end.toISOString()];

describe('periodFor', () => {
  it('cuts local days that last 23 or 25 hours on DST change days (Europe/Paris)', () => {
    const spring = periodFor(new Date('2024-03-31T12:00:00Z'), 'daily', { timeZone: 'Europe/Paris' });
    expect(iso(spring)).toEqual(['2024-03-30T23:00:00.000Z', '2024-03-31T22:00:00.000Z']);
    expect(hours(spring)).toBe(23);
    expect(spring.startDate).toBe('2024-03-31');
    const autumn = periodFor(new Date('2024-10-27T12:00:00Z'), 'daily', { timeZone: 'Europe/Paris' });
    expect(hours(autumn)).toBe(25);
  });

  it('starts a day whose midnight does not exist at the first instant after the gap (America/Santiago)', () => {
    // 2023-09-03: clocks jump from 00:00 to 01:00 (−04 → −03).
    const day = periodFor(new Date('2023-09-03T12:00:00Z'), 'daily', { timeZone: 'America/Santiago' });
    expect(iso(day)).toEqual(['2023-09-03T04:00:00.000Z', '2023-09-04T03:00:00.000Z']);
    expect(hours(day)).toBe(23);
    const before = periodFor(new Date('2023-09-03T03:59:59Z'), 'daily', { timeZone: 'America/Santiago' });
    expect(before.startDate).toBe('2023-09-02');
    expect(before.end).toEqual(day.start);
  });

  it('starts a day whose midnight happens twice at the first one (America/Havana)', () => {
    // 2023-11-05: clocks go back from 01:00 to 00:00 (−04 → −05); 00:30 happens at 04:30Z and 05:30Z.
    for (const at of ['2023-11-05T04:30:00Z', '2023-11-05T05:30:00Z']) {
      const day = periodFor(new Date(at), 'daily', { timeZone: 'America/Havana' });
      expect(iso(day)).toEqual(['2023-11-05T04:00:00.000Z', '2023-11-06T05:00:00.000Z']);
      expect(hours(day)).toBe(25);
    }
  });

  it('starts weeks on the configured ISO weekday', () => {
    const thursday = new Date('2024-02-15T12:00:00Z');
    expect(periodFor(thursday, 'weekly', { timeZone: 'UTC' }).startDate).toBe('2024-02-12'); // Monday
    expect(periodFor(thursday, 'weekly', { timeZone: 'UTC', weekStartsOn: 7 }).startDate).toBe('2024-02-11'); // Sunday
    expect(periodFor(thursday, 'weekly', { timeZone: 'UTC', weekStartsOn: 4 }).startDate).toBe('2024-02-15'); // Thursday
    expect(periodFor(thursday, 'weekly', { timeZone: 'UTC', weekStartsOn: 6 }).endDate).toBe('2024-02-17');
  });

  it('aligns quarters and years to the fiscal year start month', () => {
    const feb = new Date('2024-02-15T12:00:00Z');
    const april = { timeZone: 'Asia/Tokyo', fiscalYearStartMonth: 4 };
    expect(periodFor(feb, 'quarterly', april)).toMatchObject({
      startDate: '2024-01-01',
      endDate: '2024-04-01',
    });
    expect(periodFor(feb, 'annual', april)).toMatchObject({ startDate: '2023-04-01', endDate: '2024-04-01' });
    expect(periodFor(new Date('2024-05-15T12:00:00Z'), 'quarterly', april)).toMatchObject({
      startDate: '2024-04-01',
    });
    expect(periodFor(feb, 'quarterly', { timeZone: 'UTC', fiscalYearStartMonth: 2 }).startDate).toBe(
      '2024-02-01',
    );
    expect(periodFor(feb, 'annual', { timeZone: 'UTC' })).toMatchObject({
      startDate: '2024-01-01',
      endDate: '2025-01-01',
    });
    expect(periodFor(feb, 'monthly', april)).toMatchObject({
      startDate: '2024-02-01',
      endDate: '2024-03-01',
    });
  });

  it('always contains the instant and tiles the time line with its neighbours', () => {
    const zones = [
      'UTC',
      'Europe/Paris',
      'America/Santiago',
      'America/Havana',
      'Australia/Lord_Howe',
      'Asia/Kolkata',
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1995, 0, 1), max: Date.UTC(2030, 0, 1) }),
        fc.constantFrom(...zones),
        fc.constantFrom(...SNAPSHOT_TYPES),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 12 }),
        (t, timeZone, window, weekStartsOn, fiscalYearStartMonth) => {
          const p = periodFor(new Date(t), window, { timeZone, weekStartsOn, fiscalYearStartMonth });
          return (
            p.start.getTime() <= t &&
            t < p.end.getTime() &&
            previousPeriod(p).end.getTime() === p.start.getTime() &&
            nextPeriod(p).start.getTime() === p.end.getTime() &&
            periodFor(p.start, window, p.options).startDate === p.startDate &&
            periodFor(new Date(p.end.getTime() - 1), window, p.options).startDate === p.startDate
          );
        },
      ),
    );
  });

  it('rejects a bad instant, window, time zone or option, naming the field, the value and what is allowed', () => {
    const ok = { timeZone: 'UTC' };
    expect(() => periodFor(new Date(Number.NaN), 'daily', ok)).toThrow(
      'periodFor: instant is Invalid Date; expected a valid Date',
    );
    expect(() => periodFor(new Date(), 'hourly' as 'daily', ok)).toThrow(
      'periodFor: window is "hourly"; expected one of daily, weekly, monthly, quarterly, annual',
    );
    expect(() => periodFor(new Date(), 'daily', { timeZone: 'Mars/Olympus_Mons' })).toThrow(
      'periodFor: options.timeZone is "Mars/Olympus_Mons"; expected an IANA time zone name',
    );
    expect(() => periodFor(new Date(), 'weekly', { timeZone: 'UTC', weekStartsOn: 0 })).toThrow(
      'periodFor: options.weekStartsOn is 0; expected a whole number from 1 (Monday) to 7 (Sunday)',
    );
    expect(() => periodFor(new Date(), 'annual', { timeZone: 'UTC', fiscalYearStartMonth: 13 })).toThrow(
      'periodFor: options.fiscalYearStartMonth is 13; expected a whole number from 1 (January) to 12 (December)',
    );
  });

  it('spells the time zone canonically in the period options', () => {
    expect(periodFor(new Date(), 'daily', { timeZone: 'europe/paris' }).options).toEqual({
      timeZone: 'Europe/Paris',
      weekStartsOn: 1,
      fiscalYearStartMonth: 1,
    });
  });
});

describe('related periods', () => {
  const utc = { timeZone: 'UTC' };
  const day = (d: string) => periodForLocalDate(d, 'daily', utc);

  it('gives the same day last year, last quarter and last month, clamped to the end of shorter months', () => {
    expect(samePeriodLastYear(day('2024-02-29')).startDate).toBe('2023-02-28');
    expect(samePeriodLastQuarter(day('2024-05-31')).startDate).toBe('2024-02-29');
    expect(samePeriodLastMonth(day('2024-03-31')).startDate).toBe('2024-02-29');
    expect(samePeriodLastMonth(day('2024-01-15')).startDate).toBe('2023-12-15');
  });

  it('defines the same week last year, quarter and month as 52, 13 and 4 weeks earlier', () => {
    const week = periodForLocalDate('2024-06-12', 'weekly', utc);
    expect(week.startDate).toBe('2024-06-10');
    expect(samePeriodLastYear(week).startDate).toBe('2023-06-12');
    expect(samePeriodLastQuarter(week).startDate).toBe('2024-03-11');
    expect(samePeriodLastMonth(week).startDate).toBe('2024-05-13');
  });

  it('gives the same month, quarter and fiscal year of the previous year', () => {
    const fiscal = { timeZone: 'UTC', fiscalYearStartMonth: 7 };
    expect(samePeriodLastYear(periodForLocalDate('2024-02-10', 'monthly', utc)).startDate).toBe('2023-02-01');
    expect(samePeriodLastYear(periodForLocalDate('2024-02-10', 'quarterly', fiscal)).startDate).toBe(
      '2023-01-01',
    );
    expect(samePeriodLastYear(periodForLocalDate('2024-02-10', 'annual', fiscal))).toMatchObject({
      startDate: '2022-07-01',
      endDate: '2023-07-01',
    });
    expect(samePeriodLastQuarter(periodForLocalDate('2024-02-10', 'quarterly', fiscal)).startDate).toBe(
      '2023-10-01',
    );
    expect(samePeriodLastMonth(periodForLocalDate('2024-01-10', 'monthly', utc)).startDate).toBe(
      '2023-12-01',
    );
  });

  it('refuses comparisons that do not exist for a window', () => {
    expect(() => samePeriodLastQuarter(periodForLocalDate('2024-01-01', 'annual', utc))).toThrow(
      'samePeriodLastQuarter: an annual period has no same period one quarter earlier',
    );
    expect(() => samePeriodLastMonth(periodForLocalDate('2024-01-01', 'quarterly', utc))).toThrow(
      'samePeriodLastMonth: a quarterly period has no same period one month earlier',
    );
  });

  it('counts local calendar days whatever the hours', () => {
    expect(periodDays(periodForLocalDate('2024-02-01', 'monthly', utc))).toBe(29);
    expect(periodDays(periodForLocalDate('2024-03-31', 'daily', { timeZone: 'Europe/Paris' }))).toBe(1);
    expect(
      periodDays(periodForLocalDate('2023-06-01', 'annual', { timeZone: 'UTC', fiscalYearStartMonth: 4 })),
    ).toBe(366);
    expect(() => periodForLocalDate('2024-02-30', 'daily', utc)).toThrow(
      'periodForLocalDate: date is "2024-02-30"; expected a calendar date \'YYYY-MM-DD\'',
    );
  });
});

describe('periodsBetween and localDateOf', () => {
  it('lists the periods overlapping [start, end) in order, without gaps', () => {
    const months = periodsBetween(
      { start: new Date('2024-01-15T00:00:00Z'), end: new Date('2024-04-01T00:00:00Z') },
      'monthly',
      { timeZone: 'Asia/Tokyo' },
    );
    expect(months.map((p) => p.startDate)).toEqual(['2024-01-01', '2024-02-01', '2024-03-01', '2024-04-01']);
    months.slice(1).forEach((p, i) => {
      expect(p.start).toEqual(months[i]!.end);
    });
    const range = { start: new Date('2024-03-01T00:00:00Z'), end: new Date('2024-04-01T00:00:00Z') };
    expect(periodsBetween(range, 'daily', { timeZone: 'UTC' })).toHaveLength(31);
    expect(periodsBetween({ start: range.start, end: range.start }, 'daily', { timeZone: 'UTC' })).toEqual(
      [],
    );
  });

  it('rejects a reversed or runaway range', () => {
    const start = new Date('2024-01-01T00:00:00Z');
    expect(() =>
      periodsBetween({ start, end: new Date('2023-01-01T00:00:00Z') }, 'daily', { timeZone: 'UTC' }),
    ).toThrow(
      'periodsBetween: range.start (2024-01-01T00:00:00.000Z) is after range.end (2023-01-01T00:00:00.000Z)',
    );
    expect(() =>
      periodsBetween({ start, end: new Date('2400-01-01T00:00:00Z') }, 'daily', { timeZone: 'UTC' }),
    ).toThrow(`holds more than ${MAX_PERIODS} daily periods`);
  });

  it('gives the local calendar date of an instant', () => {
    expect(localDateOf(new Date('2024-03-31T22:30:00Z'), 'Europe/Paris')).toBe('2024-04-01');
    expect(localDateOf(new Date('2024-03-31T22:30:00Z'), 'America/Los_Angeles')).toBe('2024-03-31');
    expect(() => localDateOf(new Date(), 'Nowhere')).toThrow(
      'localDateOf: timeZone is "Nowhere"; expected an IANA time zone name',
    );
  });
});
