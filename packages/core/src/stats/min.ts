import { type Accessor, forEachValue, type MaybeNumber } from './values';

/** Smallest value (missing values skipped); `undefined` when there is none. `-0` and `0` compare equal. */
export function min(values: Iterable<MaybeNumber>): number | undefined;
export function min<T>(values: Iterable<T>, valueof: Accessor<T>): number | undefined;
export function min<T>(values: Iterable<T>, valueof?: Accessor<T>): number | undefined {
  let result: number | undefined;
  forEachValue('min', values, valueof, (v) => {
    if (result === undefined || v < result) result = v;
  });
  return result;
}
