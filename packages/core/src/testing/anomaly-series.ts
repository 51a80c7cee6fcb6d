/**
 * A labelled generator of realistic monitoring series for the anomaly evaluation suite (test and
 * bench only; not exported from the package). Hourly points with, by seed: daily and weekly
 * seasonality (a daily shape with harmonics, weekend levels), slow drift, linear trends, level
 * shifts, variance changes, spikes, dips and gaps (missing points as NaN). Every draw comes from
 * the seed, so a seed always gives the same series. About 30% of the series have heavy-tailed noise
 * (Student t, 4 degrees of freedom, same sd), as CPU and latency series do; about 25% are sampled
 * irregularly (0, 1 or 2 samples at random times in each hour) and put on the hourly grid with
 * `regularizeSeries`, as a collector with jitter and dropped or doubled reports would deliver them.
 *
 * Labels are windows `[start, end]` (inclusive indices) an on-call engineer would want an alert
 * for: spikes (1–3 points, 6–12 noise sds), dips (6–24 points, 4–8 sds down) and the first 12 points
 * after a level shift (6–12 sds); sizes are in sds of the noise in effect at the time.
 * Variance changes, drift, trends and seasonality are NOT labelled: a detector must live with them.
 */

import { regularizeSeries } from '../thresholds/adaptive-anomaly';

/** One labelled window. */
export interface AnomalyWindow {
  readonly start: number;
  /** Inclusive. */
  readonly end: number;
  readonly kind: 'spike' | 'dip' | 'level_shift';
}

/** A generated series and its labels. */
export interface LabelledSeries {
  readonly seed: number;
  /** One value per hour; NaN = missing. */
  readonly values: Float64Array;
  readonly windows: readonly AnomalyWindow[];
  /** What the seed switched on, for reports: e.g. `daily weekly trend shifts gaps`. */
  readonly traits: string;
}

/** Points before this index are history only: no anomaly is placed there and scoring starts here. */
export const WARM_UP = 24 * 7 * 2;
/** Points per generated series (24 weeks of hourly data). */
export const SERIES_LENGTH = 24 * 7 * 24;

/** mulberry32 in [0, 1). */
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

