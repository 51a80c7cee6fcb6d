/**
 * zod schemas of the three JSONB columns owned by the thresholds area:
 * `metric_definitions.threshold_config`, `metric_alerts.condition_config` and
 * `metric_alerts.escalation_config`. The shapes are the JSON stored in PostgreSQL
 * (snake_case keys, no transforms): what goes in is what comes out.
 *
 * Every object is strict, so a misspelt key (`recovery_level` for `recovery`) is an error
 * instead of a silently ignored setting. Rules that need more than the JSON itself
 * (the metric's `direction` and `target_value`) are checked by `resolveThresholdLevels`.
 */
import { z } from 'zod';
import { type ALERT_TYPES, SEVERITIES } from '../enums';

const finite = z.number().refine(Number.isFinite, { message: 'must be a finite number' });
const positiveInt = z.number().int().positive();
const nonNegativeInt = z.number().int().nonnegative();

// ---------------------------------------------------------------------------
// threshold_config
// ---------------------------------------------------------------------------

/** One side of a level: the trigger value, and optionally the value the metric must reach again to recover. */
export const thresholdSideSchema = z.union([
  finite,
  z.strictObject({
    value: finite,
    recovery: finite.optional(),
  }),
]);

/**
 * A warning or critical level: a number or `{ value, recovery? }` (the side follows the direction),
 * or explicit sides `{ low?, high? }`. One object shape with a check, so that zod reports the
 * offending key (`warning.value`) instead of a union failure.
 */
export const thresholdLevelSchema = z.union([
  finite,
  z
    .strictObject({
      value: finite.optional(),
      recovery: finite.optional(),
      low: thresholdSideSchema.optional(),
      high: thresholdSideSchema.optional(),
    })
    .superRefine((level, ctx) => {
      const sided = level.low !== undefined || level.high !== undefined;
      if (level.value === undefined && !sided) {
        ctx.addIssue({
          code: 'custom',
          message: 'a level needs value (with an optional recovery) or sides low / high',
          input: level,
        });
      } else if (level.value !== undefined && sided) {
        ctx.addIssue({
          code: 'custom',
          message: 'a level has either value (the side follows the direction) or sides low / high, not both',
          input: level,
        });
      } else if (level.recovery !== undefined && level.value === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['recovery'],
          message: 'with sides, put recovery inside each side: { "low": { "value": 40, "recovery": 42 } }',
          input: level.recovery,
        });
      }
    }),
]);

/** How the numbers of a `threshold_config` are read. */
export const THRESHOLD_BASES = ['absolute', 'target_percent', 'target_offset'] as const;
/** `absolute`: metric values; `target_percent`: percent of `target_value`; `target_offset`: added to `target_value`. */
export type ThresholdBasis = (typeof THRESHOLD_BASES)[number];

/** Shape of `metric_definitions.threshold_config` (see the README section "Thresholds and alerts"). */
export const thresholdConfigSchema = z.strictObject({
  basis: z.enum(THRESHOLD_BASES).optional(),
  warning: thresholdLevelSchema.optional(),
  critical: thresholdLevelSchema.optional(),
});

/** One side of a threshold level as stored in JSON. */
export type ThresholdSide = z.infer<typeof thresholdSideSchema>;
/** A warning or critical level as stored in JSON. */
export type ThresholdLevelConfig = z.infer<typeof thresholdLevelSchema>;
/** `metric_definitions.threshold_config` as stored in JSON. */
export type ThresholdConfig = z.infer<typeof thresholdConfigSchema>;

// ---------------------------------------------------------------------------
// condition_config (one shape per alert_type) — see alert-conditions.ts for the semantics
// ---------------------------------------------------------------------------

/** Comparison operators of a `threshold` condition. */
export const COMPARISON_OPERATORS = ['>', '>=', '<', '<=', '==', '!='] as const;
/** A comparison operator of a `threshold` condition. */
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];

/** Which side of the expected value an anomaly or variance counts on. */
export const DEVIATION_SIDES = ['above', 'below', 'both'] as const;
/** `above`, `below` or `both`. */
export type DeviationSide = (typeof DEVIATION_SIDES)[number];

/** Anomaly scoring methods. */
export const ANOMALY_METHODS = ['rolling_mad', 'seasonal_mad', 'auto'] as const;
/**
 * `rolling_mad`: median + MAD of the last `window` points; `seasonal_mad`: of the same phase in past
 * seasons; `auto`: seasons found from the data, robust level and trend, episodes (see `adaptive-anomaly.ts`).
 */
