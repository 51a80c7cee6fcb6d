/**
 * Threshold bands: one rule, shared by gauges, status badges and alerts, so that a
 * widget and an alert can never disagree about a value.
 *
 * A level is the last acceptable value: a value breaches a low level when it is strictly
 * below it and a high level when it is strictly above it. A band therefore includes its
 * boundary on the better side.
 */
import type { Direction } from '../schema/enums';
import type {
  ThresholdBasis,
  ThresholdConfig,
  ThresholdLevelConfig,
  ThresholdSide,
} from '../schema/jsonb/threshold-configs';
import { ThresholdConfigError } from './errors';

/** The three statuses a value can have, from best to worst. */
export const THRESHOLD_STATUSES = ['ok', 'warning', 'critical'] as const;
/** Status of a value against the metric's thresholds. */
export type ThresholdStatus = (typeof THRESHOLD_STATUSES)[number];

/** A stretch of the number line with one status; `null` means unbounded. */
export interface ThresholdBand {
  readonly status: ThresholdStatus;
  /** Lower end; `null` for minus infinity. */
  readonly from: number | null;
  /** Upper end; `null` for plus infinity. */
  readonly to: number | null;
  /** Whether `from` itself belongs to this band (false when `from` is null). */
  readonly includesFrom: boolean;
  /** Whether `to` itself belongs to this band (false when `to` is null). */
  readonly includesTo: boolean;
}

/** What classifying a value needs from a metric definition. */
export interface ThresholdInput {
  readonly thresholdConfig: ThresholdConfig | null;
  readonly targetValue: number | null;
  readonly direction: Direction;
}

/** One side of a resolved level, in metric units. */
export interface ResolvedSide {
  /** Breached when the value is beyond this (below for a low side, above for a high side). */
  readonly value: number;
  /** Once breached, the value must come back to at least this far (inclusive) to recover. Equals `value` without hysteresis. */
  readonly recovery: number;
}

/** A warning or critical level resolved to metric units. */
export interface ResolvedLevel {
  readonly status: 'warning' | 'critical';
  readonly low: ResolvedSide | null;
  readonly high: ResolvedSide | null;
}

/** The levels of a metric in metric units, checked for order; `null` when the level is not configured. */
export interface ThresholdLevels {
  readonly warning: ResolvedLevel | null;
  readonly critical: ResolvedLevel | null;
}

const RANK: Readonly<Record<ThresholdStatus, number>> = { ok: 0, warning: 1, critical: 2 };

/** Orders statuses: negative when `a` is better than `b`, 0 when equal, positive when worse. */
export function compareThresholdStatus(a: ThresholdStatus, b: ThresholdStatus): number {
  return RANK[a] - RANK[b];
}

function resolveNumber(
  raw: number,
  basis: ThresholdBasis,
  target: number | null,
  field: string,
  config: ThresholdConfig,
): number {
  if (basis === 'absolute') return raw;
  if (target === null) {
    throw new ThresholdConfigError(
      'threshold_config.basis',
      basis,
      `expected a metric with a target_value (set target_value, or use basis 'absolute'); needed to read ${field} = ${raw}`,
      config,
    );
  }
  if (basis === 'target_offset') return target + raw;
  if (target === 0) {
    throw new ThresholdConfigError(
      'threshold_config.basis',
      basis,
      "expected a non-zero target_value (percentages of 0 are all 0); use basis 'target_offset' or 'absolute'",
      config,
    );
  }
  // p percent of the target; written so that a larger p is always a larger value, also for negative targets.
  return target + (Math.abs(target) * (raw - 100)) / 100;
}

function resolveSide(
  raw: ThresholdSide,
  side: 'low' | 'high',
  basis: ThresholdBasis,
  target: number | null,
  field: string,
  config: ThresholdConfig,
): ResolvedSide {
  const rawValue = typeof raw === 'number' ? raw : raw.value;
  const rawRecovery = typeof raw === 'number' ? undefined : raw.recovery;
  const value = resolveNumber(rawValue, basis, target, `${field}.value`, config);
  if (rawRecovery === undefined) return { value, recovery: value };
  const recovery = resolveNumber(rawRecovery, basis, target, `${field}.recovery`, config);
  if (side === 'low' ? recovery < value : recovery > value) {
    throw new ThresholdConfigError(
      `${field}.recovery`,
      rawRecovery,
      side === 'low'
        ? `expected a recovery at or above the trigger ${rawValue} (a low level recovers upwards)`
        : `expected a recovery at or below the trigger ${rawValue} (a high level recovers downwards)`,
      config,
    );
  }
  return { value, recovery };
}

