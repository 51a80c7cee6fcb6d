import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  deviation,
  mannKendall,
  mean,
  meanConfidenceInterval,
  poissonInterval,
  studentTQuantile,
  wilsonInterval,
} from './index';

describe('meanConfidenceInterval', () => {
  it('is mean ± t(0.975, n−1)·s/√n, with t from the closed form for 4 degrees of freedom (n = 5)', () => {
    // ν = 4: t = 2·√(cos(arccos(√α)/3)/√α − 1) with α = 4p(1−p) (Student's t quantile, closed form).
    const alpha = 4 * 0.975 * 0.025;
    const t = 2 * Math.sqrt(Math.cos(Math.acos(Math.sqrt(alpha)) / 3) / Math.sqrt(alpha) - 1);
    expect(t).toBeCloseTo(2.7764451051977987, 12);
    const values = [12.1, 11.8, 12.5, 12.0, 11.6];
    const ci = meanConfidenceInterval(values)!;
    const margin = (t * deviation(values)!) / Math.sqrt(5);
    expect(ci.estimate).toBe(mean(values));
    expect(ci.lower).toBeCloseTo(mean(values)! - margin, 13);
    expect(ci.upper).toBeCloseTo(mean(values)! + margin, 13);
    expect(ci.confidence).toBe(0.95);
  });

  it('widens with the confidence level and is undefined below two values', () => {
    const values = [1, 2, 3, 4];
    const ci90 = meanConfidenceInterval(values, { confidence: 0.9 })!;
    const ci99 = meanConfidenceInterval(values, { confidence: 0.99 })!;
    expect(ci99.upper - ci99.lower).toBeGreaterThan(ci90.upper - ci90.lower);
    expect((ci99.upper - ci99.lower) / 2).toBeCloseTo(
      (studentTQuantile(0.995, 3) * deviation(values)!) / 2,
      12,
    );
    expect(meanConfidenceInterval([5])).toBeUndefined();
    expect(meanConfidenceInterval([5, 5])).toEqual({ lower: 5, upper: 5, estimate: 5, confidence: 0.95 });
    expect(() => meanConfidenceInterval(values, { confidence: 95 })).toThrow(
      'meanConfidenceInterval: options.confidence is 95; expected a number strictly between 0 and 1 (e.g. 0.95)',
    );
  });

  it('keeps tiny (subnormal) and huge values: deviations are rescaled before squaring', () => {
    expect(deviation([0, 2e-323])).toBe(1.5e-323);
    expect(deviation([1e-160, 3e-160])).toBeCloseTo(Math.SQRT2 * 1e-160, 170);
    expect(deviation([-1e300, 1e300])).toBeCloseTo(Math.SQRT2 * 1e300, -286);
  });
});

describe('wilsonInterval', () => {
  // Newcombe (1998), "Two-sided confidence intervals for the single proportion", Table I, method 3 (score).
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%i of %i gives [%d, %d] (Newcombe 1998)', (k, n, lower, upper) => {
    const ci = wilsonInterval(k, n)!;
    expect(ci.lower).toBeCloseTo(lower, 4);
    expect(ci.upper).toBeCloseTo(upper, 4);
    expect(ci.estimate).toBe(k / n);
  });

  it('is the closed form (p̂ + z²/2n ± z√(p̂(1−p̂)/n + z²/4n²))/(1 + z²/n) and stays in [0, 1]', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, share) => {
          const k = Math.round(share * n);
          const ci = wilsonInterval(k, n)!;
          const z = 1.959963984540054;
          const p = k / n;
          const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
          const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
          return (
            Math.abs(ci.lower - Math.max(0, centre - half)) < 1e-12 &&
            Math.abs(ci.upper - Math.min(1, centre + half)) < 1e-12 &&
            ci.lower >= 0 &&
            ci.upper <= 1 &&
            ci.lower <= p &&
            p <= ci.upper
          );
        },
      ),
    );
  });

  it('rejects impossible counts with the field named, and is undefined for zero trials', () => {
    expect(wilsonInterval(0, 0)).toBeUndefined();
    expect(() => wilsonInterval(5, 3)).toThrow(
      'wilsonInterval: successes is 5 but trials is 3; successes cannot exceed trials',
    );
    expect(() => wilsonInterval(1.5, 3)).toThrow(
      'wilsonInterval: successes is 1.5; expected a whole number ≥ 0',
    );
    expect(() => wilsonInterval(1, -3)).toThrow('wilsonInterval: trials is -3');
  });
});