export type AnomalyMethod = (typeof ANOMALY_METHODS)[number];

/** Trend detection methods. */
export const TREND_METHODS = ['consecutive', 'mann_kendall'] as const;
/** `consecutive`: N moves in the worse direction in a row; `mann_kendall`: a significant monotonic trend. */
export type TrendMethod = (typeof TREND_METHODS)[number];

/** What an evaluation without any metric value does (Grafana's "no data" handling). */
export const NO_DATA_STATES = ['no_data', 'alerting', 'ok', 'keep_state'] as const;
/** `no_data`: enter the no_data state and notify; `alerting`: count as met; `ok`: count as clear; `keep_state`: change nothing. */
export type NoDataState = (typeof NO_DATA_STATES)[number];

/** What an evaluation that failed (calculation_status 'error', or an error reported by the caller) does. */
export const ERROR_STATES = ['error', 'alerting', 'ok', 'keep_state'] as const;
/** `error`: enter the error state and notify; `alerting`: count as met; `ok`: count as clear; `keep_state`: change nothing. */
export type ErrorState = (typeof ERROR_STATES)[number];

/** Threshold statuses that can make a `threshold` condition on the metric bands fire. */
export const BAND_TRIGGER_LEVELS = ['warning', 'critical'] as const;
/** Fire from the warning band on, or only in the critical band. */
export type BandTriggerLevel = (typeof BAND_TRIGGER_LEVELS)[number];

/** Fields every condition has: pending period and failure handling. */
const commonFields = {
  /** Fire only after this many consecutive evaluations met the condition (default 1: at once). */
  for_evaluations: positiveInt.optional(),
  /** Fire only after the condition has held for this many minutes (default 0). Both must hold when both are set. */
  for_minutes: nonNegativeInt.optional(),
  /** What an evaluation that failed does (default `error`). */
  on_error: z.enum(ERROR_STATES).optional(),
};

/** Fields of the value-based conditions: no-data handling and guards against too small or too poor samples. */
const valueFields = {
  ...commonFields,
  /** What an evaluation without any metric value does (default `no_data`). */
  on_no_data: z.enum(NO_DATA_STATES).optional(),
  /** Suppress the evaluation (no state change, reason given) when `sample_size` is below this. */
  min_sample_size: nonNegativeInt.optional(),
  /** Suppress the evaluation when `data_quality_score` is below this (0..1). */
  min_data_quality: z.number().min(0).max(1).optional(),
};

const thresholdCondition = z
  .strictObject({
    type: z.literal('threshold'),
    /** Compare the value with `value` by `operator`. Omit both to use the metric's own threshold bands. */
    operator: z.enum(COMPARISON_OPERATORS).optional(),
    value: finite.optional(),
    /** With operator `>`, `>=`, `<`, `<=`: once fired, the condition clears only when the value is back at or past this. */
    recovery: finite.optional(),
    /** With the metric bands: the band status from which the alert fires (default `warning`). */
    level: z.enum(BAND_TRIGGER_LEVELS).optional(),
    ...valueFields,
  })
  .refine((c) => (c.operator === undefined) === (c.value === undefined), {
    message: 'operator and value go together: give both, or neither to use the metric threshold bands',
    path: ['operator'],
  })
  .refine((c) => c.operator === undefined || c.level === undefined, {
    message: 'level is for the metric bands; with operator and value it has no meaning',
    path: ['level'],
  })
  .refine(
    (c) =>
      c.recovery === undefined ||
      c.value === undefined ||
      ((c.operator === '>' || c.operator === '>=') && c.recovery <= c.value) ||
      ((c.operator === '<' || c.operator === '<=') && c.recovery >= c.value),
    {
      message:
        'recovery needs operator and value, and lies on the clear side: at or below value for > and >=, at or above for < and <=, none for == and !=',
      path: ['recovery'],
    },
  )
  .refine((c) => c.recovery === undefined || c.value !== undefined, {
    message: 'recovery needs operator and value (with the metric bands, the bands carry their own recovery)',
    path: ['recovery'],
  });

