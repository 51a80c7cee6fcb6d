/**
 * The `auto` anomaly method: seasons found in the data, a robust level and trend, a noise scale
 * that follows variance changes, and episodes rather than lone points; each point is scored from
 * the points before it only. The algorithm step by step is in packages/core/README.md ("The `auto`
 * method"); its measured detection rates are in BENCHMARKS.md.
 */
import { median } from '../stats';
import { reweightedScale } from './robust-stats';

/** Parameters of the `auto` detector; every one has a default that needs no tuning. */
export interface AdaptiveAnomalyOptions {
  /** Score |residual| / scale at which a point is hot (default 2.5). */
  readonly sensitivity?: number;
  /** Score at which one point alone meets the condition (default 5). */
  readonly spikeSensitivity?: number;
  /** Score mass Σ max(0, |z| − sensitivity) over the last `massWindow` points that meets the condition, with at least 2 of them hot (default 1.5). */
  readonly mass?: number;
  /** Points over which the score mass and the recovery are taken (default 3). */
  readonly massWindow?: number;
  /** Once met, the condition holds while a point of the last `massWindow` scores at least this (default 2). */
  readonly recoverySensitivity?: number;
  /** Which side counts (default both). */
  readonly side?: 'above' | 'below' | 'both';
  /** Longest season looked for, in points (default 168: a week of hourly data). */
  readonly maxPeriod?: number;
  /** Points kept for season detection and profiles (default 4 · maxPeriod). */
  readonly historyLimit?: number;
  /** Seasons and profiles are refitted every this many points (default 24). */
  readonly refitEvery?: number;
  /** Deseasonalized points whose median is the level (default 48). */
  readonly levelWindow?: number;
  /** Residuals of the long robust scale (default 168). */
  readonly scaleWindow?: number;
  /** Residuals of the short robust scale (default 24). */
  readonly shortScaleWindow?: number;
  /** Consecutive hot points on one side that confirm a level shift and restart the level (default 6). */
  readonly shiftConfirm?: number;
  /** Points needed before the first score (default 2 · levelWindow). */
  readonly minHistory?: number;
}

/** The defaults of `AdaptiveAnomalyOptions`, tuned on `TUNING_SEEDS` of the labelled generator. */
export const ADAPTIVE_ANOMALY_DEFAULTS = {
  sensitivity: 2.5,
  spikeSensitivity: 5,
  mass: 1.5,
  massWindow: 3,
  recoverySensitivity: 2,
  side: 'both',
  maxPeriod: 168,
  refitEvery: 24,
  levelWindow: 48,
  scaleWindow: 168,
  shortScaleWindow: 24,
  shiftConfirm: 6,
} as const;

/** What the detector concluded for one point. */
export interface AdaptivePoint {
  /** False for a missing point or before `minHistory`: no verdict (the alert is not evaluated). */
  readonly scored: boolean;
  /** Expected value: level + seasonal profile. NaN when not scored. */
  readonly expected: number;
  /** Robust sd of recent residuals. NaN when not scored. */
  readonly scale: number;
  /** (value − expected) / scale; 0 when not scored. */
  readonly score: number;
  /** Whether the condition is met (see the module comment); false when not scored. */
  readonly met: boolean;
  /** Season periods in use, shortest first. */
  readonly periods: readonly number[];
}

/** Median (type 7) of the first `n` values, by selection on a copy. NaN for n = 0. */
function medianOf(values: ArrayLike<number>, n = values.length): number {
  if (n === 0) return Number.NaN;
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = values[i]!;
  return median(a) ?? Number.NaN;
}

/**
 * Robust sd of the last `n` values of `values`: 1.4826 · MAD refined by one reweighting step (the rms
 * deviation of the values within 3 of those sds, over 0.98658, see `reweightedScale`), so that
 * heavy-tailed noise gets its real spread, not the narrower one of its centre. NaN when n = 0.
 */
function robustSd(values: ArrayLike<number>, n = values.length): number {
  const from = values.length - n;
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = values[from + i]!;
  return reweightedScale(a, medianOf(a));
}

