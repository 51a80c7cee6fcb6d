import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roundDecimal } from '../decimal/decimal';
import { usePglite } from '../testing/pglite-reference';
import { testSize } from '../testing/test-size';
import { fitColumn, NUMERIC_COLUMN_RANGES } from './column-guards';

const db = usePglite();

/** What PostgreSQL stores for a JS number sent the way the `pg` driver sends it (String(x)). */
async function pgStore(value: number, sqlType: string): Promise<number | 'error'> {
  try {
    const res = await db().query<{ v: string }>(`SELECT ($1::text)::${sqlType} AS v`, [String(value)]);
    return Number(res.rows[0]?.v);
  } catch {
    return 'error';
  }
}

const interesting = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -2e11, max: 2e11 }),
  fc.integer({ min: -100_000_000, max: 100_000_000 }).map((n) => n / 1000 + 0.0005),
  fc.integer({ min: -2_000_000, max: 2_000_000 }).map((n) => n / 100 + 0.005),
  fc.constantFrom(999.99, 999.994, 999.995, -999.995, 1000, 9.995, 0.995, 99_999_999_999.9999, 1e11, 1.005),
);

describe('fitColumn', () => {
  it.each([
    ['DECIMAL(15,4)', 'metric_value'],
    ['DECIMAL(5,2)', 'change_percentage'],
    ['DECIMAL(5,4)', 'weight'],
  ] as const)('rounds and range-checks %s exactly as PostgreSQL stores it', async (sqlType, column) => {
    await fc.assert(
      fc.asyncProperty(interesting, async (x) => {
        const stored = await pgStore(x, sqlType);
        const fitted = fitColumn(column, x);
        if (stored === 'error') {
          expect(fitted.value).toBeNull();
          expect(fitted.problem).toContain(sqlType);
        } else {
          expect(fitted).toEqual({ value: stored, problem: null });
        }
      }),
      { numRuns: testSize(300) },
    );
  });

  it('keeps the data quality score within 0..1 even though DECIMAL(3,2) would store up to 9.99', () => {
    expect(fitColumn('data_quality_score', 0.995)).toEqual({ value: 1, problem: null });
    expect(fitColumn('data_quality_score', 1.2).problem).toBe(
      'data_quality_score: 1.2 is outside DECIMAL(3,2) (allowed 0 to 1); stored as null',
    );
    expect(fitColumn('data_quality_score', -0.001)).toEqual({ value: 0, problem: null });
  });

  it.each([
    [Number.NaN, 'change_percentage: NaN is not a number; stored as null'],
    [Number.POSITIVE_INFINITY, 'change_percentage: Infinity is not finite; stored as null'],
    [Number.NEGATIVE_INFINITY, 'change_percentage: -Infinity is not finite; stored as null'],
    [1000, 'change_percentage: 1000 is outside DECIMAL(5,2) (allowed -999.99 to 999.99); stored as null'],
    [
      -999.995,
      'change_percentage: -999.995 is outside DECIMAL(5,2) (allowed -999.99 to 999.99); stored as null',
    ],
  ])('turns %s into null with a note naming the column, value and range', (x, problem) => {
    expect(fitColumn('change_percentage', x)).toEqual({ value: null, problem });
  });

  it('passes absent values through without a note', () => {
    expect(fitColumn('previous_value', null)).toEqual({ value: null, problem: null });
    expect(fitColumn('previous_value', undefined)).toEqual({ value: null, problem: null });
  });

  it('checks integer columns', () => {
    expect(fitColumn('percentile_rank', 100)).toEqual({ value: 100, problem: null });
    expect(fitColumn('percentile_rank', 101).value).toBeNull();
    expect(fitColumn('sample_size', 2 ** 31).problem).toContain('INTEGER');
  });

  it('declares the documented limits', () => {
    expect(NUMERIC_COLUMN_RANGES.change_percentage.max).toBe(999.99);
    expect(NUMERIC_COLUMN_RANGES.metric_value.max).toBe(99_999_999_999.9999);
    expect(NUMERIC_COLUMN_RANGES.weight.max).toBe(9.9999);
  });
});

describe('roundDecimal', () => {
  it('matches PostgreSQL round(numeric, s) for any scale', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 }),
          fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e-3, max: 1e-3 }),
          fc.integer({ min: -1e9, max: 1e9 }).map((n) => n / 1000 + 0.0005),
        ),
        fc.integer({ min: -3, max: 8 }),
        async (x, scale) => {
          const res = await db().query<{ v: string }>('SELECT round(($1::text)::numeric, $2) AS v', [
            String(x),
            scale,
          ]);
          expect(roundDecimal(x, scale)).toBe(Number(res.rows[0]?.v));
        },
      ),
      { numRuns: testSize(400) },
    );
  });
});
