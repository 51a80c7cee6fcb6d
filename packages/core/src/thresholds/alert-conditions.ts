/**
 * The condition of each `alert_type`, evaluated on plain values. A condition says whether it is
 * met (and by how much), clear, or could not be judged (suppressed, no data, error). Hysteresis:
 * a condition that was met stays met until the value reaches its recovery level.
 */
import type { CalculationStatus, Direction, RefreshFrequency, Severity } from '../schema/enums';
import type {
  ConditionConfig,
  ConditionConfigOf,
  DeviationSide,
  ThresholdConfig,
} from '../schema/jsonb/threshold-configs';
import { mannKendall } from '../stats';
import {
  ADAPTIVE_ANOMALY_DEFAULTS,
  type AdaptiveAnomalyOptions,
  createAdaptiveAnomalyDetector,
} from './adaptive-anomaly';
import {
  DEFAULT_ANOMALY_SEASONS,
  DEFAULT_ANOMALY_SENSITIVITY,
  DEFAULT_ANOMALY_WINDOW,
  isAnomalous,
  scoreAnomaly,
} from './anomaly';
import { ThresholdConfigError } from './errors';
import {
  classifyWithLevels,
  compareThresholdStatus,
  type ResolvedLevel,
  resolveThresholdLevels,
  type ThresholdStatus,
} from './threshold-bands';

/** The metric definition fields a condition needs (a slice of the `metric_definitions` row). */
export interface AlertMetric {
  readonly direction: Direction;
  readonly threshold_config: ThresholdConfig | null;
  readonly target_value: number | null;
  readonly refresh_frequency: RefreshFrequency;
}

/** The newest calculated value of the metric (a slice of the `metric_calculations` row). */
export interface LatestCalculation {
  readonly metric_value: number;
  readonly calculation_timestamp: Date;
  readonly sample_size: number | null;
  readonly data_quality_score: number | null;
  /** Target at the time of calculation; falls back to the metric's `target_value` when null. */
  readonly target_value: number | null;
  readonly calculation_status: CalculationStatus;
  readonly calculation_notes?: string | null;
}

/** What a condition is evaluated on. */
export interface ConditionInput {
  readonly metric: AlertMetric;
  /** The newest calculation; `null` when the metric has no value at all. */
  readonly latest: LatestCalculation | null;
  /** Earlier values, oldest first, one per period, regularly spaced, without `latest` (trend and anomaly need it). */
  readonly history?: readonly number[];
  /** An error met while gathering the inputs (e.g. the source query failed); the evaluation counts as failed. */
  readonly error?: string | null;
}

/** What the previous evaluation concluded; drives the recovery-level hysteresis. */
export interface ConditionMemory {
  readonly met: boolean;
  /** Band status of the previous value (threshold conditions on the metric bands). */
  readonly bandStatus: ThresholdStatus | null;
}

/** Condition details as written to `metric_alert_history.condition_details` (a JSON object). */
export type ConditionDetails = Readonly<Record<string, string | number | boolean | null | string[]>>;

/** The verdict of one condition evaluation. */
export type ConditionVerdict =
  | {
      readonly kind: 'met' | 'clear';
      /** Met only because the value has not yet reached the recovery level. */
      readonly held: boolean;
      /** Severity implied by the condition itself (the band status for band thresholds), else null. */
      readonly severity: Severity | null;
      readonly metricValue: number | null;
      readonly thresholdValue: number | null;
      readonly bandStatus: ThresholdStatus | null;
      readonly reason: string;
      readonly details: ConditionDetails;
    }
  | { readonly kind: 'suppressed' | 'no_data' | 'error'; readonly reason: string };

/** Minutes a value may age for each `refresh_frequency` before it counts as stale (`on_demand` has no limit). */
export const REFRESH_INTERVAL_MINUTES: Readonly<Record<RefreshFrequency, number | null>> = {
  real_time: 5,
  hourly: 60,
  daily: 24 * 60,
  weekly: 7 * 24 * 60,
  monthly: 31 * 24 * 60,
  on_demand: null,
};

const fmt = (n: number): string => (Number.isFinite(n) ? String(Math.round(n * 1e4) / 1e4) : String(n));
const finiteOrNull = (n: number): number | null => (Number.isFinite(n) ? n : null);

