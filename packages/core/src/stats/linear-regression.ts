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
 * `intercept = ȳ − slope·x̄` (corrected two-pass centred sums, see `centredSums`; the same
 * definitions as PostgreSQL `regr_slope` / `regr_intercept` / `regr_r2`, and accurate to about
 * 1e-12 relative even when x is large next to its spread, such as epoch seconds with microsecond
 * steps, where PostgreSQL's float8 `regr_slope` can lose most digits). Data are `[x, y]` pairs, or any datum with
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

/**
 * Centred sums of squares and products of deviations divided by their largest magnitude
 * (`scaleX`, `scaleY`), so that neither tiny values (squares underflowing) nor huge ones
 * (squares overflowing) lose the result; ratios of these sums are scale-free.
 *
 * Corrected two-pass sums (Chan, Golub & LeVeque 1983, as `variance`):
 * `Sxx = Σdx² − (Σdx)²/n`, `Syy = Σdy² − (Σdy)²/n`, `Sxy = Σdx·dy − Σdx·Σdy/n` with `dx = x − mx`.
 * When x is large next to its spread (epoch timestamps, 1e15 + 0.125) the rounded mean `mx` is
 * off by a share of the spread itself; the correction terms remove that error exactly, because
 * each `x − mx` is computed without rounding (Sterbenz) and the sums are shift-invariant.
 */
export function centredSums(
  xs: Float64Array,
  ys: Float64Array,
  mx: number,
  my: number,
): { sxx: number; syy: number; sxy: number; scaleX: number; scaleY: number } {
  let scaleX = 0;
  let scaleY = 0;
  for (let i = 0; i < xs.length; i++) {
    scaleX = Math.max(scaleX, Math.abs(xs[i]! - mx));
    scaleY = Math.max(scaleY, Math.abs(ys[i]! - my));
  }
  if (!(scaleX > 0)) scaleX = 1;
  if (!(scaleY > 0)) scaleY = 1;
  const n = xs.length;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i]! - mx) / scaleX;
    const dy = (ys[i]! - my) / scaleY;
    sx += dx;
    sy += dy;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  return {
    sxx: sxx - (sx * sx) / n,
    syy: syy - (sy * sy) / n,
    sxy: sxy - (sx * sy) / n,
    scaleX,
    scaleY,
  };
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
  const { sxx, syy, sxy, scaleX, scaleY } = centredSums(xs, ys, mx, my);
  if (!(sxx > 0)) return undefined;
  const slope = ((sxy / sxx) * scaleY) / scaleX;
  const r2 = syy > 0 ? Math.min(1, (sxy / sxx) * (sxy / syy)) : 1;
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
