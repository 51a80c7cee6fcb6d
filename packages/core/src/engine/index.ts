export { calculateMetric, DURATION_UNITS, directionSpecOf, FRESHNESS_ALLOWANCE_MS } from './calculate';
export type {
  CalculationInput,
  CalculationMetadata,
  CalculationResult,
  ConfidenceRange,
  DataQualityBreakdown,
  EngineMetricDefinition,
  Observation,
  ScoreComponent,
} from './calculation-types';
export type { FittedValue, NumericColumn, NumericColumnRange } from './column-guards';
export { fitColumn, NUMERIC_COLUMN_RANGES } from './column-guards';

export type { DerivedMetricsInput, DerivedMetricsResult, LaggedCorrelation } from './derived';
export {
  calculateDerivedMetrics,
  correlateRelationships,
  DEFAULT_DERIVED_FORMULA,
  laggedCorrelation,
} from './derived';
export type { DirectionSpec } from './direction';
export {
  acceptableRange,
  attainment,
  badness,
  compareByDirection,
  isImprovement,
  meetsTarget,
} from './direction';
export type { EngineRelationship, GraphEdge } from './metric-graph';
export {
  calculationOrder,
  findGraphCycle,
  MetricCycleError,
  ORDERING_RELATIONSHIPS,
  VALUE_RELATIONSHIPS,
  validateRelationships,
} from './metric-graph';
export { peerPercentileRanks, rankPeerGroups } from './percentile-rank';
export type {
  SnapshotInput,
  SnapshotOutcome,
  SnapshotResult,
  SnapshotSourceValue,
  TimeAggregation,
} from './snapshot';
export {
  buildSnapshot,
  DEFAULT_TIME_AGGREGATION,
  TIME_AGGREGATIONS,
  TREND_MIN_VALUES,
  TREND_SIGNIFICANCE,
  timeAggregationOf,
} from './snapshot';
