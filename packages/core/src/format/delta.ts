import type { Direction } from '../schema/enums';
import { assertFinite } from './intl-cache';
import { formatMetricValue, type MetricValueFormatOptions } from './metric-value-format';
import { formatPercent, formatPercentagePoints } from './number-format';

/** Whether a change is good news for the metric, given its direction. */
export const DELTA_SENTIMENTS = ['better', 'worse', 'unchanged', 'neutral'] as const;
/** `neutral`: a target_range metric without a target, where no side is better. */
export type DeltaSentiment = (typeof DELTA_SENTIMENTS)[number];

/** What {@link describeDelta} needs: the value now and before, and which way is better. */
export interface DeltaInput {
  readonly value: number;
  readonly previousValue: number;
  readonly direction: Direction;
  /** Needed for `target_range`: moving closer to it is better. */
  readonly targetValue?: number | null | undefined;
  /** `metric_calculations.change_percentage` when the engine computed it; otherwise derived here. */
  readonly changePercentage?: number | null | undefined;
}

/** A period-over-period change, described for display. */
export interface MetricDelta {
  /** value - previousValue, in metric units (percentage points for percentage metrics). */
  readonly absolute: number;
  /** Relative change in percent of |previousValue|; `null` when the previous value is 0. */
  readonly relativePercent: number | null;
  /** Sign of the change. */
  readonly trend: 'up' | 'down' | 'flat';
  /** Good or bad news, by the metric's direction (lower_better metrics are better when falling). */
  readonly sentiment: DeltaSentiment;
}

/**
 * Describes the change from `previousValue` to `value`: absolute, relative and whether it is
 * good news. For `higher_better` up is better, for `lower_better` down is better, for
 * `target_range` getting closer to the target is better (`neutral` without a target).
 * @example describeDelta({ value: 4, previousValue: 5, direction: 'lower_better' }).sentiment // 'better'
 */
export function describeDelta(input: DeltaInput): MetricDelta {
  assertFinite('describeDelta', 'value', input.value);
  assertFinite('describeDelta', 'previousValue', input.previousValue);
  const absolute = input.value - input.previousValue;
  const relativePercent =
    input.changePercentage != null
      ? input.changePercentage
      : input.previousValue === 0
        ? null
        : (absolute / Math.abs(input.previousValue)) * 100;
  const trend = absolute > 0 ? 'up' : absolute < 0 ? 'down' : 'flat';
  let sentiment: DeltaSentiment;
  if (trend === 'flat') sentiment = 'unchanged';
  else if (input.direction === 'higher_better') sentiment = trend === 'up' ? 'better' : 'worse';
  else if (input.direction === 'lower_better') sentiment = trend === 'down' ? 'better' : 'worse';
  else if (input.targetValue == null) sentiment = 'neutral';
  else {
    const before = Math.abs(input.previousValue - input.targetValue);
    const now = Math.abs(input.value - input.targetValue);
    sentiment = now < before ? 'better' : now > before ? 'worse' : 'unchanged';
  }
  return { absolute, relativePercent, trend, sentiment };
}

/** How a delta is written: `auto` = percentage points for percent metrics, relative % otherwise. */
export const DELTA_DISPLAYS = ['auto', 'absolute', 'percent'] as const;
/** One of {@link DELTA_DISPLAYS}. */
export type DeltaDisplay = (typeof DELTA_DISPLAYS)[number];

/** How the direction of a delta is shown: a sign (`+2.5 pp`), an arrow (`▲ 2.5 pp`) or neither (`2.5 pp`). */
export const DELTA_INDICATORS = ['sign', 'arrow', 'none'] as const;
/** One of {@link DELTA_INDICATORS}. */
export type DeltaIndicator = (typeof DELTA_INDICATORS)[number];

/** The arrow of each trend, used by `indicator: 'arrow'` (a flat change has none). */
export const DELTA_ARROWS: Readonly<Record<MetricDelta['trend'], string>> = {
  up: '\u25B2',
  down: '\u25BC',
  flat: '',
};

/** Options of {@link formatDelta}. */
export interface DeltaFormatOptions extends MetricValueFormatOptions {
  readonly display?: DeltaDisplay | undefined;
  /** `sign` (default) or `arrow`, never both; `none` writes the magnitude only. */
  readonly indicator?: DeltaIndicator | undefined;
}

/** Whether values of this unit / metric type are percentages (their differences are percentage points). */
export function isPercentMetric(options: MetricValueFormatOptions): boolean {
  return (
    options.metricType === 'percentage' ||
    (typeof options.unit === 'string' &&
      ['%', 'percent', 'percentage'].includes(options.unit.trim().toLowerCase())) ||
    (typeof options.unit === 'object' && options.unit?.kind === 'percent')
  );
}

/**
 * The difference of two values of a metric (a variance from target, a change), signed:
 * percentage points for percentage metrics, otherwise the metric's own unit.
 * @example formatDifference(4, { unit: '%' }) // '+4 pp'
 * @example formatDifference(-1200, { unit: 'USD' }) // '-$1,200.00'
 */
export function formatDifference(value: number, options: MetricValueFormatOptions = {}): string {
  const signDisplay = options.signDisplay ?? 'exceptZero';
  if (isPercentMetric(options)) {
    return formatPercentagePoints(value, { locale: options.locale, signDisplay, ...digitsOf(options) });
  }
  return formatMetricValue(value, { ...options, signDisplay });
}

function digitsOf(options: MetricValueFormatOptions) {
  return options.maximumFractionDigits === undefined
    ? {}
    : { maximumFractionDigits: options.maximumFractionDigits };
}

/**
 * The delta as text: `+2.5 pp` (percent metrics), `+12.5%` (relative) or `+120 hr` (absolute).
 * A relative change from 0 falls back to the absolute change. With `indicator: 'arrow'` the
 * sign is replaced by an arrow (`▼ 8.9%`), so a change never shows both.
 * @example formatDelta(describeDelta({ value: 96, previousValue: 93.5, direction: 'higher_better' }), { unit: '%' }) // '+2.5 pp'
 */
export function formatDelta(delta: MetricDelta, options: DeltaFormatOptions = {}): string {
  const display = options.display ?? 'auto';
  const indicator = options.indicator ?? 'sign';
  const signDisplay = indicator === 'sign' ? 'exceptZero' : 'never';
  let text: string;
  if (isPercentMetric(options) && display !== 'percent') {
    text = formatPercentagePoints(delta.absolute, { locale: options.locale, signDisplay });
  } else if (display !== 'absolute' && delta.relativePercent !== null) {
    text = formatPercent(delta.relativePercent, { locale: options.locale, signDisplay });
  } else {
    text = formatMetricValue(delta.absolute, { ...options, signDisplay });
  }
  const arrow = DELTA_ARROWS[delta.trend];
  return indicator === 'arrow' && arrow !== '' ? `${arrow}\u00a0${text}` : text;
}
