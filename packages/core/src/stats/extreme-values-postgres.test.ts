/**
 * Values at the edges of the double range and data far from zero next to its spread, checked
 * against PostgreSQL's NUMERIC aggregates (exact) on the same doubles, and against its float8
 * `regr_slope` / `corr` / `stddev_samp`. PGlite always; a PostgreSQL server too when
 * TEST_DATABASE_URL is set.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numericArray } from '../testing/exact-decimal';
import { type ReferenceEngine, useReferenceEngines } from '../testing/pglite-reference';
import { testSize } from '../testing/test-size';
import { deviation, linearRegression, mean, pearson, sum, summarize, variance } from './index';

const engines = useReferenceEngines('statistics at the edges of the double range');
const EPS = 2 ** -52;
const MAX = Number.MAX_VALUE;

async function forEachEngine(check: (engine: ReferenceEngine) => Promise<void>): Promise<void> {
  expect(engines.length).toBeGreaterThan(0);
  for (const engine of engines) await check(engine);
}

/** PostgreSQL's exact NUMERIC aggregates of the values, each read back as the nearest double (Infinity past the range). */
async function exact(
  query: ReferenceEngine['query'],
  values: readonly number[],
): Promise<{ avg: number; sd: number; variance: number; sum: number }> {
  const [row] = await query<{ avg: string; sd: string; variance: string; sum: string }>(
    `SELECT avg(d)::text AS avg, stddev_samp(d)::text AS sd, var_samp(d)::text AS variance, sum(d)::text AS sum
       FROM unnest($1::numeric[]) AS t(d)`,
    [numericArray(values)],
  );
  return {
    avg: Number(row!.avg),
    sd: Number(row!.sd),
    variance: Number(row!.variance),
    sum: Number(row!.sum),
  };
}

const relativeError = (got: number | undefined, want: number) =>
  got === want ? 0 : Math.abs((got ?? Number.NaN) - want) / Math.abs(want);

describe('values near the top of the double range', () => {
  it('mean, deviation, variance and sum of the issue cases equal PostgreSQL NUMERIC avg, stddev_samp, var_samp and sum', async () => {
    const cases: number[][] = [
      [1e308, 1.5e308],
      [1e308, 1e308],
      [1e308, 1e308, -1e308],
      [-1.7e308, 1.7e308, 1e308],
      [MAX, MAX, MAX, -MAX],
    ];
    await forEachEngine(async ({ name, query }) => {
      for (const values of cases) {
        const want = await exact(query, values);
        const context = `${name}: [${values.join(', ')}]`;
        expect(relativeError(mean(values), want.avg), `${context} mean`).toBeLessThanOrEqual(2 * EPS);
        expect(relativeError(sum(values), want.sum), `${context} sum`).toBeLessThanOrEqual(2 * EPS);
        expect(relativeError(deviation(values), want.sd), `${context} deviation`).toBeLessThanOrEqual(
          4 * EPS,
        );
        // The exact variance of these lies past the double range: the nearest double is Infinity.
        expect(variance(values), `${context} variance`).toBe(want.variance);
        const s = summarize(values);
        expect(s.mean, `${context} summarize mean`).toBe(mean(values));
        expect(s.deviation, `${context} summarize deviation`).toBe(deviation(values));
      }
    });
  });

  it('summarize of random values in [1e307, 1.7e308] (small and in-place paths) matches NUMERIC avg and stddev_samp', async () => {
    const huge = fc.double({ min: 1e307, max: 1.7e308, noNaN: true });
    const signed = fc.tuple(huge, fc.boolean()).map(([v, negative]) => (negative ? -v : v));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.array(huge, { minLength: 2, maxLength: 300 }),
          fc.array(signed, { minLength: 2, maxLength: 300 }),
        ),
        fc.boolean(),
        async (values, large) => {
          // Above 8,192 values summarize reads the input in place (another code path).
          const input = large ? Array.from({ length: 9000 }, (_, i) => values[i % values.length]!) : values;
          const s = summarize(input);
          await forEachEngine(async ({ name, query }) => {
            const want = await exact(query, input);
            const context = `${name}, ${input.length} values`;
            expect(Number.isFinite(s.mean), context).toBe(true);
            expect(relativeError(s.mean, want.avg), `${context} mean`).toBeLessThanOrEqual(4 * EPS);
            expect(relativeError(mean(input), want.avg), `${context} mean()`).toBeLessThanOrEqual(4 * EPS);
            if (want.sd === 0) expect(s.deviation).toBe(0);
            else
              expect(relativeError(s.deviation, want.sd), `${context} deviation`).toBeLessThanOrEqual(1e-13);
          });
        },
      ),
      { numRuns: testSize(12, 'summarize near the top of the double range') },
    );
  });
});

