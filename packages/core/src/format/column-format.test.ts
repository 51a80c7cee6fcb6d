import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createColumnFormat } from './column-format';
import { describeDelta, formatDelta, formatDifference } from './delta';

/** Reference formatting straight from Intl, with a fixed number of decimals. */
function intl(locale: string, value: number, digits: number, options: Intl.NumberFormatOptions = {}): string {
  return new Intl.NumberFormat(locale, {
    ...options,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}

/** Intl's compact form of `digit × scale` (e.g. "5K", "5 Mio. €") with the digit replaced by `number`. */
function intlScaled(
  locale: string,
  number: string,
  scale: number,
  options: Intl.NumberFormatOptions = {},
): string {
  const parts = new Intl.NumberFormat(locale, {
    ...options,
    notation: 'compact',
    maximumFractionDigits: 0,
  }).formatToParts(5 * scale);
  return parts.map((p) => (p.type === 'integer' ? number : p.value)).join('');
}

describe('createColumnFormat', () => {
  it('writes a column of mixed magnitudes with one scale and one number of decimals', () => {
    // the table's cost column of issue 18: $63,953.00, $138.4K and $114K before
    const column = createColumnFormat([63_953, 138_400, 114_000], { unit: 'USD', locale: 'en-US' });
    expect(column.scale).toBe(1e3);
    expect(column.fractionDigits).toBe(0);
    const usd = { style: 'currency', currency: 'USD' } as const;
    expect([63_953, 138_400, 114_000].map(column.format)).toEqual([
      intlScaled('en-US', '64', 1e3, usd),
      intlScaled('en-US', '138', 1e3, usd),
      intlScaled('en-US', '114', 1e3, usd),
    ]);
  });

  it('keeps three significant digits of the largest value and shows every value with them', () => {
    const column = createColumnFormat([1_250_000, 300_000, 42_000], { unit: 'count', locale: 'en-US' });
    expect(column.scale).toBe(1e6);
    expect(column.fractionDigits).toBe(2);
    expect(column.format(300_000)).toBe(intlScaled('en-US', intl('en-US', 0.3, 2), 1e6));
    expect(column.format(42_000)).toBe(intlScaled('en-US', intl('en-US', 0.04, 2), 1e6));
  });

  it('writes the locale’s own suffix and separators, or full numbers where it has no suffix', () => {
    const de = createColumnFormat([2_400_000, 850_000], { unit: 'EUR', locale: 'de-DE' });
    const eur = { style: 'currency', currency: 'EUR' } as const;
    expect(de.format(850_000)).toBe(intlScaled('de-DE', intl('de-DE', 0.85, 2), 1e6, eur));
    // German has no short suffix for thousands: 120,000 stays a full number without cents
    const deK = createColumnFormat([120_000, 80_500], { unit: 'EUR', locale: 'de-DE' });
    expect(deK.scale).toBe(1);
    expect(deK.format(80_500)).toBe(intl('de-DE', 80_500, 0, eur));
    // Japanese counts by 10,000: no scale of 1,000 or 1,000,000 exists, so none is used
    const ja = createColumnFormat([3_500_000, 120_000], { unit: 'JPY', locale: 'ja-JP' });
    expect(ja.scale).toBe(1);
    expect(ja.format(120_000)).toBe(intl('ja-JP', 120_000, 0, { style: 'currency', currency: 'JPY' }));
    const fr = createColumnFormat([450_000, 12_000], { locale: 'fr-FR' });
    expect(fr.format(12_000)).toBe(intlScaled('fr-FR', intl('fr-FR', 12, 0), 1e3));
  });

  it('shows cents below the threshold and whole amounts past it', () => {
    const small = createColumnFormat([12.5, 3, 999.99], { unit: 'USD' });
    expect(small.format(3)).toBe(intl('en-US', 3, 2, { style: 'currency', currency: 'USD' }));
    const large = createColumnFormat([12.5, 3, 1500], { unit: 'USD' });
    expect(large.format(12.5)).toBe(intl('en-US', 13, 0, { style: 'currency', currency: 'USD' }));
    const custom = createColumnFormat([12.5, 300], { unit: 'GBP', centsBelow: 100, locale: 'en-GB' });
    expect(custom.fractionDigits).toBe(0);
    // a currency without minor units never gets decimals
    expect(createColumnFormat([12, 3], { unit: 'JPY' }).fractionDigits).toBe(0);
  });

  it('writes currency axis ticks without cents when the step is a whole amount', () => {
    const ticks = [0, 2500, 5000, 7500, 10_000];
    const axis = createColumnFormat(ticks, { unit: 'EUR', step: 2500, locale: 'en-US' });
    expect(axis.format(10_000)).toBe(intl('en-US', 10_000, 0, { style: 'currency', currency: 'EUR' }));
    const fine = createColumnFormat([0, 0.5, 1], { unit: 'EUR', step: 0.5 });
    expect(fine.fractionDigits).toBe(2);
  });

  it('writes zero in a scaled column with the column’s suffix and decimals', () => {
    const axis = createColumnFormat([0, 500_000, 1_000_000], { unit: 'USD', step: 500_000 });
    const usd = { style: 'currency', currency: 'USD' } as const;
    expect(axis.format(0)).toBe(intlScaled('en-US', intl('en-US', 0, 1), 1e6, usd));
    expect(axis.format(500_000)).toBe(intlScaled('en-US', intl('en-US', 0.5, 1), 1e6, usd));
  });

  it('takes the decimals of axis ticks from the step, as d3’s precisionFixed', () => {
    expect(createColumnFormat([0, 0.2, 0.4, 0.6], { step: 0.2 }).format(0.4)).toBe('0.4');
    expect(createColumnFormat([0, 0.2, 0.4, 0.6], { step: 0.2 }).format(0)).toBe(intl('en-US', 0, 1));
    expect(createColumnFormat([90, 92, 94], { unit: '%', step: 2 }).format(92)).toBe(
      intl('en-US', 0.92, 0, { style: 'percent' }),
    );
    expect(createColumnFormat([0, 50_000, 100_000, 150_000], { step: 50_000 }).format(50_000)).toBe(
      intlScaled('en-US', '50', 1e3),
    );
  });

  it('gives percentages one number of decimals: 86% next to 93.8% becomes 86.0% and 93.8%', () => {
    const column = createColumnFormat([86, 93.8, 71.25], { unit: '%', locale: 'en-US' });
    expect(column.format(86)).toBe(intl('en-US', 0.86, 1, { style: 'percent' }));
    expect(column.format(71.25)).toBe(intl('en-US', 0.7125, 1, { style: 'percent' }));
    const fr = createColumnFormat([6, 50.6], { unit: '%', locale: 'fr-FR' });
    expect(fr.format(6)).toBe(intl('fr-FR', 0.06, 1, { style: 'percent' }));
    // whole percentages stay whole
    expect(createColumnFormat([20, 35, 45], { unit: '%' }).fractionDigits).toBe(0);
  });

  it('shows every duration of a column in one unit, across unit boundaries', () => {
    // MTTR of issue 18: 24.2 h and 24.8 h both printed "1 day", next to "3.6 hr"
    const column = createColumnFormat([24.2, 3.6, 24.8, 28.8], { unit: 'hours' });
    expect(column.durationUnit).toBe('hour');
    const hr = { style: 'unit', unit: 'hour', unitDisplay: 'short' } as const;
    expect([24.2, 3.6, 24.8].map(column.format)).toEqual([
      intl('en-US', 24.2, 1, hr),
      intl('en-US', 3.6, 1, hr),
      intl('en-US', 24.8, 1, hr),
    ]);
    // minutes to days: every value at least 1 of the unit, unless the largest would pass 1,000
    expect(createColumnFormat([90, 45, 240], { unit: 'minutes' }).durationUnit).toBe('minute');
    expect(createColumnFormat([2, 3, 7], { unit: 'days' }).durationUnit).toBe('day');
    expect(createColumnFormat([30, 864_000], { unit: 'seconds' }).durationUnit).toBe('hour');
    expect(createColumnFormat([0.25, 0.5], { unit: 'seconds' }).durationUnit).toBe('millisecond');
    const de = createColumnFormat([1.5, 36], { unit: 'hours', locale: 'de-DE' });
    expect(de.format(1.5)).toBe(intl('de-DE', 1.5, 1, hr));
  });

  it('writes negative values with the locale’s minus and the same rule', () => {
    const column = createColumnFormat([-1_200_000, 300_000], { locale: 'en-US' });
    expect(column.format(-1_200_000)).toBe(
      new Intl.NumberFormat('en-US', { notation: 'compact', minimumFractionDigits: 1 }).format(-1_200_000),
    );
    const money = createColumnFormat([-45.5, 12], { unit: 'EUR', locale: 'de-DE' });
    expect(money.format(-45.5)).toBe(intl('de-DE', -45.5, 2, { style: 'currency', currency: 'EUR' }));
    const sv = createColumnFormat([-3.25, 1], { locale: 'sv-SE' });
    expect(sv.format(-3.25)).toBe(intl('sv-SE', -3.25, 2));
  });

  it('does not write the next scale’s worth as 1,000 of the current one', () => {
    const column = createColumnFormat([999_960, 500_000]);
    expect(column.scale).toBe(1e6);
    // 0.99996M and 0.5M need one decimal between them
    expect(column.format(999_960)).toBe(intlScaled('en-US', intl('en-US', 1, 1), 1e6));
  });

  it('shows every value of any set with the same number of decimals', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e7, max: 1e7, noNaN: true }), { minLength: 1, maxLength: 12 }),
        (values) => {
          const column = createColumnFormat(values);
          const decimals = values.map((v) => {
            const text = column.format(v);
            const m = /\.(\d+)/.exec(text);
            return m === null ? 0 : m[1]!.length;
          });
          expect(new Set(decimals).size).toBe(1);
          expect(decimals[0]).toBe(column.fractionDigits);
        },
      ),
    );
  });

  it('ignores missing values and writes null as an em dash', () => {
    const column = createColumnFormat([null, undefined, Number.NaN, 4.5]);
    expect(column.format(null)).toBe('\u2014');
    expect(column.format(4.5)).toBe('4.5');
  });
});

