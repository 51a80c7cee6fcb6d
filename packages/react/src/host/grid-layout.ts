/**
 * Where each widget sits: its stored `position {x, y, w, h}` on a grid of `layout_config.cols`
 * columns, as CSS grid placement; and the order widgets stack in on a narrow container.
 */
import type { WidgetPosition } from '@arion-metrics/core';

/** Columns when a dashboard's `layout_config` names none (Grafana's convention). */
export const DEFAULT_GRID_COLUMNS = 24;
/** Height of one grid row in px when `layout_config` names none. */
export const DEFAULT_ROW_HEIGHT = 40;
/** Below this container width (px) widgets stack in one column. */
export const DEFAULT_NARROW_WIDTH = 640;

/** CSS grid placement of `position` on `cols` columns; a widget wider than the grid is cut to fit. */
export function gridPlacement(
  position: WidgetPosition,
  cols: number,
): { gridColumn: string; gridRow: string } {
  const w = Math.min(Math.max(1, position.w), cols);
  const x = Math.min(Math.max(0, position.x), cols - w);
  return {
    gridColumn: `${x + 1} / span ${w}`,
    gridRow: `${position.y + 1} / span ${Math.max(1, position.h)}`,
  };
}

/** The widgets top to bottom, then left to right (reading order, and the stacking order). */
export function inPositionOrder<T extends { readonly position: WidgetPosition }>(widgets: readonly T[]): T[] {
  return [...widgets].sort((a, b) => a.position.y - b.position.y || a.position.x - b.position.x);
}
