import { type Accessor, forEachValue, type MaybeNumber } from './values';

/**
 * Compensated (Kahan–Babuška–Neumaier) summation state: `add` values, then `value()`.
 * The rounding error of every addition is carried in a second accumulator, so the result
 * is as accurate as summing in twice the precision (e.g. `[1e100, 1, -1e100]` sums to 1).
 */
export class NeumaierSum {
  /** Running (rounded) sum. */
  private s = 0;
  /** Accumulated rounding errors. */
  private c = 0;

  /** Adds one value. */
  add(x: number): void {
    const t = this.s + x;
    if (Math.abs(this.s) >= Math.abs(x)) this.c += this.s - t + x;
    else this.c += x - t + this.s;
    this.s = t;
  }

  /** The compensated sum; infinite or NaN when the plain sum is (IEEE 754 rules, no false finite result). */
  value(): number {
    return Number.isFinite(this.s) ? this.s + this.c : this.s;
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
