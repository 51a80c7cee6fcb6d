import { type Accessor, forEachValue, type MaybeNumber } from './values';

/** Largest value (missing values skipped); `undefined` when there is none. `-0` and `0` compare equal. */
export function max(values: Iterable<MaybeNumber>): number | undefined;
export function max<T>(values: Iterable<T>, valueof: Accessor<T>): number | undefined;
export function max<T>(values: Iterable<T>, valueof?: Accessor<T>): number | undefined {
  let result: number | undefined;
  forEachValue('max', values, valueof, (v) => {
    if (result === undefined || v > result) result = v;
  });
  return result;
}
