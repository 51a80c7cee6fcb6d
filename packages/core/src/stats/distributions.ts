/**
 * Distribution functions needed by the confidence intervals and the trend test: log-gamma,
 * the regularized incomplete gamma and beta functions and their inverses, and the normal,
 * Student t and chi-square quantiles built on them. Algorithms: Lanczos log-gamma; series and
 * Lentz continued fractions for the incomplete functions; Halley iterations for the inverses
 * (Numerical Recipes 3rd ed. §6.2, §6.4, §6.14); Wichura's AS 241 for the normal quantile,
 * polished by one Newton step. Relative accuracy is about 1e-13 or better for the arguments
 * these statistics use (checked in `distributions.test.ts` against closed forms and tables).
 */
import { describeValue } from './values';

const EPSILON = 1e-15;
const TINY = 1e-300;
const MAX_ITERATIONS = 100_000;

const LANCZOS = [
  0.9999999999998099, 676.5203681218851, -1259.1392167224028, 771.3234287776531, -176.6150291621406,
  12.507343278686905, -0.13857109526572012, 0.000009984369578019572, 1.5056327351493116e-7,
];

/** Natural logarithm of the gamma function, ln Γ(x), for x > 0 (Lanczos, g = 7). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

function positive(fn: string, field: string, value: number): void {
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
    throw new RangeError(
      `${fn}: ${field} is ${describeValue(value)}; expected a finite number greater than 0`,
    );
  }
}

function probability(fn: string, p: number): void {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
    throw new RangeError(`${fn}: p is ${describeValue(p)}; expected a number between 0 and 1 inclusive`);
  }
}

/** ln of the common prefactor x^a e^−x / Γ(a) of the incomplete gamma functions. */
function gammaPrefactor(a: number, x: number): number {
  return Math.exp(-x + a * Math.log(x) - logGamma(a));
}

/** P(a, x) by its power series (converges fast for x < a + 1). */
function gammaSeries(a: number, x: number): number {
  let ap = a;
  let del = 1 / a;
  let total = del;
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    ap += 1;
    del *= x / ap;
    total += del;
    if (Math.abs(del) < Math.abs(total) * EPSILON) break;
  }
  return total * gammaPrefactor(a, x);
}

/** Q(a, x) by its continued fraction, modified Lentz (converges fast for x ≥ a + 1). */
function gammaFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPSILON) break;
  }
  return gammaPrefactor(a, x) * h;
}

/** Regularized lower incomplete gamma function P(a, x) = γ(a, x)/Γ(a), for a > 0, x ≥ 0. */
export function regularizedGammaP(a: number, x: number): number {
  positive('regularizedGammaP', 'a', a);
  if (!(x > 0)) return 0;
  if (x === Number.POSITIVE_INFINITY) return 1;
  return x < a + 1 ? gammaSeries(a, x) : 1 - gammaFraction(a, x);
}

/** Regularized upper incomplete gamma function Q(a, x) = 1 − P(a, x), accurate in the upper tail. */
export function regularizedGammaQ(a: number, x: number): number {
  positive('regularizedGammaQ', 'a', a);
  if (!(x > 0)) return 1;
  if (x === Number.POSITIVE_INFINITY) return 0;
  return x < a + 1 ? 1 - gammaSeries(a, x) : gammaFraction(a, x);
}

/**
 * The x with P(a, x) = p (the quantile of the Gamma(shape a, scale 1) distribution), for
 * 0 ≤ p ≤ 1. When `upper` is true, solves Q(a, x) = p instead, which keeps full precision for
 * upper-tail probabilities (e.g. 0.025 in the upper tail rather than 0.975 in the lower).
 */
