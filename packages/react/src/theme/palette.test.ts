// @vitest-environment node
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { THRESHOLD_STATUSES } from '@arion-metrics/core';
import { describe, expect, it } from 'vitest';
import {
  colorOfStep,
  colorScaleFor,
  colorStepOf,
  hueDistance,
  MIN_HUE_DISTANCE,
  PALETTES,
  paletteVariables,
  SERIES_COLOR_COUNT,
  seriesColor,
  THEMES,
} from './palette';

/** WCAG 2.x relative luminance of a `#rrggbb` colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two colours (1 to 21). */
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The `--arion-*` declarations of the theme block that starts with `selector` in styles.css. */
function cssBlock(selector: string): Map<string, string> {
  const css = readFileSync(fileURLToPath(new URL('../styles.css', import.meta.url)), 'utf8');
  const start = css.indexOf(selector);
  const body = css.slice(css.indexOf('{', start) + 1, css.indexOf('}', start));
  return new Map([...body.matchAll(/(--arion-[\w-]+):\s*([^;]+);/g)].map((m) => [m[1]!, m[2]!.trim()]));
}

describe('palette', () => {
  it('is what styles.css declares, in both themes', () => {
    for (const [theme, selector] of [
      ['light', '.arion-theme-light,'],
      ['dark', '.arion-theme-dark,'],
    ] as const) {
      const css = cssBlock(selector);
      for (const [name, value] of Object.entries(paletteVariables(PALETTES[theme]))) {
        expect(css.get(name), `${theme} ${name}`).toBe(value);
      }
    }
  });

  it('gives status text 4.5:1 on the surface and on its badge, and fills 3:1 on the surface (WCAG)', () => {
    for (const theme of THEMES) {
      const p = PALETTES[theme];
      for (const s of THRESHOLD_STATUSES) {
        const c = p.status[s];
        expect(contrast(c.text, p.surface), `${theme} ${s} text`).toBeGreaterThanOrEqual(4.5);
        expect(contrast(c.text, c.bg), `${theme} ${s} badge`).toBeGreaterThanOrEqual(4.5);
        expect(contrast(c.fill, p.surface), `${theme} ${s} fill`).toBeGreaterThanOrEqual(3);
      }
      expect(contrast(p.textMuted, p.surface)).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('never uses a status text colour as its fill where the text is dark (the muddy warning fill)', () => {
    expect(PALETTES.light.status.warning.fill).not.toBe(PALETTES.light.status.warning.text);
    // an amber, not a brown: lighter than the text colour
    expect(luminance(PALETTES.light.status.warning.fill)).toBeGreaterThan(
      luminance(PALETTES.light.status.warning.text) * 2,
    );
  });

  it('keeps series colours away from the hue of every band drawn behind them', () => {
    for (const s of THRESHOLD_STATUSES) {
      const used = Array.from({ length: SERIES_COLOR_COUNT }, (_, i) => seriesColor(i, undefined, [s]));
      for (const theme of THEMES) {
        for (const v of used) {
          const index = Number(/series-(\d+)/.exec(v)![1]) - 1;
          const color = PALETTES[theme].series[index]!;
          expect(
            hueDistance(color, PALETTES[theme].status[s].fill),
            `${theme} ${v} next to ${s}`,
          ).toBeGreaterThanOrEqual(MIN_HUE_DISTANCE);
        }
      }
    }
    // without bands every palette colour is used
    expect(new Set(Array.from({ length: 8 }, (_, i) => seriesColor(i))).size).toBe(SERIES_COLOR_COUNT);
  });

  it('keeps the no-data hatch apart from every scale colour', () => {
    for (const theme of THEMES) {
      const p = PALETTES[theme];
      for (const c of [...p.sequential, ...p.diverging]) {
        expect(c).not.toBe(p.noData.hatch);
        expect(c).not.toBe(p.noData.fill);
      }
    }
  });

  it('diverges only around a midpoint with a direction, and maps the better side to blue', () => {
    expect(colorScaleFor(0, 10, { direction: 'higher_better' }).kind).toBe('sequential');
    expect(colorScaleFor(0, 10, { midpoint: 5 }).kind).toBe('sequential');
    const higher = colorScaleFor(0, 10, { midpoint: 5, direction: 'higher_better' });
    const lower = colorScaleFor(0, 10, { midpoint: 5, direction: 'lower_better' });
    expect(colorStepOf(5, higher)).toBe(2);
    expect(colorOfStep(colorStepOf(10, higher), higher)).toBe('var(--arion-scale-5)');
    expect(colorOfStep(colorStepOf(10, lower), lower)).toBe('var(--arion-scale-1)');
    // symmetric: as far below the midpoint as above gives the mirrored step
    expect(colorStepOf(2, higher) + colorStepOf(8, higher)).toBe(4);
  });
});
