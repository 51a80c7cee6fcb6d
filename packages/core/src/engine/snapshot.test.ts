import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Direction, MetricType } from '../schema/enums';
import { usePglite } from '../testing/pglite-reference';
import { testSize } from '../testing/test-size';
import type { EngineMetricDefinition } from './calculation-types';
import { buildSnapshot, type SnapshotSourceValue } from './snapshot';

const db = usePglite();

const definition = (overrides: Partial<EngineMetricDefinition> = {}): EngineMetricDefinition => ({
  id: 'm1',
  organization_id: 'o1',
  metric_name: 'metric',
  metric_type: 'average',
  calculation_method: 'aggregation',
  direction: 'higher_better',
  ...overrides,
});

const day = (d: number) => new Date(Date.UTC(2025, 0, 1 + d));
const daily = (...values: number[]): SnapshotSourceValue[] =>
  values.map((metric_value, i) => ({ metric_value, period_start: day(i), sample_size: 1 }));

const snapshot = (
  values: readonly SnapshotSourceValue[],
  overrides: Partial<EngineMetricDefinition> = {},
  extra: Partial<Parameters<typeof buildSnapshot>[0]> = {},
) =>
  buildSnapshot({
    definition: definition(overrides),
    snapshotType: 'monthly',
    snapshotDate: '2025-01-01',
    aggregationLevel: 'org',
    values,
    ...extra,
  });

describe('buildSnapshot statistics', () => {
  it('matches min, max, avg, stddev_samp, count and percentile_cont in PostgreSQL', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 60 }),
        async (values) => {
          const res = await db().query<Record<string, string | number | null>>(
            `SELECT round(min(v)::numeric, 4) AS min_value, round(max(v)::numeric, 4) AS max_value,
                    round(avg(v)::numeric, 4) AS avg_value, round(stddev_samp(v)::numeric, 4) AS std_deviation,
                    count(v)::int AS sample_count,
                    round((percentile_cont(0.25) WITHIN GROUP (ORDER BY v))::numeric, 4) AS percentile_25,
                    round((percentile_cont(0.5) WITHIN GROUP (ORDER BY v))::numeric, 4) AS percentile_50,
                    round((percentile_cont(0.75) WITHIN GROUP (ORDER BY v))::numeric, 4) AS percentile_75,
                    round((percentile_cont(0.95) WITHIN GROUP (ORDER BY v))::numeric, 4) AS percentile_95
             FROM unnest($1::float8[]) AS t(v)`,
            [values.map(String)],
          );
          const expected = Object.fromEntries(
            Object.entries(res.rows[0] ?? {}).map(([k, v]) => [k, v === null ? null : Number(v)]),
          );
          const { row } = snapshot(daily(...values));
          for (const [key, v] of Object.entries(expected)) {
            const ours = row?.[key as keyof typeof row] as number | null;
            if (v === null) expect(ours).toBeNull();
            // Last-digit differences come only from float summation order at 4 decimals.
            else expect(Math.abs((ours as number) - v)).toBeLessThanOrEqual(1e-4 + 1e-9 * Math.abs(v));
          }
        },
      ),
      { numRuns: testSize(80) },
    );
  });
});

describe('buildSnapshot time aggregation', () => {
  const rows: SnapshotSourceValue[] = [
    { metric_value: 10, period_start: day(2), sample_size: 1, metadata: { denominator: 10 } },
    { metric_value: 50, period_start: day(0), sample_size: 3, metadata: { denominator: 30 } },
    { metric_value: 40, period_start: day(1), sample_size: 4, metadata: { denominator: 40 } },
  ];

  it.each<[string, MetricType, Record<string, unknown> | null, number]>([
    ['a count adds up by default', 'count', null, 100],
    ['a sum adds up', 'sum', null, 100],
    ['an average is weighted by sample size', 'average', null, (10 * 1 + 50 * 3 + 40 * 4) / 8],
    ['a percentage is weighted by denominator (ratio of sums)', 'percentage', null, (100 + 1500 + 1600) / 80],
    ['a trend keeps the latest slope', 'trend', null, 10],
    ['open risks at month end are the last value, not a sum', 'count', { time_aggregation: 'last' }, 10],
    ['first', 'count', { time_aggregation: 'first' }, 50],
    ['min', 'count', { time_aggregation: 'min' }, 10],
    ['max', 'count', { time_aggregation: 'max' }, 50],
  ])('%s', (_, type, parameters, expected) => {
    expect(snapshot(rows, { metric_type: type, parameters }).row?.metric_value).toBe(expected);
  });

  it('rejects an unknown time aggregation naming the value and what is allowed', () => {
    const outcome = snapshot(rows, { parameters: { time_aggregation: 'median' } });
    expect(outcome.row).toBeNull();
    expect(outcome.notes).toEqual([
      'parameters.time_aggregation "median" is not allowed; use one of sum, average, last, first, min, max',
    ]);
  });

  it('leaves error rows out and says so', () => {
    const outcome = snapshot([
      ...daily(1, 2),
      {
        metric_value: 0,
        period_start: day(5),
        calculation_status: 'error',
        metadata: { value_available: false },
      },
    ]);
    expect(outcome.row?.sample_count).toBe(2);
    expect(outcome.notes).toContain('1 value(s) left out (error rows or not finite)');
    expect(snapshot([]).row).toBeNull();
  });
});

