/**
 * The statistics checked against PostgreSQL's own aggregate functions on the same random data,
 * in embedded PGlite (PostgreSQL 18) and, when TEST_DATABASE_URL is set, a real PostgreSQL
 * server. Only SELECTs over `unnest` of bound parameters: nothing is created on the server.
 *
 * - `percentile_cont`, `percent_rank` (window and hypothetical-set), `min`, `max`, `count` and
 *   the percentile_cont-based Sen's slope use the same double arithmetic: they must be equal.
 * - `avg`, `sum`, `stddev_samp` are compared with PostgreSQL's NUMERIC versions fed the
 *   decimal text of every double (a reference exact to ~16+ digits), and with the float8
 *   versions, within bounds derived from double rounding (ε = 2⁻⁵²).
 * - `regr_slope`, `regr_intercept`, `corr` (Pearson, and Spearman as corr of average ranks).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numericArray } from '../testing/exact-decimal';
import { type ReferenceEngine, useReferenceEngines } from '../testing/pglite-reference';
import { testSize } from '../testing/test-size';
import {
  count,
  linearRegression,
  mannKendall,
  max,
  mean,
  min,
  pearson,
  percentRank,
  percentRanks,
  quantiles,
  spearman,
  sum,
  summarize,
} from './index';

const engines = useReferenceEngines('statistics');

const EPS = 2 ** -52;
/** Absolute floor of every tolerance: two of the smallest subnormal doubles (results in the subnormal range). */
const TINY = 2 * Number.MIN_VALUE;

/** -0 and +0 are the same number: compare numbers with ===, not Object.is. */
const plusZero = <T>(v: T): T => (v === 0 ? (0 as T) : v);

/** A PostgreSQL array literal of the values; null, undefined and NaN become NULL (our missing-data policy). */
function pgArray(values: readonly (number | null | undefined)[]): string {
  return `{${values.map((v) => (v == null || Number.isNaN(v) ? 'NULL' : Object.is(v, -0) ? '-0' : String(v))).join(',')}}`;
}

/**
 * A double of magnitude 1e(minExponent) to 1e(maxExponent+1) with a random 53-bit mantissa and
 * either sign. Metric values do not live in the subnormal range, where PostgreSQL's own float8
 * aggregates underflow or raise errors; tiny and huge magnitudes are tested in stats.test.ts.
 */
const real = (minExponent: number, maxExponent: number) =>
  fc
    .tuple(
      fc.double({ min: 1, max: 10, maxExcluded: true, noNaN: true }),
      fc.integer({ min: minExponent, max: maxExponent }),
      fc.boolean(),
    )
    .map(([m, e, negative]) => (negative ? -1 : 1) * m * 10 ** e);

/** Doubles of many magnitudes, zeros, small integers (ties), and missing values. */
const datum = fc.oneof(
  { weight: 5, arbitrary: real(-12, 8) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0) },
  { weight: 3, arbitrary: fc.integer({ min: -20, max: 20 }) },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined, Number.NaN) },
);
const sample = fc.array(datum, { maxLength: 120 });

async function forEachEngine(check: (engine: ReferenceEngine) => Promise<void>): Promise<void> {
  expect(engines.length).toBeGreaterThan(0);
  for (const engine of engines) await check(engine);
}

