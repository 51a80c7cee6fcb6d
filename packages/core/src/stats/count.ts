import { type Accessor, forEachValue, type MaybeNumber } from './values';

/** Number of values that are not missing (`null`, `undefined`, `NaN` are not counted); 0 for none. */
export function count(values: Iterable<MaybeNumber>): number;
export function count<T>(values: Iterable<T>, valueof: Accessor<T>): number;
export function count<T>(values: Iterable<T>, valueof?: Accessor<T>): number {
  let n = 0;
  forEachValue('count', values, valueof, () => {
    n++;
  });
  return n;
}
