/**
 * `resolveTimeRange` against PostgreSQL's calendar arithmetic in the zone —
 * `date_trunc(unit, now AT TIME ZONE tz)`, minus whole days or months, `AT TIME ZONE tz` — in
 * PGlite and (with TEST_DATABASE_URL) PostgreSQL, for random instants 1990–2025 in every zone
 * both know, with extra weight on DST change days. The one documented difference of the periods
 * (a local midnight that happens twice: ours is the first, PostgreSQL's the second) is checked to
 * be exactly that: the same wall-clock midnight, ours earlier.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { wallClock } from '../periods/time-zone';
import { TIME_RANGE_PRESETS, type TimeRangePreset } from '../schema/jsonb/time-range';
import { useReferenceEngines } from '../testing/pglite-reference';
import { testSize } from '../testing/test-size';
import { resolveTimeRange } from './resolve-time-range';

const engines = useReferenceEngines('resolveTimeRange');
const FROM = Date.UTC(1990, 0, 1);
const TO = Date.UTC(2026, 0, 1);
const HOUR = 3_600_000;
let zones: string[] = [];

beforeAll(async () => {
  let known = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);
  for (const engine of engines) {
    const rows = await engine.query<{ name: string }>('SELECT name FROM pg_timezone_names', []);
    const names = new Set(rows.map((r) => r.name));
    known = new Set([...known].filter((z) => names.has(z)));
  }
  zones = [...known].sort();
});

/** PostgreSQL's `[from, to)` of each preset, one row per (now, zone, preset). */
const REFERENCE_SQL = `
SELECT i,
  CASE p
    WHEN 'last_24_hours' THEN ts - interval '24 hours'
    WHEN 'last_7_days' THEN (date_trunc('day', ts AT TIME ZONE tz) - interval '6 days') AT TIME ZONE tz
    WHEN 'last_30_days' THEN (date_trunc('day', ts AT TIME ZONE tz) - interval '29 days') AT TIME ZONE tz
    WHEN 'last_90_days' THEN (date_trunc('day', ts AT TIME ZONE tz) - interval '89 days') AT TIME ZONE tz
    WHEN 'last_12_months' THEN (date_trunc('month', ts AT TIME ZONE tz) - interval '11 months') AT TIME ZONE tz
    WHEN 'today' THEN date_trunc('day', ts AT TIME ZONE tz) AT TIME ZONE tz
    WHEN 'month_to_date' THEN date_trunc('month', ts AT TIME ZONE tz) AT TIME ZONE tz
    WHEN 'quarter_to_date' THEN date_trunc('quarter', ts AT TIME ZONE tz) AT TIME ZONE tz
    WHEN 'year_to_date' THEN date_trunc('year', ts AT TIME ZONE tz) AT TIME ZONE tz
    WHEN 'previous_month' THEN (date_trunc('month', ts AT TIME ZONE tz) - interval '1 month') AT TIME ZONE tz
    WHEN 'previous_quarter' THEN (date_trunc('quarter', ts AT TIME ZONE tz) - interval '3 months') AT TIME ZONE tz
    WHEN 'previous_year' THEN (date_trunc('year', ts AT TIME ZONE tz) - interval '1 year') AT TIME ZONE tz
  END AS from_ts,
  CASE p
    WHEN 'previous_month' THEN date_trunc('month', ts AT TIME ZONE tz) AT TIME ZONE tz
    WHEN 'previous_quarter' THEN date_trunc('quarter', ts AT TIME ZONE tz) AT TIME ZONE tz
    WHEN 'previous_year' THEN date_trunc('year', ts AT TIME ZONE tz) AT TIME ZONE tz
    ELSE ts
  END AS to_ts
FROM unnest($1::timestamptz[], $2::text[], $3::text[]) WITH ORDINALITY AS c(ts, tz, p, i)
ORDER BY i`;

interface Case {
  readonly now: number;
  readonly zone: string;
  readonly preset: TimeRangePreset;
}

/** Equal, or the documented repeated-midnight case: the same local wall-clock time, ours the earlier instant. */
function agrees(ours: number, theirs: number, zone: string): boolean {
  return ours === theirs || (ours < theirs && wallClock(ours, zone) === wallClock(theirs, zone));
}