/** Centred moving mean of width w (odd), NaN-aware; NaN where the window holds fewer than w/2 values. */
function centredMean(x: Float64Array, w: number): Float64Array {
  const n = x.length;
  const half = w >> 1;
  const out = new Float64Array(n).fill(Number.NaN);
  let sum = 0;
  let count = 0;
  const add = (i: number, sign: number) => {
    const v = x[i]!;
    if (!Number.isNaN(v)) {
      sum += sign * v;
      count += sign;
    }
  };
  for (let i = 0; i < Math.min(n, half); i++) add(i, 1);
  for (let i = 0; i < n; i++) {
    if (i + half < n) add(i + half, 1);
    if (i - half - 1 >= 0) add(i - half - 1, -1);
    if (i >= half && i + half < n && count > half) out[i] = sum / count;
  }
  return out;
}

/**
 * Season periods of `values` (NaN = missing), shortest first: at most two, e.g. `[24, 168]` for hourly
 * data with a daily and a weekly pattern, `[]` when there is none. The values minus a centred moving
 * mean over `maxPeriod + 1` points (which removes trends and level shifts but no season up to
 * `maxPeriod`) are autocorrelated at every lag 1..min(maxPeriod, n/2). The shortest period is the first
 * local peak (rising from the lag before it, 0.1 above the lowest autocorrelation before it) reaching 0.3
 * and 85% of the highest peak; a longer season is a multiple of it whose
 * autocorrelation exceeds the short one's by 0.05 or more (the longer pattern explains more).
 */
export function detectSeasonPeriods(values: ArrayLike<number>, maxPeriod = 168): number[] {
  const x = Float64Array.from({ length: values.length }, (_, i) => values[i]!);
  const trend = centredMean(x, maxPeriod % 2 === 0 ? maxPeriod + 1 : maxPeriod);
  const d = new Float64Array(x.length);
  let sum = 0;
  let count = 0;
  for (let i = 0; i < x.length; i++) {
    d[i] = x[i]! - trend[i]!;
    if (!Number.isNaN(d[i]!)) {
      sum += d[i]!;
      count++;
    }
  }
  if (count < 4) return [];
  const mean = sum / count;
  // Clip at 5 robust sds, so that a few spikes do not make or hide a season.
  const finite = Float64Array.from(d.filter((v) => !Number.isNaN(v)));
  const clip = 5 * robustSd(finite) || Number.POSITIVE_INFINITY;
  let variance = 0;
  for (let i = 0; i < d.length; i++) {
    if (Number.isNaN(d[i]!)) continue;
    d[i] = Math.max(-clip, Math.min(clip, d[i]! - mean));
    variance += d[i]! * d[i]!;
  }
  if (!(variance > 0)) return [];
  const maxLag = Math.min(maxPeriod, Math.floor(count / 2));
  const acf = new Float64Array(maxLag + 2);
  for (let lag = 1; lag <= maxLag + 1 && lag < d.length; lag++) {
    let s = 0;
    let pairs = 0;
    for (let i = 0; i + lag < d.length; i++) {
      const a = d[i]!;
      const b = d[i + lag]!;
      if (Number.isNaN(a) || Number.isNaN(b)) continue;
      s += a * b;
      pairs++;
    }
    acf[lag] = pairs === 0 ? 0 : (s / pairs) * (count / variance);
  }
  // A peak rises from its left neighbour (so the smooth decay after lag 1 is never one) and is not below its right.
  // It must also stand 0.1 above the lowest autocorrelation before it (a bump on a slow decay is no season).
  const trough = new Float64Array(acf.length);
  trough[1] = acf[1]!;
  for (let lag = 2; lag < acf.length; lag++) trough[lag] = Math.min(trough[lag - 1]!, acf[lag]!);
  const peak = (lag: number) =>
    acf[lag]! > acf[lag - 1]! &&
    acf[lag]! >= (acf[lag + 1] ?? Number.NEGATIVE_INFINITY) &&
    acf[lag]! >= trough[lag]! + 0.1;
  let best = 0;
  for (let lag = 2; lag <= maxLag; lag++) if (peak(lag)) best = Math.max(best, acf[lag]!);
  if (best < 0.3) return [];
  let short = 0;
  for (let lag = 2; lag <= maxLag; lag++) {
    if (peak(lag) && acf[lag]! >= 0.3 && acf[lag]! >= 0.85 * best) {
      short = lag;
      break;
    }
  }
  if (short === 0) return [];
  let long = 0;
  for (let k = 2; k * short <= maxLag; k++) {
    const lag = k * short;
    if (acf[lag]! >= acf[short]! + 0.05 && (long === 0 || acf[lag]! > acf[long]!)) long = lag;
  }
  return long === 0 ? [short] : [short, long];
}

