import { type Direction, THRESHOLD_STATUSES, type ThresholdStatus } from '@arion-metrics/core';

/**
 * The colours of the widgets and what each means. Widgets use them through the CSS variables of
 * `styles.css` (`--arion-*`, so a host can re-brand them); the values here are the same ones, and a
 * test holds the two in step and checks their contrast.
 *
 * - **series**: categorical, for telling series apart; never a status hue next to that status's band.
 * - **status** (ok, warning, critical): `text` on `bg` and on the surface for badges and deltas
 *   (WCAG AA 4.5:1), `fill` for marks such as gauge arcs (3:1 on the surface), `band` for areas
 *   behind data.
 * - **sequential**: light to dark, for magnitudes (counts, amounts) with no good or bad side.
 * - **diverging**: orange (worse) → neutral → blue (better), only when a midpoint (a target) splits
 *   the values and the metric's direction says which side is better.
 * - **noData**: a hatch on the surface with an outline, unlike any colour of a scale.
 */

/** The two themes of the spec's `analytics_dashboards.theme`. */
export const THEMES = ['light', 'dark'] as const;
/** `light` or `dark`. */
export type ThemeName = (typeof THEMES)[number];

/** Colours of one status in one theme. */
export interface StatusColors {
  /** Text and icons (on `bg` and on the surface). */
  readonly text: string;
  /** Background of a badge. */
  readonly bg: string;
  /** Solid marks: gauge arcs, status dots. */
  readonly fill: string;
  /** Translucent area behind data (threshold bands). */
  readonly band: string;
}

/** Every colour of one theme. */
export interface ThemePalette {
  readonly surface: string;
  readonly text: string;
  readonly textMuted: string;
  readonly status: Readonly<Record<ThresholdStatus, StatusColors>>;
  readonly series: readonly string[];
  readonly sequential: readonly string[];
  readonly diverging: readonly string[];
  readonly noData: { readonly fill: string; readonly hatch: string };
}

/** The palettes of both themes (the values of the `--arion-*` variables in `styles.css`). */
export const PALETTES: Readonly<Record<ThemeName, ThemePalette>> = {
  light: {
    surface: '#ffffff',
    text: '#1b1f24',
    textMuted: '#57606a',
    status: {
      ok: { text: '#1a7f37', bg: '#dafbe1', fill: '#2da44e', band: 'rgba(45, 164, 78, 0.12)' },
      warning: { text: '#7d5400', bg: '#fff3c4', fill: '#bf8700', band: 'rgba(191, 135, 0, 0.16)' },
      critical: { text: '#cf222e', bg: '#ffebe9', fill: '#cf222e', band: 'rgba(207, 34, 46, 0.14)' },
    },
    series: ['#0b6bcb', '#d55e00', '#009e73', '#cc79a7', '#8a6d00', '#56b4e9', '#6f42c1', '#4b5563'],
    sequential: ['#dbe9f6', '#a9c9e8', '#6fa1cf', '#2f6fae', '#0e3f73'],
    diverging: ['#b35806', '#f1a340', '#e8e4de', '#7fb3d5', '#1f5f99'],
    noData: { fill: '#ffffff', hatch: '#8c959f' },
  },
  dark: {
    surface: '#161b22',
    text: '#e6edf3',
    textMuted: '#a0aab5',
    status: {
      ok: { text: '#4ac26b', bg: '#12361f', fill: '#3fb950', band: 'rgba(63, 185, 80, 0.12)' },
      warning: { text: '#e3b341', bg: '#3a2d05', fill: '#d29922', band: 'rgba(210, 153, 34, 0.14)' },
      critical: { text: '#ff7b72', bg: '#42191a', fill: '#f85149', band: 'rgba(248, 81, 73, 0.14)' },
    },
    series: ['#58a6ff', '#f0883e', '#3fb950', '#e58ac0', '#d4a72c', '#79c0ff', '#bc8cff', '#9aa4af'],
    sequential: ['#1c2d40', '#1f4a73', '#2f6fae', '#5b9bd5', '#a5d0f5'],
    diverging: ['#e0823b', '#9c5a2a', '#3a414b', '#2f6796', '#6cb6ff'],
    noData: { fill: '#161b22', hatch: '#6e7681' },
  },
};

/** The `--arion-*` variables a palette sets, by name (what `styles.css` declares for the theme). */
export function paletteVariables(p: ThemePalette): Readonly<Record<string, string>> {
  const vars: Record<string, string> = {
    '--arion-surface': p.surface,
    '--arion-text': p.text,
    '--arion-text-muted': p.textMuted,
    '--arion-no-data': p.noData.fill,
    '--arion-no-data-hatch': p.noData.hatch,
  };
  for (const s of THRESHOLD_STATUSES) {
    vars[`--arion-${s}`] = p.status[s].text;
    vars[`--arion-${s}-bg`] = p.status[s].bg;
    vars[`--arion-${s}-fill`] = p.status[s].fill;
    vars[`--arion-band-${s}`] = p.status[s].band;
  }
  p.series.forEach((c, i) => {
    vars[`--arion-series-${i + 1}`] = c;
  });
  p.sequential.forEach((c, i) => {
    vars[`--arion-seq-${i + 1}`] = c;
  });
  p.diverging.forEach((c, i) => {
    vars[`--arion-scale-${i + 1}`] = c;
  });
  return vars;
}

/** Number of colours in the categorical palette (`--arion-series-1` … `--arion-series-8`). */
export const SERIES_COLOR_COUNT = 8;

