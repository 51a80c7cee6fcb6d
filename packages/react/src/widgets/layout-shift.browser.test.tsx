import type { ReactElement } from 'react';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import '../styles.css';
import { BarChart, Gauge, Heatmap, LineChart, MetricCard, MetricTable, PieChart } from '../index';

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

async function show(ui: ReactElement) {
  await act(async () => root!.render(ui));
  // let the ResizeObserver measure and React re-render
  await act(async () => new Promise((r) => setTimeout(r, 60)));
  const box = host!.querySelector('section.arion-widget')!.getBoundingClientRect();
  return { width: box.width, height: box.height };
}

const DAY = 86_400_000;
const points = Array.from({ length: 30 }, (_, i) => ({ x: Date.UTC(2025, 0, 1) + i * DAY, y: 90 + (i % 7) }));
const cases: Record<string, (state: { loading?: boolean; error?: string }) => ReactElement> = {
  'bar chart': (s) => (
    <BarChart
      title="Findings"
      categories={['IT', 'HR', 'Legal']}
      series={[
        { key: 'o', label: 'Open', values: s.loading ? [] : [3, 5, 0] },
        { key: 'c', label: 'Closed', values: s.loading ? [] : [4, 1, 2] },
      ]}
      {...s}
    />
  ),
  'line chart': (s) => (
    <LineChart
      title="Compliance"
      series={[
        { key: 'a', label: 'A', points: s.loading ? [] : points },
        { key: 'b', label: 'B', points: s.loading ? [] : points.map((p) => ({ ...p, y: p.y - 3 })) },
      ]}
      unit="%"
      {...s}
    />
  ),
  'pie chart': (s) => (
    <PieChart
      title="Mix"
      slices={
        s.loading
          ? []
          : [
              { key: 'a', label: 'A', value: 3 },
              { key: 'b', label: 'B', value: 1 },
            ]
      }
      {...s}
    />
  ),
  gauge: (s) => <Gauge title="Uptime" value={s.loading ? null : 99.6} unit="%" min={98} max={100} {...s} />,
  'metric card': (s) => (
    <MetricCard
      title="MTTR"
      value={s.loading ? null : 4.2}
      previousValue={5}
      unit="hours"
      direction="lower_better"
      targetValue={4}
      sparkline={[6, 5, 4.2]}
      {...s}
    />
  ),
  heatmap: (s) => (
    <Heatmap
      title="Days"
      days={
        s.loading
          ? []
          : Array.from({ length: 120 }, (_, i) => ({
              date: new Date(Date.UTC(2025, 0, 1) + i * DAY),
              value: i % 9,
            }))
      }
      {...s}
    />
  ),
  table: (s) => (
    <MetricTable
      title="Teams"
      pageSize={5}
      rows={s.loading ? [] : Array.from({ length: 12 }, (_, i) => ({ team: `Team ${i}`, mttr: i * 1.5 }))}
      {...s}
    />
  ),
};

describe('widget states in a real browser', () => {
  for (const width of [300, 600]) {
    for (const [name, render] of Object.entries(cases)) {
      it(`keeps the ${name} card's box from loading to data to error at ${width} px`, async () => {
        host = document.createElement('div');
        host.style.width = `${width}px`;
        document.body.append(host);
        root = createRoot(host);
        const loading = await show(render({ loading: true }));
        expect(host.querySelector('[role="status"]')).not.toBeNull();
        const data = await show(render({}));
        expect(host.querySelector('[role="status"][aria-live="polite"] .arion-skeleton-shape')).toBeNull();
        const error = await show(render({ error: 'HTTP 503' }));
        expect(host.querySelector('[role="alert"]')).not.toBeNull();
        expect(data.width, name).toBe(loading.width);
        expect(
          Math.abs(data.height - loading.height),
          `${name} loading ${loading.height}, data ${data.height}`,
        ).toBeLessThanOrEqual(0.5);
        expect(
          Math.abs(error.height - loading.height),
          `${name} loading ${loading.height}, error ${error.height}`,
        ).toBeLessThanOrEqual(0.5);
      });
    }
  }
});
