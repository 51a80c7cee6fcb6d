/**
 * Page bundled by widgets-render.bench.ts and run in Chromium: renders each chart once into a
 * fresh container and reports the time until React has committed and the browser has done
 * layout (a forced reflow), so both libraries pay for the same work.
 */
/// <reference types="vite/client" />
import { Heatmap, LineChart } from '@arion-metrics/react';
import arionStyles from '@arion-metrics/react/styles.css?inline';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { CartesianGrid, Line, LineChart as RechartsLineChart, Tooltip, XAxis, YAxis } from 'recharts';

// the widgets' stylesheet, as an application loads it (it hides the screen-reader data tables)
document.head.append(Object.assign(document.createElement('style'), { textContent: arionStyles }));

function series(n: number) {
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  let level = 100;
  let seed = 42;
  for (let i = 0; i < n; i++) {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    level += (seed / 2_147_483_648 - 0.5) * 4;
    xs[i] = 1_735_689_600_000 + i * 60_000;
    ys[i] = level;
  }
  return { xs, ys };
}

function time(render: (el: HTMLElement) => () => void): number {
  const el = document.createElement('div');
  el.style.width = '800px';
  document.body.append(el);
  const t0 = performance.now();
  const unmount = render(el);
  void el.getBoundingClientRect(); // layout
  const t = performance.now() - t0;
  unmount();
  el.remove();
  return t;
}

function renderWith(el: HTMLElement, node: React.ReactNode) {
  const root = createRoot(el);
  flushSync(() => root.render(node));
  return () => root.unmount();
}

const cases: Record<string, (n: number) => (el: HTMLElement) => () => void> = {
  arion: (n) => {
    const { xs, ys } = series(n);
    return (el) =>
      renderWith(
        el,
        <LineChart title="p95" series={[{ key: 's', label: 's', xs, ys }]} width={800} height={300} />,
      );
  },
  recharts: (n) => {
    const { xs, ys } = series(n);
    const data = Array.from(xs, (x, i) => ({ x, y: ys[i] }));
    return (el) =>
      renderWith(
        el,
        <RechartsLineChart width={800} height={300} data={data}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="x" type="number" domain={['dataMin', 'dataMax']} />
          <YAxis />
          <Tooltip />
          <Line dataKey="y" dot={false} isAnimationActive={false} />
        </RechartsLineChart>,
      );
  },
  heatmap: () => {
    const rows = Array.from({ length: 50 }, (_, i) => `Unit ${i}`);
    const columns = Array.from({ length: 365 }, (_, i) => `D${i}`);
    const values = rows.map((_, r) => columns.map((_, c) => ((r * 31 + c * 17) % 100) / 10));
    return (el) =>
      renderWith(el, <Heatmap matrix={{ rows, columns, values }} variant="matrix" width={800} />);
  },
};

/** Median of `runs` first renders of `name` with `n` points (after three warm-ups, so the JIT has compiled both libraries). */
(window as unknown as { bench: (name: string, n: number, runs: number) => number }).bench = (
  name,
  n,
  runs,
) => {
  const make = cases[name]!(n);
  for (let i = 0; i < 3; i++) time(make);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(time(make));
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
};