describe('summary statistics against PostgreSQL', () => {
  it('count, min, max and percentile_cont at 25/50/75/95 are identical; avg, sum and stddev_samp agree within rounding', async () => {
    await fc.assert(
      fc.asyncProperty(sample, async (values) => {
        const kept = values.filter((v): v is number => typeof v === 'number' && !Number.isNaN(v));
        const maxAbs = kept.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
        const s = summarize(values);
        await forEachEngine(async ({ name, query }) => {
          const [row] = await query<{
            n: number;
            min: number | null;
            max: number | null;
            avg: number | null;
            sd: number | null;
            ps: number[] | null;
            avg_exact: string | null;
            sd_exact: string | null;
            sum_exact: string | null;
          }>(
            `SELECT count(x)::int AS n, min(x) AS min, max(x) AS max, avg(x) AS avg, stddev_samp(x) AS sd,
                    percentile_cont(ARRAY[0.25, 0.5, 0.75, 0.95]::float8[]) WITHIN GROUP (ORDER BY x) AS ps,
                    avg(d)::text AS avg_exact, stddev_samp(d)::text AS sd_exact, sum(d)::text AS sum_exact
               FROM unnest($1::float8[], $2::numeric[]) AS t(x, d)`,
            [pgArray(values), numericArray(values)],
          );
          const context = `${name}, ${kept.length} values`;
          row!.min = plusZero(row!.min);
          row!.max = plusZero(row!.max);
          row!.ps = row!.ps?.map(plusZero) ?? null;
          expect(s.count, context).toBe(row!.n);
          expect(count(values)).toBe(row!.n);
          if (row!.n === 0) {
            expect(s.mean).toBeUndefined();
            expect(quantiles(values, [0.5])).toEqual([undefined]);
            return;
          }
          expect(plusZero(s.min), context).toBe(row!.min);
          expect(plusZero(s.max), context).toBe(row!.max);
          expect(plusZero(min(values))).toBe(row!.min);
          expect(plusZero(max(values))).toBe(row!.max);
          expect([s.p25, s.p50, s.p75, s.p95].map(plusZero), context).toEqual(row!.ps);
          expect(quantiles(values, [0.25, 0.5, 0.75, 0.95]).map(plusZero), context).toEqual(row!.ps);

          const avgExact = Number(row!.avg_exact);
          expect(Math.abs(s.mean! - avgExact), `${context}: mean vs avg(numeric)`).toBeLessThanOrEqual(
            4 * EPS * Math.abs(avgExact) + EPS * maxAbs + TINY,
          );
          expect(mean(values)).toBe(s.mean);
          expect(Math.abs(s.mean! - row!.avg!), `${context}: mean vs avg(float8)`).toBeLessThanOrEqual(
            (kept.length + 2) * EPS * maxAbs + TINY,
          );
          const sumExact = Number(row!.sum_exact);
          expect(Math.abs(sum(values) - sumExact), `${context}: sum vs sum(numeric)`).toBeLessThanOrEqual(
            2 * EPS * Math.abs(sumExact) + EPS * kept.length * maxAbs + TINY,
          );
          if (row!.n < 2) {
            expect(s.deviation).toBeUndefined();
            expect(row!.sd).toBeNull();
            return;
          }
          const sdExact = Number(row!.sd_exact);
          expect(
            Math.abs(s.deviation! - sdExact),
            `${context}: sd vs stddev_samp(numeric)`,
          ).toBeLessThanOrEqual(1e-13 * sdExact + 4 * EPS * maxAbs + TINY);
          expect(
            Math.abs(s.deviation! - row!.sd!),
            `${context}: sd vs stddev_samp(float8)`,
          ).toBeLessThanOrEqual(1e-12 * sdExact + (kept.length + 4) * EPS * maxAbs + TINY);
        });
      }),
      { numRuns: testSize(60) },
    );
  });

  /** xorshift32 in [0, 1): large inputs are generated from a seed that fast-check draws. */
  const uniform = (seed: number) => {
    let state = seed | 1;
    return () => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return (state >>> 0) / 4_294_967_296;
    };
  };
  /** Large data sets of different shapes: summarize reads more than 8,192 values in place and buckets them. */
  const largeKinds: [string, (random: () => number, i: number, n: number) => number | null | undefined][] = [
    ['log-normal amounts', (r) => Math.round(Math.exp(3 + 1.5 * (r() + r() + r() - 1.5)) * 100) / 100],
    ['many duplicates, -0 and 0', (r) => [0, -0, 1, -1, 2, -2, 3][Math.floor(r() * 7)]!],
    ['all equal', () => 7.25],
    ['all equal but a few', (r) => (r() < 0.002 ? Math.floor(r() * 100) - 50 : 42)],
    ['huge and tiny magnitudes', (r) => (r() < 0.5 ? -1 : 1) * (1 + r()) * 10 ** Math.floor(r() * 61 - 30)],
    ['large offset, small spread', (r) => 1e9 + Math.floor(r() * 1000) / 1000],
    ['sorted ascending', (r, i) => i * 0.5 + Math.floor(r() * 4)],
    ['sorted descending', (_, i, n) => (n - i) * 1.25],
    ['outliers beyond the sampled range', (r) => (r() < 0.003 ? (r() < 0.5 ? -1e12 : 1e12) : r() * 10)],
    [
      'missing values',
      (r) => {
        const u = r();
        return u < 0.04 ? null : u < 0.08 ? undefined : u < 0.12 ? Number.NaN : Math.round(r() * 1e6) / 100;
      },
    ],
  ];

  it.each(largeKinds)(
    'on more than 8,192 values (%s), as an array or a Float64Array, count, min, max and percentiles are identical and avg and stddev_samp agree',
    async (_, make) => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 8_193, max: 20_000 }),
          fc.integer(),
          fc.boolean(),
          async (n, seed, typed) => {
            const r = uniform(seed);
            const values = Array.from({ length: n }, (_, i) => make(r, i, n));
            const kept = values.filter((v): v is number => typeof v === 'number' && !Number.isNaN(v));
            const maxAbs = kept.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
            const s = summarize(typed ? Float64Array.from(values, (v) => v ?? Number.NaN) : values);
            await forEachEngine(async ({ name, query }) => {
              const [row] = await query<{
                n: number;
                min: number;
                max: number;
                ps: number[];
                avg_exact: string;
                sd_exact: string;
              }>(
                `SELECT count(x)::int AS n, min(x) AS min, max(x) AS max,
                        percentile_cont(ARRAY[0.25, 0.5, 0.75, 0.95]::float8[]) WITHIN GROUP (ORDER BY x) AS ps,
                        avg(d)::text AS avg_exact, stddev_samp(d)::text AS sd_exact
                   FROM unnest($1::float8[], $2::numeric[]) AS t(x, d)`,
                [pgArray(values), numericArray(values)],
              );
              const context = `${name}, ${kept.length} values, ${typed ? 'Float64Array' : 'array'}`;
              expect(s.count, context).toBe(row!.n);
              expect(plusZero(s.min), context).toBe(plusZero(row!.min));
              expect(plusZero(s.max), context).toBe(plusZero(row!.max));
              expect([s.p25, s.p50, s.p75, s.p95].map(plusZero), context).toEqual(row!.ps.map(plusZero));
              const avgExact = Number(row!.avg_exact);
              expect(Math.abs(s.mean! - avgExact), `${context}: mean`).toBeLessThanOrEqual(
                4 * EPS * Math.abs(avgExact) + EPS * maxAbs + TINY,
              );
              // Summing n squares in double rounds each partial sum: relative error at most about n·ε.
              const sdExact = Number(row!.sd_exact);
              expect(Math.abs(s.deviation! - sdExact), `${context}: sd`).toBeLessThanOrEqual(
                kept.length * EPS * sdExact + 4 * EPS * maxAbs + TINY,
              );
            });
          },
        ),
        { numRuns: testSize(2) },
      );
    },
    120_000,
  );

  it('percentile_cont at random fractions is identical', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(datum, { minLength: 1, maxLength: 200 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 20 }),
        async (values, ps) => {
          await forEachEngine(async ({ query }) => {
            const [row] = await query<{ ps: (number | null)[] | null }>(
              'SELECT percentile_cont($2::float8[]) WITHIN GROUP (ORDER BY x) AS ps FROM unnest($1::float8[]) AS t(x)',
              [pgArray(values), pgArray(ps)],
            );
            const expected = (row!.ps ?? ps.map(() => null)).map(plusZero);
            expect(quantiles(values, ps).map((v) => plusZero(v ?? null))).toEqual(expected);
          });
        },
      ),
      { numRuns: testSize(60) },
    );
  });
});