export function gammaQuantile(p: number, a: number, upper = false): number {
  probability('gammaQuantile', p);
  positive('gammaQuantile', 'a (shape)', a);
  const lowerP = upper ? 1 - p : p;
  if ((upper && p === 1) || (!upper && p === 0)) return 0;
  if ((upper && p === 0) || (!upper && p === 1)) return Number.POSITIVE_INFINITY;
  const a1 = a - 1;
  const gln = logGamma(a);
  let x: number;
  let lna1 = 0;
  let afac = 0;
  if (a > 1) {
    lna1 = Math.log(a1);
    afac = Math.exp(a1 * (lna1 - 1) - gln);
    const pp = lowerP < 0.5 ? lowerP : upper ? p : 1 - lowerP;
    const t = Math.sqrt(-2 * Math.log(pp));
    let z = (2.30753 + t * 0.27061) / (1 + t * (0.99229 + t * 0.04481)) - t;
    if (lowerP < 0.5) z = -z;
    x = Math.max(1e-3, a * (1 - 1 / (9 * a) - z / (3 * Math.sqrt(a))) ** 3);
  } else {
    const t = 1 - a * (0.253 + a * 0.12);
    if (lowerP < t) x = (lowerP / t) ** (1 / a);
    else x = 1 - Math.log(1 - (lowerP - t) / (1 - t));
  }
  // Halley iterations; the error is measured in whichever tail is small, to keep its digits.
  const useUpper = lowerP > 0.5;
  const target = useUpper ? (upper ? p : 1 - p) : lowerP;
  for (let j = 0; j < 100; j++) {
    if (x <= 0) return 0;
    const err = useUpper
      ? target - (x < a + 1 ? 1 - gammaSeries(a, x) : gammaFraction(a, x))
      : (x < a + 1 ? gammaSeries(a, x) : 1 - gammaFraction(a, x)) - target;
    const density =
      a > 1 ? afac * Math.exp(-(x - a1) + a1 * (Math.log(x) - lna1)) : Math.exp(-x + a1 * Math.log(x) - gln);
    if (density === 0) break;
    const u = err / density;
    const step = u / (1 - 0.5 * Math.min(1, u * (a1 / x - 1)));
    x -= step;
    if (x <= 0) x = 0.5 * (x + step);
    if (Math.abs(step) <= 1e-15 * x) break;
  }
  return x;
}

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < MAX_ITERATIONS; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPSILON) break;
  }
  return h;
}

/**
 * ln Γ(a + b) − ln Γ(a) without the cancellation of two large log-gammas: for a ≥ 100 by
 * Stirling's series written with log1p, otherwise directly.
 */
function logGammaDifference(a: number, b: number): number {
  if (a < 100) return logGamma(a + b) - logGamma(a);
  const stirlingTail = (x: number) => {
    const inv = 1 / x;
    const inv2 = inv * inv;
    return inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 / 1680)));
  };
  return (a - 0.5) * Math.log1p(b / a) + b * Math.log(a + b) - b + stirlingTail(a + b) - stirlingTail(a);
}

/** ln of Γ(a+b) / (Γ(a) Γ(b)), accurate when one of a, b is large. */
function logBetaNormalizer(a: number, b: number): number {
  return a >= b ? logGammaDifference(a, b) - logGamma(b) : logGammaDifference(b, a) - logGamma(a);
}

/**
 * I_x(a, b) given x, y = 1 − x, ln x and ln y, so that callers who know these
 * more precisely than by rounding x (x near 1) keep the digits.
 */
function incompleteBeta(x: number, y: number, a: number, b: number, lnX: number, lnY: number): number {
  if (!(x > 0)) return 0;
  if (!(y > 0)) return 1;
  const front = Math.exp(logBetaNormalizer(a, b) + a * lnX + b * lnY);
  if (x < (a + 1) / (a + b + 2)) return (front * betaFraction(a, b, x)) / a;
  return 1 - (front * betaFraction(b, a, y)) / b;
}

/** Regularized incomplete beta function I_x(a, b), for a, b > 0 and 0 ≤ x ≤ 1. */
export function regularizedBeta(x: number, a: number, b: number): number {
  positive('regularizedBeta', 'a', a);
  positive('regularizedBeta', 'b', b);
  if (!(x > 0)) return 0;
  if (x >= 1) return 1;
  return incompleteBeta(x, 1 - x, a, b, Math.log(x), Math.log1p(-x));
}