describe('buildSnapshot trend', () => {
  const rising = [1, 2, 3, 4, 5, 6, 7, 8];
  const falling = [...rising].reverse();
  it.each<[Direction, number[], Record<string, number> | null, 'improving' | 'stable' | 'declining']>([
    ['higher_better', rising, null, 'improving'],
    ['higher_better', falling, null, 'declining'],
    ['lower_better', rising, null, 'declining'],
    ['lower_better', falling, null, 'improving'],
    ['higher_better', [5, 3, 6, 4, 5, 3, 6, 4], null, 'stable'],
    ['higher_better', [1, 2, 3], null, 'stable'],
    ['target_range', [20, 18, 16, 14, 12, 10, 10, 10], { target_min: 5, target_max: 10 }, 'improving'],
    ['target_range', [7, 6, 5, 4, 3, 2, 1, 0], { target_min: 5, target_max: 10 }, 'declining'],
  ])('%s over %j is %s', (direction, values, parameters, expected) => {
    expect(snapshot(daily(...values), { direction, parameters }).row?.trend).toBe(expected);
  });

  it('tests only the latest 4,096 values of a longer series, with a note', () => {
    // 904 falling values, then 4,096 rising ones: the whole series falls overall, the latest part rises.
    const values = [
      ...Array.from({ length: 904 }, (_, i) => 1e6 - i),
      ...Array.from({ length: 4096 }, (_, i) => i),
    ];
    const outcome = snapshot(daily(...values), { direction: 'higher_better' });
    expect(outcome.row?.trend).toBe('improving');
    expect(outcome.notes).toContain(
      'trend: 5000 values; tested on the latest 4096 (the most the Mann–Kendall test compares)',
    );
  });
});

describe('buildSnapshot period-over-period changes', () => {
  it('computes year, quarter and month changes in percent', () => {
    const { row } = snapshot(
      daily(110),
      { metric_type: 'sum' },
      { earlier: { yearAgo: 100, quarterAgo: 220, monthAgo: -55 } },
    );
    expect(row).toMatchObject({
      year_over_year_change: 10,
      quarter_over_quarter_change: -50,
      month_over_month_change: 300,
    });
  });

  it('nulls changes that cannot be stored or are undefined, with a note', () => {
    const outcome = snapshot(daily(5000), { metric_type: 'sum' }, { earlier: { yearAgo: 1, quarterAgo: 0 } });
    expect(outcome.row?.year_over_year_change).toBeNull();
    expect(outcome.row?.quarter_over_quarter_change).toBeNull();
    expect(outcome.notes).toEqual(
      expect.arrayContaining([
        'year_over_year_change: 499900 is outside DECIMAL(5,2) (allowed -999.99 to 999.99); stored as null',
        'quarter_over_quarter_change: the earlier value is 0, a relative change is undefined; stored as null',
      ]),
    );
  });

  it('leaves month-over-month empty on a quarterly snapshot', () => {
    const outcome = snapshot(
      daily(1),
      {},
      { snapshotType: 'quarterly', earlier: { monthAgo: 2, yearAgo: 2 } },
    );
    expect(outcome.row?.month_over_month_change).toBeNull();
    expect(outcome.row?.year_over_year_change).toBe(-50);
  });
});
