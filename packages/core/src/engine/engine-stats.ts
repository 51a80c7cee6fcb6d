/**
 * PRIVATE to engine/ (not exported from the barrel): the few statistics the engine needs that
 * `stats/` did not provide yet when the engine was written — Student-t, chi-square/gamma and normal
 * quantiles for confidence intervals, least-squares slope with its interval, Mann–Kendall, Pearson and
 * Spearman. Each is checked in `engine-stats.test.ts` against published values or PostgreSQL.
 * Inputs are plain finite numbers (the engine filters missing data before calling these).
 */

/** z for a two-sided 95% interval (the 0.975 quantile of the standard normal). */
export const Z_975 = 1.959963984540054;

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7; about 15 significant digits). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0] as number;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += (LANCZOS[i] as number) / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of the regularized incomplete beta (modified Lentz). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2)
    ? (front * betaContinuedFraction(x, a, b)) / a
    : 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

/** Student-t cumulative probability P(T ≤ t) with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** Bisection on a monotone increasing function: x with f(x) = target in [lo, hi]. */
function solveIncreasing(f: (x: number) => number, target: number, lo: number, hi: number): number {
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) < target) lo = mid;
    else hi = mid;
    if (hi - lo <= 1e-15 * Math.max(1, Math.abs(mid))) break;
  }
  return (lo + hi) / 2;
}

const T_975 = new Map<number, number>();

/** Quantile of Student's t (p in (0.5, 1)); `studentTQuantile(0.975, 10)` ≈ 2.228138852. Memoised for p = 0.975. */
export function studentTQuantile(p: number, df: number): number {
  if (p === 0.975) {
    let t = T_975.get(df);
    if (t === undefined) {
      t = solveStudentT(p, df);
      if (T_975.size < 10_000) T_975.set(df, t);
    }
    return t;
  }
  return solveStudentT(p, df);
}

function solveStudentT(p: number, df: number): number {
  let hi = 10;
  while (studentTCdf(hi, df) < p) hi *= 2;
  return solveIncreasing((t) => studentTCdf(t, df), p, 0, hi);
}

/** Regularized lower incomplete gamma P(a, x). */
export function incompleteGammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  const lnFront = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 1000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
    }
    return sum * Math.exp(lnFront);
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return 1 - Math.exp(lnFront) * h;
}

/** Quantile of the Gamma(shape, 1) distribution. */
export function gammaQuantile(p: number, shape: number): number {
  let hi = Math.max(1, shape * 2);
  while (incompleteGammaP(shape, hi) < p) hi *= 2;
  return solveIncreasing((x) => incompleteGammaP(shape, x), p, 0, hi);
}

