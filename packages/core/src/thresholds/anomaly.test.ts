import { describe, expect, it } from 'vitest';
import { type AnomalyOptions, DEFAULT_ANOMALY_SENSITIVITY, isAnomalous, scoreAnomaly } from './anomaly';

/** mulberry32: a small seeded generator, so the synthetic series are the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws (Box–Muller). */
function gaussian(rand: () => number): () => number {
  return () => {
    const u = 1 - rand();
    const v = rand();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}

const N = 6000;
const SIGMA = 2;
const WEEK = [0, 0, 0, 0, 0, 12, 15].map((x) => x * SIGMA); // a weekday/weekend pattern, in sigmas

interface Series {
  readonly values: number[];
  /** Indices labelled anomalous (spikes, or the first point of a level shift). */
  readonly anomalies: Set<number>;
}

function series(seed: number, kind: 'spikes' | 'shifts' | 'seasonal' | 'seasonal_spikes'): Series {
  const rand = rng(seed);
  const noise = gaussian(rand);
  const values: number[] = [];
  const anomalies = new Set<number>();
  let level = 100;
  for (let i = 0; i < N; i++) {
    const seasonal = kind.startsWith('seasonal') ? WEEK[i % 7]! : 0;
    if (kind === 'shifts' && i > 100 && i % 400 === 0) {
      level += (rand() < 0.5 ? -1 : 1) * 8 * SIGMA;
      anomalies.add(i);
    }
    let x = level + seasonal + SIGMA * noise();
    if ((kind === 'spikes' || kind === 'seasonal_spikes') && i > 100 && rand() < 0.02) {
      // A spike of 5 robust standard deviations on top of the point's own noise.
      x += (rand() < 0.5 ? -1 : 1) * 5 * SIGMA;
      anomalies.add(i);
    }
    values.push(x);
  }
  return { values, anomalies };
}

interface Measured {
  /** null when the series has no labelled anomaly (nothing to be precise or to recall about). */
  readonly precision: number | null;
  readonly recall: number | null;
  readonly falseAlarmsPer1000: number;
  readonly scoredNormal: number;
}

/**
 * Scores every point from index 100 on against the points before it.
 * A spike counts as detected when its own point is flagged; a level shift when one of its first
 * `detectWithin` points is. Flags within `shiftGrace` points after a shift belong to the shift;
 * every other flag on a point not labelled anomalous is a false alarm.
 */
function measure(s: Series, options: AnomalyOptions, shiftGrace = 0, detectWithin = shiftGrace): Measured {
  const sensitivity = DEFAULT_ANOMALY_SENSITIVITY;
  const flagged = new Set<number>();
  let scoredNormal = 0;
  const near = (i: number) => {
    for (let d = 0; d <= shiftGrace; d++) if (s.anomalies.has(i - d)) return i - d;
    return -1;
  };
  for (let i = 100; i < s.values.length; i++) {
    const score = scoreAnomaly(s.values[i]!, s.values.slice(Math.max(0, i - 200), i), options);
    if (!score.scored) continue;
    if (near(i) < 0) scoredNormal++;
    if (isAnomalous(score.score, sensitivity, 'both')) flagged.add(i);
  }
  let truePositives = 0;
  let falseAlarms = 0;
  const detected = new Set<number>();
  for (const i of flagged) {
    const a = near(i);
    if (a >= 0) {
      truePositives++;
      if (i - a <= detectWithin) detected.add(a);
    } else falseAlarms++;
  }
  const labelled = s.anomalies.size > 0;
  const precision = !labelled ? null : flagged.size === 0 ? 1 : truePositives / flagged.size;
  const recall = !labelled ? null : detected.size / s.anomalies.size;
  return { precision, recall, falseAlarmsPer1000: (1000 * falseAlarms) / scoredNormal, scoredNormal };
}

const rolling: AnomalyOptions = { method: 'rolling_mad' };
const seasonal: AnomalyOptions = { method: 'seasonal_mad', seasonLength: 7 };
const report = (name: string, m: Measured) =>
  console.log(
    `${name.padEnd(38)} precision ${m.precision?.toFixed(3) ?? 'n/a  '}  recall ${m.recall?.toFixed(3) ?? 'n/a  '}  false alarms ${m.falseAlarmsPer1000.toFixed(2)} per 1000 normal points (${m.scoredNormal})`,
  );

describe('anomaly detection on synthetic series (fixed seeds)', () => {
  it('finds at least 80% of 5-robust-sd spikes with the rolling and the seasonal method', () => {
    const spikes = series(101, 'spikes');
    const r = measure(spikes, rolling);
    report('rolling_mad, spikes', r);
    expect(r.recall).toBeGreaterThanOrEqual(0.8);
    const seasonalSpikes = series(202, 'seasonal_spikes');
    const s = measure(seasonalSpikes, seasonal);
    report('seasonal_mad, weekly series + spikes', s);
    expect(s.recall).toBeGreaterThanOrEqual(0.8);
    const blind = measure(seasonalSpikes, rolling);
    report('rolling_mad, weekly series + spikes', blind);
  });

  it('raises no more than 1 false alarm per 1,000 normal points on the seasonal series', () => {
    // Four independent series of 6,000 points (about 23,600 scored): the rate is measured on all of them.
    let falseAlarms = 0;
    let normal = 0;
    for (const seed of [303, 404, 505, 606]) {
      const s = measure(series(seed, 'seasonal'), seasonal);
      report(`seasonal_mad, weekly series (seed ${seed})`, s);
      falseAlarms += (s.falseAlarmsPer1000 * s.scoredNormal) / 1000;
      normal += s.scoredNormal;
    }
    const rate = (1000 * falseAlarms) / normal;
    console.log(
      `seasonal_mad, weekly series, all seeds: ${rate.toFixed(2)} false alarms per 1000 normal points (${normal})`,
    );
    expect(normal).toBeGreaterThan(20_000);
    expect(rate).toBeLessThanOrEqual(1);
    // The rolling method has no notion of season: the weekend is an "anomaly" every week.
    const r = measure(series(303, 'seasonal'), rolling);
    report('rolling_mad, weekly series', r);
    expect(r.falseAlarmsPer1000).toBeGreaterThan(100);
  });

  it('reports level shifts (detected within 3 points of the shift)', () => {
    // The rolling median needs about half a window (30 points) to follow a new level: flags in that
    // stretch count as the shift (not as false alarms); recall asks for a flag within 3 points.
    const shifts = series(606, 'shifts');
    const r = measure(shifts, rolling, 30, 3);
    report('rolling_mad, level shifts of 8 sd', r);
    expect(r.recall).toBeGreaterThanOrEqual(0.8);
  });
});