/** The x in [0, 1] with I_x(a, b) = p: the quantile of the Beta(a, b) distribution (Halley iterations). */
export function inverseRegularizedBeta(p: number, a: number, b: number): number {
  probability('inverseRegularizedBeta', p);
  positive('inverseRegularizedBeta', 'a', a);
  positive('inverseRegularizedBeta', 'b', b);
  if (p === 0) return 0;
  if (p === 1) return 1;
  const a1 = a - 1;
  const b1 = b - 1;
  let x: number;
  if (a >= 1 && b >= 1) {
    const pp = p < 0.5 ? p : 1 - p;
    const t = Math.sqrt(-2 * Math.log(pp));
    let z = (2.30753 + t * 0.27061) / (1 + t * (0.99229 + t * 0.04481)) - t;
    if (p < 0.5) z = -z;
    const al = (z * z - 3) / 6;
    const h = 2 / (1 / (2 * a - 1) + 1 / (2 * b - 1));
    const w = (z * Math.sqrt(al + h)) / h - (1 / (2 * b - 1) - 1 / (2 * a - 1)) * (al + 5 / 6 - 2 / (3 * h));
    x = a / (a + b * Math.exp(2 * w));
  } else {
    const lna = Math.log(a / (a + b));
    const lnb = Math.log(b / (a + b));
    const t = Math.exp(a * lna) / a;
    const u = Math.exp(b * lnb) / b;
    const w = t + u;
    if (p < t / w) x = (a * w * p) ** (1 / a);
    else x = 1 - (b * w * (1 - p)) ** (1 / b);
  }
  const afac = logBetaNormalizer(a, b);
  // In the far tails the leading terms I ≈ x^a / (a·B(a, b)) and 1 − I ≈ (1 − x)^b / (b·B(a, b)) are the better start.
  const tailGuess =
    p < 0.5 ? Math.exp((Math.log(p * a) - afac) / a) : -Math.expm1((Math.log((1 - p) * b) - afac) / b);
  if (tailGuess > 0 && tailGuess < 1) {
    const residual = (guess: number) => Math.abs(Math.log(regularizedBeta(guess, a, b) / p));
    if (residual(tailGuess) < residual(x)) x = tailGuess;
  }
  for (let j = 0; j < 100; j++) {
    if (x === 0 || x === 1) return x;
    const err = regularizedBeta(x, a, b) - p;
    const density = Math.exp(a1 * Math.log(x) + b1 * Math.log1p(-x) + afac);
    if (density === 0 || !Number.isFinite(density)) break;
    const u = err / density;
    const step = u / (1 - 0.5 * Math.min(1, u * (a1 / x - b1 / (1 - x))));
    x -= step;
    if (x <= 0) x = 0.5 * (x + step);
    if (x >= 1) x = 0.5 * (x + step + 1);
    if (Math.abs(step) <= 1e-15 * x && j > 0) break;
  }
  return x;
}

/** Standard normal cumulative distribution Φ(z), via erfc(x) = Q(½, x²) (accurate in both tails). */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  const x = z / Math.SQRT2;
  if (x === 0) return 0.5;
  const half = 0.5 * regularizedGammaQ(0.5, x * x);
  return x > 0 ? 1 - half : half;
}

/** Upper tail of the standard normal, 1 − Φ(z), without cancellation for large z. */
export function normalSurvival(z: number): number {
  return normalCdf(-z);
}

function polynomial(coefficients: readonly number[], x: number): number {
  let result = 0;
  for (let i = coefficients.length - 1; i >= 0; i--) result = result * x + coefficients[i]!;
  return result;
}

const AS241_A = [
  3.3871328727963665, 133.14166789178438, 1971.5909503065513, 13731.69376550946, 45921.95393154987,
  67265.7709270087, 33430.57558358813, 2509.0809287301227,
];
const AS241_B = [
  1, 42.31333070160091, 687.1870074920579, 5394.196021424751, 21213.794301586597, 39307.89580009271,
  28729.085735721943, 5226.495278852854,
];
const AS241_C = [
  1.4234371107496835, 4.630337846156546, 5.769497221460691, 3.6478483247632045, 1.2704582524523684,
  0.2417807251774506, 0.022723844989269184, 0.0007745450142783414,
];
const AS241_D = [
  1, 2.053191626637759, 1.6763848301838038, 0.6897673349851, 0.14810397642748008, 0.015198666563616457,
  0.0005475938084995345, 1.0507500716444169e-9,
];
const AS241_E = [
  6.657904643501103, 5.463784911164114, 1.7848265399172913, 0.29656057182850487, 0.026532189526576124,
  0.0012426609473880784, 0.000027115555687434876, 2.0103343992922881e-7,
];
const AS241_F = [
  1, 0.599832206555888, 0.1369298809227358, 0.014875361290850615, 0.0007868691311456133,
  0.000018463183175100548, 1.421511758316446e-7, 2.0442631033899397e-15,
];