/**
 * Puts irregularly spaced points on a grid of `step` (same unit as `times`): grid point k covers
 * `[start + k·step, start + (k + 1)·step)` and holds the mean of the points in it, NaN where there is
 * none (missing). `start` defaults to the earliest time; `length` to the grid points up to the latest.
 * Points before `start` or past the grid are dropped; NaN values are missing and skipped.
 */
export function regularizeSeries(
  times: ArrayLike<number>,
  values: ArrayLike<number>,
  step: number,
  start?: number,
  length?: number,
): Float64Array {
  if (times.length === 0) return new Float64Array(length ?? 0).fill(Number.NaN);
  let first = times[0]!;
  let last = first;
  for (let i = 0; i < times.length; i++) {
    first = Math.min(first, times[i]!);
    last = Math.max(last, times[i]!);
  }
  const t0 = start ?? first;
  const n = length ?? Math.floor((last - t0) / step) + 1;
  const sum = new Float64Array(n);
  const count = new Float64Array(n);
  for (let i = 0; i < times.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    const k = Math.floor((times[i]! - t0) / step);
    if (k < 0 || k >= n) continue;
    sum[k]! += v;
    count[k]!++;
  }
  return sum.map((s, k) => (count[k]! > 0 ? s / count[k]! : Number.NaN));
}

/** A streaming `auto` detector: `push` each value in time order and read its verdict. */
export interface AdaptiveAnomalyDetector {
  push(value: number | null | undefined): AdaptivePoint;
}

