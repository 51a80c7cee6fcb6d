/**
 * The served demo, end to end in real Chromium: `pnpm demo:check
 * http://127.0.0.1:4173/` while `pnpm demo` runs
 * (`.ci/run` does this with the README's command). For each of the four dashboards it scrolls
 * every widget into view, waits until none is loading, and requires: no widget in error, no
 * console error, no axe-core violation, a number in every table; it saves a full-page screenshot to `artifacts/demo/`.
 * Across the dashboards every widget type must show data. Then: the theme switch turns the host
 * dark, a time range change re-requests the data and every widget settles without error, and the
 * seeded viewer (`?as=viewer`) sees the dashboards too. Exits 1 naming each failed check.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { WIDGET_TYPES } from '@arion-metrics/core';
import { chromium, type Page } from 'playwright';
import { chromiumLaunchOptions } from '../../../stories/chromium';

const url = process.argv[2];
if (!url) {
  console.error('usage: check-demo-in-chromium.ts <demo URL>');
  process.exit(2);
}
const root = resolve(import.meta.dirname, '../../..');
const outDir = join(root, 'artifacts', 'demo');
mkdirSync(outDir, { recursive: true });
const axeSource = readFileSync(join(root, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const failures: string[] = [];
const check = (ok: boolean, what: string) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
};

/** Scrolls through the page so lazily rendered widgets mount, then waits until none is loading. */
async function settle(page: Page): Promise<void> {
  await page.waitForSelector('.arion-host-grid .arion-host-cell', { timeout: 60_000 });
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  for (let y = 0; y <= height; y += 500) {
    await page.evaluate((top) => window.scrollTo(0, top), y);
    await page.waitForTimeout(100);
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  await page
    .waitForFunction(() => document.querySelector('.arion-host-cell[data-status="loading"]') === null, null, {
      timeout: 60_000,
    })
    .catch(() => undefined);
}

/** `data-widget-type` → `data-status` of every widget cell on the page. */
const cells = (page: Page) =>
  page.$$eval('.arion-host-cell', (nodes) =>
    nodes.map((n) => ({
      type: n.getAttribute('data-widget-type') ?? '',
      status: n.getAttribute('data-status') ?? '',
      title: n.querySelector('.arion-widget-title')?.textContent ?? '',
    })),
  );

const browser = await chromium.launch(chromiumLaunchOptions);
try {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  await page.goto(url, { waitUntil: 'networkidle', timeout: 120_000 });
  const tabs = page.locator('nav[aria-label="Dashboards"] button');
  await tabs.first().waitFor({ timeout: 60_000 });
  const names = await tabs.allTextContents();
  check(names.length === 4, `four dashboards listed (${names.join(', ')})`);

  const shown = new Set<string>();
  for (const [i, name] of names.entries()) {
    await tabs.nth(i).click();
    await page.waitForFunction((n) => document.querySelector('.arion-host-title')?.textContent === n, name, {
      timeout: 60_000,
    });
    await settle(page);
    const widgets = await cells(page);
    for (const w of widgets) if (w.status === 'ready') shown.add(w.type);
    const bad = widgets.filter((w) => w.status !== 'ready');
    check(
      widgets.length > 0 && bad.length === 0,
      `${name}: ${widgets.length} widgets, all showing data${bad.length ? ` (not: ${bad.map((w) => `${w.title} ${w.status}`).join('; ')})` : ''}`,
    );
    const emptyTables = await page.$$eval('.arion-host-cell[data-widget-type="table"]', (nodes) =>
      nodes
        .filter((n) => ![...n.querySelectorAll('td')].some((td) => /\d/.test(td.textContent ?? '')))
        .map((n) => n.querySelector('.arion-widget-title')?.textContent ?? '?'),
    );
    check(
      emptyTables.length === 0,
      `${name}: every table shows numbers${emptyTables.length ? ` (not: ${emptyTables.join(', ')})` : ''}`,
    );
    await page.screenshot({
      path: join(outDir, `${name.toLowerCase().replaceAll(/\W+/g, '-')}.png`),
      fullPage: true,
    });
    await page.addScriptTag({ content: axeSource });
    const violations = await page.evaluate(async () => {
      const result = await (
        window as unknown as { axe: { run: (c: unknown) => Promise<{ violations: { id: string }[] }> } }
      ).axe.run(document);
      return result.violations.map((v) => v.id);
    });
    check(
      violations.length === 0,
      `${name}: axe-core finds no violations${violations.length ? ` (${violations.join(', ')})` : ''}`,
    );
  }
  const missing = WIDGET_TYPES.filter((t) => !shown.has(t));
  check(
    missing.length === 0,
    `every widget type shows data${missing.length ? ` (missing: ${missing.join(', ')})` : ''}`,
  );

  await page.locator('.arion-host-theme-switch').click();
  check(
    (await page.locator('[data-arion-theme="dark"]').count()) > 0,
    'the theme switch turns the dashboard dark',
  );

  const range = page.locator('.arion-host-filters select').first();
  const options = await range
    .locator('option')
    .evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value));
  const current = await range.inputValue();
  const next = options.find((o) => o !== current && o !== 'custom');
  if (next === undefined) {
    check(false, 'a second time range preset to choose');
  } else {
    const request = page.waitForRequest((r) => r.url().includes('/data'), { timeout: 30_000 });
    await range.selectOption(next);
    const sent = await request.then(
      (r) => r.url(),
      () => '',
    );
    check(sent !== '', `changing the time range to ${next} re-requests the data`);
    await settle(page);
    const after = await cells(page);
    check(
      after.every((w) => w.status !== 'error' && w.status !== 'loading'),
      `after the change every widget settles without error`,
    );
  }
  check(
    consoleErrors.length === 0,
    `no console errors${consoleErrors.length ? `: ${consoleErrors.slice(0, 3).join(' | ')}` : ''}`,
  );

  const viewer = await context.newPage();
  await viewer.goto(new URL('?as=viewer', url).href, { waitUntil: 'networkidle', timeout: 120_000 });
  await viewer.locator('nav[aria-label="Dashboards"] button').first().waitFor({ timeout: 60_000 });
  await settle(viewer);
  const viewerCells = await cells(viewer);
  check(
    viewerCells.length > 0 && viewerCells.every((w) => w.status !== 'error'),
    `the seeded viewer sees a dashboard (${viewerCells.length} widgets, none in error)`,
  );
} finally {
  await browser.close();
}
console.log(`screenshots in ${outDir}`);
if (failures.length > 0) {
  console.error(`${failures.length} demo check(s) failed`);
  process.exit(1);
}