describe('regression and correlation when x is large next to its spread', () => {
  /** regr_slope, regr_intercept, regr_r2 and corr in float8, and the slope and corr from exact NUMERIC sums. */
  async function reference(query: ReferenceEngine['query'], points: readonly (readonly [number, number])[]) {
    const [row] = await query<{
      slope: number | null;
      intercept: number | null;
      r2: number | null;
      corr: number | null;
      slope_exact: string | null;
      corr_exact: string | null;
    }>(
      `WITH t AS (SELECT * FROM unnest($1::float8[], $2::float8[], $3::numeric[], $4::numeric[]) AS t(x, y, dx, dy)),
            s AS (SELECT count(*)::numeric AS n, sum(dx) AS sx, sum(dy) AS sy, sum(dx * dx) AS sxx,
                         sum(dy * dy) AS syy, sum(dx * dy) AS sxy FROM t)
       SELECT (SELECT regr_slope(y, x) FROM t) AS slope, (SELECT regr_intercept(y, x) FROM t) AS intercept,
              (SELECT regr_r2(y, x) FROM t) AS r2, (SELECT corr(y, x) FROM t) AS corr,
              ((n * sxy - sx * sy) / nullif(n * sxx - sx * sx, 0))::text AS slope_exact,
              ((n * sxy - sx * sy) / nullif(sqrt((n * sxx - sx * sx) * (n * syy - sy * sy)), 0))::text AS corr_exact
         FROM s`,
      [
        `{${points.map((p) => p[0]).join(',')}}`,
        `{${points.map((p) => p[1]).join(',')}}`,
        numericArray(points.map((p) => p[0])),
        numericArray(points.map((p) => p[1])),
      ],
    );
    return row!;
  }

  it('the issue case [[1e15, 0], [1e15, 0], [1e15 + 0.125, 1]] has the exact slope 8, r² 1, and Pearson equal to corr', async () => {
    const points = [
      [1e15, 0],
      [1e15, 0],
      [1e15 + 0.125, 1],
    ] as const;
    const fit = linearRegression(points);
    await forEachEngine(async ({ name, query }) => {
      const want = await reference(query, points);
      // PostgreSQL's float8 regr_slope loses digits here; its NUMERIC sums give the exact 8.
      expect(fit?.slope, name).toBe(Number(want.slope_exact));
      expect(Math.abs(fit!.r2 - 1), name).toBeLessThanOrEqual(2 * EPS);
      expect(Math.abs(pearson(points)! - want.corr!), name).toBeLessThanOrEqual(2 * EPS);
      expect(Math.abs(pearson(points)! - Number(want.corr_exact)), name).toBeLessThanOrEqual(2 * EPS);
    });
  });

  it('on data shifted far from zero (epoch seconds plus microseconds, up to 1e15) slope and corr match PostgreSQL to 1e-12', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(1e6, 1.7e9, 1e12, 1e15),
        fc.double({ min: 1e-6, max: 1, noNaN: true }),
        fc.array(
          fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.double({ min: -100, max: 100, noNaN: true })),
          {
            minLength: 3,
            maxLength: 200,
          },
        ),
        async (offset, step, raw) => {
          // x = offset + k·step, with the step at least a few ulps of the offset so that x keeps its spread.
          const unit = Math.max(step, offset * 16 * EPS);
          const points = raw.map(([k, y]) => [offset + k * unit, y] as const);
          const fit = linearRegression(points);
          const r = pearson(points);
          await forEachEngine(async ({ name, query }) => {
            const want = await reference(query, points);
            if (want.slope_exact === null) {
              expect(fit, name).toBeUndefined();
              return;
            }
            const slopeExact = Number(want.slope_exact);
            const scale = Math.abs(slopeExact) + 1e-300;
            const context = `${name}: offset ${offset}, unit ${unit}, ${points.length} points`;
            expect(
              Math.abs(fit!.slope - slopeExact) / scale,
              `${context} slope vs exact`,
            ).toBeLessThanOrEqual(1e-12);
            // float8 regr_slope is itself off the exact slope on such data: allow its own error on top.
            const postgresError = Math.abs(want.slope! - slopeExact) / scale;
            expect(
              Math.abs(fit!.slope - want.slope!) / scale,
              `${context} slope vs regr_slope`,
            ).toBeLessThanOrEqual(1e-12 + postgresError);
            if (want.corr !== null && want.corr_exact !== null) {
              expect(Math.abs(r! - Number(want.corr_exact)), `${context} corr vs exact`).toBeLessThanOrEqual(
                1e-12,
              );
              const corrError = Math.abs(want.corr - Number(want.corr_exact));
              expect(Math.abs(r! - want.corr), `${context} corr vs corr()`).toBeLessThanOrEqual(
                1e-12 + corrError,
              );
            }
          });
        },
      ),
      { numRuns: testSize(60, 'regression on shifted data') },
    );
  });
});

describe('sample standard deviation on large duplicate-heavy sets', () => {
  it('is at least as accurate as PostgreSQL float8 stddev_samp against NUMERIC stddev_samp (n = 60,000)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.double({ min: 0.1, max: 10, noNaN: true }), { minLength: 2, maxLength: 6 }),
        fc.constantFrom(0, 100, 1e4),
        fc.integer({ min: 1 }),
        async (distinct, offset, seed) => {
          // Few distinct values, each repeated thousands of times, some far from zero next to their spread.
          let state = seed;
          const values = Array.from({ length: 60_000 }, () => {
            state = (Math.imul(state, 1103515245) + 12345) >>> 0;
            return offset + distinct[state % distinct.length]!;
          });
          const ours = deviation(values)!;
          const summary = summarize(values).deviation!;
          await forEachEngine(async ({ name, query }) => {
            const [row] = await query<{ sd: number; exact: string }>(
              `SELECT stddev_samp(x) AS sd, stddev_samp(d)::text AS exact
                 FROM unnest($1::float8[], $2::numeric[]) AS t(x, d)`,
              [`{${values.join(',')}}`, numericArray(values)],
            );
            const want = Number(row!.exact);
            if (want === 0) return;
            const postgres = relativeError(row!.sd, want);
            const bound = Math.max(postgres, 4 * EPS);
            expect(
              relativeError(ours, want),
              `${name}: deviation (PostgreSQL float8 ${postgres})`,
            ).toBeLessThanOrEqual(bound);
            expect(
              relativeError(summary, want),
              `${name}: summarize (PostgreSQL float8 ${postgres})`,
            ).toBeLessThanOrEqual(bound);
          });
        },
      ),
      { numRuns: testSize(3, 'duplicate-heavy standard deviations') },
    );
  });
});