function verdict(
  met: boolean,
  held: boolean,
  metricValue: number | null,
  thresholdValue: number | null,
  reason: string,
  details: ConditionDetails,
  extra: { severity?: Severity | null; bandStatus?: ThresholdStatus | null } = {},
): ConditionVerdict {
  return {
    kind: met ? 'met' : 'clear',
    held: met && held,
    severity: extra.severity ?? null,
    metricValue: metricValue === null ? null : finiteOrNull(metricValue),
    thresholdValue: thresholdValue === null ? null : finiteOrNull(thresholdValue),
    bandStatus: extra.bandStatus ?? null,
    reason,
    details,
  };
}

function guard(
  c: { min_sample_size?: number | undefined; min_data_quality?: number | undefined },
  latest: LatestCalculation,
): string | null {
  if (
    c.min_sample_size !== undefined &&
    latest.sample_size !== null &&
    latest.sample_size < c.min_sample_size
  ) {
    return `suppressed: sample_size ${latest.sample_size} is below min_sample_size ${c.min_sample_size}`;
  }
  if (
    c.min_data_quality !== undefined &&
    latest.data_quality_score !== null &&
    latest.data_quality_score < c.min_data_quality
  ) {
    return `suppressed: data_quality_score ${latest.data_quality_score} is below min_data_quality ${c.min_data_quality}`;
  }
  return null;
}

const COMPARE = {
  '>': (a: number, b: number) => a > b,
  '>=': (a: number, b: number) => a >= b,
  '<': (a: number, b: number) => a < b,
  '<=': (a: number, b: number) => a <= b,
  '==': (a: number, b: number) => a === b,
  '!=': (a: number, b: number) => a !== b,
} as const;

function breachedSide(
  value: number,
  level: ResolvedLevel | null,
): { side: 'low' | 'high'; at: number } | null {
  if (level === null) return null;
  if (level.low !== null && value < level.low.recovery) return { side: 'low', at: level.low.value };
  if (level.high !== null && value > level.high.recovery) return { side: 'high', at: level.high.value };
  return null;
}

function evaluateThreshold(
  c: ConditionConfigOf<'threshold'>,
  value: number,
  input: ConditionInput,
  memory: ConditionMemory,
): ConditionVerdict {
  if (c.operator !== undefined && c.value !== undefined) {
    const rawMet = COMPARE[c.operator](value, c.value);
    let met = rawMet;
    let held = false;
    if (!rawMet && memory.met && c.recovery !== undefined) {
      // Not yet back at the recovery level: > and >= clear at or below it, < and <= at or above it.
      const upward = c.operator === '>' || c.operator === '>=';
      held = upward ? value > c.recovery : value < c.recovery;
      met = held;
    }
    const reason = met
      ? held
        ? `value ${fmt(value)} has not come back to the recovery level ${fmt(c.recovery!)} since ${c.operator} ${fmt(c.value)} held`
        : `value ${fmt(value)} ${c.operator} ${fmt(c.value)}`
      : `value ${fmt(value)} is not ${c.operator} ${fmt(c.value)}`;
    return verdict(met, held, value, c.value, reason, {
      alert_type: 'threshold',
      operator: c.operator,
      value: c.value,
      recovery: c.recovery ?? null,
      held,
    });
  }
  const direction = input.metric.direction;
  const target = input.latest?.target_value ?? input.metric.target_value;
  const levels = resolveThresholdLevels({
    thresholdConfig: input.metric.threshold_config,
    targetValue: target,
    direction,
  });
  const previous = memory.bandStatus ?? 'ok';
  const status = classifyWithLevels(value, levels, previous);
  const rawStatus = classifyWithLevels(value, levels);
  const trigger = c.level ?? 'warning';
  const met = compareThresholdStatus(status, trigger) >= 0;
  const held = met && compareThresholdStatus(rawStatus, trigger) < 0;
  const level = status === 'critical' ? levels.critical : status === 'warning' ? levels.warning : null;
  const side = breachedSide(value, level);
  const severity: Severity | null = status === 'ok' ? null : status;
  const reason = met
    ? held
      ? `value ${fmt(value)} is still ${status}: it has not come back to the recovery level`
      : `value ${fmt(value)} is in the ${status} band (beyond the ${side?.side ?? ''} level ${side ? fmt(side.at) : '?'})`
    : `value ${fmt(value)} is ${status}, below the trigger level ${trigger}`;
  return verdict(
    met,
    held,
    value,
    side?.at ?? null,
    reason,
    {
      alert_type: 'threshold',
      band_status: status,
      trigger_level: trigger,
      side: side?.side ?? null,
      direction,
      held,
    },
    { severity: met ? severity : null, bandStatus: status },
  );
}

