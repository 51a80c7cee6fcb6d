import { assertCount, assertDrawableSeries, type NumericSeries } from './validate-series';

/**
 * Min/max downsampling (the M4 rule of Jugel et al. 2014): cuts the x range into `bucketCount`
 * columns of equal width (one per pixel column) and keeps, in each column, the first, the
 * lowest, the highest and the last point. A line drawn through the kept points covers exactly
 * the same pixels as one drawn through all points, so spikes are never lost.
 *
 * Returns the kept indices in ascending order, without duplicates (at most `4 * bucketCount`).
 * The lowest/highest point of a column is its first occurrence on ties. When every x is equal,
 * all points fall into one column.
 *
 * @param xs x values, finite and sorted ascending
 * @param ys y values, finite, one per x
 * @param bucketCount number of columns (e.g. the plot width in pixels), an integer >= 1
 * @example minMaxIndices(times, values, Math.round(plotWidth))
 */
export function minMaxIndices(xs: NumericSeries, ys: NumericSeries, bucketCount: number): Uint32Array {
  assertCount('minMaxIndices', 'bucketCount', bucketCount, 1);
  assertDrawableSeries('minMaxIndices', xs, ys);
  const n = xs.length;
  if (n === 0) return new Uint32Array(0);
  const x0 = xs[0] as number;
  const span = (xs[n - 1] as number) - x0;
  const out = new Uint32Array(Math.min(n, 4 * bucketCount));
  let count = 0;

  let i = 0;
  while (i < n) {
    const bucket = columnOf(xs[i] as number, x0, span, bucketCount);
    const first = i;
    let minIndex = i;
    let maxIndex = i;
    let minY = ys[i] as number;
    let maxY = minY;
    i++;
    while (i < n && columnOf(xs[i] as number, x0, span, bucketCount) === bucket) {
      const y = ys[i] as number;
      if (y < minY) {
        minY = y;
        minIndex = i;
      }
      if (y > maxY) {
        maxY = y;
        maxIndex = i;
      }
      i++;
    }
    const last = i - 1;
    // first <= min/max <= last; emit the four in index order, skipping repeats.
    const lo = Math.min(minIndex, maxIndex);
    const hi = Math.max(minIndex, maxIndex);
    for (const index of [first, lo, hi, last]) {
      if (count === 0 || out[count - 1] !== index) out[count++] = index;
    }
  }
  return out.slice(0, count);
}

/** Column of `x` among `bucketCount` equal-width columns over `[x0, x0 + span]`; the maximum goes to the last one. */
function columnOf(x: number, x0: number, span: number, bucketCount: number): number {
  if (span === 0) return 0;
  return Math.min(bucketCount - 1, Math.floor(((x - x0) / span) * bucketCount));
}
