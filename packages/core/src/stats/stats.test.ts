import { describe, expect, it } from 'vitest';
import {
  averageRanks,
  count,
  deviation,
  linearRegression,
  max,
  mean,
  median,
  min,
  pearson,
  percentRank,
  percentRanks,
  quantile,
  quantileSorted,
  quantiles,
  slope,
  spearman,
  sum,
  summarize,
  variance,
} from './index';

describe('the missing-data policy', () => {
  const withGaps = [4, null, 1, undefined, Number.NaN, 3, 2];

  it('skips null, undefined and NaN in every summary function', () => {
    expect(count(withGaps)).toBe(4);
    expect(sum(withGaps)).toBe(10);
    expect(min(withGaps)).toBe(1);
    expect(max(withGaps)).toBe(4);
    expect(mean(withGaps)).toBe(2.5);
    expect(median(withGaps)).toBe(2.5);
    expect(variance(withGaps)).toBeCloseTo(5 / 3, 15);
    expect(quantile(withGaps, 0.25)).toBe(1.75);
    expect(summarize(withGaps)).toMatchObject({ count: 4, min: 1, max: 4, mean: 2.5, p25: 1.75, p50: 2.5 });
  });

  it('returns undefined when there is too little data, and 0 for the count and sum of nothing', () => {
    const none = [null, undefined, Number.NaN];
    expect(count(none)).toBe(0);
    expect(sum(none)).toBe(0);
    for (const fn of [min, max, mean, median, variance, deviation]) expect(fn(none)).toBeUndefined();
    expect(quantile([], 0.5)).toBeUndefined();
    expect(variance([7])).toBeUndefined();
    expect(deviation([7])).toBeUndefined();
    expect(summarize([7])).toEqual({
      count: 1,
      min: 7,
      max: 7,
      mean: 7,
      deviation: undefined,
      p25: 7,
      p50: 7,
      p75: 7,
      p95: 7,
    });
    expect(summarize([]).count).toBe(0);
    expect(summarize([]).p95).toBeUndefined();
  });

  it('reads values through an accessor and from any iterable', () => {
    const rows = [{ v: 3 }, { v: null }, { v: 5 }];
    expect(mean(rows, (d) => d.v)).toBe(4);
    expect(summarize(rows, (d) => d.v).count).toBe(2);
    function* generate() {
      yield 1;
      yield null;
      yield 2;
    }
    expect(sum(generate())).toBe(3);
    expect(quantile(new Set([1, 2, 3, 4]), 0.5)).toBe(2.5);
    expect(summarize(new Float64Array([1, Number.NaN, 3])).mean).toBe(2);
  });

  it('keeps infinities as data, following IEEE 754', () => {
    expect(max([1, Number.POSITIVE_INFINITY])).toBe(Number.POSITIVE_INFINITY);
    expect(mean([1, Number.POSITIVE_INFINITY])).toBe(Number.POSITIVE_INFINITY);
    expect(sum([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])).toBeNaN();
    expect(quantile([Number.NEGATIVE_INFINITY, 0, 1], 0.5)).toBe(0);
    expect(summarize([Number.NEGATIVE_INFINITY, 0, 1, 2]).p50).toBe(0.5);
  });

  it('rejects a value that is not a number, naming the function, the index and the value', () => {
    const bad = [1, '2', 3] as unknown as number[];
    expect(() => mean(bad)).toThrow('mean: the value at index 1 is "2" (a string); expected a number');
    expect(() => summarize(bad)).toThrow(/summarize: the value at index 1 is "2"/);
    expect(() => quantile(bad, 0.5)).toThrow(TypeError);
    expect(() => count([{}] as unknown as number[])).toThrow('count: the value at index 0 is an object');
  });

  it('names the index of a non-number in a large array, after missing values, at an even or an odd index', () => {
    for (const at of [9000, 9001, 19_999]) {
      const values: unknown[] = Array.from({ length: 20_000 }, (_, i) => (i % 1000 === 7 ? null : i));
      values[at] = '2';
      expect(() => summarize(values as number[])).toThrow(`summarize: the value at index ${at} is "2"`);
    }
  });

  it('rejects a probability outside [0, 1], naming the field', () => {
    expect(() => quantile([1, 2], 1.5)).toThrow(
      'quantile: p is 1.5; expected a number between 0 and 1 inclusive',
    );
    expect(() => quantiles([1, 2], [0.5, -0.1])).toThrow('quantiles: ps[1] is -0.1');
    expect(() => quantile([1, 2], Number.NaN)).toThrow(RangeError);
  });
});

