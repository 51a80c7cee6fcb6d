import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import '../../styles.css';
import { Heatmap } from './heatmap';

// tells React that act() is used on purpose here
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let host: HTMLDivElement | null = null;
afterEach(() => {
  host?.remove();
  host = null;
});

const ROWS = 50;
const COLUMNS = 365;
const rows = Array.from({ length: ROWS }, (_, i) => `Unit ${i + 1}`);
const columns = Array.from({ length: COLUMNS }, (_, i) => `Day ${i + 1}`);
const values = rows.map((_, r) => columns.map((_, c) => ((r * 7 + c * 13) % 101) / 10));

describe('Heatmap in a real browser', () => {
  it('draws a 365 x 50 matrix as one path per colour that covers the grid, with the tooltip under the pointer', async () => {
    host = document.createElement('div');
    host.style.width = '800px';
    document.body.append(host);
    const root = createRoot(host);
    await act(async () =>
      root.render(<Heatmap title="Risk" matrix={{ rows, columns, values }} variant="matrix" />),
    );
    await act(async () => new Promise((r) => setTimeout(r, 100)));

    const paths = [...host.querySelectorAll<SVGPathElement>('path.arion-heatmap-cells')];
    expect(paths).toHaveLength(5);
    expect(paths.reduce((n, p) => n + Number(p.dataset.cells), 0)).toBe(ROWS * COLUMNS);
    // every colour is painted (CSS variable resolved) and the paths together span the grid
    for (const p of paths) expect(getComputedStyle(p).fill).toMatch(/^rgb/);
    const boxes = paths.map((p) => p.getBoundingClientRect());
    const plot = host.querySelector('.arion-plot') as HTMLElement;
    const area = plot.getBoundingClientRect();
    const left = Math.min(...boxes.map((b) => b.left));
    const right = Math.max(...boxes.map((b) => b.right));
    const top = Math.min(...boxes.map((b) => b.top));
    const bottom = Math.max(...boxes.map((b) => b.bottom));
    expect(right - left).toBeGreaterThan(area.width * 0.8);
    expect(bottom - top).toBeGreaterThan(area.height * 0.8);

    // the pointer over the middle of row 3, column 200 shows that cell
    const cellWidth = (right - left) / COLUMNS;
    const cellHeight = (bottom - top) / ROWS;
    await act(async () => {
      plot.dispatchEvent(
        new MouseEvent('mousemove', {
          bubbles: true,
          clientX: left + cellWidth * 199.5,
          clientY: top + cellHeight * 2.5,
        }),
      );
    });
    const tooltip = host.querySelector('[role="tooltip"]');
    expect(tooltip?.textContent).toContain('Unit 3, Day 200');
    expect(tooltip?.textContent).toContain(String(values[2]?.[199]));
    await act(async () => root.unmount());
  });
});