describe('percent ranks against PostgreSQL percent_rank', () => {
  it('matches the window function percent_rank() OVER (ORDER BY x) value by value', async () => {
    await fc.assert(
      fc.asyncProperty(sample, async (values) => {
        await forEachEngine(async ({ query }) => {
          const rows = await query<{ i: string | number; r: number }>(
            `SELECT i, percent_rank() OVER (ORDER BY x) AS r
               FROM unnest($1::float8[]) WITH ORDINALITY AS t(x, i) WHERE x IS NOT NULL ORDER BY i`,
            [pgArray(values)],
          );
          const expected: (number | undefined)[] = values.map(() => undefined);
          for (const { i, r } of rows) expected[Number(i) - 1] = r;
          expect(percentRanks(values)).toEqual(expected);
        });
      }),
      { numRuns: testSize(60) },
    );
  });

  it('matches the hypothetical-set aggregate percent_rank(v) WITHIN GROUP (ORDER BY x)', async () => {
    await fc.assert(
      fc.asyncProperty(
        sample,
        fc.oneof(datum.filter((v) => typeof v === 'number' && !Number.isNaN(v))),
        async (values, v) => {
          await forEachEngine(async ({ query }) => {
            const [row] = await query<{ r: number }>(
              'SELECT percent_rank($2::float8) WITHIN GROUP (ORDER BY x) AS r FROM unnest($1::float8[]) AS t(x) WHERE x IS NOT NULL',
              [pgArray(values), v],
            );
            expect(percentRank(values, v as number)).toBe(row!.r);
          });
        },
      ),
      { numRuns: testSize(60) },
    );
  });
});