function resolveLevel(
  raw: ThresholdLevelConfig | undefined,
  status: 'warning' | 'critical',
  input: ThresholdInput,
  basis: ThresholdBasis,
  config: ThresholdConfig,
): ResolvedLevel | null {
  if (raw === undefined) return null;
  const field = `threshold_config.${status}`;
  let single: ThresholdSide | null = null;
  if (typeof raw === 'number') single = raw;
  else if (raw.value !== undefined) {
    if (raw.low !== undefined || raw.high !== undefined) {
      throw new ThresholdConfigError(
        field,
        raw,
        'a level has either value or sides low / high, not both',
        config,
      );
    }
    single = raw.recovery === undefined ? { value: raw.value } : { value: raw.value, recovery: raw.recovery };
  }
  if (single === null) {
    const sided = raw as Exclude<ThresholdLevelConfig, number>;
    if (sided.low === undefined && sided.high === undefined) {
      throw new ThresholdConfigError(field, raw, 'a level needs value or sides low / high', config);
    }
    const low =
      sided.low === undefined
        ? null
        : resolveSide(sided.low, 'low', basis, input.targetValue, `${field}.low`, config);
    const high =
      sided.high === undefined
        ? null
        : resolveSide(sided.high, 'high', basis, input.targetValue, `${field}.high`, config);
    return { status, low, high };
  }
  if (input.direction === 'target_range') {
    throw new ThresholdConfigError(
      field,
      raw,
      'expected, for a target_range metric, explicit sides: { "low": ..., "high": ... } (a single number has no side)',
      config,
    );
  }
  const side = input.direction === 'higher_better' ? 'low' : 'high';
  const resolved = resolveSide(single, side, basis, input.targetValue, field, config);
  return side === 'low' ? { status, low: resolved, high: null } : { status, low: null, high: resolved };
}

function checkOrder(
  a: number | undefined,
  b: number | undefined,
  fieldB: string,
  rule: string,
  config: ThresholdConfig,
): void {
  if (a !== undefined && b !== undefined && b < a) {
    throw new ThresholdConfigError(fieldB, b, rule, config);
  }
}

/**
 * Resolves a metric's threshold levels into metric units and checks their order:
 * critical.low <= warning.low <= warning.high <= critical.high, and each recovery on the better side.
 * Without a `threshold_config` a `target_value` becomes the warning level (below it for
 * higher_better, above it for lower_better; none for target_range). Throws `ThresholdConfigError`.
 */
export function resolveThresholdLevels(input: ThresholdInput): ThresholdLevels {
  const config = input.thresholdConfig;
  if (config === null) return uncachedLevels(input);
  // Configurations are immutable values: the levels of one config object are resolved once per
  // (direction, target) and shared (a scheduler tick classifies many values against few metrics).
  let perConfig = LEVEL_CACHE.get(config);
  if (perConfig === undefined) {
    perConfig = new Map();
    LEVEL_CACHE.set(config, perConfig);
  }
  const key = `${input.direction}|${input.targetValue}`;
  let levels = perConfig.get(key);
  if (levels === undefined) {
    levels = uncachedLevels(input);
    perConfig.set(key, levels);
  }
  return levels;
}

const LEVEL_CACHE = new WeakMap<ThresholdConfig, Map<string, ThresholdLevels>>();

function uncachedLevels(input: ThresholdInput): ThresholdLevels {
  const config = input.thresholdConfig;
  if (config === null) {
    const t = input.targetValue;
    if (t === null || input.direction === 'target_range') return { warning: null, critical: null };
    const side = { value: t, recovery: t };
    return {
      warning:
        input.direction === 'higher_better'
          ? { status: 'warning', low: side, high: null }
          : { status: 'warning', low: null, high: side },
      critical: null,
    };
  }
  const basis = config.basis ?? 'absolute';
  const warning = resolveLevel(config.warning, 'warning', input, basis, config);
  const critical = resolveLevel(config.critical, 'critical', input, basis, config);
  checkOrder(
    critical?.low?.value,
    warning?.low?.value,
    'threshold_config.warning.low',
    `expected a warning low level at or above the critical low level ${critical?.low?.value} (critical is further out)`,
    config,
  );
  checkOrder(
    warning?.high?.value,
    critical?.high?.value,
    'threshold_config.critical.high',
    `expected a critical high level at or above the warning high level ${warning?.high?.value} (critical is further out)`,
    config,
  );
  const lows = [critical?.low, warning?.low].flatMap((s, i) =>
    s ? [{ side: s, name: `threshold_config.${i === 0 ? 'critical' : 'warning'}.low` }] : [],
  );
  const highs = [warning?.high, critical?.high].flatMap((s, i) =>
    s ? [{ side: s, name: `threshold_config.${i === 0 ? 'warning' : 'critical'}.high` }] : [],
  );
  for (const low of lows) {
    for (const high of highs) {
      checkOrder(
        low.side.value,
        high.side.value,
        high.name,
        `expected a high level at or above the low level ${low.name} = ${low.side.value} (otherwise no value is ok)`,
        config,
      );
      checkOrder(
        low.side.recovery,
        high.side.value,
        high.name,
        `expected a high level at or above the recovery of ${low.name} = ${low.side.recovery} (recovering from one side must not breach the other)`,
        config,
      );
      checkOrder(
        low.side.value,
        high.side.recovery,
        `${high.name}.recovery`,
        `expected a recovery at or above the low level ${low.name} = ${low.side.value} (recovering from one side must not breach the other)`,
        config,
      );
    }
  }
  return { warning, critical };
}

