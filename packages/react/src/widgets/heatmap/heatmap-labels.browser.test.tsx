import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import '../../styles.css';
import { Heatmap } from './heatmap';

// tells React that act() is used on purpose here
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let host: HTMLDivElement | null = null;
let root: Root | null = null;
afterEach(() => {
  act(() => root?.unmount());
  host?.remove();
  host = null;
  root = null;
});

const rows = Array.from({ length: 50 }, (_, i) => `Unit ${String(i + 1).padStart(2, '0')}`);
const columns = Array.from({ length: 365 }, (_, i) =>
  new Date(Date.UTC(2025, 0, 1 + i)).toISOString().slice(5, 10),
);
const values = rows.map((_, r) => columns.map((_, c) => ((r * 7 + c * 13) % 101) / 10));

/** Vertical room (px) between two label boxes that do not overlap horizontally: negative when they overlap. */
function clearance(a: DOMRect, b: DOMRect): number {
  const horizontal = Math.max(a.left, b.left) - Math.min(a.right, b.right);
  const vertical = Math.max(a.top, b.top) - Math.min(a.bottom, b.bottom);
  return Math.max(horizontal, vertical);
}

describe('Heatmap labels in a real browser', () => {
  // the default height of a 50-row matrix, a short dashboard cell and the smallest cells (4 px rows)
  for (const [width, height] of [
    [800, undefined],
    [300, undefined],
    [800, 240],
    [300, 200],
  ] as const) {
    it(`keeps the 50 row labels of a matrix apart from each other and from the column labels at ${width} px wide, ${height ?? 'default'} high`, async () => {
      host = document.createElement('div');
      host.style.width = `${width}px`;
      document.body.append(host);
      root = createRoot(host);
      await act(async () =>
        root!.render(
          <Heatmap
            title="Availability"
            matrix={{ rows, columns, values }}
            variant="matrix"
            height={height}
          />,
        ),
      );
      await act(async () => new Promise((r) => setTimeout(r, 60)));
      await document.fonts.ready;
      const svg = host.querySelector('.arion-plot svg')!;
      const labels = [...svg.querySelectorAll('text')];
      const rowLabels = labels.filter((t) => rows.includes(t.textContent ?? ''));
      const columnLabels = labels.filter((t) => columns.includes(t.textContent ?? ''));
      expect(rowLabels.length).toBeGreaterThanOrEqual(5);
      expect(columnLabels.length).toBeGreaterThanOrEqual(3);
      const rowBoxes = rowLabels.map((t) => t.getBoundingClientRect());
      for (let i = 1; i < rowBoxes.length; i++) {
        const gap = rowBoxes[i]!.top - rowBoxes[i - 1]!.bottom;
        expect(
          gap,
          `${rowLabels[i - 1]!.textContent} to ${rowLabels[i]!.textContent}`,
        ).toBeGreaterThanOrEqual(1);
      }
      for (const [r, rowBox] of rowBoxes.entries()) {
        for (const column of columnLabels) {
          expect(
            clearance(rowBox, column.getBoundingClientRect()),
            `${rowLabels[r]!.textContent} and ${column.textContent}`,
          ).toBeGreaterThanOrEqual(1);
        }
      }
    });
  }
});
