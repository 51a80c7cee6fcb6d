import { NeumaierSum } from './sum';
import { type Accessor, forEachValue, type MaybeNumber } from './values';

/**
 * Arithmetic mean: the compensated sum (see `sum`) divided by the count of values that are
 * not missing; `undefined` when there is none. Same definition as PostgreSQL `avg`. Finite for
 * any finite values, even when their sum overflows (`mean([1e308, 1e308])` is 1e308; see `NeumaierSum`).
 */
export function mean(values: Iterable<MaybeNumber>): number | undefined;
export function mean<T>(values: Iterable<T>, valueof: Accessor<T>): number | undefined;
export function mean<T>(values: Iterable<T>, valueof?: Accessor<T>): number | undefined {
  const acc = new NeumaierSum();
  let n = 0;
  forEachValue('mean', values, valueof, (v) => {
    acc.add(v);
    n++;
  });
  return n === 0 ? undefined : acc.mean(n);
}