/** Hue distance (degrees) under which a series colour counts as the same hue as a status. */
export const MIN_HUE_DISTANCE = 30;

/** Hue of a `#rrggbb` colour in degrees, or `null` for a grey (saturation under 0.15). */
export function hueOf(hex: string): number | null {
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255) as [
    number,
    number,
    number,
  ];
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const l = (max + min) / 2;
  const d = max - min;
  const s = d === 0 ? 0 : d / (1 - Math.abs(2 * l - 1));
  if (s < 0.15) return null;
  const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return (h * 60 + 360) % 360;
}

/** Distance of two hues on the colour wheel (0–180), infinite when either is a grey. */
export function hueDistance(a: string, b: string): number {
  const ha = hueOf(a);
  const hb = hueOf(b);
  if (ha === null || hb === null) return Number.POSITIVE_INFINITY;
  const d = Math.abs(ha - hb);
  return Math.min(d, 360 - d);
}

/** Palette indices usable next to bands of `statuses`: those whose hue is far from every band's in both themes. */
function usableSeries(statuses: readonly ThresholdStatus[]): number[] {
  const all = Array.from({ length: SERIES_COLOR_COUNT }, (_, i) => i);
  if (statuses.length === 0) return all;
  const usable = all.filter((i) =>
    THEMES.every((t) =>
      statuses.every(
        (s) => hueDistance(PALETTES[t].series[i]!, PALETTES[t].status[s].fill) >= MIN_HUE_DISTANCE,
      ),
    ),
  );
  return usable.length > 0 ? usable : all;
}

/**
 * Colour of the `index`-th series: from `colors` when given, else the theme palette (cycled).
 * With `avoid` (the statuses whose bands are drawn behind the series), palette colours of the
 * same hue as one of those bands are skipped, so a line never looks like a band.
 */
export function seriesColor(
  index: number,
  colors?: readonly string[],
  avoid: readonly ThresholdStatus[] = [],
): string {
  if (colors !== undefined && colors.length > 0) return colors[index % colors.length]!;
  const usable = usableSeries(avoid);
  return `var(--arion-series-${usable[index % usable.length]! + 1})`;
}

/** Text and icon colour of a threshold status (meets 4.5:1 on the surface and on its badge). */
export function statusColor(status: ThresholdStatus): string {
  return `var(--arion-${status})`;
}

/** Solid fill of a threshold status for marks (gauge arcs): 3:1 on the surface, never the text colour. */
export function statusFillColor(status: ThresholdStatus): string {
  return `var(--arion-${status}-fill)`;
}

/** Band fill of a threshold status (translucent, for areas behind data). */
export function bandColor(status: ThresholdStatus): string {
  return `var(--arion-band-${status})`;
}

/** Number of colour steps of heatmaps and maps. */
export const COLOR_STEPS = 5;

/**
 * How values map to colours: `sequential` (light → dark with the magnitude) or `diverging`
 * around `midpoint`, better side blue, worse side orange by the metric's `direction`.
 */
export type ColorScale =
  | { readonly kind: 'sequential'; readonly lo: number; readonly hi: number }
  | {
      readonly kind: 'diverging';
      readonly lo: number;
      readonly hi: number;
      readonly midpoint: number;
      /** `true` when values above the midpoint are better (blue); `false` when worse. */
      readonly higherIsBetter: boolean;
    };

/**
 * The colour scale of a set of values: diverging only when there is a midpoint (a target) and a
 * direction tells which side is better (`higher_better` / `lower_better`), sequential otherwise —
 * a plain count has no good or bad side.
 */
export function colorScaleFor(
  lo: number,
  hi: number,
  options: { readonly midpoint?: number | null | undefined; readonly direction?: Direction | undefined },
): ColorScale {
  const { midpoint, direction } = options;
  if (midpoint != null && (direction === 'higher_better' || direction === 'lower_better')) {
    return { kind: 'diverging', lo, hi, midpoint, higherIsBetter: direction === 'higher_better' };
  }
  return { kind: 'sequential', lo, hi };
}

/**
 * Step (0…COLOR_STEPS-1) of `v`. Sequential: equal-width steps over [lo, hi] (the middle step
 * when lo = hi). Diverging: symmetric around the midpoint, the middle step within a tenth of
 * the larger distance from it, the outer steps at the ends.
 */
export function colorStepOf(v: number, scale: ColorScale): number {
  if (scale.kind === 'sequential') {
    const { lo, hi } = scale;
    if (hi === lo) return Math.floor(COLOR_STEPS / 2);
    return Math.max(0, Math.min(COLOR_STEPS - 1, Math.floor(((v - lo) / (hi - lo)) * COLOR_STEPS)));
  }
  const reach = Math.max(Math.abs(scale.hi - scale.midpoint), Math.abs(scale.lo - scale.midpoint)) || 1;
  const t = (v - scale.midpoint) / reach; // -1 … 1
  const step = Math.abs(t) < 0.1 ? 0 : Math.abs(t) < 0.55 ? 1 : 2;
  return Math.floor(COLOR_STEPS / 2) + Math.sign(t) * step;
}

/** Colour variable of step `i` (0 = lowest values) of a scale. */
export function colorOfStep(i: number, scale: ColorScale): string {
  if (scale.kind === 'sequential') return `var(--arion-seq-${i + 1})`;
  return `var(--arion-scale-${scale.higherIsBetter ? i + 1 : COLOR_STEPS - i})`;
}

/** Fill of a cell or area without data: the hatch pattern that {@link NoDataPattern} defines. */
export function noDataFill(patternId: string): string {
  return `url(#${patternId})`;
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