describe('signed changes', () => {
  it('shows a sign or an arrow, never both', () => {
    const fall = describeDelta({ value: 91.1, previousValue: 100, direction: 'higher_better' });
    const de = formatDelta(fall, { locale: 'de-DE', indicator: 'arrow' });
    const magnitude = new Intl.NumberFormat('de-DE', { style: 'percent', maximumFractionDigits: 1 }).format(
      0.089,
    );
    expect(de).toBe(`\u25BC\u00a0${magnitude}`);
    expect(formatDelta(fall, { locale: 'de-DE' })).toBe(
      new Intl.NumberFormat('de-DE', { style: 'percent', maximumFractionDigits: 1 }).format(-0.089),
    );
    expect(formatDelta(fall, { indicator: 'none' })).not.toMatch(/[-\u2212+\u25B2\u25BC]/);
  });

  it('writes the variance of a percentage metric in percentage points', () => {
    expect(formatDifference(4, { unit: '%' })).toBe(`+4\u00a0pp`);
    expect(formatDifference(-2.5, { metricType: 'percentage', locale: 'de-DE' })).toBe(
      `${new Intl.NumberFormat('de-DE', { maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(-2.5)}\u00a0pp`,
    );
    expect(formatDifference(-1200, { unit: 'USD' })).toBe(
      new Intl.NumberFormat('en-US', {
        style: 'currency',
        currency: 'USD',
        signDisplay: 'exceptZero',
      }).format(-1200),
    );
  });
});
