import type { MetricType } from '../schema/enums';
import { formatDuration } from './duration-format';
import { type MetricUnit, resolveMetricUnit } from './metric-unit';
import {
  formatCount,
  formatCurrency,
  formatNumber,
  formatPercent,
  type NumberFormatOptions,
} from './number-format';

/** Text shown for a missing value (`null`): an em dash. */
export const MISSING_VALUE_TEXT = '\u2014';

/** Options of {@link formatMetricValue}: the metric's unit and type, plus the number options. */
export interface MetricValueFormatOptions extends NumberFormatOptions {
  /** `metric_definitions.unit_of_measure` (free text) or an already resolved unit. */
  readonly unit?: string | MetricUnit | null | undefined;
  /** `metric_definitions.metric_type`. */
  readonly metricType?: MetricType | null | undefined;
  /** Currency for the unit `currency` (ISO 4217). */
  readonly currency?: string | null | undefined;
}

/**
 * A metric value as people read it: %, money, durations, counts or a number with its unit;
 * `null` becomes an em dash. One function, so a card, a table and a tooltip always agree.
 * @example formatMetricValue(0.5, { unit: 'days' }) // '12 hr'
 * @example formatMetricValue(1_250_000, { unit: 'EUR', locale: 'de-DE' }) // '1,3 Mio. €'
 */
export function formatMetricValue(value: number | null, options: MetricValueFormatOptions = {}): string {
  if (value === null) return MISSING_VALUE_TEXT;
  const unit =
    typeof options.unit === 'object' && options.unit !== null
      ? options.unit
      : resolveMetricUnit(options.unit, options.metricType, options.currency);
  switch (unit.kind) {
    case 'percent':
      return formatPercent(value, options);
    case 'currency':
      return formatCurrency(value, unit.currency, options);
    case 'duration':
      return formatDuration(value, unit.unit, options);
    case 'count':
      return withSuffix(formatCount(value, options), unit.suffix);
    case 'number':
      return withSuffix(formatNumber(value, options), unit.suffix);
  }
}

function withSuffix(text: string, suffix: string | null): string {
  return suffix === null ? text : `${text}\u00a0${suffix}`;
}
