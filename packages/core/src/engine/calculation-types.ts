import type { FormulaScope } from '../formula/evaluate';
import type {
  CalculationMethod,
  CalculationStatus,
  Direction,
  MetricType,
  RefreshFrequency,
} from '../schema/enums';

/** The columns of a `metric_definitions` row the engine reads (a selected row is assignable to it). */
export interface EngineMetricDefinition {
  readonly id: string;
  readonly organization_id: string;
  readonly metric_name: string;
  readonly metric_type: MetricType;
  readonly unit_of_measure?: string | null;
  readonly calculation_method: CalculationMethod;
  readonly calculation_formula?: string | null;
  /** `metric_definitions.parameters`; the engine reads the keys listed in the README ("Calculations"). */
  readonly parameters?: Readonly<Record<string, unknown>> | null;
  readonly target_value?: number | null;
  readonly direction: Direction;
  readonly refresh_frequency?: RefreshFrequency | null;
  readonly version?: number | null;
}

/**
 * One source record for one period and aggregation unit. What `value` means depends on `metric_type`
 * (see the README definitions table): a count, an amount, a measurement, a numerator, a duration in
 * milliseconds, or a point of a series. `null`/`undefined` means the record exists but its value is missing.
 */
export interface Observation {
  readonly value: number | null | undefined;
  /** Denominator of this record, for `percentage` (default 1, e.g. one yes/no record) and `ratio` (required). */
  readonly denominator?: number | null;
  /** When the value was observed: the x axis of `trend`, and the input of freshness. */
  readonly observed_at?: Date | null;
}

/** One contributing metric of a `score` metric (a `contributes_to` child), for one period. */
export interface ScoreComponent {
  readonly metric_id: string;
  /** The child's value for the period (after lag), or null when it has none. */
  readonly value: number | null;
  /** The child's `weight` in the relationship (DECIMAL(5,4), default 1). */
  readonly weight: number;
  readonly direction: Direction;
  readonly target?: number | null;
  readonly rangeMin?: number | null;
  readonly rangeMax?: number | null;
  readonly tolerance?: number | null;
}

/** Everything `calculateMetric` needs for one metric, one period and one aggregation unit. */
export interface CalculationInput {
  readonly definition: EngineMetricDefinition;
  /** Inclusive start of the period. */
  readonly periodStart: Date;
  /** Exclusive end of the period (`[period_start, period_end)`). */
  readonly periodEnd: Date;
  readonly aggregationLevel: string;
  readonly aggregationId?: string | null;
  /** The calculation's clock (the engine never reads the time itself). */
  readonly calculatedAt: Date;
  /** Source records, for every calculation method except `function` and every type except `score`. */
  readonly observations?: readonly Observation[];
  /** Contributing metrics, for `score`. */
  readonly components?: readonly ScoreComponent[];
  /** Metrics, parameters and children a `function` formula reads (`parameters` defaults to the definition's). */
  readonly formulaScope?: FormulaScope;
  /** `metric_value` of the previous period for the same unit, when known. */
  readonly previousValue?: number | null;
  /** Records expected in the period (e.g. active controls); makes completeness count records that never arrived. */
  readonly expectedCount?: number | null;
  /** Target at calculation time; defaults to the definition's `target_value`. */
  readonly targetValue?: number | null;
  readonly dimensions?: Readonly<Record<string, string | number | boolean | null>> | null;
}

/** A NUMRANGE value: `[lower, upper]` with inclusivity flags (the server maps it to PostgreSQL). */
export interface ConfidenceRange {
  readonly lower: number | null;
  readonly upper: number | null;
  readonly lowerInclusive: boolean;
  readonly upperInclusive: boolean;
}

/** The quality inputs behind `data_quality_score` (see the README for the formula). */
export interface DataQualityBreakdown {
  readonly completeness: number;
  readonly validity: number;
  /** `null` when no record has a timestamp or the metric is `on_demand` (not measured; counts as 1). */
  readonly freshness: number | null;
  readonly records_total: number;
  readonly records_missing: number;
  readonly records_invalid: number;
  readonly records_expected: number | null;
}

/** `metric_calculations.metadata` as written by the engine (a JSON object). */
export interface CalculationMetadata {
  readonly definition_version: number | null;
  readonly metric_type: MetricType;
  readonly calculation_method: CalculationMethod;
  readonly direction: Direction;
  /** False on `error` rows: `metric_value` is then 0 only because the column is NOT NULL. */
  readonly value_available: boolean;
  /** Value before rounding to DECIMAL(15,4), when it differs. */
  readonly raw_value?: number;
  readonly numerator?: number;
  readonly denominator?: number;
  /** Unit `metric_value` is expressed in (duration: the unit of measure; trend: per day). */
  readonly unit?: string;
  /** Percentage metrics: `metric_value - previous_value` in percentage points. */
  readonly change_points?: number | null;
  /** Whether the value meets its target, direction-aware. */
  readonly target_met?: boolean | null;
  /** Whether the value is better than the previous period's, direction-aware. */
  readonly improved?: boolean | null;
  /** How `confidence_interval` was computed. */
  readonly confidence_method?: 't_mean' | 'wilson' | 'poisson_exact' | 't_slope';
  readonly confidence_level?: number;
  readonly quality: DataQualityBreakdown;
  /** `score`: attainment (0-100) of each contributing metric. */
  readonly components?: readonly {
    readonly metric_id: string;
    /** The component's weight; null when it was not a finite number (the component is then ignored). */
    readonly weight: number | null;
    readonly value: number | null;
    readonly attainment: number | null;
  }[];
  /** `function`: metrics the formula read. */
  readonly formula_inputs?: readonly string[];
  /** Peer group size behind `percentile_rank`. */
  readonly peer_count?: number;
}

/** A `metric_calculations` row as computed by the engine (every column except `id` and `created_at`). */
export interface CalculationResult {
  readonly metric_id: string;
  readonly organization_id: string;
  readonly calculation_timestamp: Date;
  readonly period_start: Date;
  readonly period_end: Date;
  readonly aggregation_level: string;
  readonly aggregation_id: string | null;
  /** DECIMAL(15,4). 0 on `error` rows (see `metadata.value_available`). */
  readonly metric_value: number;
  readonly previous_value: number | null;
  /** `(metric_value - previous_value) / |previous_value| × 100`, DECIMAL(5,2). */
  readonly change_percentage: number | null;
  readonly target_value: number | null;
  /** `metric_value - target_value`. */
  readonly variance_from_target: number | null;
  /** 0–100, 100 = best of the peer group; set by `rankPeerGroups`. */
  readonly percentile_rank: number | null;
  readonly calculation_status: CalculationStatus;
  readonly calculation_notes: string | null;
  /** completeness × validity × freshness, DECIMAL(3,2) in 0..1. */
  readonly data_quality_score: number | null;
  readonly sample_size: number | null;
  readonly confidence_interval: ConfidenceRange | null;
  readonly dimensions: Readonly<Record<string, string | number | boolean | null>> | null;
  readonly metadata: CalculationMetadata;
}