describe('regression and correlation against PostgreSQL', () => {
  const pair = fc.tuple(
    fc.oneof(fc.integer({ min: 0, max: 1000 }), real(-6, 2)),
    fc.oneof(real(-6, 5), fc.integer({ min: -5, max: 5 })),
  );
  const points = fc.array(
    fc.oneof({ weight: 8, arbitrary: pair }, { weight: 1, arbitrary: fc.constant([null, 1] as const) }),
    {
      maxLength: 200,
    },
  );

  it('least-squares slope and intercept equal regr_slope / regr_intercept, Pearson equals corr, Spearman equals corr of average ranks', async () => {
    await fc.assert(
      fc.asyncProperty(points, async (data) => {
        const xs = data.map((p) => p[0]);
        const ys = data.map((p) => p[1]);
        const fit = linearRegression(data);
        const r = pearson(data);
        const rho = spearman(data);
        await forEachEngine(async ({ name, query }) => {
          const [row] = await query<{
            n: number;
            slope: number | null;
            intercept: number | null;
            corr: number | null;
            slope_exact: string | null;
            intercept_exact: string | null;
            corr_exact: string | null;
            scale: number | null;
            kappa: number | null;
            spearman: number | null;
          }>(
            `WITH t AS (SELECT x, y, xd, yd FROM unnest($1::float8[], $2::float8[], $3::numeric[], $4::numeric[]) AS t(x, y, xd, yd)
                         WHERE x IS NOT NULL AND y IS NOT NULL),
                  m AS (SELECT avg(xd) AS mx, avg(yd) AS my FROM t),
                  s AS (SELECT sum((xd - mx) * (yd - my)) AS sxy, sum((xd - mx) * (xd - mx)) AS sxx, sum((yd - my) * (yd - my)) AS syy,
                               sum(xd * xd) AS sxx0, max(mx) AS mx, max(my) AS my FROM t, m),
                  ranked AS (SELECT (rank() OVER (ORDER BY x) + count(*) OVER () + 1 - rank() OVER (ORDER BY x DESC)) / 2.0 AS rx,
                                    (rank() OVER (ORDER BY y) + count(*) OVER () + 1 - rank() OVER (ORDER BY y DESC)) / 2.0 AS ry
                               FROM t)
             SELECT (SELECT regr_count(y, x)::int FROM t) AS n, (SELECT regr_slope(y, x) FROM t) AS slope,
                    (SELECT regr_intercept(y, x) FROM t) AS intercept, (SELECT corr(y, x) FROM t) AS corr,
                    (sxy / NULLIF(sxx, 0))::text AS slope_exact,
                    (my - mx * sxy / NULLIF(sxx, 0))::text AS intercept_exact,
                    (sxy / NULLIF(sqrt(sxx * syy), 0))::text AS corr_exact,
                    (sqrt(syy / NULLIF(sxx, 0)))::float8 AS scale, (sxx0 / NULLIF(sxx, 0))::float8 AS kappa,
                    (SELECT corr(ry::float8, rx::float8) FROM ranked) AS spearman
               FROM s`,
            [pgArray(xs), pgArray(ys), numericArray(xs), numericArray(ys)],
          );
          const context = `${name}, ${row!.n} pairs`;
          if (row!.slope_exact === null) {
            expect(fit, context).toBeUndefined();
          } else {
            expect(fit!.count).toBe(row!.n);
            const slopeExact = Number(row!.slope_exact);
            // Error scale of a least-squares slope: ε·κ·(|b| + √(Syy/Sxx)), κ = Σx²/Σ(x−x̄)².
            const slopeScale = (Math.abs(slopeExact) + row!.scale!) * row!.kappa!;
            expect(Math.abs(fit!.slope - slopeExact), `${context}: slope vs numeric`).toBeLessThanOrEqual(
              1e-12 * slopeScale,
            );
            expect(Math.abs(fit!.slope - row!.slope!), `${context}: slope vs regr_slope`).toBeLessThanOrEqual(
              1e-10 * slopeScale,
            );
            const interceptExact = Number(row!.intercept_exact);
            const maxX = Math.max(...xs.map((x) => Math.abs(x ?? 0)));
            const maxY = Math.max(...ys.map((y) => Math.abs(y ?? 0)));
            const interceptScale = maxY + slopeScale * maxX;
            expect(
              Math.abs(fit!.intercept - interceptExact),
              `${context}: intercept vs numeric`,
            ).toBeLessThanOrEqual(1e-12 * interceptScale);
            expect(
              Math.abs(fit!.intercept - row!.intercept!),
              `${context}: intercept vs regr_intercept`,
            ).toBeLessThanOrEqual(1e-10 * interceptScale);
          }
          if (row!.corr_exact === null) {
            expect(r, context).toBeUndefined();
          } else {
            expect(
              Math.abs(r! - Number(row!.corr_exact)),
              `${context}: pearson vs numeric`,
            ).toBeLessThanOrEqual(1e-12 * row!.kappa!);
            expect(Math.abs(r! - row!.corr!), `${context}: pearson vs corr`).toBeLessThanOrEqual(
              1e-9 * row!.kappa!,
            );
          }
          if (row!.spearman === null) expect(rho, context).toBeUndefined();
          else
            expect(
              Math.abs(rho! - row!.spearman),
              `${context}: spearman vs corr of ranks`,
            ).toBeLessThanOrEqual(1e-12);
        });
      }),
      { numRuns: testSize(60) },
    );
  });
});