/** One labelled series for `seed` (see the module comment for what it may contain). */
export function generateLabelledSeries(seed: number, length = SERIES_LENGTH): LabelledSeries {
  const rand = rng(seed * 7919 + 17);
  const uniform = (lo: number, hi: number) => lo + (hi - lo) * rand();
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const sign = () => (rand() < 0.5 ? -1 : 1);
  const traits: string[] = [];

  const base = uniform(50, 500);
  const sigma = base * uniform(0.01, 0.04);
  const daily = rand() < 0.75 ? sigma * uniform(2, 10) : 0;
  const harmonic = uniform(0, 0.5);
  const phase = uniform(0, 2 * Math.PI);
  const weekend = rand() < 0.5 ? -sigma * uniform(2, 8) : 0;
  const trend = rand() < 0.35 ? sign() * sigma * uniform(0.002, 0.1) : 0;
  const drift = rand() < 0.5 ? sigma * uniform(0.01, 0.05) : 0;
  if (daily !== 0) traits.push('daily');
  if (weekend !== 0) traits.push('weekly');
  // Heavy tails (Student t with 4 degrees of freedom, scaled to the same sd), as in CPU and latency series.
  const heavy = rand() < 0.3;
  const tail = () => {
    let chi = 0;
    for (let k = 0; k < 4; k++) chi += normal() ** 2;
    return normal() / Math.sqrt(chi / 4) / Math.SQRT2;
  };
  if (heavy) traits.push('heavy-tails');
  // Irregular sampling: per hour 0 (5%), 1 (80%) or 2 (15%) samples at random times within the hour,
  // put back on the hourly grid by regularizeSeries (the mean per hour; NaN for an hour without one).
  const irregular = rand() < 0.25;
  if (irregular) traits.push('irregular');
  if (trend !== 0) traits.push('trend');
  if (drift !== 0) traits.push('drift');

  // Events after the warm-up, at least 150 points apart so that windows never overlap.
  const windows: AnomalyWindow[] = [];
  const shifts: { at: number; size: number }[] = [];
  const variance: { at: number; factor: number }[] = [];
  const bumps: { start: number; end: number; size: number }[] = [];
  // Sizes are in units of the noise in effect at the time (after any variance change before it).
  let factor = 1;
  let t = WARM_UP + Math.floor(uniform(50, 300));
  while (t < length - 100) {
    const u = rand();
    const unit = sigma * factor;
    if (u < 0.45) {
      const width = 1 + Math.floor(rand() * 3);
      const size = sign() * unit * uniform(6, 12);
      bumps.push({ start: t, end: t + width - 1, size });
      windows.push({ start: t, end: t + width - 1, kind: 'spike' });
    } else if (u < 0.7) {
      const width = 6 + Math.floor(rand() * 19);
      const size = -unit * uniform(4, 8);
      bumps.push({ start: t, end: t + width - 1, size });
      windows.push({ start: t, end: t + width - 1, kind: 'dip' });
    } else if (u < 0.85) {
      shifts.push({ at: t, size: sign() * unit * uniform(6, 12) });
      windows.push({ start: t, end: t + 11, kind: 'level_shift' });
    } else {
      factor = rand() < 0.5 ? uniform(1.5, 2.5) : uniform(0.4, 0.7);
      variance.push({ at: t, factor });
    }
    t += Math.floor(uniform(150, 700));
  }
  if (shifts.length > 0) traits.push('shifts');
  if (variance.length > 0) traits.push('variance');

  const values = new Float64Array(length);
  let level = base;
  let noise = sigma;
  let shift = 0;
  let s = 0;
  let v = 0;
  const labelledHour = (i: number) => windows.some((w) => i >= w.start && i <= w.end);
  const times: number[] = [];
  const samples: number[] = [];
  for (let i = 0; i < length; i++) {
    while (s < shifts.length && shifts[s]!.at === i) shift += shifts[s++]!.size;
    while (v < variance.length && variance[v]!.at === i) noise = sigma * variance[v++]!.factor;
    level += drift * normal();
    const valueAt = (t: number) => {
      const hour = (t % 24) / 24;
      const day = Math.floor(t / 24) % 7;
      const seasonal =
        daily * (Math.sin(2 * Math.PI * hour + phase) + harmonic * Math.sin(4 * Math.PI * hour + 2 * phase)) +
        (day >= 5 ? weekend : 0);
      let x = level + trend * t + shift + seasonal + noise * (heavy ? tail() : normal());
      for (const b of bumps) if (i >= b.start && i <= b.end) x += b.size;
      return x;
    };
    if (!irregular) {
      values[i] = valueAt(i);
      continue;
    }
    const u = rand();
    // Never an empty hour inside a labelled window: the label would have nothing to detect.
    const k = u < 0.05 && !labelledHour(i) ? 0 : u < 0.85 ? 1 : 2;
    for (let j = 0; j < k; j++) {
      const t = i + rand();
      times.push(t);
      samples.push(valueAt(t));
    }
  }
  if (irregular) values.set(regularizeSeries(times, samples, 1, 0, length));

  // Gaps: a few outages of 5–48 points, and 1% of single points lost; never inside a labelled window.
  const labelled = (i: number) => windows.some((w) => i >= w.start - 2 && i <= w.end + 2);
  const gaps = rand() < 0.5 ? 1 + Math.floor(rand() * 3) : 0;
  for (let g = 0; g < gaps; g++) {
    const start = Math.floor(uniform(WARM_UP, length - 60));
    const width = 5 + Math.floor(rand() * 44);
    for (let i = start; i < start + width; i++) if (!labelled(i)) values[i] = Number.NaN;
  }
  if (gaps > 0) traits.push('gaps');
  for (let i = 0; i < length; i++) if (rand() < 0.01 && !labelled(i)) values[i] = Number.NaN;

  return { seed, values, windows, traits: traits.join(' ') || 'noise' };
}

/** Seeds the detector's defaults were tuned on. */
export const TUNING_SEEDS: readonly number[] = Array.from({ length: 30 }, (_, i) => i + 1);
/** Seeds the figures are reported on (never used while tuning). */
export const REPORTING_SEEDS: readonly number[] = Array.from({ length: 60 }, (_, i) => 1001 + i);

/** Score of a detector on labelled series: windows found, and false alert episodes per 1,000 points outside windows. */
export interface EpisodeScore {
  readonly windows: number;
  readonly detected: number;
  readonly falseEpisodes: number;
  readonly pointsOutside: number;
}

/** Points after a window's end in which an episode that starts still counts for the window. */
export const DETECTION_GRACE = 3;

/**
 * Scores alert episodes (the indices at which each episode started) against the labels: a window is
 * detected when an episode starts in `[start, end + DETECTION_GRACE]` or is already open at `start`;
 * every episode starting outside all such ranges is a false alert. Points from `WARM_UP` on count.
 */
export function scoreEpisodes(
  series: LabelledSeries,
  episodes: readonly { readonly start: number; readonly end: number }[],
): EpisodeScore {
  const inside = (i: number) => series.windows.some((w) => i >= w.start && i <= w.end + DETECTION_GRACE);
  let detected = 0;
  for (const w of series.windows) {
    if (
      episodes.some(
        (e) =>
          (e.start >= w.start && e.start <= w.end + DETECTION_GRACE) ||
          (e.start < w.start && e.end >= w.start),
      )
    ) {
      detected++;
    }
  }
  let falseEpisodes = 0;
  for (const e of episodes) if (e.start >= WARM_UP && !inside(e.start)) falseEpisodes++;
  let pointsOutside = 0;
  for (let i = WARM_UP; i < series.values.length; i++) if (!inside(i)) pointsOutside++;
  return { windows: series.windows.length, detected, falseEpisodes, pointsOutside };
}
