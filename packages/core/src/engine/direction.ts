import type { Direction } from '../schema/enums';

/**
 * What "better" means for one metric: its `direction` and, for `target_range`, the acceptable band.
 * Every better/worse decision of the engine (percentile ranks, improvement, trend, score attainment,
 * target met) goes through the functions of this module and nowhere else.
 */
export interface DirectionSpec {
  readonly direction: Direction;
  /** `target_value` of the metric; needed by `target_range` (as the band's centre) and by attainment. */
  readonly target?: number | null;
  /** For `target_range`: lowest acceptable value. Default `target - tolerance`. */
  readonly rangeMin?: number | null;
  /** For `target_range`: highest acceptable value. Default `target + tolerance`. */
  readonly rangeMax?: number | null;
  /** For `target_range`: half-width of the band around `target` when no explicit min/max is given. Default 0. */
  readonly tolerance?: number | null;
}

/** The acceptable band of a `target_range` metric, or null when it has neither min/max nor a target. */
export function acceptableRange(spec: DirectionSpec): { readonly min: number; readonly max: number } | null {
  const tolerance = Math.abs(spec.tolerance ?? 0);
  const target = spec.target ?? null;
  const min = spec.rangeMin ?? (target === null ? null : target - tolerance);
  const max = spec.rangeMax ?? (target === null ? null : target + tolerance);
  if (min === null && max === null) return null;
  return { min: min ?? Number.NEGATIVE_INFINITY, max: max ?? Number.POSITIVE_INFINITY };
}

/**
 * How bad a value is, as one number where larger is always worse:
 * `higher_better` → −value; `lower_better` → value; `target_range` → distance to the acceptable band
 * (0 inside it). `null` when the value is missing or a `target_range` metric has no band.
 */
export function badness(value: number | null | undefined, spec: DirectionSpec): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  switch (spec.direction) {
    case 'higher_better':
      return -value;
    case 'lower_better':
      return value;
    case 'target_range': {
      const range = acceptableRange(spec);
      if (range === null) return null;
      return value < range.min ? range.min - value : value > range.max ? value - range.max : 0;
    }
  }
}

/**
 * Orders two values best first: negative when `a` is better than `b`, positive when worse, 0 when equally
 * good. Missing values (and values of a `target_range` metric without a band) sort last.
 *
 * @example
 * values.sort((a, b) => compareByDirection(a, b, { direction: 'lower_better' })) // best first
 */
export function compareByDirection(
  a: number | null | undefined,
  b: number | null | undefined,
  spec: DirectionSpec,
): number {
  const x = badness(a, spec);
  const y = badness(b, spec);
  if (x === null) return y === null ? 0 : 1;
  if (y === null) return -1;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Whether `current` is better than `previous` (true), worse (false), or equally good / not comparable (null). */
export function isImprovement(
  previous: number | null | undefined,
  current: number | null | undefined,
  spec: DirectionSpec,
): boolean | null {
  const before = badness(previous, spec);
  const now = badness(current, spec);
  if (before === null || now === null || before === now) return null;
  return now < before;
}

/**
 * Whether a value meets its target: `higher_better` value ≥ target; `lower_better` value ≤ target;
 * `target_range` value inside the acceptable band. `null` when there is no target (or band).
 */
export function meetsTarget(value: number | null | undefined, spec: DirectionSpec): boolean | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  if (spec.direction === 'target_range') {
    const distance = badness(value, spec);
    return distance === null ? null : distance === 0;
  }
  const target = spec.target ?? null;
  if (target === null) return null;
  return spec.direction === 'higher_better' ? value >= target : value <= target;
}

/**
 * Attainment of a value against its target on a 0–100 scale, used by `score` metrics:
 * - `higher_better`: 100 × clamp(value / target, 0, 1); needs target > 0.
 * - `lower_better`: 100 when value ≤ target, else 100 × target / value; needs target ≥ 0 (a target of 0
 *   gives 0 for any value above it).
 * - `target_range`: 100 inside the band; below it the `higher_better` rule against the band's minimum,
 *   above it the `lower_better` rule against the band's maximum.
 * Returns `{ value: null, reason }` when the rule's preconditions do not hold, including a target,
 * range bound or tolerance that is a number but not finite (NaN, ±Infinity): the result is always
 * a finite number in [0, 100] or null.
 */
export function attainment(
  value: number,
  spec: DirectionSpec,
): { readonly value: number; readonly reason: null } | { readonly value: null; readonly reason: string } {
  if (!Number.isFinite(value)) return { value: null, reason: `value ${value} is not finite` };
  for (const field of ['target', 'rangeMin', 'rangeMax', 'tolerance'] as const) {
    const v = spec[field];
    if (typeof v === 'number' && !Number.isFinite(v)) {
      return { value: null, reason: `${field} is ${v}; expected a finite number or null` };
    }
  }
  const higher = (v: number, target: number | null) =>
    target === null || !(target > 0)
      ? ({ value: null, reason: `higher_better attainment needs a target above 0, got ${target}` } as const)
      : ({ value: 100 * Math.min(1, Math.max(0, v / target)), reason: null } as const);
  const lower = (v: number, target: number | null) =>
    target === null || target < 0
      ? ({
          value: null,
          reason: `lower_better attainment needs a target of 0 or more, got ${target}`,
        } as const)
      : v <= target
        ? ({ value: 100, reason: null } as const)
        : ({ value: 100 * (target / v), reason: null } as const); // target / v < 1: 100 · target cannot overflow
  switch (spec.direction) {
    case 'higher_better':
      return higher(value, spec.target ?? null);
    case 'lower_better':
      return lower(value, spec.target ?? null);
    case 'target_range': {
      const range = acceptableRange(spec);
      if (range === null) return { value: null, reason: 'target_range attainment needs a target or a range' };
      if (value < range.min) return higher(value, range.min);
      if (value > range.max) return lower(value, range.max);
      return { value: 100, reason: null };
    }
  }
}
