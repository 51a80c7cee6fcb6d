/**
 * Statistics with one signature and one missing-data policy (d3-array style): every function
 * takes `(values, valueof?)`, skips `null`, `undefined` and `NaN`, and returns `undefined`
 * when there is too little data. Quantiles are always Hyndman–Fan type 7 (PostgreSQL
 * `percentile_cont`). See packages/core/README.md, section "Statistics".
 */
export {
  type ConfidenceInterval,
  type IntervalOptions,
  meanConfidenceInterval,
  type PoissonIntervalOptions,
  poissonInterval,
  wilsonInterval,
} from './confidence-intervals';
export { averageRanks, pearson, spearman } from './correlation';
export { count } from './count';
export {
  chiSquareQuantile,
  gammaQuantile,
  inverseRegularizedBeta,
  logGamma,
  normalCdf,
  normalQuantile,
  normalSurvival,
  regularizedBeta,
  regularizedGammaP,
  regularizedGammaQ,
  studentTCdf,
  studentTQuantile,
} from './distributions';
export { type LinearRegression, linearRegression, slope } from './linear-regression';
export {
  MANN_KENDALL_MAX_VALUES,
  type MannKendallOptions,
  type MannKendallResult,
  type MannKendallTrend,
  mannKendall,
} from './mann-kendall';
export { max } from './max';
export { mean } from './mean';
export { medianAbsoluteDeviation } from './median-absolute-deviation';
export { min } from './min';
export { percentRank, percentRanks } from './percent-rank';
export { median, quantile, quantileSorted, quantiles } from './quantile';
export { slopeConfidenceInterval } from './slope-interval';
export { NeumaierSum, sum } from './sum';
export { SUMMARY_PERCENTILES, type Summary, summarize } from './summarize';
export type { Accessor, MaybeNumber } from './values';
export { deviation, variance } from './variance';
