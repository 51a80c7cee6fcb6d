import { decimalLimit, roundDecimal } from '../decimal/decimal';

/** A numeric column's storage type and allowed range. */
export interface NumericColumnRange {
  /** Total significant digits of the DECIMAL, or `undefined` for INTEGER columns. */
  readonly precision?: number;
  /** Digits after the point (0 for INTEGER). */
  readonly scale: number;
  /** Smallest allowed value (after rounding). */
  readonly min: number;
  /** Largest allowed value (after rounding). */
  readonly max: number;
  /** SQL type, for messages. */
  readonly sqlType: string;
}

const decimal = (precision: number, scale: number, min?: number, max?: number): NumericColumnRange => {
  const limit = decimalLimit(precision, scale);
  return {
    precision,
    scale,
    min: min ?? -limit,
    max: max ?? limit,
    sqlType: `DECIMAL(${precision},${scale})`,
  };
};
const INT4_MAX = 2_147_483_647;

/**
 * Storage ranges of every numeric column the engine writes (`metric_calculations`, `metric_snapshots`,
 * `metric_relationships.weight`). A value outside its range never reaches the database: it becomes null.
 */
export const NUMERIC_COLUMN_RANGES = {
  metric_value: decimal(15, 4),
  previous_value: decimal(15, 4),
  target_value: decimal(15, 4),
  variance_from_target: decimal(15, 4),
  change_percentage: decimal(5, 2),
  data_quality_score: decimal(3, 2, 0, 1),
  percentile_rank: { scale: 0, min: 0, max: 100, sqlType: 'INTEGER (0..100)' },
  sample_size: { scale: 0, min: 0, max: INT4_MAX, sqlType: 'INTEGER (0..2147483647)' },
  min_value: decimal(15, 4),
  max_value: decimal(15, 4),
  avg_value: decimal(15, 4),
  std_deviation: decimal(15, 4),
  sample_count: { scale: 0, min: 0, max: INT4_MAX, sqlType: 'INTEGER (0..2147483647)' },
  percentile_25: decimal(15, 4),
  percentile_50: decimal(15, 4),
  percentile_75: decimal(15, 4),
  percentile_95: decimal(15, 4),
  year_over_year_change: decimal(5, 2),
  quarter_over_quarter_change: decimal(5, 2),
  month_over_month_change: decimal(5, 2),
  weight: decimal(5, 4),
} as const satisfies Record<string, NumericColumnRange>;

/** Name of a numeric column the engine writes. */
export type NumericColumn = keyof typeof NUMERIC_COLUMN_RANGES;

/** The outcome of fitting a value into a column: the value to store (or null) and, if nulled, why. */
export interface FittedValue {
  readonly value: number | null;
  /** Set when a present value had to be dropped: names the column, the value and what is allowed. */
  readonly problem: string | null;
}

/** The fit of an absent value (shared: `FittedValue` is read-only, and absent values are common). */
const ABSENT: FittedValue = Object.freeze({ value: null, problem: null });

/**
 * Fits a value into a column without ever throwing: rounds it to the column's scale exactly as
 * PostgreSQL would (half away from zero on the decimal form), and turns NaN, ±Infinity and
 * out-of-range values into `null` with a `problem` note. `null`/`undefined` pass through as null
 * with no problem (absent is not an error).
 */
export function fitColumn(column: NumericColumn, value: number | null | undefined): FittedValue {
  if (value === null || value === undefined) return ABSENT;
  const range: NumericColumnRange = NUMERIC_COLUMN_RANGES[column];
  if (typeof value !== 'number' || Number.isNaN(value)) {
    return { value: null, problem: `${column}: ${String(value)} is not a number; stored as null` };
  }
  if (!Number.isFinite(value)) {
    return { value: null, problem: `${column}: ${value} is not finite; stored as null` };
  }
  const rounded = roundDecimal(value, range.scale);
  if (rounded < range.min || rounded > range.max) {
    return {
      value: null,
      problem: `${column}: ${value} is outside ${range.sqlType} (allowed ${range.min} to ${range.max}); stored as null`,
    };
  }
  return { value: Object.is(rounded, -0) ? 0 : rounded, problem: null };
}