const trendCondition = z
  .strictObject({
    type: z.literal('trend'),
    method: z.enum(TREND_METHODS).optional(),
    /** consecutive: number of successive moves in the worse direction (default 3). */
    periods: z.number().int().min(1).optional(),
    /** consecutive: a move of this size or smaller (absolute) does not count (default 0). */
    min_change: z.number().nonnegative().optional(),
    /** mann_kendall: the last `window` values are tested (default 12, at least 4). */
    window: z.number().int().min(4).optional(),
    /** mann_kendall: two-sided significance level (default 0.05). */
    alpha: z.number().gt(0).lt(0.5).optional(),
    ...valueFields,
  })
  .refine((c) => c.method === 'mann_kendall' || (c.window === undefined && c.alpha === undefined), {
    message: 'window and alpha are for method mann_kendall; consecutive uses periods and min_change',
    path: ['window'],
  })
  .refine((c) => c.method !== 'mann_kendall' || (c.periods === undefined && c.min_change === undefined), {
    message: 'periods and min_change are for method consecutive; mann_kendall uses window and alpha',
    path: ['periods'],
  });

const anomalyCondition = z
  .strictObject({
    type: z.literal('anomaly'),
    method: z.enum(ANOMALY_METHODS).optional(),
    /** Robust z-score |x - expected| / robust sd at or above which a point is anomalous (default 3.5; 2.5 for auto). */
    sensitivity: z.number().positive().optional(),
    /** Once fired, the condition clears when the score falls below this (default 0.75 * sensitivity; 2 for auto, over its last 3 points). */
    recovery_sensitivity: z.number().nonnegative().optional(),
    direction: z.enum(DEVIATION_SIDES).optional(),
    /** rolling_mad: number of preceding points (default 60). */
    window: z.number().int().min(3).optional(),
    /** seasonal_mad: points per season, e.g. 7 for a weekly pattern in daily data. */
    season_length: z.number().int().min(2).optional(),
    /** seasonal_mad: past seasons used (default 20, at least 3). */
    seasons: z.number().int().min(3).optional(),
    /** Points of history required before scoring (default: half the window for rolling_mad, 3 seasons for seasonal_mad, 96 for auto). */
    min_history: nonNegativeInt.optional(),
    /** auto: longest season looked for, in points (default 168, a week of hourly data). */
    max_period: z.number().int().min(2).optional(),
    ...valueFields,
  })
  .refine((c) => c.method !== 'seasonal_mad' || c.season_length !== undefined, {
    message: 'seasonal_mad needs season_length (points per season, e.g. 7 for weekly in daily data)',
    path: ['season_length'],
  })
  .refine((c) => c.method === 'seasonal_mad' || (c.season_length === undefined && c.seasons === undefined), {
    message: 'season_length and seasons are for method seasonal_mad',
    path: ['season_length'],
  })
  .refine((c) => c.method === 'auto' || c.max_period === undefined, {
    message: 'max_period is for method auto',
    path: ['max_period'],
  })
  .refine((c) => c.method !== 'auto' || c.window === undefined, {
    message: 'window is for method rolling_mad; auto finds its seasons and windows from the data',
    path: ['window'],
  })
  .refine((c) => c.method !== 'seasonal_mad' || c.window === undefined, {
    message: 'window is for method rolling_mad; seasonal_mad uses season_length and seasons',
    path: ['window'],
  })
  .refine(
    (c) =>
      c.recovery_sensitivity === undefined ||
      c.recovery_sensitivity <= (c.sensitivity ?? (c.method === 'auto' ? 2.5 : 3.5)),
    {
      message: 'recovery_sensitivity must not exceed sensitivity (default 3.5; 2.5 for auto)',
      path: ['recovery_sensitivity'],
    },
  );

const targetVarianceCondition = z
  .strictObject({
    type: z.literal('target_variance'),
    /** Fire when |value - target| / |target| * 100 exceeds this. */
    max_percent: z.number().nonnegative().optional(),
    /** Fire when |value - target| exceeds this. */
    max_absolute: z.number().nonnegative().optional(),
    /** Once fired, clear only when the percentage variance is at or below this (default max_percent). */
    recovery_percent: z.number().nonnegative().optional(),
    /** Once fired, clear only when the absolute variance is at or below this (default max_absolute). */
    recovery_absolute: z.number().nonnegative().optional(),
    /** Which deviations count; default follows the metric direction (below for higher_better, above for lower_better, both for target_range). */
    side: z.enum(DEVIATION_SIDES).optional(),
    ...valueFields,
  })
  .refine((c) => c.max_percent !== undefined || c.max_absolute !== undefined, {
    message: 'target_variance needs max_percent or max_absolute (or both: either one exceeded is enough)',
    path: ['max_percent'],
  })
  .refine(
    (c) =>
      c.recovery_percent === undefined ||
      (c.max_percent !== undefined && c.recovery_percent <= c.max_percent),
    { message: 'recovery_percent needs max_percent and must not exceed it', path: ['recovery_percent'] },
  )
  .refine(
    (c) =>
      c.recovery_absolute === undefined ||
      (c.max_absolute !== undefined && c.recovery_absolute <= c.max_absolute),
    { message: 'recovery_absolute needs max_absolute and must not exceed it', path: ['recovery_absolute'] },
  );