/** Creates a streaming `auto` detector (see the module comment for the method). */
export function createAdaptiveAnomalyDetector(options: AdaptiveAnomalyOptions = {}): AdaptiveAnomalyDetector {
  const o = { ...ADAPTIVE_ANOMALY_DEFAULTS, ...options };
  const historyLimit = options.historyLimit ?? 4 * o.maxPeriod;
  const minHistory = options.minHistory ?? 2 * o.levelWindow;
  const values: number[] = []; // all values pushed (NaN = missing); index = time
  const residuals: number[] = []; // winsorized residuals of scored points, most recent last
  const recent: number[] = []; // scores of the last massWindow points (0 for missing)
  let periods: number[] = [];
  let profile: Float64Array | null = null; // by phase of profilePeriod
  let profilePeriod = 1;
  let levelStart = 0; // the level only uses points from here (moved by a confirmed shift)
  let streak = 0; // consecutive hot points on one side (signed)
  let met = false;
  let validCount = 0; // values pushed that are not missing

  const seasonal = (t: number) => (profile === null ? 0 : profile[t % profilePeriod]!);

  function refit(): void {
    const from = Math.max(0, values.length - historyLimit);
    const window = Float64Array.from(values.slice(from));
    periods = detectSeasonPeriods(window, o.maxPeriod);
    profile = null;
    if (periods.length === 0) return;
    // The profile follows the longest period with at least 3 seasons in the history: a weekly profile
    // holds the daily shape too (a daily profile plus a weekly adjustment did worse on the tuning seeds).
    const usable = periods.filter((p) => window.length >= 3 * p);
    if (usable.length === 0) return;
    profilePeriod = usable[usable.length - 1]!;
    const trend = centredMean(window, profilePeriod % 2 === 0 ? profilePeriod + 1 : profilePeriod);
    const buckets: number[][] = Array.from({ length: profilePeriod }, () => []);
    window.forEach((v, i) => {
      const d = v - trend[i]!;
      if (!Number.isNaN(d)) buckets[(from + i) % profilePeriod]!.push(d);
    });
    profile = Float64Array.from(buckets, (b) => (b.length === 0 ? 0 : medianOf(b)));
  }

  function expectedAt(t: number): number {
    const from = Math.max(levelStart, t - o.levelWindow);
    const deseasonal: number[] = [];
    const times: number[] = [];
    for (let i = from; i < t; i++) {
      const v = values[i]!;
      if (!Number.isNaN(v)) {
        deseasonal.push(v - seasonal(i));
        times.push(i);
      }
    }
    if (deseasonal.length === 0) return Number.NaN;
    const level = medianOf(deseasonal);
    // Robust slope: median of differences half a window apart, per point.
    let slope = 0;
    const lag = Math.floor(deseasonal.length / 2);
    if (lag >= 6) {
      const diffs: number[] = [];
      for (let k = lag; k < deseasonal.length; k++) {
        diffs.push((deseasonal[k]! - deseasonal[k - lag]!) / (times[k]! - times[k - lag]!));
      }
      slope = medianOf(diffs);
    }
    // times ascend: their median is the middle one(s).
    const mid = (times.length - 1) / 2;
    const centre = (times[Math.floor(mid)]! + times[Math.ceil(mid)]!) / 2;
    return level + slope * (t - centre) + seasonal(t);
  }

  function push(raw: number | null | undefined): AdaptivePoint {
    const value = typeof raw === 'number' ? raw : Number.NaN;
    const t = values.length;
    if (t > 0 && t % o.refitEvery === 0 && t >= 2 * o.levelWindow) refit();
    const valid = validCount;
    if (!Number.isNaN(value)) validCount++;
    if (Number.isNaN(value) || valid < minHistory) {
      values.push(value);
      recent.push(0);
      if (recent.length > o.massWindow) recent.shift();
      if (!Number.isNaN(value) && valid + 1 >= minHistory && residuals.length === 0) {
        // Seed the residual history from the warm-up so that the first score has a scale.
        for (let i = Math.max(o.levelWindow, values.length - o.scaleWindow); i < values.length; i++) {
          const r = values[i]! - expectedAt(i);
          if (!Number.isNaN(r)) residuals.push(r);
        }
      }
      return { scored: false, expected: Number.NaN, scale: Number.NaN, score: 0, met: false, periods };
    }
    const expected = expectedAt(t);
    const longN = Math.min(residuals.length, o.scaleWindow);
    const shortN = Math.min(residuals.length, o.shortScaleWindow);
    let scale = Math.max(
      robustSd(residuals, longN),
      shortN >= o.shortScaleWindow / 2 ? robustSd(residuals, shortN) : 0,
    );
    if (!(scale > 0)) scale = Math.abs(expected) * 1e-9 || 1e-12;
    const residual = value - expected;
    const z = residual / scale;
    const sided = o.side === 'above' ? Math.max(0, z) : o.side === 'below' ? Math.max(0, -z) : Math.abs(z);
    values.push(value);
    recent.push(sided);
    if (recent.length > o.massWindow) recent.shift();
    residuals.push(Math.max(-o.sensitivity * scale, Math.min(o.sensitivity * scale, residual)));
    if (residuals.length > 4 * o.scaleWindow) residuals.splice(0, residuals.length - o.scaleWindow);

    // Level shift: shiftConfirm hot points in a row on one side restart the level after them.
    const hotSide = Math.abs(z) >= o.sensitivity ? Math.sign(z) : 0;
    streak = hotSide !== 0 && Math.sign(streak) === hotSide ? streak + hotSide : hotSide;
    if (Math.abs(streak) >= o.shiftConfirm) {
      levelStart = t - Math.abs(streak) + 1;
      streak = 0;
    }

    const hot = sided >= o.sensitivity;
    let mass = 0;
    let hotPoints = 0;
    for (const s of recent) {
      mass += Math.max(0, s - o.sensitivity);
      if (s >= o.sensitivity) hotPoints++;
    }
    if (sided >= o.spikeSensitivity || (hot && hotPoints >= 2 && mass >= o.mass)) met = true;
    else if (met) met = recent.some((s) => s >= o.recoverySensitivity);
    return { scored: true, expected, scale, score: z, met, periods };
  }

  return { push };
}
