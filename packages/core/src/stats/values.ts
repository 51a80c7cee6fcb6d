/**
 * The missing-data policy shared by every function in `stats`, and the helpers that apply it.
 *
 * Policy (the same as d3-array): `null`, `undefined` and `NaN` are missing and skipped;
 * every other number, including `-0`, `Infinity` and `-Infinity`, is data and follows
 * IEEE 754 arithmetic (so a mean over `Infinity` is `Infinity`, as in PostgreSQL's float8).
 * Anything else (a string, an object, a bigint) is a programming error and throws a
 * `TypeError` naming the function, the position and the value. A function that needs more
 * data than it got (a mean of nothing, a deviation of one value) returns `undefined`.
 */

/** A value as the statistics accept it: a number, or `null` / `undefined` / `NaN` for "missing". */
export type MaybeNumber = number | null | undefined;

/** Reads the number out of one datum, d3-style: `(d, i, data) => number | null | undefined`. */
export type Accessor<T> = (datum: T, index: number, data: Iterable<T>) => MaybeNumber;

/** Describes a value for an error message: `"12" (a string)`, `{} (an object)`. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return `${JSON.stringify(value)} (a string)`;
  if (typeof value === 'bigint') return `${value}n (a bigint)`;
  if (typeof value === 'number') return String(value);
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (value instanceof Date) return `${value.toString()} (a Date)`;
  if (typeof value === 'object') return `${Array.isArray(value) ? 'an array' : 'an object'}`;
  return `${String(value)} (a ${typeof value})`;
}

/** Throws the policy's `TypeError` for a datum that is neither a number nor missing. */
export function notANumber(fn: string, index: number, value: unknown): never {
  throw new TypeError(
    `${fn}: the value at index ${index} is ${describeValue(value)}; expected a number ` +
      '(null, undefined and NaN are skipped as missing)',
  );
}

/**
 * Applies the missing-data policy and returns the kept values in input order, as a new
 * Float64Array that the caller may reorder freely.
 */
export function collect<T>(fn: string, values: Iterable<T>, valueof?: Accessor<T>): Float64Array {
  const length = (values as { length?: unknown }).length;
  let out = new Float64Array(typeof length === 'number' && length >= 0 ? length : 1024);
  let n = 0;
  if (valueof === undefined && (Array.isArray(values) || ArrayBuffer.isView(values))) {
    const array = values as unknown as ArrayLike<unknown>;
    for (let i = 0; i < array.length; i++) {
      const v = array[i];
      if (typeof v === 'number') {
        if (!Number.isNaN(v)) out[n++] = v;
      } else if (v != null) notANumber(fn, i, v);
    }
    return out.subarray(0, n);
  }
  let i = -1;
  for (const d of values) {
    i++;
    const v = valueof === undefined ? (d as unknown) : valueof(d, i, values);
    if (typeof v === 'number') {
      if (Number.isNaN(v)) continue;
      if (n === out.length) {
        const grown = new Float64Array(out.length * 2);
        grown.set(out);
        out = grown;
      }
      out[n++] = v;
    } else if (v != null) notANumber(fn, i, v);
  }
  return out.subarray(0, n);
}

/** Calls `visit` with every kept value (policy applied), without allocating a copy. */
export function forEachValue<T>(
  fn: string,
  values: Iterable<T>,
  valueof: Accessor<T> | undefined,
  visit: (value: number) => void,
): void {
  if (valueof === undefined && (Array.isArray(values) || ArrayBuffer.isView(values))) {
    const array = values as unknown as ArrayLike<unknown>;
    for (let i = 0; i < array.length; i++) {
      const v = array[i];
      if (typeof v === 'number') {
        if (!Number.isNaN(v)) visit(v);
      } else if (v != null) notANumber(fn, i, v);
    }
    return;
  }
  let i = -1;
  for (const d of values) {
    i++;
    const v = valueof === undefined ? (d as unknown) : valueof(d, i, values);
    if (typeof v === 'number') {
      if (!Number.isNaN(v)) visit(v);
    } else if (v != null) notANumber(fn, i, v);
  }
}

/** Reads a pair of numbers per datum; the pair is skipped when either side is missing. */
export function collectPairs<T>(
  fn: string,
  data: Iterable<T>,
  x: Accessor<T> | undefined,
  y: Accessor<T> | undefined,
): { xs: Float64Array; ys: Float64Array } {
  const xsList: number[] = [];
  const ysList: number[] = [];
  let i = -1;
  for (const d of data) {
    i++;
    let xv: unknown;
    let yv: unknown;
    if (x === undefined || y === undefined) {
      if (!Array.isArray(d)) {
        throw new TypeError(
          `${fn}: the datum at index ${i} is ${describeValue(d)}; without x and y accessors each datum must be an [x, y] pair`,
        );
      }
      xv = x === undefined ? d[0] : x(d, i, data);
      yv = y === undefined ? d[1] : y(d, i, data);
    } else {
      xv = x(d, i, data);
      yv = y(d, i, data);
    }
    if (xv != null && typeof xv !== 'number') notANumber(`${fn} (x)`, i, xv);
    if (yv != null && typeof yv !== 'number') notANumber(`${fn} (y)`, i, yv);
    if (xv == null || yv == null || Number.isNaN(xv) || Number.isNaN(yv)) continue;
    xsList.push(xv as number);
    ysList.push(yv as number);
  }
  return { xs: Float64Array.from(xsList), ys: Float64Array.from(ysList) };
}

/** Throws a `RangeError` unless `p` is a number in [0, 1]. */
export function checkProbability(fn: string, field: string, p: unknown): number {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
    throw new RangeError(
      `${fn}: ${field} is ${describeValue(p)}; expected a number between 0 and 1 inclusive`,
    );
  }
  return p;
}

/** Throws a `RangeError` unless `confidence` is a number strictly between 0 and 1. */
export function checkConfidence(fn: string, confidence: unknown): number {
  if (typeof confidence !== 'number' || !(confidence > 0 && confidence < 1)) {
    throw new RangeError(
      `${fn}: options.confidence is ${describeValue(confidence)}; expected a number strictly between 0 and 1 (e.g. 0.95)`,
    );
  }
  return confidence;
}
