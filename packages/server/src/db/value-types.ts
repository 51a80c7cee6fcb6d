/**
 * How PostgreSQL values cross the driver boundary, in one place and the same for `pg` and
 * PGlite:
 * - NUMERIC / DECIMAL -> JS number. Every DECIMAL column of the schema has at most 15
 *   significant digits, which a double represents exactly enough to round-trip at the column's
 *   scale (the shortest decimal that rounds to the double is the stored text).
 * - BIGINT (`count(*)`) -> JS number when it is a safe integer, otherwise an error.
 * - NUMRANGE -> {@link NumRange}; write one with {@link formatNumRange}.
 * - DATE -> the `'YYYY-MM-DD'` string as stored, never a `Date` shifted by the process time zone.
 * - TIMESTAMPTZ -> `Date` (the drivers' default).
 * - TEXT[] / UUID[] -> arrays (the drivers' default); JSONB -> parsed JSON (the drivers' default).
 */

import type { NumRange } from '@arion-metrics/core';

export type { NumRange };

/** PostgreSQL type OIDs that this module parses. */
export const TYPE_OIDS = {
  int8: 20,
  numeric: 1700,
  numericArray: 1231,
  date: 1082,
  dateArray: 1182,
  numrange: 3906,
} as const;

/** Parses NUMERIC text to a number (NaN text is refused: it never belongs in our data). */
export function parseNumeric(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value))
    throw new RangeError(`NUMERIC value ${JSON.stringify(text)} is not a finite number`);
  return value;
}

/** Parses BIGINT text to a number, refusing values beyond Number.MAX_SAFE_INTEGER. */
export function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`BIGINT value ${text} is outside the safe integer range of a JavaScript number`);
  }
  return value;
}

/** Keeps DATE text as it is: `'YYYY-MM-DD'`. */
export function parseDate(text: string): string {
  return text;
}

/** Parses a NUMRANGE literal such as `[1.5,2.5)`, `(,5]` or `empty`. */
export function parseNumRange(text: string): NumRange | null {
  if (text === 'empty') return null;
  const match = /^([[(])("?)([^,"]*)\2,("?)([^,"]*)\4([\])])$/.exec(text);
  if (!match) throw new SyntaxError(`Not a NUMRANGE literal: ${JSON.stringify(text)}`);
  const [, open, , lower, , upper, close] = match;
  return {
    lower: lower === '' || lower === undefined ? null : parseNumeric(lower),
    upper: upper === '' || upper === undefined ? null : parseNumeric(upper),
    lowerInclusive: open === '[',
    upperInclusive: close === ']',
  };
}

/** Formats a {@link NumRange} as a NUMRANGE literal for writing; bounds must be finite numbers or null. */
export function formatNumRange(range: NumRange): string {
  for (const [field, bound] of [
    ['lower', range.lower],
    ['upper', range.upper],
  ] as const) {
    if (bound !== null && !Number.isFinite(bound)) {
      throw new RangeError(`NUMRANGE ${field} bound must be a finite number or null, got ${String(bound)}`);
    }
  }
  if (range.lower !== null && range.upper !== null && range.lower > range.upper) {
    throw new RangeError(`NUMRANGE lower bound ${range.lower} is greater than upper bound ${range.upper}`);
  }
  return `${range.lowerInclusive ? '[' : '('}${range.lower ?? ''},${range.upper ?? ''}${range.upperInclusive ? ']' : ')'}`;
}

/** Parses the text form of a one-dimensional PostgreSQL array of simple (unquoted) elements. */
function parseSimpleArray<T>(text: string, parse: (element: string) => T): (T | null)[] {
  if (text === '{}') return [];
  return text
    .slice(1, -1)
    .split(',')
    .map((element) => (element === 'NULL' ? null : parse(element.replace(/^"|"$/g, ''))));
}

/** The parsers both engines install, keyed by type OID. */
export const VALUE_PARSERS: Readonly<Record<number, (text: string) => unknown>> = {
  [TYPE_OIDS.int8]: parseInt8,
  [TYPE_OIDS.numeric]: parseNumeric,
  [TYPE_OIDS.numericArray]: (text) => parseSimpleArray(text, parseNumeric),
  [TYPE_OIDS.date]: parseDate,
  [TYPE_OIDS.dateArray]: (text) => parseSimpleArray(text, parseDate),
  [TYPE_OIDS.numrange]: parseNumRange,
};
