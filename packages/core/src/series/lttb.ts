import { assertCount, assertDrawableSeries, type NumericSeries } from './validate-series';

/**
 * Largest-Triangle-Three-Buckets (Steinarsson 2013): picks at most `targetCount` points of a
 * series that keep its visual shape, and returns their indices in ascending order.
 *
 * The first and last points are always kept; the `n - 2` points between them are cut into
 * `targetCount - 2` buckets of (nearly) equal count, and from each bucket the point forming the
 * largest triangle with the point kept before it and the average of the next bucket is kept
 * (the first one on ties). When `targetCount >= n` every index is returned.
 *
 * @param xs x values (e.g. epoch milliseconds), finite and sorted ascending
 * @param ys y values, finite, one per x
 * @param targetCount how many points to keep, an integer >= 3
 * @example lttbIndices(times, values, 800) // indices of 800 points to draw
 */
export function lttbIndices(xs: NumericSeries, ys: NumericSeries, targetCount: number): Uint32Array {
  assertCount('lttbIndices', 'targetCount', targetCount, 3);
  assertDrawableSeries('lttbIndices', xs, ys);
  const n = xs.length;
  if (targetCount >= n) return Uint32Array.from({ length: n }, (_, i) => i);

  const out = new Uint32Array(targetCount);
  const every = (n - 2) / (targetCount - 2);
  let a = 0; // index of the point kept in the previous bucket
  out[0] = 0;
  for (let bucket = 0; bucket < targetCount - 2; bucket++) {
    // Average of the next bucket (the last point alone when this is the last middle bucket).
    let avgStart = Math.floor((bucket + 1) * every) + 1;
    let avgEnd = Math.floor((bucket + 2) * every) + 1;
    if (bucket === targetCount - 3) {
      avgStart = n - 1;
      avgEnd = n;
    }
    let avgX = 0;
    let avgY = 0;
    for (let j = avgStart; j < avgEnd; j++) {
      avgX += xs[j] as number;
      avgY += ys[j] as number;
    }
    const avgLength = avgEnd - avgStart;
    avgX /= avgLength;
    avgY /= avgLength;

    const start = Math.floor(bucket * every) + 1;
    const end = Math.floor((bucket + 1) * every) + 1;
    const ax = xs[a] as number;
    const ay = ys[a] as number;
    let maxArea = -1;
    let chosen = start;
    for (let j = start; j < end; j++) {
      const area = Math.abs((ax - avgX) * ((ys[j] as number) - ay) - (ax - (xs[j] as number)) * (avgY - ay));
      if (area > maxArea) {
        maxArea = area;
        chosen = j;
      }
    }
    out[bucket + 1] = chosen;
    a = chosen;
  }
  out[targetCount - 1] = n - 1;
  return out;
}
