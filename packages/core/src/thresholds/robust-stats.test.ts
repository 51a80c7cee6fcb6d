import { PGlite } from '@electric-sql/pglite';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mannKendall, median } from '../stats';
import { testSize } from '../testing/test-size';
import { reweightedScale, robustScale } from './robust-stats';

let pg: PGlite;
beforeAll(async () => {
  pg = await PGlite.create();
}, 60_000);
afterAll(async () => {
  await pg.close();
});

// Values with ties on purpose: small integers and a few halves.
const arbValues = fc.array(
  fc.oneof(
    fc.integer({ min: -20, max: 20 }),
    fc.integer({ min: -40, max: 40 }).map((x) => x / 2),
  ),
  { minLength: 4, maxLength: 40 },
);

describe('robustScale', () => {
  it('falls back to the mean absolute deviation when the MAD is 0', () => {
    // 4 of 5 equal: MAD = 0, mean absolute deviation = 10 / 5 = 2, scaled by 1.253314.
    expect(robustScale([1, 1, 1, 1, 11], 1)).toBeCloseTo(1.253314 * 2, 10);
    expect(robustScale([3, 3, 3], 3)).toBe(0);
  });
});

describe('reweightedScale', () => {
  it('equals the same estimator written in SQL: rms deviation within 3 MAD-sds over the truncated-normal sd', async () => {
    const samples = fc.sample(
      fc.array(
        fc.integer({ min: -5000, max: 5000 }).map((x) => x / 100),
        { minLength: 5, maxLength: 60 },
      ),
      { numRuns: testSize(40), seed: 3 },
    );
    for (const xs of samples) {
      const { rows } = await pg.query<{ s: number | null; s0: number }>(
        `WITH v AS (SELECT unnest($1::float8[]) AS x),
              m AS (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) AS med FROM v),
              d AS (SELECT 1.4826 * percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(x - m.med)) AS s0 FROM v, m)
         SELECT d.s0,
                sqrt(avg((x - m.med) ^ 2) FILTER (WHERE abs(x - m.med) <= 3 * d.s0))
                  / sqrt(1 - 6 * exp(-4.5) / sqrt(2 * pi()) / erf(3 / sqrt(2))) AS s
         FROM v, m, d GROUP BY d.s0`,
        [xs],
      );
      const ref = rows[0]!;
      if (!(ref.s0 > 0)) continue; // the mean-absolute-deviation fallback is tested below
      expect(reweightedScale(xs, median(xs)!)).toBeCloseTo(ref.s!, 9);
    }
  });

  it('ignores an outlier the way the MAD does', () => {
    const base = [9, 10, 11, 10, 9, 11, 10, 10, 9, 11];
    expect(reweightedScale([...base, 1000], 10)).toBeCloseTo(reweightedScale([...base, 10], 10), 0);
  });
});

describe('mannKendall of stats/ (what the trend condition relies on)', () => {
  it('matches S, the tie-corrected variance and the two-sided p-value computed by PostgreSQL', async () => {
    const samples = fc.sample(arbValues, { numRuns: testSize(60), seed: 5 });
    for (const xs of samples) {
      const { rows } = await pg.query<{ s: number; var_s: number; p: number }>(
        `WITH v AS (SELECT x, i FROM unnest($1::float8[]) WITH ORDINALITY AS t(x, i)),
              s AS (SELECT coalesce(sum(sign(b.x - a.x)), 0)::float8 AS s FROM v a JOIN v b ON a.i < b.i),
              ties AS (SELECT coalesce(sum(t * (t - 1) * (2 * t + 5)), 0)::float8 AS tt
                       FROM (SELECT count(*)::float8 AS t FROM v GROUP BY x) g),
              n AS (SELECT count(*)::float8 AS n FROM v),
              var AS (SELECT (n * (n - 1) * (2 * n + 5) - tt) / 18 AS var_s FROM n, ties)
         SELECT s.s, var.var_s,
                CASE WHEN s.s = 0 THEN 1.0
                     ELSE erfc(abs((s.s - sign(s.s)) / sqrt(var.var_s)) / sqrt(2)) END AS p
         FROM s, var`,
        [xs],
      );
      const ref = rows[0]!;
      const mk = mannKendall(xs)!;
      expect(mk.s).toBe(ref.s);
      expect(mk.variance).toBeCloseTo(ref.var_s, 9);
      expect(Math.abs(mk.pValue - ref.p)).toBeLessThan(1e-6);
    }
  });

  it('finds a clean increasing series significant and a constant one not', () => {
    const up = mannKendall([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])!;
    expect(up.s).toBe(45);
    expect(up.pValue).toBeLessThan(0.001);
    const flat = mannKendall([2, 2, 2, 2, 2])!;
    expect(flat.s).toBe(0);
    expect(flat.pValue).toBe(1);
  });
});
