import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeDelta, formatDelta } from './delta';
import { displayDurationUnit, formatDuration } from './duration-format';
import { resolveMetricUnit } from './metric-unit';
import { formatMetricValue, MISSING_VALUE_TEXT } from './metric-value-format';
import {
  formatCompact,
  formatCount,
  formatCurrency,
  formatNumber,
  formatPercent,
  formatPercentagePoints,
} from './number-format';

const NBSP = '\u00a0';
const NNBSP = '\u202f';

describe('number formatting', () => {
  it('groups and separates decimals by the locale (CLDR: de uses "." and ",", fr a narrow space)', () => {
    expect(formatNumber(1234.567, { locale: 'de-DE' })).toBe('1.234,57');
    expect(formatNumber(1234.567, { locale: 'en-US' })).toBe('1,234.57');
    expect(formatNumber(1234.567, { locale: 'fr-FR' })).toBe(`1${NNBSP}234,57`);
  });

  it('round-trips any en-US number to its value rounded to 2 decimals', () => {
    fc.assert(
      fc.property(fc.double({ min: -99_999, max: 99_999, noNaN: true }), (v) => {
        const text = formatNumber(v, { locale: 'en-US' }).replaceAll(',', '').replace('\u2212', '-');
        expect(Number(text)).toBe(Number(v.toFixed(2)) || 0);
      }),
    );
  });

  it('switches to compact notation from 100,000 unless told otherwise', () => {
    expect(formatCount(99_999)).toBe('99,999');
    expect(formatCount(1_234_567)).toBe('1.2M');
    expect(formatCount(1_234_567, { compact: false })).toBe('1,234,567');
    expect(formatCompact(1_250_000, { locale: 'de-DE' })).toBe(`1,3${NBSP}Mio.`);
    expect(formatCompact(1_500)).toBe('1.5K');
  });

  it('reads percentage values as percent points by default and as fractions when asked', () => {
    expect(formatPercent(95.5)).toBe('95.5%');
    expect(formatPercent(0.955, { scale: 'fraction' })).toBe('95.5%');
    expect(formatPercent(95.5, { locale: 'fr-FR' })).toBe(`95,5${NBSP}%`);
    expect(formatPercentagePoints(2.5)).toBe(`+2.5${NBSP}pp`);
    expect(formatPercentagePoints(-0.25, { maximumFractionDigits: 2 })).toBe(`-0.25${NBSP}pp`);
  });

  it('writes money with the currency code and its minor units', () => {
    expect(formatCurrency(1234.5, 'EUR', { locale: 'de-DE' })).toBe(`1.234,50${NBSP}€`);
    expect(formatCurrency(1234.5, 'USD')).toBe('$1,234.50');
    expect(formatCurrency(1234.4, 'JPY', { locale: 'en-US' })).toBe('¥1,234');
    expect(formatCurrency(2_500_000, 'USD')).toBe('$2.5M');
  });

  it('rejects bad input naming the field, the value and what is allowed', () => {
    expect(() => formatCurrency(1, 'euro')).toThrow(
      'formatCurrency: currency is "euro"; it must be an ISO 4217 code of three capital letters such as "USD" or "EUR".',
    );
    expect(() => formatNumber(Number.NaN)).toThrow('formatNumber: value is NaN; it must be a finite number.');
    expect(() => formatNumber(1, { locale: 'not a locale!' })).toThrow('locale is "not a locale!"');
    expect(() => formatNumber(1, { maximumFractionDigits: 30 })).toThrow(
      'maximumFractionDigits is 30; it must be an integer from 0 to 20.',
    );
  });
});

describe('duration formatting', () => {
  it('shows a duration in the largest unit up to days in which it is at least 1', () => {
    expect(formatDuration(36, 'hour')).toBe('1.5 days');
    expect(formatDuration(90, 'minute')).toBe('1.5 hr');
    expect(formatDuration(0.25, 'second')).toBe('250 ms');
    expect(formatDuration(90, 'minute', { locale: 'de-DE', unitDisplay: 'long' })).toBe('1,5 Stunden');
    expect(formatDuration(36, 'hour', { scale: 'fixed' })).toBe('36 hr');
  });

  it('never changes the amount of time when it changes the unit', () => {
    const ms = { millisecond: 1, second: 1e3, minute: 6e4, hour: 3.6e6, day: 8.64e7, week: 6.048e8 } as const;
    fc.assert(
      fc.property(
        fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
        fc.constantFrom('second', 'minute', 'hour', 'day', 'week') as fc.Arbitrary<keyof typeof ms>,
        (v, unit) => {
          const shown = displayDurationUnit(v, unit);
          const amount = (v * ms[unit]) / ms[shown];
          expect(Math.abs(amount * ms[shown] - v * ms[unit])).toBeLessThanOrEqual(1e-12 * v * ms[unit]);
          if (shown !== 'millisecond') expect(amount).toBeGreaterThanOrEqual(1);
          if (shown !== 'day') expect(amount).toBeLessThan(ms.day / ms[shown]);
        },
      ),
    );
  });
});

