/**
 * Time windows (daily, weekly, monthly, quarterly, annual) as half-open `[start, end)` periods
 * in an IANA time zone, correct across DST changes, with configurable week start and fiscal
 * year. Intl only: no dependency, no Node or DOM API. See packages/core/README.md, "Periods".
 */
export {
  localDateOf,
  MAX_PERIODS,
  nextPeriod,
  type Period,
  type PeriodOptions,
  periodDays,
  periodFor,
  periodForLocalDate,
  periodsBetween,
  previousPeriod,
  type ResolvedPeriodOptions,
  resolvePeriodOptions,
  samePeriodLastMonth,
  samePeriodLastQuarter,
  samePeriodLastYear,
  type TimeRange,
} from './period';
