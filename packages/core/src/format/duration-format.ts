import { assertFinite, numberFormat } from './intl-cache';
import type { NumberFormatOptions } from './number-format';

/** Time units a duration can be stored and shown in (the `Intl` unit identifiers). */
export const TIME_UNITS = ['millisecond', 'second', 'minute', 'hour', 'day', 'week'] as const;
/** One of {@link TIME_UNITS}. */
export type TimeUnit = (typeof TIME_UNITS)[number];

/** Length of each duration unit in milliseconds. */
export const TIME_UNIT_MS: Readonly<Record<TimeUnit, number>> = {
  millisecond: 1,
  second: 1_000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 604_800_000,
};

/** Options of {@link formatDuration}. */
export interface DurationFormatOptions extends Omit<NumberFormatOptions, 'compact'> {
  /** `'auto'` (default): shown in the largest unit, up to days, in which it is at least 1; `'fixed'`: in the stored unit. */
  readonly scale?: 'auto' | 'fixed' | undefined;
  /** `'short'` (default): "3.5 hr"; `'long'`: "3.5 hours"; `'narrow'`: "3.5h". */
  readonly unitDisplay?: 'short' | 'long' | 'narrow' | undefined;
}

/** The unit a duration of `value` stored in `unit` is shown in under `scale: 'auto'` (weeks are never chosen). */
export function displayDurationUnit(value: number, unit: TimeUnit): TimeUnit {
  const ms = Math.abs(value) * TIME_UNIT_MS[unit];
  const candidates: readonly TimeUnit[] = ['day', 'hour', 'minute', 'second'];
  for (const candidate of candidates) if (ms >= TIME_UNIT_MS[candidate]) return candidate;
  return ms === 0 ? unit : 'millisecond';
}

/**
 * A duration stored as a number of `unit`, shown with a localized unit name.
 * @example formatDuration(36, 'hour') // '1.5 days'
 * @example formatDuration(90, 'minute', { locale: 'de-DE', unitDisplay: 'long' }) // '1,5 Stunden'
 */
export function formatDuration(value: number, unit: TimeUnit, options: DurationFormatOptions = {}): string {
  assertFinite('formatDuration', 'value', value);
  if (!TIME_UNITS.includes(unit)) {
    throw new RangeError(
      `formatDuration: unit is ${JSON.stringify(unit)}; allowed: ${TIME_UNITS.join(', ')}.`,
    );
  }
  const shown = options.scale === 'fixed' ? unit : displayDurationUnit(value, unit);
  const converted = (value * TIME_UNIT_MS[unit]) / TIME_UNIT_MS[shown];
  const max = options.maximumFractionDigits ?? 1;
  return numberFormat(options.locale, {
    style: 'unit',
    unit: shown,
    unitDisplay: options.unitDisplay ?? 'short',
    maximumFractionDigits: max,
    minimumFractionDigits: Math.min(options.minimumFractionDigits ?? 0, max),
    signDisplay: options.signDisplay ?? 'negative',
  }).format(converted);
}
