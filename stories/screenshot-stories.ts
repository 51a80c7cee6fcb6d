/**
 * Opens every story of the built Storybook (storybook-static/) in Chromium, one new browser
 * context per story, and checks that it renders without console errors or page errors and
 * that axe-core finds no accessibility violations. Writes a screenshot of each story to
 * artifacts/stories/<story-id>.png (git-ignored) so people can look at them.
 *
 *   pnpm test:stories            # builds Storybook first, then runs this
 *   node --import tsx stories/screenshot-stories.ts [filter]   # on an existing build
 *
 * Needs Debian's chromium at /usr/bin/chromium (or CHROMIUM_PATH); nothing is downloaded.
 * Ends with the line "N passed, M failed" and exits 1 when a story failed.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';
import { CHROMIUM_PATH, chromiumLaunchOptions, hasChromium } from './chromium';
import { BASELINE_DIR, baselineProblem, compareWithBaseline, updating } from './visual-baselines';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const staticDir = join(root, 'storybook-static');
const outDir = join(root, 'artifacts', 'stories');
const filter = process.argv[2];
const axeSource = readFileSync(join(root, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

if (!existsSync(join(staticDir, 'index.json'))) {
  console.error(
    `No Storybook build at ${staticDir}: run \`pnpm build-storybook\` first (or \`pnpm test:stories\`).`,
  );
  process.exit(1);
}
if (!hasChromium) {
  console.error(`No Chromium at ${CHROMIUM_PATH}: apt-get install -y chromium (or set CHROMIUM_PATH).`);
  process.exit(1);
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

const server = createServer((req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(
    /^(\.\.[/\\])+/,
    '',
  );
  const file = join(staticDir, path.endsWith('/') ? `${path}index.html` : path);
  if (path === '/favicon.ico') {
    res.writeHead(204).end(); // Chromium asks for it once per browser; Storybook ships favicon.svg
    return;
  }
  if (!file.startsWith(staticDir) || !existsSync(file)) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
  res.end(readFileSync(file));
});
await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

interface IndexEntry {
  id: string;
  title: string;
  name: string;
  type: 'story' | 'docs';
}
const index = JSON.parse(readFileSync(join(staticDir, 'index.json'), 'utf8')) as {
  entries: Record<string, IndexEntry>;
};
const stories = Object.values(index.entries).filter(
  (e) => e.type === 'story' && (filter === undefined || e.id.includes(filter)),
);

mkdirSync(outDir, { recursive: true });
const browser = await chromium.launch(chromiumLaunchOptions);
// visual regression against stories/baselines (see visual-baselines.ts)
const versionProblem = baselineProblem(browser);
if (updating) console.log(`Taking new baselines with Chromium ${browser.version()}`);

let passed = 0;
let failed = 0;
for (const story of stories) {
  const context = await browser.newContext({
    // the width stories show a widget at 300, 600 and 1200 px side by side with their labels
    viewport: { width: /--widths/.test(story.id) ? 1300 : 900, height: 640 },
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()} for ${response.url()}`);
  });
  try {
    await page.goto(`${base}/iframe.html?id=${encodeURIComponent(story.id)}&viewMode=story`, {
      waitUntil: 'networkidle',
    });
    await page.waitForSelector('#storybook-root > *', { timeout: 15_000 });
    // widgets that load lazily (the map) settle once nothing is busy unless the story is about loading
    if (!/--(widths-)?loading(-dark)?$/.test(story.id)) {
      await page
        .waitForFunction(() => document.querySelector('[aria-busy="true"]') === null, null, {
          timeout: 10_000,
        })
        .catch(() => problems.push('still loading after 10 s'));
    }
    await page.waitForTimeout(150);
    await page.addScriptTag({ content: axeSource });
    const violations = await page.evaluate(async () => {
      const axe = (
        window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<{ violations: unknown[] }> } }
      ).axe;
      const result = await axe.run(document.querySelector('#storybook-root'), {
        resultTypes: ['violations'],
      });
      return result.violations as { id: string; help: string; nodes: { target: string[] }[] }[];
    });
    for (const v of violations) {
      problems.push(
        `axe ${v.id}: ${v.help} (${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join('; ')})`,
      );
    }
    // the pinned web font must be in use before the picture is taken
    await page.evaluate(() => document.fonts.ready);
    const shot = await page.screenshot({ path: join(outDir, `${story.id}.png`), fullPage: true });
    const visual =
      versionProblem ??
      (await compareWithBaseline(browser, story.id, shot, join(outDir, `${story.id}.diff.png`)));
    if (visual !== null) problems.push(`visual: ${visual}`);
  } catch (error) {
    problems.push(`could not render: ${error instanceof Error ? error.message : String(error)}`);
  }
  await context.close();
  if (problems.length === 0) {
    passed++;
    console.log(`ok    ${story.id}`);
  } else {
    failed++;
    console.log(`FAIL  ${story.id}\n      ${problems.join('\n      ')}`);
  }
}

// a baseline whose story is gone (renamed or deleted) would no longer be compared: fail on it
if (filter === undefined && !updating) {
  const ids = new Set(stories.map((s) => s.id));
  for (const file of readdirSync(BASELINE_DIR).filter((f) => f.endsWith('.png'))) {
    if (!ids.has(file.slice(0, -4))) {
      failed++;
      console.log(`FAIL  ${file}\n      baseline without a story: delete it (or restore its story)`);
    }
  }
}

await browser.close();
server.close();
console.log(`\nScreenshots in ${outDir}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
