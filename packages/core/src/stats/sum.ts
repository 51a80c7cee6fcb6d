import { type Accessor, forEachValue, type MaybeNumber } from './values';

/** 2^-64: the factor a `NeumaierSum` applies to every value after a partial sum overflows. */
const RESCALE = 2 ** -64;

/**
 * Compensated (Kahan–Babuška–Neumaier) summation state: `add` values, then `value()` (or
 * `mean(n)`). The rounding error of every addition is carried in a second accumulator, so the
 * result is as accurate as summing in twice the precision (e.g. `[1e100, 1, -1e100]` sums to 1).
 *
 * Near the top of the double range a partial sum can overflow although the total does not
 * (`1e308 + 1e308 − 1e308`): when an addition of finite values overflows, the state is divided by
 * 2^64 (exact for such large numbers) and every later value too, so the sum goes on in scaled
 * units; `value()` scales back, and is ±Infinity only when the exact total lies outside the double
 * range. Values below about 1e-289 that arrive after such an overflow are lost in the scaled
 * units (they are below 2^-1022 relative to the 1e308 that overflowed). An infinite or NaN value
 * makes the sum infinite or NaN by IEEE 754 rules.
 */
export class NeumaierSum {
  /** Running (rounded) sum, in units of `unit`. */
  private s = 0;
  /** Accumulated rounding errors, in units of `unit`. */
  private c = 0;
  /** What one unit of `s` and `c` is worth: 1, or 2^64k after k overflows. */
  private unit = 1;
  /** 1 / unit, the factor applied to added values. */
  private factor = 1;

  /** Adds one value. */
  add(value: number): void {
    const x = value * this.factor;
    const t = this.s + x;
    if (!Number.isFinite(t) && Number.isFinite(this.s) && Number.isFinite(x)) {
      // Finite + finite overflowed: continue in units 2^64 times larger.
      this.unit /= RESCALE;
      this.factor *= RESCALE;
      this.s *= RESCALE;
      this.c *= RESCALE;
      this.add(value);
      return;
    }
    if (Math.abs(this.s) >= Math.abs(x)) this.c += this.s - t + x;
    else this.c += x - t + this.s;
    this.s = t;
  }

  /** The compensated sum; infinite or NaN when the plain sum is (IEEE 754 rules, no false finite result). */
  value(): number {
    const total = Number.isFinite(this.s) ? this.s + this.c : this.s;
    return this.unit === 1 ? total : total * this.unit;
  }

  /** The compensated sum divided by `n` (a mean), finite whenever the mean of finite values is. */
  mean(n: number): number {
    const total = Number.isFinite(this.s) ? this.s + this.c : this.s;
    return this.unit === 1 ? total / n : (total / n) * this.unit;
  }
}

/**
 * Sum of the values with Neumaier compensated summation (missing values skipped).
 * The sum of no values is 0 (the empty sum), as in d3-array; use `count` to tell "no data" apart.
 */
export function sum(values: Iterable<MaybeNumber>): number;
export function sum<T>(values: Iterable<T>, valueof: Accessor<T>): number;
export function sum<T>(values: Iterable<T>, valueof?: Accessor<T>): number {
  const acc = new NeumaierSum();
  forEachValue('sum', values, valueof, (v) => acc.add(v));
  return acc.value();
}
