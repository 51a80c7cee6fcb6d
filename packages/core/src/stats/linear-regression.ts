import { type Accessor, collectPairs } from './values';
import { meanOf } from './variance';

/** A fitted least-squares line `y = intercept + slope · x`. */
export interface LinearRegression {
  /** Change in y per unit of x (PostgreSQL `regr_slope(y, x)`). */
  readonly slope: number;
  /** y at x = 0 (PostgreSQL `regr_intercept(y, x)`). */
  readonly intercept: number;
  /** Coefficient of determination R² in [0, 1] (PostgreSQL `regr_r2(y, x)`); 1 when all y are equal. */
  readonly r2: number;
  /** Number of (x, y) pairs used. */
  readonly count: number;
}

/**
 * Ordinary least-squares fit of y on x: `slope = Σ(x−x̄)(y−ȳ) / Σ(x−x̄)²`,
 * `intercept = ȳ − slope·x̄` (centred two-pass sums, the same definitions as PostgreSQL
 * `regr_slope` / `regr_intercept` / `regr_r2`). Data are `[x, y]` pairs, or any datum with
 * `x` and `y` accessors; a pair with either side missing is skipped. `undefined` for fewer
 * than two pairs or when all x are equal (the slope is undefined), as PostgreSQL returns NULL.
 *
 * @example linearRegression([[0, 1], [1, 3], [2, 5]]) // { slope: 2, intercept: 1, r2: 1, count: 3 }
 */
export function linearRegression(
  points: Iterable<readonly [number | null | undefined, number | null | undefined]>,
): LinearRegression | undefined;
export function linearRegression<T>(
  data: Iterable<T>,
  x: Accessor<T>,
  y: Accessor<T>,
): LinearRegression | undefined;
export function linearRegression<T>(
  data: Iterable<T>,
  x?: Accessor<T>,
  y?: Accessor<T>,
): LinearRegression | undefined {
  return fit('linearRegression', data, x, y);
}

function fit<T>(
  fn: string,
  data: Iterable<T>,
  x?: Accessor<T>,
  y?: Accessor<T>,
): LinearRegression | undefined {
  const { xs, ys } = collectPairs(fn, data, x, y);
  const n = xs.length;
  if (n < 2) return undefined;
  const mx = meanOf(xs);
  const my = meanOf(ys);
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  if (!(sxx > 0)) return undefined;
  const slope = sxy / sxx;
  const r2 = syy > 0 ? Math.min(1, (sxy * sxy) / (sxx * syy)) : 1;
  return { slope, intercept: my - slope * mx, r2, count: n };
}

/** Least-squares slope of y on x (see `linearRegression`); `undefined` when it is undefined. */
export function slope(
  points: Iterable<readonly [number | null | undefined, number | null | undefined]>,
): number | undefined;
export function slope<T>(data: Iterable<T>, x: Accessor<T>, y: Accessor<T>): number | undefined;
export function slope<T>(data: Iterable<T>, x?: Accessor<T>, y?: Accessor<T>): number | undefined {
  return fit('slope', data, x, y)?.slope;
}
