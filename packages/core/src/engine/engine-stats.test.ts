import { PGlite } from '@electric-sql/pglite';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  averageRanks,
  leastSquaresSlope,
  mannKendallTest,
  normalUpperTail,
  pearsonCorrelation,
  poissonInterval95,
  spearmanCorrelation,
  studentTQuantile,
  wilsonInterval95,
} from './engine-stats';

let pg: PGlite;
beforeAll(async () => {
  pg = await PGlite.create();
}, 60_000);
afterAll(async () => {
  await pg.close();
});

const relErr = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe('distribution quantiles', () => {
  // Published two-sided 95% critical values of Student's t (e.g. NIST/SEMATECH e-Handbook, table 1.3.6.7.2).
  it.each([
    [1, 12.706204736],
    [2, 4.30265273],
    [5, 2.570581836],
    [10, 2.228138852],
    [30, 2.042272456],
    [100, 1.983971519],
  ])('gives the t quantile 0.975 with %i degrees of freedom', (df, expected) => {
    expect(relErr(studentTQuantile(0.975, df), expected)).toBeLessThan(1e-9);
  });

  it('gives the standard normal upper tail', () => {
    expect(relErr(normalUpperTail(1.959963984540054), 0.025)).toBeLessThan(1e-12);
    expect(relErr(normalUpperTail(3), 0.0013498980316301)).toBeLessThan(1e-12);
    expect(relErr(normalUpperTail(-1), 0.8413447460685429)).toBeLessThan(1e-13);
  });

  // Exact (Garwood) limits by their definition: at the upper limit U, P(X <= k | U) = 0.025; at the lower
  // limit L, P(X >= k | L) = 0.025. The Poisson CDF is summed term by term, independently of the gamma code.
  const poissonCdf = (lambda: number, k: number) => {
    let term = Math.exp(-lambda);
    let total = term;
    for (let i = 1; i <= k; i++) {
      term *= lambda / i;
      total += term;
    }
    return total;
  };
  it.each([1, 2, 5, 10, 37, 100])('gives the exact Poisson interval for a count of %i', (k) => {
    const ci = poissonInterval95(k);
    expect(Math.abs(poissonCdf(ci.upper, k) - 0.025)).toBeLessThan(1e-12);
    expect(Math.abs(1 - poissonCdf(ci.lower, k - 1) - 0.025)).toBeLessThan(1e-12);
  });

  it('gives [0, -ln 0.025] for a count of 0', () => {
    expect(poissonInterval95(0)).toEqual({ lower: 0, upper: expect.closeTo(-Math.log(0.025), 12) });
  });

  it('gives the Wilson interval of a proportion', () => {
    // Newcombe (1998), Stat. Med. 17:857, table I: 81/263 -> 0.2553 to 0.3662.
    const ci = wilsonInterval95(81, 263);
    expect(ci?.lower).toBeCloseTo(0.2553, 4);
    expect(ci?.upper).toBeCloseTo(0.3662, 4);
    expect(wilsonInterval95(0, 10)?.lower).toBe(0);
  });
});

const series = fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 3, maxLength: 40 });

describe('least squares and correlation against PostgreSQL', () => {
  it('matches regr_slope and regr_intercept', async () => {
    await fc.assert(
      fc.asyncProperty(series, async (ys) => {
        const xs = ys.map((_, i) => i * 1.5);
        const res = await pg.query<{ slope: number | null; intercept: number | null }>(
          'SELECT regr_slope(y, x) AS slope, regr_intercept(y, x) AS intercept FROM unnest($1::float8[], $2::float8[]) AS t(x, y)',
          [xs, ys],
        );
        const ours = leastSquaresSlope(xs, ys);
        const row = res.rows[0];
        expect(ours?.slope).toBeCloseTo(row?.slope as number, 9);
        expect(ours?.intercept).toBeCloseTo(row?.intercept as number, 7);
      }),
      { numRuns: 60 },
    );
  });

  it('matches corr() for Pearson, and corr() over average ranks for Spearman', async () => {
    await fc.assert(
      fc.asyncProperty(series, series, async (a, b) => {
        const n = Math.min(a.length, b.length);
        const xs = a.slice(0, n);
        const ys = b.slice(0, n);
        const res = await pg.query<{ pearson: number | null; spearman: number | null }>(
          `WITH t AS (SELECT x, y FROM unnest($1::float8[], $2::float8[]) AS t(x, y)),
                r AS (SELECT x, y,
                        rank() OVER (ORDER BY x) + (count(*) OVER (PARTITION BY x) - 1) / 2.0 AS rx,
                        rank() OVER (ORDER BY y) + (count(*) OVER (PARTITION BY y) - 1) / 2.0 AS ry
                      FROM t)
           SELECT corr(x, y) AS pearson, corr(rx::float8, ry::float8) AS spearman FROM r`,
          [xs, ys],
        );
        const row = res.rows[0];
        const pearson = pearsonCorrelation(xs, ys);
        const spearman = spearmanCorrelation(xs, ys);
        if (row?.pearson === null || row?.pearson === undefined) expect(pearson).toBeNull();
        else expect(pearson).toBeCloseTo(row.pearson, 12);
        if (row?.spearman === null || row?.spearman === undefined) expect(spearman).toBeNull();
        else expect(spearman).toBeCloseTo(row.spearman, 12);
      }),
      { numRuns: 60 },
    );
  });

  it('gives tied values their average rank', () => {
    expect(Array.from(averageRanks([10, 20, 10, 30]))).toEqual([1.5, 3, 1.5, 4]);
  });
});

describe('Mann-Kendall', () => {
  it('computes S as the sum of signs over all ordered pairs, like a PostgreSQL self-join', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 3, maxLength: 30 }),
        async (ys) => {
          const res = await pg.query<{ s: number }>(
            `WITH t AS (SELECT y, i FROM unnest($1::float8[]) WITH ORDINALITY AS t(y, i))
           SELECT coalesce(sum(sign(b.y - a.y)), 0)::int AS s FROM t a JOIN t b ON b.i > a.i`,
            [ys],
          );
          expect(mannKendallTest(ys)?.s).toBe(res.rows[0]?.s);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('finds a clean monotone series significant and a flat one not', () => {
    const up = mannKendallTest([1, 2, 3, 4, 5, 6, 7, 8]);
    // n = 8, S = 28, Var = 8*7*21/18 = 65.333, z = 27 / 8.0829 = 3.3404
    expect(up?.z).toBeCloseTo(27 / Math.sqrt((8 * 7 * 21) / 18), 12);
    expect(up?.p).toBeLessThan(0.001);
    expect(mannKendallTest([5, 5, 5, 5])?.p).toBe(1);
  });
});
