import type { Direction } from '@arion-metrics/core';

/** Number of colour steps of heatmaps and maps. */
export const COLOR_STEPS = 5;

/** Colour variable of step `i` (0 = lowest values): orange→blue from worse to better with a direction, else a neutral blue ramp. */
export function stepColor(i: number, direction: Direction | undefined): string {
  if (direction === 'higher_better') return `var(--arion-scale-${i + 1})`;
  if (direction === 'lower_better') return `var(--arion-scale-${COLOR_STEPS - i})`;
  return `var(--arion-seq-${i + 1})`;
}

/** Step (0…COLOR_STEPS-1) of `v` in equal-width steps over [lo, hi]; the middle step when lo = hi. */
export function stepOf(v: number, lo: number, hi: number): number {
  if (hi === lo) return Math.floor(COLOR_STEPS / 2);
  return Math.max(0, Math.min(COLOR_STEPS - 1, Math.floor(((v - lo) / (hi - lo)) * COLOR_STEPS)));
}
