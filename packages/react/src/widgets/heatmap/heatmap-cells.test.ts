import { describe, expect, it } from 'vitest';
import { colorStepOf } from '../../theme/palette';
import { cellAtPoint, type HeatmapCellValue, heatmapCellPaths } from './heatmap-cells';

/** Reads path data back into rectangles, checking that each is `M x y h w v h h -w z`. */
function rectangles(d: string): { x: number; y: number; w: number; h: number }[] {
  const found = d.match(/M[^z]*z/g) ?? [];
  expect(found.join('')).toBe(d);
  return found.map((r) => {
    const m = /^M(-?[\d.]+) (-?[\d.]+)h(-?[\d.]+)v(-?[\d.]+)h(-?[\d.]+)z$/.exec(r);
    expect(m, r).not.toBeNull();
    const [x, y, w, h, back] = m!.slice(1).map(Number) as [number, number, number, number, number];
    expect(back).toBe(-w);
    return { x, y, w, h };
  });
}

const layout = { left: 30, top: 18, cellWidth: 12, cellHeight: 10, gap: 2 };
const cells: HeatmapCellValue[] = [
  { row: 0, column: 0, value: 0 },
  { row: 0, column: 1, value: 100 },
  { row: 1, column: 0, value: null },
  { row: 1, column: 1, value: 0 },
  { row: 2, column: 3, value: 55 },
];
const step = (v: number) => colorStepOf(v, { kind: 'sequential', lo: 0, hi: 100 });

describe('heatmapCellPaths', () => {
  it('draws every cell once, in the path of its colour step, at its row and column', () => {
    const paths = heatmapCellPaths(cells, step, layout);
    expect(paths.map((p) => [p.bucket, p.count])).toEqual([
      ['none', 1],
      [0, 2],
      [2, 1],
      [4, 1],
    ]);
    for (const p of paths) {
      const drawn = rectangles(p.d);
      expect(drawn).toHaveLength(p.count);
      const expected = cells
        .filter((c) => (c.value === null ? 'none' : step(c.value)) === p.bucket)
        .map((c) => ({
          x: layout.left + c.column * layout.cellWidth + layout.gap / 2,
          y: layout.top + c.row * layout.cellHeight + layout.gap / 2,
          w: layout.cellWidth - layout.gap,
          h: layout.cellHeight - layout.gap,
        }));
      expect(drawn).toEqual(expected);
    }
  });

  it('keeps tiny cells visible and rounds coordinates to 1/100 px', () => {
    const [p] = heatmapCellPaths([{ row: 2, column: 1, value: 1 }], () => 0, {
      left: 0,
      top: 0,
      cellWidth: 1 / 3,
      cellHeight: 0.4,
      gap: 0.5,
    });
    expect(rectangles(p!.d)).toEqual([{ x: 0.58, y: 1.05, w: 0.5, h: 0.5 }]);
  });

  it('draws nothing for no cells', () => {
    expect(heatmapCellPaths([], step, layout)).toEqual([]);
  });
});

describe('cellAtPoint', () => {
  it('finds the cell under a point and nothing outside the grid', () => {
    expect(cellAtPoint(30 + 12 * 3 + 1, 18 + 10 * 2 + 9.9, layout, 7, 4)).toEqual({ row: 2, column: 3 });
    expect(cellAtPoint(29.9, 20, layout, 7, 4)).toBeNull();
    expect(cellAtPoint(30 + 12 * 4, 20, layout, 7, 4)).toBeNull();
    expect(cellAtPoint(40, 18 + 10 * 7, layout, 7, 4)).toBeNull();
    expect(cellAtPoint(40, 20, { ...layout, cellWidth: 0 }, 7, 4)).toBeNull();
  });
});