/** Distance from the target's worse side for each direction: positive = worse. */
function worseMove(direction: Direction, from: number, to: number, target: number | null): number {
  if (direction === 'higher_better') return from - to;
  if (direction === 'lower_better') return to - from;
  return Math.abs(to - target!) - Math.abs(from - target!);
}

function evaluateTrend(
  c: ConditionConfigOf<'trend'>,
  value: number,
  input: ConditionInput,
  memory: ConditionMemory,
): ConditionVerdict {
  const direction = input.metric.direction;
  const target = input.latest?.target_value ?? input.metric.target_value;
  if (direction === 'target_range' && target === null) {
    return {
      kind: 'error',
      reason:
        'trend on a target_range metric measures the distance from target_value, but the metric has no target_value',
    };
  }
  const history = input.history ?? [];
  const series = [...history, value];
  if ((c.method ?? 'consecutive') === 'consecutive') {
    const periods = c.periods ?? 3;
    const minChange = c.min_change ?? 0;
    if (series.length < periods + 1) {
      return {
        kind: 'suppressed',
        reason: `suppressed: insufficient history, trend over ${periods} periods needs ${periods + 1} values, have ${series.length}`,
      };
    }
    let run = 0;
    for (let i = series.length - 1; i > 0 && run < periods; i--) {
      if (worseMove(direction, series[i - 1]!, series[i]!, target) > minChange) run++;
      else break;
    }
    const lastMove = worseMove(direction, series.at(-2)!, value, target);
    const rawMet = run >= periods;
    // Once met, the trend holds until a move in the better direction larger than min_change.
    const held = !rawMet && memory.met && lastMove >= -minChange;
    const met = rawMet || held;
    const reason = rawMet
      ? `moved in the worse direction for ${periods} consecutive periods`
      : held
        ? `no move in the better direction since the trend fired (last move ${fmt(-lastMove)})`
        : `${run} of ${periods} consecutive moves in the worse direction`;
    return verdict(met, held, value, null, reason, {
      alert_type: 'trend',
      method: 'consecutive',
      periods,
      worse_moves: run,
      direction,
      held,
    });
  }
  const window = c.window ?? 12;
  const alpha = c.alpha ?? 0.05;
  if (series.length < window) {
    return {
      kind: 'suppressed',
      reason: `suppressed: insufficient history, Mann-Kendall over window ${window} has ${series.length} values`,
    };
  }
  const tail = series.slice(series.length - window);
  const tested = direction === 'target_range' ? tail.map((v) => Math.abs(v - target!)) : tail;
  const mk = mannKendall(tested, { alpha });
  if (mk === undefined) {
    return {
      kind: 'suppressed',
      reason: `suppressed: Mann-Kendall needs at least 3 values, have ${tested.length}`,
    };
  }
  // S > 0 is an increasing series: worse for lower_better and for the distance from target.
  const worseSign = direction === 'higher_better' ? -1 : 1;
  const worse = Math.sign(mk.s) === worseSign;
  const rawMet = worse && mk.pValue < alpha;
  // Hysteresis: once significant, the trend holds while p < 2 * alpha in the same direction.
  const held = !rawMet && memory.met && worse && mk.pValue < 2 * alpha;
  const met = rawMet || held;
  const reason = met
    ? `Mann-Kendall trend in the worse direction, p = ${mk.pValue.toPrecision(3)}${held ? ` (held until p >= ${2 * alpha})` : ` < ${alpha}`}`
    : `no significant trend in the worse direction (S = ${mk.s}, p = ${mk.pValue.toPrecision(3)})`;
  return verdict(met, held, value, null, reason, {
    alert_type: 'trend',
    method: 'mann_kendall',
    window,
    s: mk.s,
    z: mk.z,
    p: mk.pValue,
    alpha,
    direction,
    held,
  });
}

