import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  chiSquareQuantile,
  gammaQuantile,
  inverseRegularizedBeta,
  logGamma,
  normalCdf,
  normalQuantile,
  normalSurvival,
  regularizedBeta,
  regularizedGammaP,
  regularizedGammaQ,
  studentTCdf,
  studentTQuantile,
} from './index';

const relativeError = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('Student t quantile', () => {
  // R 4.x qt(), which tabulates to 15 digits; the NIST/SEMATECH e-Handbook table 1.3.6.7.2 agrees to its 3 decimals.
  it.each([
    [0.975, 1, 12.7062047361747],
    [0.975, 2, 4.30265272974946],
    [0.975, 5, 2.57058183563631],
    [0.975, 10, 2.22813885198627],
    [0.975, 30, 2.04227245630124],
    [0.975, 100, 1.98397151852355],
  ])('P(T ≤ t) = %d with %d degrees of freedom gives %d', (p, df, expected) => {
    expect(relativeError(studentTQuantile(p, df), expected)).toBeLessThan(1e-13);
    expect(relativeError(studentTQuantile(1 - p, df), -expected)).toBeLessThan(1e-13);
  });

  const p = fc.double({ min: 1e-9, max: 1 - 1e-9, noNaN: true });
  it('matches the closed forms for 1, 2 and 4 degrees of freedom', () => {
    fc.assert(
      fc.property(p, (q) => {
        const cauchy = q < 0.5 ? -1 / Math.tan(Math.PI * q) : 1 / Math.tan(Math.PI * (1 - q));
        const two = (2 * q - 1) / Math.sqrt(2 * q * (1 - q));
        const alpha = 4 * q * (1 - q);
        const four =
          Math.sign(q - 0.5) *
          2 *
          Math.sqrt(Math.cos(Math.acos(Math.sqrt(alpha)) / 3) / Math.sqrt(alpha) - 1);
        const close = (a: number, b: number) => Math.abs(a - b) <= 1e-11 * Math.max(1, Math.abs(b));
        return (
          close(studentTQuantile(q, 1), cauchy) &&
          close(studentTQuantile(q, 2), two) &&
          close(studentTQuantile(q, 4), four)
        );
      }),
    );
  });

  it('matches the closed-form CDF for 3 degrees of freedom', () => {
    // F(t) = 1/2 + (1/π)·(u/(1+u²) + atan u) with u = t/√3
    const cdf3 = (t: number) => {
      const u = t / Math.sqrt(3);
      return 0.5 + (u / (1 + u * u) + Math.atan(u)) / Math.PI;
    };
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1 - 1e-6, noNaN: true }), (q) => {
        const t = studentTQuantile(q, 3);
        return Math.abs(cdf3(t) - q) <= 1e-13 && Math.abs(studentTCdf(t, 3) - q) <= 1e-14;
      }),
    );
  });

  it('inverts its CDF for any degrees of freedom up to 10,000', () => {
    fc.assert(
      fc.property(p, fc.double({ min: 0.5, max: 1e4, noNaN: true }), (q, df) => {
        const back = studentTCdf(studentTQuantile(q, df), df);
        return Math.abs(back - q) <= 1e-11 * Math.min(q, 1 - q);
      }),
    );
  });

  it('follows the Cornish–Fisher expansion around the normal quantile for 10^5 to 10^7 degrees of freedom', () => {
    // t_p(ν) = z + (z³ + z)/(4ν) + (5z⁵ + 16z³ + 3z)/(96ν²) + O(ν⁻³)
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        fc.double({ min: 1e5, max: 1e7, noNaN: true }),
        (q, df) => {
          const z = normalQuantile(q);
          const expected = z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df * df);
          return Math.abs(studentTQuantile(q, df) - expected) <= 1e-9 * Math.max(1, Math.abs(z));
        },
      ),
    );
  });

  it('rejects a bad probability or degrees of freedom with the field named', () => {
    expect(() => studentTQuantile(1.2, 3)).toThrow(
      'studentTQuantile: p is 1.2; expected a number between 0 and 1',
    );
    expect(() => studentTQuantile(0.5, 0)).toThrow(
      'studentTQuantile: df is 0; expected a finite number greater than 0',
    );
  });
});

