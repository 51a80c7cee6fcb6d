import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import '../../styles.css';
import { LineChart } from './line-chart';

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

const DAY = 86_400_000;
// 90 days: January 1 to March 31, 2025
const points = Array.from({ length: 90 }, (_, i) => ({ x: Date.UTC(2025, 0, 1) + i * DAY, y: 90 + (i % 7) }));

describe('LineChart time axis in a real browser', () => {
  // the narrowest cell, a dashboard cell, the story's width (560 px) and a full row
  for (const width of [240, 300, 560, 1200]) {
    it(`labels 90 days evenly, the last month included, without overlap at ${width} px`, async () => {
      host = document.createElement('div');
      host.style.width = `${width}px`;
      document.body.append(host);
      root = createRoot(host);
      await act(async () =>
        root!.render(<LineChart title="Compliance" series={[{ key: 'a', label: 'A', points }]} unit="%" />),
      );
      await act(async () => new Promise((r) => setTimeout(r, 60)));
      await document.fonts.ready;
      const axes = host.querySelectorAll('.arion-axis');
      const labels = [...axes[axes.length - 1]!.querySelectorAll('text')];
      const texts = labels.map((t) => t.textContent ?? '');
      const boxes = labels.map((t) => t.getBoundingClientRect());
      expect(labels.length, texts.join(', ')).toBeGreaterThanOrEqual(3);
      // the last month of the data (March) has a label
      expect(
        texts.some((t) => t.startsWith('Mar')),
        texts.join(', '),
      ).toBe(true);
      // no two labels touch
      for (let i = 1; i < boxes.length; i++) {
        expect(boxes[i]!.left - boxes[i - 1]!.right, `${texts[i - 1]} to ${texts[i]}`).toBeGreaterThanOrEqual(
          6,
        );
      }
      // evenly spaced: the steps between label centres differ by at most a tenth (months are 28 to 31 days long)
      const centres = boxes.map((b) => b.left + b.width / 2);
      const steps = centres.slice(1).map((c, i) => c - centres[i]!);
      expect(
        Math.min(...steps) / Math.max(...steps),
        `${texts.join(', ')}: ${steps.join(', ')}`,
      ).toBeGreaterThanOrEqual(0.88);
      // and the stretch after the last label is no longer than a step (the end is not left bare)
      const axisLine = axes[axes.length - 1]!.querySelector('line')!.getBoundingClientRect();
      expect(axisLine.right - centres[centres.length - 1]!).toBeLessThanOrEqual(Math.max(...steps));
    });
  }
});
