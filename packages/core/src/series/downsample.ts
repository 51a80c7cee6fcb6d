import { lttbIndices } from './lttb';
import { minMaxIndices } from './min-max';
import { assertCount, type NumericSeries } from './validate-series';

/** How a series is thinned out for drawing: `lttb` keeps the shape, `min_max` keeps every spike. */
export const DOWNSAMPLE_METHODS = ['lttb', 'min_max'] as const;
/** One of {@link DOWNSAMPLE_METHODS}. */
export type DownsampleMethod = (typeof DOWNSAMPLE_METHODS)[number];

/** Options of {@link downsampleIndices}. */
export interface DownsampleOptions {
  /** Width of the plot in pixels; the output is sized to it. Integer >= 1. */
  readonly pixelWidth: number;
  /** Algorithm; default `min_max` (exact pixels). */
  readonly method?: DownsampleMethod;
  /** Points per pixel to keep with `lttb` (default 2). */
  readonly pointsPerPixel?: number;
}

/**
 * Indices of the points worth drawing for a plot `pixelWidth` pixels wide, in ascending order.
 * Series already short enough (at most `4 * pixelWidth` points for `min_max`,
 * `pointsPerPixel * pixelWidth` for `lttb`) come back whole.
 *
 * @example
 * const keep = downsampleIndices(xs, ys, { pixelWidth: 600 });
 * const points = Array.from(keep, (i) => ({ x: xs[i], y: ys[i] }));
 */
export function downsampleIndices(
  xs: NumericSeries,
  ys: NumericSeries,
  options: DownsampleOptions,
): Uint32Array {
  const { pixelWidth, method = 'min_max', pointsPerPixel = 2 } = options;
  assertCount('downsampleIndices', 'pixelWidth', pixelWidth, 1);
  if (!DOWNSAMPLE_METHODS.includes(method)) {
    throw new RangeError(
      `downsampleIndices: method is ${JSON.stringify(method)}; allowed: ${DOWNSAMPLE_METHODS.join(', ')}.`,
    );
  }
  if (method === 'lttb') {
    if (!(pointsPerPixel > 0) || !Number.isFinite(pointsPerPixel)) {
      throw new RangeError(
        `downsampleIndices: pointsPerPixel is ${String(pointsPerPixel)}; it must be a finite number > 0.`,
      );
    }
    return lttbIndices(xs, ys, Math.max(3, Math.round(pixelWidth * pointsPerPixel)));
  }
  return minMaxIndices(xs, ys, pixelWidth);
}
