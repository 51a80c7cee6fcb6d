/**
 * Timestamps cross the wire as ISO 8601 strings (`2026-03-01T00:00:00.000Z`); the client gives
 * them back as `Date`, the type the store's rows have. A value is revived only when BOTH its key
 * names a timestamp column and the string is a complete timestamp with an offset, so a `DATE`
 * column (`'2026-03-01'`, kept as a string on purpose: no time zone shift) and free text that
 * happens to look like a date are left alone.
 */

/** Timestamp columns whose names do not end in `_at` (the rest all do). */
const TIMESTAMP_COLUMNS_WITHOUT_AT = new Set([
  'calculation_timestamp',
  'last_triggered',
  'period_start',
  'period_end',
]);

/** A full RFC 3339 timestamp: date, time, optional fraction, and `Z` or a numeric offset. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** True when `key` names a `TIMESTAMPTZ` column of the schema (or a wire field that holds one). */
export function isTimestampKey(key: string): boolean {
  return key.endsWith('_at') || TIMESTAMP_COLUMNS_WITHOUT_AT.has(key);
}

/**
 * A copy of `value` (parsed JSON) with every timestamp string under a timestamp key turned into a
 * `Date`. Arrays and objects are walked; nothing else is changed.
 */
export function reviveTimestamps(
  value: unknown,
  isTimestamp: (key: string) => boolean = isTimestampKey,
): unknown {
  if (Array.isArray(value)) return value.map((item) => reviveTimestamps(item, isTimestamp));
  if (value === null || typeof value !== 'object') return value;
  // fromEntries defines own properties, so a `__proto__` key stays data and never sets a prototype.
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      typeof item === 'string' && isTimestamp(key) && RFC3339.test(item) && !Number.isNaN(Date.parse(item))
        ? new Date(item)
        : reviveTimestamps(item, isTimestamp),
    ]),
  );
}
