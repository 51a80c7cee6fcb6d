// @vitest-environment node
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const readmeUrl = new URL('../README.md', import.meta.url);
const baselineUrl = new URL('../../../stories/baselines/', import.meta.url);
const storiesUrl = new URL('../../../stories/widgets/', import.meta.url);
const readme = readFileSync(fileURLToPath(readmeUrl), 'utf8');

/** The README's "### Gallery" section, up to the next heading. */
const galleryStart = readme.indexOf('### Gallery');
const gallery = readme.slice(galleryStart, readme.indexOf('\n### ', galleryStart + 1));

/** The pictures the gallery shows, as absolute file URLs. */
const images = [...gallery.matchAll(/!\[[^\]]*\]\(([^)]+\.png)\)/g)].map(
  (m) => new URL(m[1]!, readmeUrl).href,
);

/** Storybook's id of every story: the title and the export name, lower-cased and dash-separated. */
function storyIds(): Set<string> {
  const ids = new Set<string>();
  const dir = fileURLToPath(storiesUrl);
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.stories.tsx'))) {
    const source = readFileSync(`${dir}/${file}`, 'utf8');
    const title = /title: '([^']+)'/.exec(source)?.[1];
    if (title === undefined) continue;
    const prefix = title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    for (const [, name] of source.matchAll(/^export const (\w+): Story\b/gm)) {
      const story = name!
        .replace(/([a-z])([A-Z0-9])/g, '$1-$2')
        .replace(/([0-9])([A-Za-z])/g, '$1-$2')
        .toLowerCase();
      ids.add(`${prefix}--${story}`);
    }
  }
  return ids;
}

describe('the README gallery', () => {
  it('shows a picture of every widget at the three widths, light and dark', () => {
    const widgets = [
      'metriccard',
      'gauge',
      'linechart',
      'barchart',
      'piechart',
      'table',
      'heatmap',
      'map',
      'text',
      'image',
    ];
    for (const widget of widgets) {
      for (const story of ['widths', 'widths-dark']) {
        expect(images).toContain(new URL(`widgets-${widget}--${story}.png`, baselineUrl).href);
      }
    }
  });

  it('links only visual-regression baselines of existing stories, so each picture is checked on every run', () => {
    const ids = storyIds();
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) {
      expect(image.startsWith(baselineUrl.href), `${image} is in stories/baselines/`).toBe(true);
      expect(existsSync(fileURLToPath(new URL(image))), `${image} exists`).toBe(true);
      expect(ids, `a story for ${image}`).toContain(image.slice(baselineUrl.href.length, -'.png'.length));
    }
  });
});
