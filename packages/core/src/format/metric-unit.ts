import type { MetricType } from '../schema/enums';
import type { TimeUnit } from './duration-format';
import { isCurrencyCode } from './number-format';

/**
 * How a metric's values are shown, read from its free-text `unit_of_measure` and its `metric_type`:
 * - `percent`: `%`, `percent`, or metric_type `percentage` (values are percent points, 95.5 = 95.5 %);
 * - `currency`: an ISO 4217 code (`USD`), `$` / `€` / `£`, or `currency` with a default currency given;
 * - `duration`: `ms`, `s`/`sec`/`seconds`, `min`/`minutes`, `h`/`hours`, `d`/`days`, `w`/`weeks`
 *   (or metric_type `duration` without a unit: hours);
 * - `count`: `count` or metric_type `count` (whole numbers);
 * - `number`: anything else, shown as a number followed by the unit text (`suffix`).
 */
export type MetricUnit =
  | { readonly kind: 'percent' }
  | { readonly kind: 'currency'; readonly currency: string }
  | { readonly kind: 'duration'; readonly unit: TimeUnit }
  | { readonly kind: 'count'; readonly suffix: string | null }
  | { readonly kind: 'number'; readonly suffix: string | null };

const DURATION_ALIASES: Readonly<Record<string, TimeUnit>> = {
  ms: 'millisecond',
  millisecond: 'millisecond',
  milliseconds: 'millisecond',
  s: 'second',
  sec: 'second',
  secs: 'second',
  second: 'second',
  seconds: 'second',
  min: 'minute',
  mins: 'minute',
  minute: 'minute',
  minutes: 'minute',
  h: 'hour',
  hr: 'hour',
  hrs: 'hour',
  hour: 'hour',
  hours: 'hour',
  d: 'day',
  day: 'day',
  days: 'day',
  w: 'week',
  week: 'week',
  weeks: 'week',
};

const CURRENCY_SYMBOLS: Readonly<Record<string, string>> = { $: 'USD', '€': 'EUR', '£': 'GBP' };

/**
 * Reads a metric's `unit_of_measure` (free text, may be null) with its `metric_type` into a {@link MetricUnit}.
 * `defaultCurrency` is used for the unit `currency`; without it such a unit is shown as a plain number.
 * @example resolveMetricUnit('hours', 'duration') // { kind: 'duration', unit: 'hour' }
 */
export function resolveMetricUnit(
  unitOfMeasure: string | null | undefined,
  metricType?: MetricType | null,
  defaultCurrency?: string | null,
): MetricUnit {
  const raw = (unitOfMeasure ?? '').trim();
  const lower = raw.toLowerCase();
  if (lower === '%' || lower === 'percent' || lower === 'percentage' || metricType === 'percentage') {
    return { kind: 'percent' };
  }
  if (isCurrencyCode(raw)) return { kind: 'currency', currency: raw };
  const symbol = CURRENCY_SYMBOLS[raw];
  if (symbol !== undefined) return { kind: 'currency', currency: symbol };
  if (lower === 'currency' && defaultCurrency != null && isCurrencyCode(defaultCurrency)) {
    return { kind: 'currency', currency: defaultCurrency };
  }
  const duration = DURATION_ALIASES[lower];
  if (duration !== undefined) return { kind: 'duration', unit: duration };
  if (raw === '' && metricType === 'duration') return { kind: 'duration', unit: 'hour' };
  if (lower === 'count') return { kind: 'count', suffix: null };
  if (metricType === 'count') return { kind: 'count', suffix: raw === '' ? null : raw };
  return { kind: 'number', suffix: raw === '' ? null : raw };
}