describe('sum', () => {
  it('compensates rounding errors (Neumaier)', () => {
    expect(sum([1e100, 1, -1e100])).toBe(1);
    expect(sum(Array.from({ length: 10 }, () => 0.1))).toBe(1);
    let naive = 0;
    for (let i = 0; i < 10; i++) naive += 0.1;
    expect(naive).not.toBe(1);
  });
});

describe('quantile (Hyndman–Fan type 7)', () => {
  it('interpolates linearly between the order statistics at h = p(n-1)', () => {
    // n = 5, p = 0.3: h = 1.2, between the 2nd (20) and 3rd (30) smallest values.
    expect(quantile([50, 10, 40, 20, 30], 0.3)).toBeCloseTo(22, 12);
    expect(quantile([50, 10, 40, 20, 30], 0)).toBe(10);
    expect(quantile([50, 10, 40, 20, 30], 1)).toBe(50);
    expect(quantiles([4, 1, 3, 2], [0, 0.25, 0.5, 1])).toEqual([1, 1.75, 2.5, 4]);
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantileSorted([], 0.5)).toBeUndefined();
  });

  it('selects exactly the same values as sorting, for many quantiles at once', () => {
    const values = Array.from({ length: 5000 }, (_, i) => Math.sin(i) * 1000);
    const sorted = values.slice().sort((a, b) => a - b);
    const ps = Array.from({ length: 41 }, (_, i) => i / 40);
    expect(quantiles(values, ps)).toEqual(ps.map((p) => quantileSorted(sorted, p)));
  });

  it('does not reorder the caller’s values', () => {
    const values = [3, 1, 2];
    quantile(values, 0.5);
    summarize(values);
    const small = new Float64Array([3, 1, 2, 0]);
    summarize(small);
    expect([...small]).toEqual([3, 1, 2, 0]);
    const typed = Float64Array.from(Array.from({ length: 20_000 }, (_, i) => (i * 7919) % 20_000));
    const copy = typed.slice();
    summarize(typed);
    expect(values).toEqual([3, 1, 2]);
    expect(typed).toEqual(copy);
  });
});

describe('summarize', () => {
  const sortedQuantiles = (values: number[]) => {
    const sorted = values.slice().sort((a, b) => a - b);
    return [0.25, 0.5, 0.75, 0.95].map((p) => quantileSorted(sorted, p));
  };

  it.each([
    ['uniform', (i: number) => Math.sin(i * 12.9898) * 43758.5453],
    ['heavily skewed', (i: number) => Math.exp((Math.sin(i) + 1) * 30)],
    ['few distinct values', (i: number) => i % 3],
    ['one outlier far away', (i: number) => (i === 7 ? 1e300 : i % 1000)],
    ['tiny spread', (i: number) => 1 + (i % 5) * Number.EPSILON],
    [
      'mostly equal with infinities',
      (i: number) => (i === 3 ? Number.POSITIVE_INFINITY : i === 9 ? -Infinity : 5),
    ],
  ])('gives exact percentiles on %s data (bucket selection, 50,000 values)', (_, make) => {
    const values = Array.from({ length: 50_000 }, (_, i) => make(i));
    const s = summarize(values);
    expect([s.p25, s.p50, s.p75, s.p95]).toEqual(sortedQuantiles(values));
    expect(s.min).toBe(Math.min(...values));
    expect(s.max).toBe(Math.max(...values));
    expect(s.mean).toBe(mean(values));
    expect(s.deviation).toBe(deviation(values));
  });

  it.each([
    [
      'values below and above the sampled range',
      (i: number) => (i % 997 === 5 ? -1e9 - i : i % 991 === 7 ? 1e9 + i : i % 100),
    ],
    ['a sample that sees one value only', (i: number) => (i % 1009 === 3 ? i : 5)],
    ['missing values', (i: number) => (i % 7 === 0 ? null : i % 11 === 0 ? Number.NaN : Math.cos(i) * 1e6)],
  ])('gives the same summary for an array and a Float64Array on %s (50,000 values)', (_, make) => {
    const values = Array.from({ length: 50_000 }, (_, i) => make(i));
    const kept = values.filter((v): v is number => typeof v === 'number' && !Number.isNaN(v));
    const s = summarize(values);
    expect(summarize(Float64Array.from(values, (v) => v ?? Number.NaN))).toEqual(s);
    expect(s.count).toBe(kept.length);
    expect([s.p25, s.p50, s.p75, s.p95]).toEqual(sortedQuantiles(kept));
    expect(s.mean).toBe(mean(values));
    expect(s.deviation).toBe(deviation(values));
  });

  it('matches the single-value functions exactly on small inputs', () => {
    const values = [2.5, -1, 7, 7, 0.125, 3];
    const s = summarize(values);
    expect(s).toEqual({
      count: 6,
      min: -1,
      max: 7,
      mean: mean(values),
      deviation: deviation(values),
      p25: quantile(values, 0.25),
      p50: quantile(values, 0.5),
      p75: quantile(values, 0.75),
      p95: quantile(values, 0.95),
    });
  });
});

