import { z } from 'zod';

/** How react-grid-layout packs widgets: `'vertical'` (float up), `'horizontal'` (float left), or `null` (stay put). */
export const COMPACT_TYPES = ['vertical', 'horizontal'] as const;
/** A compaction direction of {@link COMPACT_TYPES}. */
export type CompactType = (typeof COMPACT_TYPES)[number];

const pixels = z.int().min(0).max(1000);
const pixelPair = z.tuple([pixels, pixels], {
  error: 'a pair [horizontal, vertical] of integers >= 0 (pixels)',
});

/**
 * `analytics_dashboards.layout_config`: the dashboard grid, named as react-grid-layout names its
 * props so its users recognise them. `cols` and `rowHeight` are required; the rest are optional
 * with the defaults given. Strict: unknown keys are rejected (a typo like `rowheight` is
 * reported). Widgets place themselves on this grid with `dashboard_widgets.position`.
 *
 * @example { "cols": 12, "rowHeight": 80, "margin": [16, 16], "compactType": "vertical" }
 */
export const layoutConfigSchema = z.strictObject({
  /** Number of grid columns, 1 to 48 (12 is the usual choice). */
  cols: z.int().min(1).max(48),
  /** Height of one grid row in pixels, 1 to 1000. */
  rowHeight: z.int().min(1).max(1000),
  /** Gap between widgets in pixels, `[horizontal, vertical]`; default `[16, 16]`. */
  margin: pixelPair.optional(),
  /** Padding inside the grid's edges in pixels, `[horizontal, vertical]`; default: same as `margin`. */
  containerPadding: pixelPair.optional(),
  /** Packing direction, or `null` for free placement; default `'vertical'`. */
  compactType: z.enum(COMPACT_TYPES).nullable().optional(),
  /** When true, dragging a widget onto another does not push it away; default `false`. */
  preventCollision: z.boolean().optional(),
  /** Most rows the grid may grow to (integer >= 1); default: unlimited. */
  maxRows: z.int().min(1).optional(),
});

/** The dashboard grid configuration (see {@link layoutConfigSchema}). */
export type LayoutConfig = z.output<typeof layoutConfigSchema>;

/** A fresh copy of the layout a new dashboard gets when the caller has no opinion: 12 columns of 80 px rows. */
export function createDefaultLayoutConfig(): LayoutConfig {
  return { cols: 12, rowHeight: 80, margin: [16, 16], compactType: 'vertical' };
}
