/**
 * Visual regression of the stories: each screenshot is compared with its checked-in baseline in
 * stories/baselines/<story-id>.png by pixelmatch (run inside Chromium, which also decodes the
 * PNGs, so no image library is needed in Node). A story fails when more than
 * {@link MAX_DIFF_SHARE} of its pixels differ or its size changed; the diff image is written
 * next to the screenshot. Baselines record the Chromium major version they were taken with: on
 * another major every story fails naming both, instead of diffing renderings that differ anyway.
 *
 *   UPDATE_BASELINES=1 pnpm test:stories    # take new baselines on purpose
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright';

/** Folder of the baselines and of the file naming their Chromium major version. */
export const BASELINE_DIR = join(dirname(fileURLToPath(import.meta.url)), 'baselines');
const VERSION_FILE = join(BASELINE_DIR, 'chromium-version.txt');
/** Share of pixels that may differ (anti-aliasing is already ignored by pixelmatch). */
export const MAX_DIFF_SHARE = 0.0005;
/**
 * pixelmatch's per-pixel colour threshold (0 to 1). pixelmatch's default, 0.1, is blind to our
 * light greys: a skeleton redrawn in another shape, or a card 80 px taller, on the light page
 * changed no pixel by more than 0.1, so outdated baselines kept passing. Chromium renders the
 * stories identically run after run (every other story differs from its baseline by 0 pixels at
 * 0.01), so 0.05 catches those changes without flagging anti-aliasing noise.
 */
const THRESHOLD = 0.05;

export const updating = process.env.UPDATE_BASELINES === '1';

const pixelmatchSource = readFileSync(createRequire(import.meta.url).resolve('pixelmatch'), 'utf8').replace(
  'export default function pixelmatch',
  'window.pixelmatch = function pixelmatch',
);

/** The Chromium major version of `browser`, e.g. "143". */
export function chromiumMajor(browser: Browser): string {
  return browser.version().split('.')[0]!;
}

/**
 * Why the baselines cannot be used with this Chromium (none, or another major version), or
 * `null` when they can. In update mode the version file is (re)written instead.
 */
export function baselineProblem(browser: Browser): string | null {
  const major = chromiumMajor(browser);
  if (updating) {
    mkdirSync(BASELINE_DIR, { recursive: true });
    writeFileSync(VERSION_FILE, `${major}\n`);
    return null;
  }
  if (!existsSync(VERSION_FILE)) {
    return `no baselines in ${BASELINE_DIR}: take them with UPDATE_BASELINES=1 pnpm test:stories`;
  }
  const recorded = readFileSync(VERSION_FILE, 'utf8').trim();
  return recorded === major
    ? null
    : `the baselines were taken with Chromium ${recorded}, this is Chromium ${major}: the renderings differ across majors, so take new baselines on purpose with UPDATE_BASELINES=1 pnpm test:stories`;
}

/**
 * Compares `screenshot` (PNG) with the story's baseline, or stores it as the baseline in update
 * mode. Returns a problem to report, or `null`. Writes `<diffPath>` when pixels differ.
 */
export async function compareWithBaseline(
  browser: Browser,
  storyId: string,
  screenshot: Buffer,
  diffPath: string,
): Promise<string | null> {
  const baselinePath = join(BASELINE_DIR, `${storyId}.png`);
  if (updating) {
    writeFileSync(baselinePath, screenshot);
    return null;
  }
  if (!existsSync(baselinePath)) return `no baseline ${baselinePath} (UPDATE_BASELINES=1 takes it)`;
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    // tsx compiles the evaluated function with esbuild's keepNames helper, absent from the page
    await page.addScriptTag({ content: `window.__name = (f) => f;\n${pixelmatchSource}` });
    const result = await page.evaluate(
      async ([actual, expected, threshold]) => {
        const load = async (base64: string) => {
          const img = new Image();
          img.src = `data:image/png;base64,${base64}`;
          await img.decode();
          const canvas = document.createElement('canvas');
          canvas.width = img.naturalWidth;
          canvas.height = img.naturalHeight;
          const g = canvas.getContext('2d')!;
          g.drawImage(img, 0, 0);
          return g.getImageData(0, 0, canvas.width, canvas.height);
        };
        const a = await load(actual as string);
        const b = await load(expected as string);
        if (a.width !== b.width || a.height !== b.height) {
          return {
            size: `${a.width}x${a.height} instead of ${b.width}x${b.height}`,
            diff: 0,
            total: 0,
            png: null,
          };
        }
        const canvas = document.createElement('canvas');
        canvas.width = a.width;
        canvas.height = a.height;
        const g = canvas.getContext('2d')!;
        const out = g.createImageData(a.width, a.height);
        const match = (window as unknown as { pixelmatch: (...args: unknown[]) => number }).pixelmatch;
        const diff = match(b.data, a.data, out.data, a.width, a.height, { threshold });
        g.putImageData(out, 0, 0);
        return {
          size: null,
          diff,
          total: a.width * a.height,
          png: diff > 0 ? canvas.toDataURL('image/png') : null,
        };
      },
      [screenshot.toString('base64'), readFileSync(baselinePath).toString('base64'), THRESHOLD] as const,
    );
    if (result.png !== null) {
      writeFileSync(diffPath, Buffer.from(result.png.slice(result.png.indexOf(',') + 1), 'base64'));
    }
    if (result.size !== null) return `screenshot is ${result.size} (the baseline's size)`;
    if (result.diff > result.total * MAX_DIFF_SHARE) {
      return `${result.diff} pixels differ from the baseline (${((result.diff / result.total) * 100).toFixed(2)}%, at most ${MAX_DIFF_SHARE * 100}%): see ${diffPath}; if the change is wanted, UPDATE_BASELINES=1 pnpm test:stories`;
    }
    return null;
  } finally {
    await context.close();
  }
}