/** The `auto` condition reads at most this many × max_period points of history (1,008 by default). */
export const AUTO_HISTORY_SEASONS = 6;

/**
 * The `auto` method: runs the streaming detector of `adaptive-anomaly.ts` over the last
 * `AUTO_HISTORY_SEASONS` × max_period points of the history, then scores the value. Met when the detector's episode rule is met; held (hysteresis) while the previous
 * evaluation was met and the score is still at or beyond the recovery level.
 */
function evaluateAutoAnomaly(
  c: ConditionConfigOf<'anomaly'>,
  value: number,
  input: ConditionInput,
  memory: ConditionMemory,
): ConditionVerdict {
  const side: DeviationSide = c.direction ?? 'both';
  const options: AdaptiveAnomalyOptions = {
    side,
    ...(c.sensitivity === undefined ? {} : { sensitivity: c.sensitivity }),
    ...(c.recovery_sensitivity === undefined ? {} : { recoverySensitivity: c.recovery_sensitivity }),
    ...(c.max_period === undefined ? {} : { maxPeriod: c.max_period }),
    ...(c.min_history === undefined ? {} : { minHistory: c.min_history }),
  };
  const detector = createAdaptiveAnomalyDetector(options);
  // The detector only looks 4 seasons back for its profile and 168 residuals back for its scale: the
  // last 6 × max_period points of history give its verdict; older ones would only cost time.
  const history = input.history ?? [];
  const from = Math.max(
    0,
    history.length - AUTO_HISTORY_SEASONS * (c.max_period ?? ADAPTIVE_ANOMALY_DEFAULTS.maxPeriod),
  );
  for (let i = from; i < history.length; i++) detector.push(history[i]);
  const point = detector.push(value);
  const needed = options.minHistory ?? 2 * ADAPTIVE_ANOMALY_DEFAULTS.levelWindow;
  if (!point.scored) {
    return {
      kind: 'suppressed',
      reason: `suppressed: insufficient history for auto, need ${needed} points, have ${input.history?.length ?? 0}`,
    };
  }
  const sensitivity = options.sensitivity ?? ADAPTIVE_ANOMALY_DEFAULTS.sensitivity;
  const recovery = options.recoverySensitivity ?? ADAPTIVE_ANOMALY_DEFAULTS.recoverySensitivity;
  const held = !point.met && memory.met && isAnomalous(point.score, recovery, side);
  const met = point.met || held;
  const bound =
    point.score >= 0
      ? point.expected + sensitivity * point.scale
      : point.expected - sensitivity * point.scale;
  const reason = met
    ? `robust score ${fmt(point.score)} ${held ? `still at or beyond the recovery score ${fmt(recovery)}` : 'completes an anomaly episode'} (auto, expected ${fmt(point.expected)}, seasons ${point.periods.join('/') || 'none'})`
    : `robust score ${fmt(point.score)}, no anomaly episode (auto, expected ${fmt(point.expected)}, seasons ${point.periods.join('/') || 'none'})`;
  return verdict(met, held, value, finiteOrNull(bound), reason, {
    alert_type: 'anomaly',
    method: 'auto',
    score: finiteOrNull(point.score),
    score_infinite: !Number.isFinite(point.score),
    expected: finiteOrNull(point.expected),
    robust_sd: finiteOrNull(point.scale),
    sensitivity,
    direction: side,
    history_used: input.history?.length ?? 0,
    season_length: point.periods[0] ?? null,
    seasons: null,
    periods: point.periods.map(String),
    window: null,
    held,
  });
}