describe('resolveTimeRange against PostgreSQL', () => {
  it('every preset, random instants and zones (DST days included): the same from and to', async () => {
    const cases = fc.tuple(
      fc.integer({ min: 0, max: 1_000_000 }),
      fc.oneof(
        fc.integer({ min: FROM, max: TO }),
        // Near the usual DST change hours of March, April, September to November.
        fc
          .tuple(
            fc.integer({ min: 1990, max: 2025 }),
            fc.constantFrom(2, 3, 8, 9, 10),
            fc.integer({ min: 0, max: 30 * 24 }),
          )
          .map(([y, m, h]) => Date.UTC(y, m, 1) + h * HOUR),
      ),
      fc.constantFrom(...TIME_RANGE_PRESETS),
    );
    const batches = testSize(40);
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(cases, { minLength: 50, maxLength: 50 }), async (drawn) => {
        const batch: Case[] = drawn.map(([z, now, preset]) => ({
          now,
          zone: zones[z % zones.length]!,
          preset,
        }));
        const ours = batch.map((c) => resolveTimeRange(c.preset, c.zone, new Date(c.now)));
        for (const engine of engines) {
          const rows = await engine.query<{ from_ts: Date; to_ts: Date }>(REFERENCE_SQL, [
            batch.map((c) => new Date(c.now).toISOString()),
            batch.map((c) => c.zone),
            batch.map((c) => c.preset),
          ]);
          batch.forEach((c, k) => {
            const mine = ours[k]!;
            const theirs = rows[k]!;
            const ok =
              agrees(mine.from.getTime(), new Date(theirs.from_ts).getTime(), c.zone) &&
              agrees(mine.to.getTime(), new Date(theirs.to_ts).getTime(), c.zone);
            if (!ok) {
              throw new Error(
                `${engine.name}: ${c.preset} at ${new Date(c.now).toISOString()} in ${c.zone}: ours [${mine.from.toISOString()}, ${mine.to.toISOString()}), PostgreSQL [${new Date(theirs.from_ts).toISOString()}, ${new Date(theirs.to_ts).toISOString()})`,
              );
            }
          });
          compared += batch.length;
        }
      }),
      { numRuns: batches },
    );
    expect(compared).toBe(batches * 50 * engines.length);
  });
});

describe('resolveTimeRange', () => {
  it('last_7_days across the spring DST change in Berlin is seven local days, one hour short of 168 h', () => {
    const now = new Date('2024-04-02T10:00:00Z'); // 12:00 CEST on Tuesday 2 April
    const { from, to } = resolveTimeRange('last_7_days', 'Europe/Berlin', now);
    expect(from.toISOString()).toBe('2024-03-26T23:00:00.000Z'); // midnight CET, Wednesday 27 March
    expect(to).toEqual(now);
    // 27 March 00:00 CET to 2 April 12:00 CEST: 6 days and 12 hours of wall clock, one hour lost.
    expect(to.getTime() - from.getTime()).toBe((6 * 24 + 12 - 1) * HOUR);
  });

  it('previous_quarter with a fiscal year starting in April is the fiscal quarter before the current one', () => {
    const { from, to } = resolveTimeRange(
      'previous_quarter',
      { timeZone: 'UTC', fiscalYearStartMonth: 4 },
      new Date('2024-05-10T00:00:00Z'),
    );
    expect([from.toISOString(), to.toISOString()]).toEqual([
      '2024-01-01T00:00:00.000Z',
      '2024-04-01T00:00:00.000Z',
    ]);
  });

  it('a fixed range is returned as given, ISO strings or Dates', () => {
    const range = resolveTimeRange(
      { from: '2024-01-01T00:00:00+01:00', to: new Date('2024-02-01T00:00:00Z') },
      'UTC',
      new Date(),
    );
    expect(range).toEqual({
      from: new Date('2023-12-31T23:00:00Z'),
      to: new Date('2024-02-01T00:00:00Z'),
      preset: null,
    });
  });

  it.each([
    ['an unknown preset', 'last_week', /range is "last_week"; allowed: last_24_hours, .* or \{ from, to \}/],
    [
      'an impossible date',
      { from: '2024-02-30T00:00:00Z', to: '2024-03-05T00:00:00Z' },
      /from is "2024-02-30T00:00:00Z"/,
    ],
    [
      'a date-time without a zone',
      { from: '2024-02-01T00:00:00', to: '2024-03-05T00:00:00Z' },
      /from is "2024-02-01T00:00:00"; allowed: an ISO 8601 date-time with a zone/,
    ],
    [
      'from after to',
      { from: '2024-03-05T00:00:00Z', to: '2024-03-01T00:00:00Z' },
      /to is "2024-03-01T00:00:00.000Z"; allowed: an instant after from/,
    ],
  ])('refuses %s, naming the field and what is allowed', (_name, range, message) => {
    expect(() => resolveTimeRange(range as never, 'UTC', new Date())).toThrow(message);
  });

  it('refuses an unknown time zone and an invalid now', () => {
    expect(() => resolveTimeRange('today', 'Mars/Olympus', new Date())).toThrow(/Mars\/Olympus/);
    expect(() => resolveTimeRange('today', 'UTC', new Date(Number.NaN))).toThrow(
      /now is Invalid Date; allowed: a valid Date/,
    );
  });
});