describe('Mann–Kendall against PostgreSQL', () => {
  it('S, the tie correction and Sen’s slope (percentile_cont of pairwise slopes) agree', async () => {
    const series = fc.array(
      fc.oneof(
        { weight: 4, arbitrary: real(-6, 5) },
        { weight: 4, arbitrary: fc.integer({ min: 0, max: 6 }) },
        { weight: 1, arbitrary: fc.constant(null) },
      ),
      { maxLength: 60 },
    );
    await fc.assert(
      fc.asyncProperty(series, async (values) => {
        const result = mannKendall(values);
        await forEachEngine(async ({ query }) => {
          const [row] = await query<{ n: number; s: number | null; sen: number | null; ties: number | null }>(
            `WITH t AS (SELECT i, x FROM unnest($1::float8[]) WITH ORDINALITY AS t(x, i) WHERE x IS NOT NULL),
                  p AS (SELECT sign(b.x - a.x) AS s, (b.x - a.x) / (b.i - a.i) AS slope FROM t a JOIN t b ON b.i > a.i),
                  g AS (SELECT count(*) AS c FROM t GROUP BY x)
             SELECT (SELECT count(*) FROM t)::int AS n, (SELECT sum(s) FROM p)::int AS s,
                    (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY slope) FROM p) AS sen,
                    (SELECT sum(c * (c - 1) * (2 * c + 5)) FROM g)::float8 AS ties`,
            [pgArray(values)],
          );
          if (row!.n < 3) {
            expect(result).toBeUndefined();
            return;
          }
          const n = row!.n;
          expect(result!.count).toBe(n);
          expect(result!.s).toBe(row!.s);
          expect(result!.variance).toBe((n * (n - 1) * (2 * n + 5) - row!.ties!) / 18);
          // === rather than Object.is: PostgreSQL may pick the pair giving -0 where we pick +0.
          expect(result!.senSlope === row!.sen, `Sen's slope ${result!.senSlope} vs ${row!.sen}`).toBe(true);
        });
      }),
      { numRuns: testSize(60) },
    );
  });
});
