import { z } from 'zod';

/**
 * `dashboard_widgets.position`: where a widget sits on the dashboard grid, in grid units
 * (columns across, rows down), the item shape of react-grid-layout without its `i`.
 * Strict: only `x`, `y`, `w`, `h`, all required, so a typo (`width`) is reported, not ignored.
 *
 * @example { "x": 0, "y": 0, "w": 4, "h": 2 }
 */
export const positionSchema = z.strictObject({
  /** Column of the left edge, counted from 0. */
  x: z.int().min(0),
  /** Row of the top edge, counted from 0. */
  y: z.int().min(0),
  /** Width in columns, at least 1 (and at most `layout_config.cols`, checked by the dashboard). */
  w: z.int().min(1),
  /** Height in rows, at least 1. */
  h: z.int().min(1),
});

/** A widget's grid position `{ x, y, w, h }` (see {@link positionSchema}). */
export type WidgetPosition = z.output<typeof positionSchema>;
