import axe from 'axe-core';
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import '../styles.css';
import { BarChart, Gauge, Heatmap, LineChart, MetricCard, MetricTable, PieChart, TextWidget } from '../index';

// tells React that act() is used on purpose here
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let host: HTMLDivElement | null = null;
afterEach(() => {
  host?.remove();
  host = null;
});

async function mount(ui: React.ReactNode, width = 640) {
  host = document.createElement('div');
  host.style.width = `${width}px`;
  document.body.append(host);
  const root = createRoot(host);
  await act(async () => root.render(ui));
  // let the ResizeObserver measure and React re-render
  await act(async () => new Promise((r) => setTimeout(r, 100)));
  return host;
}

const DAY = 86_400_000;
const points = Array.from({ length: 90 }, (_, i) => ({
  x: Date.UTC(2025, 0, 1) + i * DAY,
  y: 95 + Math.sin(i / 7) * 3,
}));

describe('widgets in a real browser', () => {
  it('size their plot to the container with a ResizeObserver', async () => {
    const el = await mount(
      <LineChart title="Compliance" series={[{ key: 'a', label: 'A', points }]} unit="%" />,
      720,
    );
    const svg = el.querySelector('svg[role="img"]') as SVGSVGElement;
    // the frame has 16px padding and a 1px border on each side
    expect(Number(svg.getAttribute('width'))).toBe(720 - 2 * 17);
  });

  it('have no axe-core violations in light and dark themes', async () => {
    for (const theme of ['light', 'dark'] as const) {
      const el = await mount(
        <div
          data-arion-theme={theme}
          style={{ background: theme === 'dark' ? '#0d1117' : '#fff', padding: 8 }}
        >
          <MetricCard
            title="MTTR"
            value={4.2}
            previousValue={5}
            unit="hours"
            direction="lower_better"
            targetValue={4}
            thresholdConfig={{ warning: 4, critical: 8 }}
            sparkline={[6, 5, 4.2]}
          />
          <Gauge
            title="Uptime"
            value={99.6}
            unit="%"
            min={98}
            max={100}
            thresholdConfig={{ warning: 99.5, critical: 99 }}
          />
          <LineChart
            title="Compliance"
            series={[{ key: 'a', label: 'A', points }]}
            unit="%"
            targetValue={95}
          />
          <BarChart
            title="Findings"
            categories={['IT', 'HR']}
            series={[{ key: 'o', label: 'Open', values: [3, 5] }]}
          />
          <PieChart
            title="Mix"
            slices={[
              { key: 'a', label: 'A', value: 3 },
              { key: 'b', label: 'B', value: 1 },
            ]}
          />
          <MetricTable title="Teams" rows={[{ team: 'A', mttr: 3, status: 'warning' }]} />
          <Heatmap
            title="Days"
            days={[
              { date: '2025-01-01', value: 1 },
              { date: '2025-01-02', value: 4 },
            ]}
            direction="higher_better"
          />
          <TextWidget title="Notes" markdown={'## Hello\n\n[link](https://example.org)'} />
        </div>,
      );
      const result = await axe.run(el);
      expect(
        result.violations.map(
          (v) => `${theme}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
        ),
      ).toEqual([]);
      host?.remove();
    }
  });
});
