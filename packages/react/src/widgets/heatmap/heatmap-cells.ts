import { COLOR_STEPS } from '../../theme/palette';

/** One cell of a heatmap grid: its row, its column and its value (`null` = no value). */
export interface HeatmapCellValue {
  readonly row: number;
  readonly column: number;
  readonly value: number | null;
}

/** Where the grid is drawn: its top-left corner, the size of one cell and the gap between cells. */
export interface HeatmapCellLayout {
  readonly left: number;
  readonly top: number;
  readonly cellWidth: number;
  readonly cellHeight: number;
  /** Space left between neighbouring cells (half on each side of a cell). */
  readonly gap: number;
}

/** A colour step (0 = lowest values … `COLOR_STEPS - 1`) or `'none'` for cells without a value. */
export type HeatmapCellBucket = number | 'none';

/** The cells of one colour, drawn as one SVG path. */
export interface HeatmapCellPath {
  readonly bucket: HeatmapCellBucket;
  /** SVG path data: one closed rectangle per cell. */
  readonly d: string;
  /** Number of cells in the path. */
  readonly count: number;
}

/** Rounds to 1/100 px: enough for drawing, and keeps the path data short. */
function px(v: number): number {
  return Math.round(v * 100) / 100;
}

/**
 * The SVG path data of a heatmap's cells, one path per colour bucket (empty cells first, then the
 * steps from low to high; buckets without cells are left out). One element per colour instead of
 * one `<rect>` per cell keeps a 365 × 50 matrix (18,250 cells) at a handful of DOM nodes.
 * Each cell is the rectangle `M x y h w v h h -w z`, inset by half the gap on each side.
 */
export function heatmapCellPaths(
  cells: readonly HeatmapCellValue[],
  step: (value: number) => number,
  layout: HeatmapCellLayout,
): HeatmapCellPath[] {
  const { left, top, cellWidth, cellHeight, gap } = layout;
  const w = px(Math.max(0.5, cellWidth - gap));
  const h = px(Math.max(0.5, cellHeight - gap));
  const parts: string[][] = Array.from({ length: COLOR_STEPS + 1 }, () => []);
  for (const c of cells) {
    // slot 0 holds the cells without a value, slot i + 1 the cells of step i
    const slot = c.value === null ? 0 : step(c.value) + 1;
    const x = px(left + c.column * cellWidth + gap / 2);
    const y = px(top + c.row * cellHeight + gap / 2);
    parts[slot]?.push(`M${x} ${y}h${w}v${h}h${-w}z`);
  }
  const paths: HeatmapCellPath[] = [];
  parts.forEach((list, slot) => {
    if (list.length === 0) return;
    paths.push({ bucket: slot === 0 ? 'none' : slot - 1, d: list.join(''), count: list.length });
  });
  return paths;
}

/** The cell under a point given relative to the plot's top-left corner, or `null` outside the grid. */
export function cellAtPoint(
  x: number,
  y: number,
  layout: Pick<HeatmapCellLayout, 'left' | 'top' | 'cellWidth' | 'cellHeight'>,
  rows: number,
  columns: number,
): { readonly row: number; readonly column: number } | null {
  if (layout.cellWidth <= 0 || layout.cellHeight <= 0) return null;
  const column = Math.floor((x - layout.left) / layout.cellWidth);
  const row = Math.floor((y - layout.top) / layout.cellHeight);
  return column >= 0 && column < columns && row >= 0 && row < rows ? { row, column } : null;
}