describe('percent ranks', () => {
  it('ranks within a group like PostgreSQL percent_rank(): (rank - 1) / (n - 1), ties share the lowest rank', () => {
    expect(percentRanks([30, 10, 20, 20, null])).toEqual([1, 0, 1 / 3, 1 / 3, undefined]);
    expect(percentRanks([5])).toEqual([0]);
    expect(percentRanks([])).toEqual([]);
  });

  it('places a hypothetical value like percent_rank(v) WITHIN GROUP: the share of values below it', () => {
    expect(percentRank([10, 20, 30, 40], 25)).toBe(0.5);
    expect(percentRank([10, 20, 30, 40], 10)).toBe(0);
    expect(percentRank([10, 20, 30, 40], 99)).toBe(1);
    expect(percentRank([], 1)).toBe(0);
    expect(() => percentRank([1], Number.NaN)).toThrow(
      'percentRank: value is NaN; expected a number (not NaN)',
    );
  });
});

describe('regression and correlation', () => {
  it('fits a least-squares line through [x, y] pairs or accessors, skipping incomplete pairs', () => {
    expect(
      linearRegression([
        [0, 1],
        [1, 3],
        [2, 5],
        [3, null],
      ]),
    ).toEqual({ slope: 2, intercept: 1, r2: 1, count: 3 });
    const rows = [
      { t: 1, v: 2 },
      { t: 2, v: 2 },
      { t: 3, v: 5 },
    ];
    expect(
      slope(
        rows,
        (d) => d.t,
        (d) => d.v,
      ),
    ).toBeCloseTo(1.5, 14);
    expect(
      linearRegression([
        [1, 1],
        [1, 2],
      ]),
    ).toBeUndefined();
    expect(slope([[1, 1]])).toBeUndefined();
    expect(() => slope([5] as unknown as [number, number][])).toThrow('must be an [x, y] pair');
  });

  it('gives Pearson and Spearman coefficients, undefined for a constant side', () => {
    expect(
      pearson([
        [1, 2],
        [2, 4],
        [3, 6],
      ]),
    ).toBe(1);
    expect(
      pearson([
        [1, 3],
        [2, 2],
        [3, 1],
      ]),
    ).toBe(-1);
    expect(
      pearson([
        [1, 1],
        [2, 1],
        [3, 1],
      ]),
    ).toBeUndefined();
    // Monotone but not linear: Spearman is 1, Pearson is not.
    const curve: [number, number][] = [1, 2, 3, 4, 5].map((x) => [x, x ** 4]);
    expect(spearman(curve)).toBe(1);
    expect(pearson(curve)).toBeLessThan(0.99);
  });

  it('gives tied values the average of the ranks they span', () => {
    expect(Array.from(averageRanks([10, 20, 10, 30]))).toEqual([1.5, 3, 1.5, 4]);
    expect(Array.from(averageRanks([7, 7, 7]))).toEqual([2, 2, 2]);
  });
});
