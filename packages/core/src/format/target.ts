import type { Direction } from '../schema/enums';
import { assertFinite } from './intl-cache';

/** A value compared with its target, for display. */
export interface TargetComparison {
  /** value − target, in metric units (same sign convention as `variance_from_target`). */
  readonly variance: number;
  /**
   * How much of the target is reached, in percent (100 = on target, more is better):
   * value / target for higher_better, target / value for lower_better; `null` for
   * target_range and when the division is by zero or the signs differ.
   */
  readonly attainmentPercent: number | null;
  /** Whether the target is met: value >= target (higher_better), value <= target (lower_better); `null` for target_range. */
  readonly met: boolean | null;
}

/**
 * Compares a value with its target by the metric's direction.
 * @example compareToTarget({ value: 45, targetValue: 50, direction: 'higher_better' }) // { variance: -5, attainmentPercent: 90, met: false }
 */
export function compareToTarget(input: {
  readonly value: number;
  readonly targetValue: number;
  readonly direction: Direction;
}): TargetComparison {
  const { value, targetValue, direction } = input;
  assertFinite('compareToTarget', 'value', value);
  assertFinite('compareToTarget', 'targetValue', targetValue);
  const variance = value - targetValue;
  if (direction === 'target_range') return { variance, attainmentPercent: null, met: null };
  const [num, den] = direction === 'higher_better' ? [value, targetValue] : [targetValue, value];
  const attainmentPercent = den === 0 || num * den < 0 ? null : (num / den) * 100;
  return {
    variance,
    attainmentPercent,
    met: direction === 'higher_better' ? value >= targetValue : value <= targetValue,
  };
}
