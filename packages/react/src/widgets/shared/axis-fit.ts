import type { AxisTick } from './chart-axis';

/** Width of one character of an 11 px axis label, for fitting labels without measuring text. */
export const AXIS_CHAR_WIDTH = 6.5;

/** Plot widths under this many pixels count as narrow: axes switch to compact numbers. */
export const NARROW_WIDTH = 420;

/**
 * Labels of a category axis fitted into `slot` px per category (the band step): each label is
 * cut with an ellipsis to fit (the full text stays as `fullLabel`, shown as a tooltip), and when
 * even `minChars` characters do not fit, only every k-th label is kept so none overlap.
 * @example fitCategoryLabels([{ position: 10, label: 'Operations' }], 40) // [{ position: 10, label: 'Ope…', fullLabel: 'Operations' }]
 */
export function fitCategoryLabels(ticks: readonly AxisTick[], slot: number, minChars = 3): AxisTick[] {
  const fits = Math.floor((slot - 4) / AXIS_CHAR_WIDTH);
  if (fits >= minChars) return ticks.map((t) => truncate(t, fits));
  // thin out: every k-th label gets k slots of room
  const longest = Math.max(...ticks.map((t) => t.label.length), 1);
  const needed = Math.min(longest, minChars + 1) * AXIS_CHAR_WIDTH + 4;
  const every = Math.max(1, Math.ceil(needed / Math.max(1, slot)));
  return ticks
    .filter((_, i) => i % every === 0)
    .map((t) => truncate(t, Math.floor((slot * every - 4) / AXIS_CHAR_WIDTH)));
}

function truncate(tick: AxisTick, chars: number): AxisTick {
  if (tick.label.length <= chars) return tick;
  return { ...tick, label: `${tick.label.slice(0, Math.max(1, chars - 1))}\u2026`, fullLabel: tick.label };
}

/**
 * Ticks thinned so that labels of their text width, laid side by side on a horizontal axis,
 * keep `gap` px between them: every k-th tick is kept, always starting with the first.
 */
export function thinTicks(ticks: readonly AxisTick[], gap = 12): AxisTick[] {
  if (ticks.length < 2) return [...ticks];
  const step = Math.abs(ticks[1]!.position - ticks[0]!.position) || 1;
  const widest = Math.max(...ticks.map((t) => t.label.length)) * AXIS_CHAR_WIDTH + gap;
  const every = Math.max(1, Math.ceil(widest / step));
  return ticks.filter((_, i) => i % every === 0);
}