describe('formatMetricValue', () => {
  it('reads unit_of_measure and metric_type into a display unit', () => {
    expect(resolveMetricUnit('%', 'average')).toEqual({ kind: 'percent' });
    expect(resolveMetricUnit(null, 'percentage')).toEqual({ kind: 'percent' });
    expect(resolveMetricUnit('EUR', 'sum')).toEqual({ kind: 'currency', currency: 'EUR' });
    expect(resolveMetricUnit('currency', 'sum', 'GBP')).toEqual({ kind: 'currency', currency: 'GBP' });
    expect(resolveMetricUnit('Hours', 'duration')).toEqual({ kind: 'duration', unit: 'hour' });
    expect(resolveMetricUnit(null, 'duration')).toEqual({ kind: 'duration', unit: 'hour' });
    expect(resolveMetricUnit('count', 'sum')).toEqual({ kind: 'count', suffix: null });
    expect(resolveMetricUnit('tickets', 'count')).toEqual({ kind: 'count', suffix: 'tickets' });
    expect(resolveMetricUnit('kWh', 'sum')).toEqual({ kind: 'number', suffix: 'kWh' });
  });

  it('formats each kind of unit and shows null as an em dash', () => {
    expect(formatMetricValue(null)).toBe(MISSING_VALUE_TEXT);
    expect(formatMetricValue(97.25, { unit: '%' })).toBe('97.3%');
    expect(formatMetricValue(0.5, { unit: 'days' })).toBe('12 hr');
    expect(formatMetricValue(1_250_000, { unit: 'EUR', locale: 'de-DE' })).toBe(`1,3${NBSP}Mio.${NBSP}€`);
    expect(formatMetricValue(42.4, { unit: 'tickets', metricType: 'count' })).toBe(`42${NBSP}tickets`);
    expect(formatMetricValue(3.14659, { unit: 'kWh' })).toBe(`3.15${NBSP}kWh`);
  });
});

describe('describeDelta', () => {
  it('calls a fall good news for lower_better and bad news for higher_better', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1000, max: 1000 }),
        fc.integer({ min: -1000, max: 1000 }),
        (value, previousValue) => {
          const lower = describeDelta({ value, previousValue, direction: 'lower_better' });
          const higher = describeDelta({ value, previousValue, direction: 'higher_better' });
          if (value === previousValue) {
            expect([lower.sentiment, higher.sentiment]).toEqual(['unchanged', 'unchanged']);
          } else {
            expect(lower.sentiment).toBe(value < previousValue ? 'better' : 'worse');
            expect(higher.sentiment).toBe(value > previousValue ? 'better' : 'worse');
          }
          expect(lower.absolute).toBe(value - previousValue);
        },
      ),
    );
  });

  it('judges target_range metrics by the distance to the target', () => {
    expect(
      describeDelta({ value: 98, previousValue: 90, direction: 'target_range', targetValue: 100 }).sentiment,
    ).toBe('better');
    expect(
      describeDelta({ value: 104, previousValue: 101, direction: 'target_range', targetValue: 100 })
        .sentiment,
    ).toBe('worse');
    expect(describeDelta({ value: 104, previousValue: 101, direction: 'target_range' }).sentiment).toBe(
      'neutral',
    );
  });

  it('uses the engine change_percentage when given and has no relative change from 0', () => {
    expect(
      describeDelta({ value: 110, previousValue: 100, direction: 'higher_better' }).relativePercent,
    ).toBeCloseTo(10, 12);
    expect(
      describeDelta({ value: 110, previousValue: 100, direction: 'higher_better', changePercentage: 9.99 })
        .relativePercent,
    ).toBe(9.99);
    expect(
      describeDelta({ value: 5, previousValue: 0, direction: 'higher_better' }).relativePercent,
    ).toBeNull();
    expect(describeDelta({ value: -5, previousValue: -10, direction: 'higher_better' }).relativePercent).toBe(
      50,
    );
  });

  it('writes percentage points for percent metrics and relative percent otherwise', () => {
    const pct = describeDelta({ value: 96, previousValue: 93.5, direction: 'higher_better' });
    expect(formatDelta(pct, { unit: '%' })).toBe(`+2.5${NBSP}pp`);
    expect(formatDelta(pct, { unit: '%', display: 'percent' })).toBe('+2.7%');
    const hours = describeDelta({ value: 120, previousValue: 100, direction: 'lower_better' });
    expect(formatDelta(hours, { unit: 'hours' })).toBe('+20%');
    expect(formatDelta(hours, { unit: 'hours', display: 'absolute' })).toBe('+20 hr');
    const fromZero = describeDelta({ value: 3, previousValue: 0, direction: 'higher_better' });
    expect(formatDelta(fromZero, { unit: 'count' })).toBe('+3');
  });
});