function evaluateAnomaly(
  c: ConditionConfigOf<'anomaly'>,
  value: number,
  input: ConditionInput,
  memory: ConditionMemory,
): ConditionVerdict {
  const method = c.method ?? 'rolling_mad';
  if (method === 'auto') return evaluateAutoAnomaly(c, value, input, memory);
  const sensitivity = c.sensitivity ?? DEFAULT_ANOMALY_SENSITIVITY;
  const recovery = c.recovery_sensitivity ?? 0.75 * sensitivity;
  const side: DeviationSide = c.direction ?? 'both';
  const score = scoreAnomaly(value, input.history ?? [], {
    method,
    ...(c.window === undefined ? {} : { window: c.window }),
    ...(c.season_length === undefined ? {} : { seasonLength: c.season_length }),
    ...(c.seasons === undefined ? {} : { seasons: c.seasons }),
    ...(c.min_history === undefined ? {} : { minHistory: c.min_history }),
  });
  if (!score.scored) {
    return {
      kind: 'suppressed',
      reason: `suppressed: insufficient history for ${method}, need ${score.needed} points, have ${score.have}`,
    };
  }
  const rawMet = isAnomalous(score.score, sensitivity, side);
  const held = !rawMet && memory.met && isAnomalous(score.score, recovery, side);
  const met = rawMet || held;
  const bound =
    score.score >= 0
      ? score.expected + sensitivity * score.scale
      : score.expected - sensitivity * score.scale;
  const reason = met
    ? `robust score ${fmt(score.score)} ${held ? `still at or beyond the recovery score ${fmt(recovery)}` : `at or beyond ${fmt(sensitivity)}`} (${method}, expected ${fmt(score.expected)})`
    : `robust score ${fmt(score.score)} within ${fmt(sensitivity)} (${method}, expected ${fmt(score.expected)})`;
  return verdict(met, held, value, bound, reason, {
    alert_type: 'anomaly',
    method,
    score: finiteOrNull(score.score),
    score_infinite: !Number.isFinite(score.score),
    expected: score.expected,
    robust_sd: score.scale,
    sensitivity,
    direction: side,
    history_used: score.used,
    season_length: c.season_length ?? null,
    seasons: method === 'seasonal_mad' ? (c.seasons ?? DEFAULT_ANOMALY_SEASONS) : null,
    window: method === 'rolling_mad' ? (c.window ?? DEFAULT_ANOMALY_WINDOW) : null,
    held,
  });
}

function evaluateTargetVariance(
  c: ConditionConfigOf<'target_variance'>,
  value: number,
  input: ConditionInput,
  memory: ConditionMemory,
): ConditionVerdict {
  const target = input.latest?.target_value ?? input.metric.target_value;
  if (target === null) {
    return {
      kind: 'error',
      reason: 'target_variance needs a target_value, but the metric and the calculation have none',
    };
  }
  if (c.max_absolute === undefined && target === 0) {
    return {
      kind: 'error',
      reason:
        'target_variance with only max_percent needs a non-zero target_value (the target is 0); add max_absolute',
    };
  }
  const direction = input.metric.direction;
  const side: DeviationSide =
    c.side ?? (direction === 'higher_better' ? 'below' : direction === 'lower_better' ? 'above' : 'both');
  const deviation = value - target;
  const onSide = side === 'both' || (side === 'above' ? deviation > 0 : deviation < 0);
  const absolute = Math.abs(deviation);
  const percent = target === 0 ? null : (absolute / Math.abs(target)) * 100;
  const over = (limitPct: number | undefined, limitAbs: number | undefined) =>
    onSide &&
    ((limitAbs !== undefined && absolute > limitAbs) ||
      (limitPct !== undefined && percent !== null && percent > limitPct));
  const rawMet = over(c.max_percent, c.max_absolute);
  const held =
    !rawMet && memory.met && over(c.recovery_percent ?? c.max_percent, c.recovery_absolute ?? c.max_absolute);
  const met = rawMet || held;
  // threshold_value: the nearest limit on the deviating side, in metric units.
  const sign = deviation >= 0 ? 1 : -1;
  const limits = [
    c.max_absolute,
    c.max_percent === undefined ? undefined : (c.max_percent / 100) * Math.abs(target),
  ].filter((x): x is number => x !== undefined);
  const limit = Math.min(...limits);
  const reason = met
    ? `${held ? 'still ' : ''}${fmt(absolute)} (${percent === null ? 'n/a' : `${fmt(percent)}%`}) ${deviation >= 0 ? 'above' : 'below'} target ${fmt(target)}${held ? ', not yet back within the recovery limit' : ''}`
    : `${fmt(absolute)} (${percent === null ? 'n/a' : `${fmt(percent)}%`}) from target ${fmt(target)} is within the limit on side ${side}`;
  return verdict(met, held, value, target + sign * limit, reason, {
    alert_type: 'target_variance',
    target,
    deviation,
    deviation_percent: percent,
    side,
    max_percent: c.max_percent ?? null,
    max_absolute: c.max_absolute ?? null,
    held,
  });
}

