import { TIME_UNIT_MS, type TimeUnit } from './duration-format';
import { assertFinite, numberFormat } from './intl-cache';
import { type MetricUnit, resolveMetricUnit } from './metric-unit';
import { type MetricValueFormatOptions, MISSING_VALUE_TEXT } from './metric-value-format';
import { COMPACT_FROM } from './number-format';

/** Options of {@link createColumnFormat}. */
export interface ColumnFormatOptions extends MetricValueFormatOptions {
  /**
   * Distance between neighbouring values when they are axis ticks: the decimals then follow
   * the step (as d3's `precisionFixed`) instead of the largest value.
   */
  readonly step?: number | undefined;
  /** Significant digits kept for the largest value when no `step` is given (default 3). */
  readonly significantDigits?: number | undefined;
  /** Money is shown without cents once the largest amount reaches this (default 1,000). */
  readonly centsBelow?: number | undefined;
}

/** Magnitudes a column may be scaled to (thousands … trillions), largest first. */
const SCALES = [1e12, 1e9, 1e6, 1e3] as const;

/** The one rule chosen for a set of values, and the function that applies it. */
export interface ColumnFormat {
  /** Writes `value` by the column's rule; `null` becomes an em dash. Values outside the set are fine. */
  readonly format: (value: number | null) => string;
  /** Divisor shared by every value (1, 1e3, 1e6, 1e9 or 1e12), written as the locale's compact suffix. */
  readonly scale: number;
  /** Digits after the decimal separator, the same for every value. */
  readonly fractionDigits: number;
  /** The unit every duration is shown in; `null` for other units. */
  readonly durationUnit: TimeUnit | null;
  /** The resolved unit of the values. */
  readonly unit: MetricUnit;
}

function unitOf(options: ColumnFormatOptions): MetricUnit {
  return typeof options.unit === 'object' && options.unit !== null
    ? options.unit
    : resolveMetricUnit(options.unit, options.metricType, options.currency);
}

const DURATION_UNITS: readonly TimeUnit[] = ['day', 'hour', 'minute', 'second', 'millisecond'];

/**
 * The duration unit for a whole set: the largest unit (up to days) in which the smallest non-zero
 * magnitude is at least 1; when the largest value would then pass 1,000 a larger unit is taken.
 */
function chooseDurationUnit(magnitudesMs: readonly number[], stored: TimeUnit): TimeUnit {
  const nonZero = magnitudesMs.filter((m) => m > 0);
  if (nonZero.length === 0) return stored;
  const smallest = Math.min(...nonZero);
  const largest = Math.max(...nonZero);
  let i = DURATION_UNITS.findIndex((u) => smallest >= TIME_UNIT_MS[u]);
  if (i === -1) i = DURATION_UNITS.length - 1;
  while (i > 0 && largest / TIME_UNIT_MS[DURATION_UNITS[i]!] >= 1000) i--;
  return DURATION_UNITS[i]!;
}

/** Digits of a fixed-point number whose largest magnitude is `max`, keeping `significant` digits. */
function magnitudeDigits(max: number, significant: number): number {
  if (max === 0) return 0;
  return significant - 1 - Math.floor(Math.log10(max));
}

/** d3's `precisionFixed`: digits needed to tell apart values `step` apart. */
function stepDigits(step: number): number {
  return step > 0 && Number.isFinite(step) ? Math.max(0, -Math.floor(Math.log10(step) + 1e-9)) : 0;
}