function breaches(value: number, level: ResolvedLevel): boolean {
  return (level.low !== null && value < level.low.value) || (level.high !== null && value > level.high.value);
}

function recovered(value: number, level: ResolvedLevel): boolean {
  return (
    (level.low === null || value >= level.low.recovery) &&
    (level.high === null || value <= level.high.recovery)
  );
}

/**
 * Classifies a value with already resolved levels (the hot path of `classifyValue`).
 * With `previousStatus`, a level that was reached is kept until the value comes back to its recovery level.
 */
export function classifyWithLevels(
  value: number,
  levels: ThresholdLevels,
  previousStatus?: ThresholdStatus,
): ThresholdStatus {
  if (Number.isNaN(value)) {
    throw new RangeError('classifyValue: value is NaN; expected a number (±Infinity is allowed)');
  }
  const prev = previousStatus === undefined ? 0 : RANK[previousStatus];
  const { critical, warning } = levels;
  if (critical !== null && (breaches(value, critical) || (prev >= 2 && !recovered(value, critical)))) {
    return 'critical';
  }
  if (warning !== null && (breaches(value, warning) || (prev >= 1 && !recovered(value, warning)))) {
    return 'warning';
  }
  return 'ok';
}

/**
 * Classifies a value as ok / warning / critical against the metric's thresholds.
 * `previousStatus` enables the recovery-level hysteresis: a value between a level and its
 * recovery keeps the previous (worse) status instead of flapping.
 *
 * @example classifyValue(85, { thresholdConfig: { warning: 90, critical: 80 }, targetValue: null, direction: 'higher_better' }) // 'warning'
 */
export function classifyValue(
  value: number,
  input: ThresholdInput,
  previousStatus?: ThresholdStatus,
): ThresholdStatus {
  return classifyWithLevels(value, resolveThresholdLevels(input), previousStatus);
}

function band(
  status: ThresholdStatus,
  from: number | null,
  includesFrom: boolean,
  to: number | null,
  includesTo: boolean,
): ThresholdBand | null {
  if (from !== null && to !== null && (to < from || (to === from && !(includesFrom && includesTo)))) {
    return null;
  }
  return {
    status,
    from,
    to,
    includesFrom: from !== null && includesFrom,
    includesTo: to !== null && includesTo,
  };
}

/**
 * The bands to draw for a metric, ordered low to high, covering the whole number line without gaps
 * or overlaps (each boundary belongs to exactly one band: the better one). Empty bands are left out.
 *
 * @example thresholdBands({ thresholdConfig: { warning: 90, critical: 80 }, targetValue: null, direction: 'higher_better' })
 * // [{ critical, null..80 }, { warning, [80..90) }, { ok, [90..null) }]
 */
export function thresholdBands(input: ThresholdInput): readonly ThresholdBand[] {
  return bandsFromLevels(resolveThresholdLevels(input));
}

/** The bands for already resolved levels (see `thresholdBands`). */
export function bandsFromLevels(levels: ThresholdLevels): readonly ThresholdBand[] {
  const cLow = levels.critical?.low?.value ?? null;
  const wLow = levels.warning?.low?.value ?? null;
  const wHigh = levels.warning?.high?.value ?? null;
  const cHigh = levels.critical?.high?.value ?? null;
  const okFrom = wLow ?? cLow;
  const okTo = wHigh ?? cHigh;
  const bands = [
    cLow === null ? null : band('critical', null, false, cLow, false),
    wLow === null ? null : band('warning', cLow, true, wLow, false),
    band('ok', okFrom, true, okTo, true),
    wHigh === null ? null : band('warning', wHigh, false, cHigh, true),
    cHigh === null ? null : band('critical', cHigh, false, null, false),
  ];
  return bands.filter((b): b is ThresholdBand => b !== null);
}
