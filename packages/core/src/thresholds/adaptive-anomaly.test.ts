import { describe, expect, it } from 'vitest';
import { conditionConfigSchema } from '../schema/jsonb/threshold-configs';
import { generateLabelledSeries, scoreEpisodes, TUNING_SEEDS, WARM_UP } from '../testing/anomaly-series';
import { testSize } from '../testing/test-size';
import { createAdaptiveAnomalyDetector, detectSeasonPeriods, regularizeSeries } from './adaptive-anomaly';
import { evaluateAlertCondition } from './alert-conditions';
import { parseConfig } from './errors';
import { inputOf, T0 } from './testing-fixtures';

/** mulberry32 and Box–Muller: reproducible noise. */
function noise(seed: number): () => number {
  let a = seed >>> 0;
  const u = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

/** Hourly values: level 100, noise sd 1, a daily sine of `daily`, weekends lowered by `weekend`, a trend per point. */
function hourly(n: number, { daily = 0, weekend = 0, trend = 0, seed = 1 } = {}): number[] {
  const e = noise(seed);
  return Array.from(
    { length: n },
    (_, i) =>
      100 +
      daily * Math.sin((2 * Math.PI * i) / 24) +
      (Math.floor(i / 24) % 7 >= 5 ? -weekend : 0) +
      trend * i +
      e(),
  );
}

/** Episodes (start, end) of a detector's met flags over a series. */
function episodes(values: ArrayLike<number>): { start: number; end: number }[] {
  const detector = createAdaptiveAnomalyDetector();
  const out: { start: number; end: number }[] = [];
  let open = -1;
  for (let i = 0; i < values.length; i++) {
    const p = detector.push(values[i]!);
    if (!p.scored) continue;
    if (p.met && open < 0) open = i;
    if (!p.met && open >= 0) {
      out.push({ start: open, end: i - 1 });
      open = -1;
    }
  }
  if (open >= 0) out.push({ start: open, end: values.length - 1 });
  return out;
}

describe('season periods from the data', () => {
  it.each([
    ['white noise', {}, []],
    ['a daily pattern', { daily: 4 }, [24]],
    ['a daily pattern with a trend', { daily: 4, trend: 0.05 }, [24]],
    ['daily and weekly patterns of similar strength', { daily: 6, weekend: 3 }, [24, 168]],
    ['a weekly pattern that dominates a daily one', { daily: 2, weekend: 8 }, [168]],
    ['a weekly pattern alone', { weekend: 5 }, [168]],
  ] as const)('finds %s: %j', (_, shape, expected) => {
    expect(detectSeasonPeriods(hourly(672, shape))).toEqual(expected);
  });

  it('finds the daily period despite 10% missing points and a level shift', () => {
    const values = hourly(672, { daily: 4, seed: 7 }).map((v, i) =>
      i % 10 === 3 ? Number.NaN : v + (i > 400 ? 8 : 0),
    );
    expect(detectSeasonPeriods(values)).toEqual([24]);
  });
});

describe('regularizeSeries', () => {
  it('averages the points of each step and leaves empty steps missing', () => {
    const grid = regularizeSeries([0, 10, 65, 190], [1, 3, 5, 7], 60);
    expect(Array.from(grid)).toEqual([2, 5, Number.NaN, 7]);
  });

  it('puts points on a grid from a given start and length, dropping those outside it', () => {
    const grid = regularizeSeries([-0.5, 0.2, 0.9, 2.5, 9], [9, 1, 3, 4, 9], 1, 0, 4);
    expect(Array.from(grid)).toEqual([2, Number.NaN, 4, Number.NaN]);
  });
});

describe('the auto detector on series without anomalies', () => {
  it.each([
    ['noise', {}],
    ['a trend of 0.1 sd per point', { trend: 0.1 }],
    ['daily and weekly seasons', { daily: 6, weekend: 8 }],
    ['weekly season alone', { weekend: 10 }],
  ] as const)('raises at most 2 alert episodes per 1,000 points on %s', (_, shape) => {
    for (const seed of [1, 2, 3]) {
      const values = hourly(3000, { ...shape, seed });
      const found = episodes(values).filter((e) => e.start >= WARM_UP);
      expect(found.length, `seed ${seed}`).toBeLessThanOrEqual((2 * (values.length - WARM_UP)) / 1000);
    }
  });

  it('detects a spike of 6 sds on a 0.1 sd per point trend', () => {
    const values = hourly(1500, { trend: 0.1, daily: 3 });
    values[1200]! += 6;
    expect(episodes(values).some((e) => e.start >= 1200 && e.start <= 1203)).toBe(true);
  });

  it('alerts once for a level shift, then re-baselines', () => {
    const values = hourly(2000, { daily: 4 }).map((v, i) => (i >= 1000 ? v + 10 : v));
    const after = episodes(values).filter((e) => e.start >= 1000);
    expect(after.length).toBe(1);
    expect(after[0]!.start).toBeLessThanOrEqual(1003);
    expect(after[0]!.end).toBeLessThan(1100);
  });
});

describe('the auto detector on labelled series', () => {
  it('detects at least 80% of the windows with at most 2 false episodes per 1,000 points on tuning seeds', () => {
    const seeds = TUNING_SEEDS.slice(0, testSize(8, 'labelled series for the auto detector'));
    let windows = 0;
    let detected = 0;
    let falseEpisodes = 0;
    let outside = 0;
    for (const seed of seeds) {
      const series = generateLabelledSeries(seed);
      const score = scoreEpisodes(series, episodes(series.values));
      windows += score.windows;
      detected += score.detected;
      falseEpisodes += score.falseEpisodes;
      outside += score.pointsOutside;
    }
    expect(detected / windows).toBeGreaterThanOrEqual(0.8);
    expect((1000 * falseEpisodes) / outside).toBeLessThanOrEqual(2);
  });
});

describe("the anomaly condition with method 'auto'", () => {
  it('is accepted by the condition schema, and refuses rolling-window fields with the rule', () => {
    expect(
      parseConfig(conditionConfigSchema, 'condition_config', {
        type: 'anomaly',
        method: 'auto',
        max_period: 24,
      }),
    ).toEqual({
      type: 'anomaly',
      method: 'auto',
      max_period: 24,
    });
    expect(() =>
      parseConfig(conditionConfigSchema, 'condition_config', { type: 'anomaly', method: 'auto', window: 30 }),
    ).toThrow(/window is for method rolling_mad/);
  });

  it('gives the same verdict as the streaming detector over the same history', () => {
    const values = hourly(700, { daily: 4, trend: 0.02, seed: 5 });
    values[500]! += 9;
    for (let i = 600; i < 610; i++) values[i]! -= 6;
    const detector = createAdaptiveAnomalyDetector();
    const stream = values.map((v) => detector.push(v));
    let checked = 0;
    let met = false;
    for (let i = 100; i < values.length; i++) {
      if (i % 7 !== 0 && !stream[i]!.met) continue;
      const at = new Date(T0.getTime() + i * 3_600_000);
      const verdict = evaluateAlertCondition(
        { type: 'anomaly', method: 'auto' },
        inputOf(values[i]!, at, { history: values.slice(0, i) }),
        at,
      );
      expect(
        verdict.kind,
        `point ${i}: ${verdict.kind !== 'met' && verdict.kind !== 'clear' ? verdict.reason : verdict.reason}`,
      ).toBe(stream[i]!.met ? 'met' : 'clear');
      met ||= stream[i]!.met;
      checked++;
    }
    expect(checked).toBeGreaterThan(50);
    expect(met).toBe(true);
  });
});