/** The fewest digits ≤ `digits` at which every value rounds as it does at `digits`. */
function trimDigits(values: readonly number[], digits: number): number {
  for (let d = 0; d < digits; d++) {
    if (values.every((v) => Math.abs(round(v, d) - round(v, digits)) < 10 ** -(digits + 2))) return d;
  }
  return digits;
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/**
 * The parts of `sign × 5 × scale` in the locale's compact notation, or `null` when the locale
 * has no suffix of exactly that scale (German has none for thousands, Japanese counts by 10⁴).
 */
function compactTemplate(
  locale: string | undefined,
  base: Intl.NumberFormatOptions,
  scale: number,
  negative: boolean,
): Intl.NumberFormatPart[] | null {
  const parts = numberFormat(locale, {
    ...base,
    notation: 'compact',
    compactDisplay: 'short',
    minimumFractionDigits: 0,
    maximumFractionDigits: 0,
  }).formatToParts((negative ? -5 : 5) * scale);
  const digits = parts.filter((p) => p.type === 'integer');
  if (digits.length !== 1 || digits[0]!.value !== '5' || !parts.some((p) => p.type === 'compact')) {
    return null;
  }
  return parts;
}

/**
 * One formatting rule for a set of values that are read together — a table column, the ticks of an
 * axis, the labels of a donut: one scale (K, M, … as the locale writes them), one duration unit and
 * one number of decimals for all of them, the way d3's `tickFormat` picks one precision for a
 * whole tick set. Values of the set that are null, undefined or not finite are ignored.
 *
 * - decimals: with `step`, enough to tell ticks apart; otherwise `significantDigits` (3) for the
 *   largest magnitude; capped by `maximumFractionDigits` (number 2, percent and duration 1,
 *   count 0 unless scaled) and trimmed while no value changes;
 * - scale: with `compact: 'auto'` (default) once the largest magnitude reaches 100,000, with
 *   `compact: true` from 1,000, never with `false`; only scales the locale has a suffix for;
 * - money: the currency's minor units until the largest amount reaches `centsBelow` (1,000), then
 *   whole units;
 * - durations: one unit for all (see {@link chooseDurationUnit}), never weeks.
 *
 * @example createColumnFormat([63_953, 138_400, 114_000], { unit: 'USD' }).format(63_953) // '$64K'
 * @example createColumnFormat([0, 2500, 5000, 7500, 10000], { unit: 'EUR', step: 2500 }).format(10000) // '€10,000'
 */
export function createColumnFormat(
  values: Iterable<number | null | undefined>,
  options: ColumnFormatOptions = {},
): ColumnFormat {
  const unit = unitOf(options);
  const locale = options.locale;
  const finite: number[] = [];
  for (const v of values) if (typeof v === 'number' && Number.isFinite(v)) finite.push(v);
  const significant = options.significantDigits ?? 3;
  const signDisplay = options.signDisplay ?? 'negative';

  // display units: what the reader sees before scaling (percent points, the chosen time unit)
  let durationUnit: TimeUnit | null = null;
  let toDisplay = (v: number) => v;
  let base: Intl.NumberFormatOptions = {};
  let cap: number;
  let minorDigits = 0;
  switch (unit.kind) {
    case 'percent':
      base = { style: 'percent' };
      cap = 1;
      break;
    case 'currency': {
      base = { style: 'currency', currency: unit.currency };
      minorDigits = numberFormat(locale, base).resolvedOptions().maximumFractionDigits ?? 2;
      cap = minorDigits;
      break;
    }
    case 'duration': {
      const stored = TIME_UNIT_MS[unit.unit];
      const shown = chooseDurationUnit(
        finite.map((v) => Math.abs(v) * stored),
        unit.unit,
      );
      durationUnit = shown;
      toDisplay = (v) => (v * stored) / TIME_UNIT_MS[shown];
      base = { style: 'unit', unit: shown, unitDisplay: 'short' };
      cap = 1;
      break;
    }
    case 'count':
      cap = 0;
      break;
    case 'number':
      cap = 2;
      break;
  }
  if (options.maximumFractionDigits !== undefined) cap = options.maximumFractionDigits;

  const shown = finite.map(toDisplay);
  const maxAbs = shown.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

  // one scale for all, among those the locale can write
  let scale = 1;
  const compact = options.compact ?? 'auto';
  const compactFrom = compact === true ? 1_000 : compact === 'auto' ? COMPACT_FROM : Number.POSITIVE_INFINITY;
  if (unit.kind !== 'percent' && unit.kind !== 'duration' && maxAbs >= compactFrom) {
    for (const s of SCALES) {
      if (maxAbs >= s && compactTemplate(locale, base, s, false) !== null) {
        scale = s;
        break;
      }
    }
  }

  let digits = 0;
  for (;;) {
    digits = chooseDigits();
    // 999,960 at 0 decimals of K reads "1,000K": take the next scale when the locale has it
    const next = SCALES[SCALES.indexOf(scale as (typeof SCALES)[number]) - 1];
    const bigger = scale === 1 ? (maxAbs >= compactFrom ? 1e3 : undefined) : next;
    if (
      bigger === undefined ||
      unit.kind === 'percent' ||
      unit.kind === 'duration' ||
      round(maxAbs / scale, digits) < 1000 ||
      maxAbs < bigger * 0.9995 ||
      compactTemplate(locale, base, bigger, false) === null
    ) {
      break;
    }
    scale = bigger;
  }

  function chooseDigits(): number {
    let digits: number;
    const scaled = shown.map((v) => v / scale);
    const scaledMax = maxAbs / scale;
    const scaledStep = options.step === undefined ? undefined : toDisplay(options.step) / scale;
    if (unit.kind === 'currency' && scale === 1) {
      const whole = scaledStep !== undefined ? scaledStep >= 1 : maxAbs >= (options.centsBelow ?? 1_000);
      digits = whole || scaled.every(Number.isInteger) ? 0 : minorDigits;
      if (options.maximumFractionDigits !== undefined)
        digits = Math.min(digits, options.maximumFractionDigits);
    } else {
      const wanted =
        scaledStep !== undefined ? stepDigits(scaledStep) : magnitudeDigits(scaledMax, significant);
      const limit = scale > 1 ? Math.max(cap, 2) : cap;
      digits = Math.max(0, Math.min(limit, wanted));
      digits = trimDigits(scaled, digits);
    }
    if (options.minimumFractionDigits !== undefined) digits = Math.max(digits, options.minimumFractionDigits);
    return Math.min(digits, 20);
  }

  const fixed: Intl.NumberFormatOptions = {
    ...base,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    signDisplay,
  };
  const plain = numberFormat(locale, fixed);
  const digitsOnly = numberFormat(locale, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    signDisplay: 'never',
  });

  const format = (value: number | null): string => {
    if (value === null) return MISSING_VALUE_TEXT;
    assertFinite('createColumnFormat', 'value', value);
    const v = toDisplay(value);
    if (unit.kind === 'percent') return plain.format(v / 100);
    if (scale === 1) return withSuffix(plain.format(v), unit);
    // zero keeps the column's suffix ("$0.0M" next to "$0.5M"), never a sign
    const template = compactTemplate(
      locale,
      { ...base, signDisplay: v === 0 ? 'never' : signDisplay },
      scale,
      v < 0,
    );
    if (template === null) return withSuffix(plain.format(v), unit);
    const number = digitsOnly.formatToParts(Math.abs(v) / scale);
    const text = template.map((p) => (p.type === 'integer' ? number.map((n) => n.value).join('') : p.value));
    return withSuffix(text.join(''), unit);
  };

  return { format, scale, fractionDigits: digits, durationUnit, unit };
}

function withSuffix(text: string, unit: MetricUnit): string {
  return (unit.kind === 'count' || unit.kind === 'number') && unit.suffix !== null
    ? `${text}\u00a0${unit.suffix}`
    : text;
}
