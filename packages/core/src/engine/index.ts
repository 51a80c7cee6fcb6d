export type { FittedValue, NumericColumn, NumericColumnRange } from './column-guards';
export { fitColumn, NUMERIC_COLUMN_RANGES } from './column-guards';
export { decimalLimit, roundDecimal } from './decimal';
