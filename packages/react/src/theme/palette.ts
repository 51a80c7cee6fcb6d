import type { ThresholdStatus } from '@arion-metrics/core';

/** The two themes of the spec's `analytics_dashboards.theme`. */
export const THEMES = ['light', 'dark'] as const;
/** `light` or `dark`. */
export type ThemeName = (typeof THEMES)[number];

/** Number of colours in the categorical palette (`--arion-series-1` … `--arion-series-8`). */
export const SERIES_COLOR_COUNT = 8;

/** Colour of the `index`-th series: from `colors` when given, else the theme palette (cycled). */
export function seriesColor(index: number, colors?: readonly string[]): string {
  if (colors !== undefined && colors.length > 0) return colors[index % colors.length]!;
  return `var(--arion-series-${(index % SERIES_COLOR_COUNT) + 1})`;
}

/** Foreground colour of a threshold status. */
export function statusColor(status: ThresholdStatus): string {
  return `var(--arion-${status})`;
}

/** Band fill of a threshold status (translucent, for areas behind data). */
export function bandColor(status: ThresholdStatus): string {
  return `var(--arion-band-${status})`;
}

/** Words for a status, so that it is never told by colour alone. */
export const STATUS_LABELS: Readonly<Record<ThresholdStatus, string>> = {
  ok: 'On track',
  warning: 'Warning',
  critical: 'Critical',
};

/** A symbol per status, shown next to its label. */
export const STATUS_ICONS: Readonly<Record<ThresholdStatus, string>> = {
  ok: '\u2714',
  warning: '\u25B2',
  critical: '\u25C6',
};
