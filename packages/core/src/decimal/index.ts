/**
 * Decimal rounding as PostgreSQL's NUMERIC does it: on a double's shortest decimal form, or, near
 * a tie, on the exact rational value. Below the engine and the formula language, which both use it.
 */
export { decimalLimit, nearDecimalTie, roundDecimal, roundMeanExactly } from './decimal';
