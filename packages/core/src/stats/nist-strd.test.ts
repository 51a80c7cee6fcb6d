/**
 * NIST Statistical Reference Datasets, univariate summary statistics, "lower/average/higher
 * difficulty" constructed sets NumAcc1–NumAcc4 (https://www.itl.nist.gov/div898/strd/univ/).
 * Accuracy is the log relative error LRE = −log10(|estimate − certified| / |certified|), the
 * number of correct significant digits. The inputs of NumAcc3/4 are themselves rounded to
 * doubles, which caps the reachable sd digits at about 9.5 and 8.3.
 */
import { describe, expect, it } from 'vitest';
import { deviation, mean, summarize } from './index';

const pairs = (first: number, a: number, b: number) => [
  first,
  ...Array.from({ length: 500 }, () => [a, b]).flat(),
];

const DATASETS = [
  {
    name: 'NumAcc1',
    values: [10000001, 10000003, 10000002],
    mean: 10000002,
    sd: 1,
    meanDigits: 14,
    sdDigits: 14,
  },
  { name: 'NumAcc2', values: pairs(1.2, 1.1, 1.3), mean: 1.2, sd: 0.1, meanDigits: 14, sdDigits: 13 },
  {
    name: 'NumAcc3',
    values: pairs(1000000.2, 1000000.1, 1000000.3),
    mean: 1000000.2,
    sd: 0.1,
    meanDigits: 14,
    sdDigits: 9,
  },
  {
    name: 'NumAcc4',
    values: pairs(10000000.2, 10000000.1, 10000000.3),
    mean: 10000000.2,
    sd: 0.1,
    meanDigits: 14,
    sdDigits: 8,
  },
] as const;

/** Correct significant digits; 15 (a double's full precision) when exact. */
function lre(estimate: number | undefined, certified: number): number {
  if (estimate === undefined) return Number.NEGATIVE_INFINITY;
  if (estimate === certified) return 15;
  return -Math.log10(Math.abs(estimate - certified) / Math.abs(certified));
}

describe('NIST StRD univariate summary statistics', () => {
  it.each(DATASETS)('$name: mean to $meanDigits digits and sample sd to $sdDigits digits', (set) => {
    expect(set.values.length).toBe(set.name === 'NumAcc1' ? 3 : 1001);
    expect(lre(mean(set.values), set.mean)).toBeGreaterThanOrEqual(set.meanDigits);
    expect(lre(deviation(set.values), set.sd)).toBeGreaterThanOrEqual(set.sdDigits);
    const s = summarize(set.values);
    expect(lre(s.mean, set.mean)).toBeGreaterThanOrEqual(set.meanDigits);
    expect(lre(s.deviation, set.sd)).toBeGreaterThanOrEqual(set.sdDigits);
    expect(s.p50).toBe(set.mean === 10000002 ? 10000002 : set.values[0]);
  });

  it('is a test a textbook one-pass variance fails (sum of squares minus square of sum)', () => {
    const values = DATASETS[3].values;
    let s = 0;
    let s2 = 0;
    for (const v of values) {
      s += v;
      s2 += v * v;
    }
    const naive = Math.sqrt(Math.max(0, (s2 - (s * s) / values.length) / (values.length - 1)));
    expect(lre(naive, 0.1)).toBeLessThan(DATASETS[3].sdDigits);
  });
});