/** Standard normal quantile Φ⁻¹(p) for 0 ≤ p ≤ 1 (Wichura AS 241, then one Newton step). */
export function normalQuantile(p: number): number {
  probability('normalQuantile', p);
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  const q = p - 0.5;
  let z: number;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    z = (q * polynomial(AS241_A, r)) / polynomial(AS241_B, r);
  } else {
    let r = q < 0 ? p : 1 - p;
    r = Math.sqrt(-Math.log(r));
    if (r <= 5) {
      r -= 1.6;
      z = polynomial(AS241_C, r) / polynomial(AS241_D, r);
    } else {
      r -= 5;
      z = polynomial(AS241_E, r) / polynomial(AS241_F, r);
    }
    if (q < 0) z = -z;
  }
  // One Newton step on the tail that is small, so that both tails keep their relative accuracy.
  const density = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
  if (density > 0) {
    const err = p < 0.5 ? normalCdf(z) - p : 1 - p - normalCdf(-z);
    z -= p < 0.5 ? err / density : -err / density;
  }
  return z;
}

/** Cumulative distribution of Student's t with `df` > 0 degrees of freedom, P(T ≤ t). */
export function studentTCdf(t: number, df: number): number {
  positive('studentTCdf', 'df', df);
  if (Number.isNaN(t)) return Number.NaN;
  if (t === 0) return 0.5;
  const tail = studentTTail(Math.abs(t), df);
  return t > 0 ? 1 - tail : tail;
}

/**
 * P(T > t) for t ≥ 0: ½·I_x(df/2, ½) with x = df/(df+t²); 1 − x = t²/(df+t²), ln x = −log1p(t²/df)
 * and ln(1−x) = −log1p(df/t²) are computed directly rather than from the rounded x.
 */
function studentTTail(t: number, df: number): number {
  if (t === Number.POSITIVE_INFINITY) return 0;
  const t2 = t * t;
  const x = df / (df + t2);
  return 0.5 * incompleteBeta(x, t2 / (df + t2), df / 2, 0.5, -Math.log1p(t2 / df), -Math.log1p(df / t2));
}

/**
 * Quantile of Student's t distribution with `df` > 0 degrees of freedom: the t with
 * P(T ≤ t) = p. Inverts the incomplete beta function, then polishes with Newton steps on the
 * CDF. E.g. `studentTQuantile(0.975, 10)` = 2.2281388519862744. Results are memoised by (p, df).
 */
export function studentTQuantile(p: number, df: number): number {
  probability('studentTQuantile', p);
  positive('studentTQuantile', 'df', df);
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (p === 0.5) return 0;
  let byDf = T_QUANTILES.get(p);
  const cached = byDf?.get(df);
  if (cached !== undefined) return cached;
  const t = solveStudentT(p, df);
  if (byDf === undefined && T_QUANTILES.size < T_CACHE_LIMIT) {
    byDf = new Map();
    T_QUANTILES.set(p, byDf);
  }
  if (byDf !== undefined && byDf.size < T_CACHE_LIMIT) byDf.set(df, t);
  return t;
}

/**
 * Memo of `studentTQuantile` by p then df (a pure function; interval code asks for the same few
 * levels and small df over and over, and each solve costs microseconds). At most
 * `T_CACHE_LIMIT` levels × `T_CACHE_LIMIT` df values are kept.
 */
const T_QUANTILES = new Map<number, Map<number, number>>();
const T_CACHE_LIMIT = 1024;

/** Student t quantile for 0 < p < 1, p ≠ 0.5, checked arguments: inverse incomplete beta, then Newton steps. */
function solveStudentT(p: number, df: number): number {
  const tail = p < 0.5 ? p : 1 - p;
  let t: number;
  if (2 * tail < 0.5) {
    const x = inverseRegularizedBeta(2 * tail, df / 2, 0.5);
    t = Math.sqrt((df * (1 - x)) / x);
  } else {
    const y = inverseRegularizedBeta(1 - 2 * tail, 0.5, df / 2);
    t = Math.sqrt((df * y) / (1 - y));
  }
  // Newton steps on the tail probability (its derivative is minus the density).
  const logNorm = logGammaDifference(df / 2, 0.5) - 0.5 * Math.log(df * Math.PI);
  for (let i = 0; i < 50 && Number.isFinite(t); i++) {
    const density = Math.exp(logNorm - ((df + 1) / 2) * Math.log1p((t * t) / df));
    if (!(density > 0)) break;
    const step = (studentTTail(t, df) - tail) / density;
    t += step;
    if (t < 0) t = 0;
    if (Math.abs(step) <= 1e-15 * t) break;
  }
  return p < 0.5 ? -t : t;
}

/** Quantile of the chi-square distribution with `df` > 0 degrees of freedom (2 × Gamma(df/2) quantile). */
export function chiSquareQuantile(p: number, df: number, upper = false): number {
  positive('chiSquareQuantile', 'df', df);
  return 2 * gammaQuantile(p, df / 2, upper);
}