function evaluateDataQuality(
  c: ConditionConfigOf<'data_quality'>,
  input: ConditionInput,
  now: Date,
): ConditionVerdict {
  const latest = input.latest;
  let staleLimit: number | null = null;
  if (c.max_staleness_minutes !== undefined) {
    const base =
      c.max_staleness_minutes === 'refresh'
        ? REFRESH_INTERVAL_MINUTES[input.metric.refresh_frequency]
        : c.max_staleness_minutes;
    if (base === null) {
      return {
        kind: 'error',
        reason: `condition_config.max_staleness_minutes = "refresh" is not allowed for refresh_frequency '${input.metric.refresh_frequency}' (no schedule); give a number of minutes`,
      };
    }
    staleLimit = base + (c.grace_minutes ?? 0);
  }
  const problems: string[] = [];
  let thresholdValue: number | null = null;
  let ageMinutes: number | null = null;
  if (latest === null) {
    problems.push('no data: the metric has no calculated value');
  } else {
    ageMinutes = (now.getTime() - latest.calculation_timestamp.getTime()) / 60_000;
    if (staleLimit !== null && ageMinutes > staleLimit) {
      problems.push(`stale: last value is ${fmt(ageMinutes)} minutes old, more than ${staleLimit} allowed`);
      thresholdValue ??= staleLimit;
    }
    if (
      c.min_quality_score !== undefined &&
      latest.data_quality_score !== null &&
      latest.data_quality_score < c.min_quality_score
    ) {
      problems.push(`data_quality_score ${latest.data_quality_score} is below ${c.min_quality_score}`);
      thresholdValue ??= c.min_quality_score;
    }
    if (
      c.min_sample_size !== undefined &&
      latest.sample_size !== null &&
      latest.sample_size < c.min_sample_size
    ) {
      problems.push(`sample_size ${latest.sample_size} is below ${c.min_sample_size}`);
      thresholdValue ??= c.min_sample_size;
    }
  }
  const met = problems.length > 0;
  return verdict(
    met,
    false,
    latest?.metric_value ?? null,
    thresholdValue,
    met ? problems.join('; ') : 'data is fresh and of sufficient quality and size',
    {
      alert_type: 'data_quality',
      problems,
      age_minutes: ageMinutes,
      max_staleness_minutes: staleLimit,
      data_quality_score: latest?.data_quality_score ?? null,
      sample_size: latest?.sample_size ?? null,
    },
  );
}

/**
 * Evaluates one alert condition. Never throws for bad data or configuration: those become an
 * `error` verdict whose reason names the field and the rule. `now` is only used for staleness.
 */
export function evaluateAlertCondition(
  condition: ConditionConfig,
  input: ConditionInput,
  now: Date,
  memory: ConditionMemory = { met: false, bandStatus: null },
): ConditionVerdict {
  try {
    if (input.error) return { kind: 'error', reason: `evaluation failed: ${input.error}` };
    if (condition.type === 'data_quality') return evaluateDataQuality(condition, input, now);
    const latest = input.latest;
    if (latest === null) return { kind: 'no_data', reason: 'no data: the metric has no calculated value' };
    if (latest.calculation_status === 'error') {
      return {
        kind: 'error',
        reason: `the latest calculation failed (calculation_status 'error')${latest.calculation_notes ? `: ${latest.calculation_notes}` : ''}`,
      };
    }
    const value = latest.metric_value;
    if (!Number.isFinite(value)) {
      return { kind: 'error', reason: `metric_value = ${value} is not allowed; expected a finite number` };
    }
    const suppressed = guard(condition, latest);
    if (suppressed !== null) return { kind: 'suppressed', reason: suppressed };
    switch (condition.type) {
      case 'threshold':
        return evaluateThreshold(condition, value, input, memory);
      case 'trend':
        return evaluateTrend(condition, value, input, memory);
      case 'anomaly':
        return evaluateAnomaly(condition, value, input, memory);
      case 'target_variance':
        return evaluateTargetVariance(condition, value, input, memory);
    }
  } catch (error) {
    if (error instanceof ThresholdConfigError || error instanceof RangeError) {
      return { kind: 'error', reason: error.message };
    }
    throw error;
  }
}