/** Standard normal upper tail, via erfc (W. J. Cody's rational approximations, ~1e-15 relative). */
export function normalUpperTail(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

function erfc(x: number): number {
  // Numerical Recipes erfc via Chebyshev (fractional error < 1.2e-7 would be too coarse):
  // use the continued fraction for large x and the series of erf for small x.
  const ax = Math.abs(x);
  let result: number;
  if (ax < 2) {
    // erf series: 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1))
    let sum = ax;
    let term = ax;
    const x2 = ax * ax;
    for (let n = 1; n < 200; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    result = 1 - (2 / Math.sqrt(Math.PI)) * sum;
  } else {
    // Continued fraction (Lentz) for erfc(x) = exp(-x²)/sqrt(pi) * 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...))))
    const tiny = 1e-300;
    let f = ax;
    let c = ax;
    let d = 0;
    for (let i = 1; i < 500; i++) {
      const an = i / 2;
      d = ax + an * d;
      if (Math.abs(d) < tiny) d = tiny;
      c = ax + an / c;
      if (Math.abs(c) < tiny) c = tiny;
      d = 1 / d;
      const delta = c * d;
      f *= delta;
      if (Math.abs(delta - 1) < 1e-16) break;
    }
    result = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
  }
  return x >= 0 ? result : 2 - result;
}

/** Mean and sample variance by two passes (the second pass corrects the first's rounding). */
export function meanAndVariance(values: ArrayLike<number>): { mean: number; variance: number | null } {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i] as number;
  let mean = sum / n;
  let ss = 0;
  let correction = 0;
  for (let i = 0; i < n; i++) {
    const d = (values[i] as number) - mean;
    ss += d * d;
    correction += d;
  }
  mean += correction / n;
  return { mean, variance: n < 2 ? null : (ss - (correction * correction) / n) / (n - 1) };
}

/** 95% t-interval for a mean; null below 2 values. */
export function meanInterval95(values: ArrayLike<number>): { lower: number; upper: number } | null {
  const n = values.length;
  if (n < 2) return null;
  const { mean, variance } = meanAndVariance(values);
  if (variance === null) return null;
  const half = studentTQuantile(0.975, n - 1) * Math.sqrt(variance / n);
  return { lower: mean - half, upper: mean + half };
}

/** 95% Wilson score interval for a proportion k/n (as a fraction); null when n = 0. */
export function wilsonInterval95(k: number, n: number): { lower: number; upper: number } | null {
  if (!(n > 0)) return null;
  const z = Z_975;
  const p = k / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return { lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}

/** Exact (Garwood) 95% interval for a Poisson count k: [χ²(0.025; 2k)/2, χ²(0.975; 2k+2)/2]. */
export function poissonInterval95(k: number): { lower: number; upper: number } {
  return { lower: k === 0 ? 0 : gammaQuantile(0.025, k), upper: gammaQuantile(0.975, k + 1) };
}

/** Least-squares slope of y on x with its 95% t-interval (null below 3 points) — PostgreSQL's regr_slope. */
export function leastSquaresSlope(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
): { slope: number; intercept: number; interval: { lower: number; upper: number } | null } | null {
  const n = xs.length;
  if (n < 2) return null;
  const mx = meanAndVariance(xs).mean;
  const my = meanAndVariance(ys).mean;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - mx;
    sxx += dx * dx;
    sxy += dx * ((ys[i] as number) - my);
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  if (n < 3) return { slope, intercept, interval: null };
  let sse = 0;
  for (let i = 0; i < n; i++) {
    const r = (ys[i] as number) - (intercept + slope * (xs[i] as number));
    sse += r * r;
  }
  const half = studentTQuantile(0.975, n - 2) * Math.sqrt(sse / (n - 2) / sxx);
  return { slope, intercept, interval: { lower: slope - half, upper: slope + half } };
}

/** Mann–Kendall trend test (ties-corrected variance, continuity correction, two-sided normal p-value). */
export function mannKendallTest(values: ArrayLike<number>): { s: number; z: number; p: number } | null {
  const n = values.length;
  if (n < 3) return null;
  let s = 0;
  for (let i = 0; i < n - 1; i++) {
    const vi = values[i] as number;
    for (let j = i + 1; j < n; j++) {
      const d = (values[j] as number) - vi;
      s += d > 0 ? 1 : d < 0 ? -1 : 0;
    }
  }
  const sorted = Array.from(values).sort((a, b) => a - b);
  let tieTerm = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j < n && sorted[j] === sorted[i]) j++;
    const t = j - i;
    if (t > 1) tieTerm += t * (t - 1) * (2 * t + 5);
    i = j;
  }
  const variance = (n * (n - 1) * (2 * n + 5) - tieTerm) / 18;
  if (variance <= 0) return { s, z: 0, p: 1 };
  const z = s > 0 ? (s - 1) / Math.sqrt(variance) : s < 0 ? (s + 1) / Math.sqrt(variance) : 0;
  return { s, z, p: Math.min(1, 2 * normalUpperTail(Math.abs(z))) };
}

/** Pearson correlation (PostgreSQL's corr()); null below 2 pairs or with a constant series. */
export function pearsonCorrelation(xs: ArrayLike<number>, ys: ArrayLike<number>): number | null {
  const n = xs.length;
  if (n < 2) return null;
  const mx = meanAndVariance(xs).mean;
  const my = meanAndVariance(ys).mean;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - mx;
    const dy = (ys[i] as number) - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/** Ranks 1..n with ties given their average rank. */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (values[a] as number) - (values[b] as number),
  );
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j < n && values[order[j] as number] === values[order[i] as number]) j++;
    const rank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) ranks[order[k] as number] = rank;
    i = j;
  }
  return ranks;
}

/** Spearman rank correlation: Pearson over average ranks. */
export function spearmanCorrelation(xs: ArrayLike<number>, ys: ArrayLike<number>): number | null {
  return pearsonCorrelation(averageRanks(xs), averageRanks(ys));
}

/** Linear-interpolation quantile (Hyndman–Fan type 7, PostgreSQL percentile_cont) of sorted values. */
export function quantileOfSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  if (lo + 1 >= n) return a;
  const b = sorted[lo + 1] as number;
  return a + (h - lo) * (b - a);
}