describe('normal distribution', () => {
  it.each([
    [0.975, 1.959963984540054],
    [0.995, 2.5758293035489004],
    [0.9, 1.2815515655446004],
    [1e-10, -6.361340902404056],
    [0.5, 0],
  ])('Φ⁻¹(%d) = %d', (p, z) => {
    expect(Math.abs(normalQuantile(p) - z)).toBeLessThanOrEqual(2e-15 * Math.max(1, Math.abs(z)));
  });

  it('has accurate tails: Φ(1.96), Φ(−3) and 1 − Φ(10)', () => {
    expect(relativeError(normalCdf(1.96), 0.9750021048517795)).toBeLessThan(1e-15);
    expect(relativeError(normalCdf(-3), 0.0013498980316300946)).toBeLessThan(1e-13);
    expect(relativeError(normalSurvival(10), 7.619853024160527e-24)).toBeLessThan(1e-12);
  });

  it('round-trips Φ(Φ⁻¹(p)) = p in both tails, to 1e-13 times the condition number z²', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-300, max: 0.5, noNaN: true }), (q) => {
        const z = normalQuantile(q);
        const tolerance = 1e-13 * Math.max(1, z * z);
        return relativeError(normalCdf(z), q) < tolerance && relativeError(normalSurvival(-z), q) < tolerance;
      }),
    );
  });

  it('is symmetric: Φ⁻¹(1 − p) = −Φ⁻¹(p)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-12, max: 0.5, noNaN: true }), (q) => {
        return (
          relativeError(normalCdf(normalQuantile(q)), q) < 1e-13 &&
          relativeError(normalSurvival(normalQuantile(1 - q)), 1 - (1 - q)) < 1e-13
        );
      }),
    );
  });
});

describe('gamma, beta and chi-square', () => {
  it('gives ln Γ exactly at integers and half-integers', () => {
    expect(relativeError(logGamma(10), Math.log(362880))).toBeLessThan(1e-14);
    expect(relativeError(logGamma(0.5), 0.5 * Math.log(Math.PI))).toBeLessThan(1e-14);
    expect(relativeError(logGamma(101), 363.73937555556347)).toBeLessThan(1e-14);
  });

  /** Poisson CDF summed term by term: P(X ≤ k) for X ~ Poisson(λ) equals Q(k + 1, λ). */
  const poissonCdf = (k: number, lambda: number) => {
    let term = Math.exp(-lambda);
    let total = term;
    for (let i = 1; i <= k; i++) {
      term *= lambda / i;
      total += term;
    }
    return total;
  };

  it('matches the Poisson sums for whole shapes (P(k+1, λ) = 1 − P(X ≤ k))', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.double({ min: 0.01, max: 80, noNaN: true }),
        (k, lambda) => {
          const q = regularizedGammaQ(k + 1, lambda);
          return (
            Math.abs(q - poissonCdf(k, lambda)) < 1e-13 &&
            Math.abs(regularizedGammaP(k + 1, lambda) + q - 1) < 1e-15
          );
        },
      ),
    );
  });

  it('inverts the gamma function in both tails', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-6, max: 1 - 1e-6, noNaN: true }),
        fc.double({ min: 0.05, max: 5000, noNaN: true }),
        (p, a) => {
          const lower = gammaQuantile(p, a);
          const upper = gammaQuantile(p, a, true);
          return (
            relativeError(regularizedGammaP(a, lower), p) < 1e-10 &&
            relativeError(regularizedGammaQ(a, upper), p) < 1e-10
          );
        },
      ),
    );
  });

  it('has the closed-form chi-square quantile for 2 degrees of freedom, −2 ln(1 − p)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-9, max: 1 - 1e-9, noNaN: true }),
        (p) => relativeError(chiSquareQuantile(p, 2), -2 * Math.log1p(-p)) < 1e-12,
      ),
    );
    // Table value: χ²(0.95; 10) = 18.307038053275146
    expect(relativeError(chiSquareQuantile(0.95, 10), 18.307038053275146)).toBeLessThan(1e-13);
  });

  it('matches the binomial sum for the incomplete beta function and inverts it', () => {
    // I_x(k, n−k+1) = P(Binomial(n, x) ≥ k)
    const binomialTail = (n: number, k: number, x: number) => {
      let total = 0;
      let coefficient = 1;
      for (let i = 0; i <= n; i++) {
        if (i > 0) coefficient = (coefficient * (n - i + 1)) / i;
        if (i >= k) total += coefficient * x ** i * (1 - x) ** (n - i);
      }
      return total;
    };
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 29 }),
        fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        (n, j, x) => {
          const k = 1 + (j % n);
          const value = regularizedBeta(x, k, n - k + 1);
          const back = inverseRegularizedBeta(value, k, n - k + 1);
          return (
            Math.abs(value - binomialTail(n, k, x)) < 1e-12 &&
            Math.abs(regularizedBeta(back, k, n - k + 1) - value) <= 1e-13 * Math.max(value, 1e-300)
          );
        },
      ),
    );
  });
});