describe('poissonInterval (exact Garwood)', () => {
  /** P(X ≤ k) for X ~ Poisson(λ), summed term by term — independent of the gamma code. */
  const poissonCdf = (k: number, lambda: number) => {
    let term = Math.exp(-lambda);
    let total = term;
    for (let i = 1; i <= k; i++) {
      term *= lambda / i;
      total += term;
    }
    return total;
  };

  it('puts α/2 in each tail by definition: P(X ≥ k | lower) = P(X ≤ k | upper) = 0.025', () => {
    for (const k of [1, 2, 5, 10, 37, 100, 500]) {
      const ci = poissonInterval(k);
      expect(Math.abs(poissonCdf(k, ci.upper) - 0.025)).toBeLessThan(1e-12);
      expect(Math.abs(1 - poissonCdf(k - 1, ci.lower) - 0.025)).toBeLessThan(1e-12);
    }
  });

  it('matches the published table (e.g. Ulm 1990): 0 → [0, 3.689], 1 → [0.0253, 5.572], 10 → [4.795, 18.390]', () => {
    expect(poissonInterval(0)).toMatchObject({ lower: 0, estimate: 0 });
    expect(poissonInterval(0).upper).toBeCloseTo(-Math.log(0.025), 12);
    expect(poissonInterval(1).lower).toBeCloseTo(0.0253, 4);
    expect(poissonInterval(1).upper).toBeCloseTo(5.5716, 4);
    expect(poissonInterval(10).lower).toBeCloseTo(4.7954, 4);
    expect(poissonInterval(10).upper).toBeCloseTo(18.3904, 4);
  });

  it('divides by the exposure to give a rate, and rejects bad input with the field named', () => {
    const perYear = poissonInterval(10, { exposure: 12 });
    expect(perYear.estimate).toBeCloseTo(10 / 12, 15);
    expect(perYear.upper).toBeCloseTo(poissonInterval(10).upper / 12, 13);
    expect(() => poissonInterval(-1)).toThrow('poissonInterval: count is -1; expected a whole number ≥ 0');
    expect(() => poissonInterval(3, { exposure: 0 })).toThrow('poissonInterval: options.exposure is 0');
  });
});

describe('mannKendall', () => {
  it('finds a monotone trend, its direction and Sen’s slope', () => {
    const rising = mannKendall([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])!;
    expect(rising).toMatchObject({
      count: 10,
      s: 45,
      variance: 125,
      tau: 1,
      senSlope: 1,
      trend: 'increasing',
    });
    expect(rising.z).toBeCloseTo(44 / Math.sqrt(125), 14);
    const falling = mannKendall([9, 8, 8, 6, 5, 3, 2, 2, 1, 0])!;
    expect(falling.trend).toBe('decreasing');
    expect(falling.s).toBeLessThan(0);
  });

  it('reports no trend for noise or a flat series, and needs three values', () => {
    expect(mannKendall([5, 3, 6, 2, 7, 4, 5, 3, 6, 4])!.trend).toBe('none');
    expect(mannKendall([4, 4, 4, 4])).toMatchObject({ s: 0, z: 0, pValue: 1, trend: 'none' });
    expect(mannKendall([1, 2])).toBeUndefined();
  });

  it('keeps the position of skipped values for Sen’s slope (per step of the original series)', () => {
    expect(mannKendall([0, null, 2, null, 4, 5, 6])!.senSlope).toBe(1);
  });

  it('rejects a bad alpha and series too long to compare pairwise', () => {
    expect(() => mannKendall([1, 2, 3], { alpha: 2 })).toThrow('mannKendall: options.alpha is 2');
    expect(() => mannKendall(new Float64Array(5000))).toThrow(
      'mannKendall: the series has 5000 values; at most 4096',
    );
  });
});
