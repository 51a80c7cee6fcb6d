import { assertFinite, numberFormat } from './intl-cache';

/** Options shared by the number formatters. */
export interface NumberFormatOptions {
  /** BCP 47 locale, default `en-US`. */
  readonly locale?: string | undefined;
  /** Most digits after the decimal separator (default depends on the formatter). */
  readonly maximumFractionDigits?: number | undefined;
  /** Fewest digits after the decimal separator (default 0). */
  readonly minimumFractionDigits?: number | undefined;
  /** `true`: compact notation (1.2K, 3.4M); `'auto'` (default): compact from 100,000 up; `false`: never. */
  readonly compact?: boolean | 'auto' | undefined;
  /** Sign display as in `Intl.NumberFormat`; default `'negative'` (no "-0"), `'exceptZero'` for deltas. */
  readonly signDisplay?: 'auto' | 'always' | 'exceptZero' | 'negative' | 'never' | undefined;
}

/** Values at or above this magnitude use compact notation when `compact` is `'auto'`. */
export const COMPACT_FROM = 100_000;

function digits(
  options: NumberFormatOptions,
  defaultMax: number,
): Pick<Intl.NumberFormatOptions, 'maximumFractionDigits' | 'minimumFractionDigits'> {
  const max = options.maximumFractionDigits ?? defaultMax;
  const min = Math.min(options.minimumFractionDigits ?? 0, max);
  for (const [field, v] of [
    ['maximumFractionDigits', max],
    ['minimumFractionDigits', min],
  ] as const) {
    if (!Number.isInteger(v) || v < 0 || v > 20) {
      throw new RangeError(`${field} is ${String(v)}; it must be an integer from 0 to 20.`);
    }
  }
  return { maximumFractionDigits: max, minimumFractionDigits: min };
}

/** Whether `value` is shown in compact notation under these options. */
export function usesCompactNotation(value: number, options: NumberFormatOptions): boolean {
  const compact = options.compact ?? 'auto';
  return compact === true || (compact === 'auto' && Math.abs(value) >= COMPACT_FROM);
}

function base(value: number, options: NumberFormatOptions, defaultMax: number): Intl.NumberFormatOptions {
  const compact = usesCompactNotation(value, options);
  return {
    ...(compact
      ? { notation: 'compact', maximumFractionDigits: options.maximumFractionDigits ?? 1 }
      : digits(options, defaultMax)),
    signDisplay: options.signDisplay ?? 'negative',
  };
}

/**
 * A plain number for the locale, at most 2 decimals by default, compact from 100,000.
 * @example formatNumber(1234.567, { locale: 'de-DE' }) // '1.234,57'
 */
export function formatNumber(value: number, options: NumberFormatOptions = {}): string {
  assertFinite('formatNumber', 'value', value);
  return numberFormat(options.locale, base(value, options, 2)).format(value);
}

/**
 * A count: rounded to a whole number, grouped, compact from 100,000.
 * @example formatCount(1234567) // '1.2M'
 */
export function formatCount(value: number, options: NumberFormatOptions = {}): string {
  assertFinite('formatCount', 'value', value);
  return numberFormat(options.locale, base(value, options, 0)).format(value);
}

/**
 * Compact notation always (1.2K, 3.4M, 1.2 Mio.), one decimal at most.
 * @example formatCompact(1_250_000, { locale: 'en-US' }) // '1.3M'
 */
export function formatCompact(value: number, options: NumberFormatOptions = {}): string {
  assertFinite('formatCompact', 'value', value);
  return numberFormat(options.locale, base(value, { ...options, compact: true }, 1)).format(value);
}

/** Options of {@link formatPercent}. */
export interface PercentFormatOptions extends NumberFormatOptions {
  /** `'points'` (default): 95.5 means 95.5 %, as stored for `percentage` metrics; `'fraction'`: 0.955 means 95.5 %. */
  readonly scale?: 'points' | 'fraction' | undefined;
}

/**
 * A percentage, one decimal at most by default. Values are percent points unless `scale: 'fraction'`.
 * @example formatPercent(95.5, { locale: 'fr-FR' }) // '95,5 %'
 */
export function formatPercent(value: number, options: PercentFormatOptions = {}): string {
  assertFinite('formatPercent', 'value', value);
  const fraction = options.scale === 'fraction' ? value : value / 100;
  return numberFormat(options.locale, {
    style: 'percent',
    ...digits(options, 1),
    signDisplay: options.signDisplay ?? 'negative',
  }).format(fraction);
}

/** Options of {@link formatPercentagePoints}. */
export type PercentagePointsFormatOptions = NumberFormatOptions;

/**
 * A difference of two percentages, in percentage points ("pp"), signed by default.
 * @example formatPercentagePoints(2.5) // '+2.5 pp'
 */
export function formatPercentagePoints(value: number, options: PercentagePointsFormatOptions = {}): string {
  assertFinite('formatPercentagePoints', 'value', value);
  const number = numberFormat(options.locale, {
    ...digits(options, 1),
    signDisplay: options.signDisplay ?? 'exceptZero',
  }).format(value);
  return `${number}\u00a0pp`;
}

const CURRENCY_CODE = /^[A-Z]{3}$/;

/** Whether `code` has the shape of an ISO 4217 currency code (three capital letters). */
export function isCurrencyCode(code: string): boolean {
  return CURRENCY_CODE.test(code);
}

/**
 * An amount of money for the locale, with the currency's usual decimals; compact from 100,000.
 * Throws a RangeError naming `currency` when it is not an ISO 4217 code.
 * @example formatCurrency(1234.5, 'EUR', { locale: 'de-DE' }) // '1.234,50 €'
 */
export function formatCurrency(value: number, currency: string, options: NumberFormatOptions = {}): string {
  assertFinite('formatCurrency', 'value', value);
  if (typeof currency !== 'string' || !isCurrencyCode(currency)) {
    throw new RangeError(
      `formatCurrency: currency is ${JSON.stringify(currency)}; it must be an ISO 4217 code of three capital letters such as "USD" or "EUR".`,
    );
  }
  const compact = usesCompactNotation(value, options);
  const fractionOptions: Intl.NumberFormatOptions = compact
    ? { notation: 'compact', maximumFractionDigits: options.maximumFractionDigits ?? 1 }
    : options.maximumFractionDigits === undefined && options.minimumFractionDigits === undefined
      ? {}
      : digits(options, 2);
  return numberFormat(options.locale, {
    style: 'currency',
    currency,
    ...fractionOptions,
    signDisplay: options.signDisplay ?? 'negative',
  }).format(value);
}