const dataQualityCondition = z
  .strictObject({
    type: z.literal('data_quality'),
    /** Fire when `data_quality_score` is below this (0..1). */
    min_quality_score: z.number().min(0).max(1).optional(),
    /** Fire when `sample_size` is below this. */
    min_sample_size: nonNegativeInt.optional(),
    /** Fire when no new value arrived for longer than this many minutes; `refresh` = what the metric's refresh_frequency allows. */
    max_staleness_minutes: z.union([positiveInt, z.literal('refresh')]).optional(),
    /** Extra minutes allowed on top of `max_staleness_minutes` before data counts as stale (default 0). */
    grace_minutes: nonNegativeInt.optional(),
    ...commonFields,
  })
  .refine(
    (c) =>
      c.min_quality_score !== undefined ||
      c.min_sample_size !== undefined ||
      c.max_staleness_minutes !== undefined,
    {
      message: 'data_quality needs at least one of min_quality_score, min_sample_size, max_staleness_minutes',
      path: ['min_quality_score'],
    },
  );

/** Shape of `metric_alerts.condition_config`: one shape per `alert_type`, told apart by `type`. */
export const conditionConfigSchema = z.discriminatedUnion('type', [
  thresholdCondition,
  trendCondition,
  anomalyCondition,
  targetVarianceCondition,
  dataQualityCondition,
]);

/** `metric_alerts.condition_config` as stored in JSON. */
export type ConditionConfig = z.infer<typeof conditionConfigSchema>;
/** The `condition_config` of one alert type. */
export type ConditionConfigOf<T extends ConditionConfig['type']> = Extract<ConditionConfig, { type: T }>;

// The discriminator values must be exactly the alert types of the spec.
type _SameAlertTypes = [ConditionConfig['type']] extends [(typeof ALERT_TYPES)[number]]
  ? [(typeof ALERT_TYPES)[number]] extends [ConditionConfig['type']]
    ? true
    : never
  : never;
const _sameAlertTypes: _SameAlertTypes = true;
void _sameAlertTypes;

// ---------------------------------------------------------------------------
// escalation_config
// ---------------------------------------------------------------------------

/** One escalation step: applies once the alert has fired and stayed unacknowledged for `after_minutes`. */
export const escalationStepSchema = z
  .strictObject({
    after_minutes: positiveInt,
    /** Raise the alert's severity to this (never lowers it). */
    severity: z.enum(SEVERITIES).optional(),
    add_channels: z.array(z.string().min(1)).optional(),
    add_recipient_users: z.array(z.string().min(1)).optional(),
    add_recipient_roles: z.array(z.string().min(1)).optional(),
  })
  .refine(
    (s) =>
      s.severity !== undefined ||
      (s.add_channels?.length ?? 0) > 0 ||
      (s.add_recipient_users?.length ?? 0) > 0 ||
      (s.add_recipient_roles?.length ?? 0) > 0,
    { message: 'an escalation step must raise severity or add channels or recipients' },
  );

/** Shape of `metric_alerts.escalation_config`: ordered steps, strictly increasing `after_minutes`. */
export const escalationConfigSchema = z
  .strictObject({
    steps: z.array(escalationStepSchema).min(1),
    /** Notify again at every step (default true). */
    notify_on_escalation: z.boolean().optional(),
  })
  .superRefine((c, ctx) => {
    for (let i = 1; i < c.steps.length; i++) {
      const before = c.steps[i - 1]!.after_minutes;
      const here = c.steps[i]!.after_minutes;
      if (here <= before) {
        ctx.addIssue({
          code: 'custom',
          path: ['steps', i, 'after_minutes'],
          message: `steps must have strictly increasing after_minutes: ${here} comes after ${before}`,
          input: here,
        });
      }
    }
  });

/** One escalation step as stored in JSON. */
export type EscalationStep = z.infer<typeof escalationStepSchema>;
/** `metric_alerts.escalation_config` as stored in JSON. */
export type EscalationConfig = z.infer<typeof escalationConfigSchema>;
