/**
 * Draws packages/react/docs/palette.svg (the README's picture of the palette) from PALETTES:
 * `node --import tsx --conditions=@arion-metrics/source stories/palette-svg.ts`.
 */
import { writeFileSync } from 'node:fs';
import { PALETTES, THEMES } from '../packages/react/src/theme/palette';

const rows: [string, (p: (typeof PALETTES)['light']) => string[]][] = [
  ['series', (p) => [...p.series]],
  ['status text', (p) => [p.status.ok.text, p.status.warning.text, p.status.critical.text]],
  ['status fill', (p) => [p.status.ok.fill, p.status.warning.fill, p.status.critical.fill]],
  ['sequential', (p) => [...p.sequential]],
  ['diverging', (p) => [...p.diverging]],
];
const W = 330;
let out = `<svg xmlns="http://www.w3.org/2000/svg" width="${W * 2 + 20}" height="${rows.length * 30 + 70}" font-family="sans-serif" font-size="11" role="img"><title>The Arion Metrics palette in the light and the dark theme</title>`;
THEMES.forEach((t, ti) => {
  const p = PALETTES[t];
  const x0 = ti * (W + 20);
  out += `<rect x="${x0}" y="0" width="${W}" height="${rows.length * 30 + 70}" rx="8" fill="${p.surface}" stroke="#8c959f"/>`;
  out += `<text x="${x0 + 10}" y="18" fill="${p.text}" font-weight="bold">${t}</text>`;
  rows.forEach(([name, colors], ri) => {
    const y = 30 + ri * 30;
    out += `<text x="${x0 + 10}" y="${y + 15}" fill="${p.textMuted}">${name}</text>`;
    colors(p).forEach((c, ci) => {
      out += `<rect x="${x0 + 90 + ci * 28}" y="${y + 2}" width="24" height="18" rx="3" fill="${c}"/>`;
    });
  });
  const y = 30 + rows.length * 30;
  out += `<text x="${x0 + 10}" y="${y + 15}" fill="${p.textMuted}">no data</text>`;
  out += `<defs><pattern id="h${t}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="${p.noData.fill}"/><line x1="0" y1="0" x2="0" y2="6" stroke="${p.noData.hatch}" stroke-width="1.5"/></pattern></defs>`;
  out += `<rect x="${x0 + 90}" y="${y + 2}" width="52" height="18" fill="url(#h${t})" stroke="${p.noData.hatch}"/>`;
});
out += '</svg>\n';
writeFileSync(new URL('../packages/react/docs/palette.svg', import.meta.url), out);
