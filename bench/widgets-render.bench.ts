/**
 * First render time of the widgets in Chromium, against Recharts measured in the same run:
 * LineChart with 1,000 / 10,000 / 100,000 points (Recharts' LineChart with axes, grid and
 * tooltip on the same data as the anchor) and a 365 x 50 matrix Heatmap. Prints medians and
 * ratios (target: at 100,000 points at least 5x faster than Recharts).
 *
 *   pnpm bench widgets-render
 *
 * Bundles bench/widgets/render-page.tsx with Vite (production React), serves it on 127.0.0.1
 * and drives Debian's chromium with Playwright.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';
import { build, defaultClientConditions } from 'vite';
import { chromiumLaunchOptions } from '../stories/chromium';

const here = dirname(fileURLToPath(import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'arion-bench-'));
await build({
  root: here,
  logLevel: 'warn',
  mode: 'production',
  define: { 'process.env.NODE_ENV': '"production"' },
  resolve: { conditions: ['@arion-metrics/source', ...defaultClientConditions] },
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: out,
    emptyOutDir: true,
    lib: { entry: join(here, 'widgets', 'render-page.tsx'), formats: ['es'], fileName: () => 'page.js' },
    rollupOptions: { external: [] },
  },
});
writeFileSync(
  join(out, 'index.html'),
  '<!doctype html><html><body><script type="module" src="./page.js"></script></body></html>',
);

const server = createServer((req, res) => {
  const file = join(out, req.url === '/' ? 'index.html' : (req.url ?? '').slice(1).split('?')[0]!);
  try {
    const body = readFileSync(file);
    res.writeHead(200, { 'content-type': file.endsWith('.js') ? 'text/javascript' : 'text/html' }).end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
const browser = await chromium.launch(chromiumLaunchOptions);
const page = await browser.newPage();
await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
await page.waitForFunction(() => 'bench' in window);
const run = (name: string, n: number, runs: number) =>
  page.evaluate(
    ([a, b, c]) =>
      (window as unknown as { bench: (x: string, y: number, z: number) => number }).bench(a, b, c),
    [name, n, runs] as const,
  );

console.log('First render in Chromium (median, ms; lower is better)');
console.log('points     arion LineChart   Recharts LineChart   Recharts / arion');
for (const [n, runs] of [
  [1_000, 9],
  [10_000, 5],
  [100_000, 3],
] as const) {
  const arion = await run('arion', n, runs);
  const recharts = await run('recharts', n, runs);
  console.log(
    `${String(n).padStart(7)}   ${arion.toFixed(1).padStart(12)}   ${recharts.toFixed(1).padStart(18)}   ${(recharts / arion).toFixed(1).padStart(14)}x`,
  );
}
const heat = await run('heatmap', 0, 5);
const anchor = await run('recharts', 1_000, 9);
console.log(
  `Heatmap 365 x 50 matrix: ${heat.toFixed(1)} ms = ${(heat / anchor).toFixed(2)}x the Recharts LineChart with 1,000 points (${anchor.toFixed(1)} ms)`,
);
await browser.close();
server.close();
rmSync(out, { recursive: true, force: true });
