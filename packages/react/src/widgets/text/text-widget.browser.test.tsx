import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import '../../styles.css';
// the stories' pinned web font: the box's place depends on the font's ascent and descent
import '@fontsource/inter/latin-400.css';
import '@fontsource/inter/latin-700.css';
import { TextWidget } from './text-widget';

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

const markdown = `Quarter plan:

- [x] Rotate credentials
- [ ] Close the **critical** findings of the pen test, with a long text that wraps onto a second line at 300 px
- [ ] Review \`access\` rights

1. [ ] Numbered task
`;

describe('TextWidget task lists in a real browser', () => {
  for (const width of [300, 600]) {
    it(`centres each task checkbox on the first line of its text at ${width} px`, async () => {
      host = document.createElement('div');
      host.style.width = `${width}px`;
      host.style.setProperty('--arion-font', "'Inter', sans-serif");
      document.body.append(host);
      root = createRoot(host);
      await act(async () => root!.render(<TextWidget title="Plan" markdown={markdown} />));
      await document.fonts.load("14px 'Inter'");
      await document.fonts.ready;
      expect(document.fonts.check("14px 'Inter'")).toBe(true);
      const items = [...host.querySelectorAll('li.arion-task-item')];
      expect(items).toHaveLength(4);
      for (const item of items) {
        const checkbox = item.querySelector('input')!.getBoundingClientRect();
        const text = item.querySelector('.arion-task-text')!;
        // a loose item's text is a paragraph; a tight item's is inline content of the text block
        const block = text.firstElementChild;
        const first = block !== null && getComputedStyle(block).display === 'block' ? block : text;
        const lineHeight = Number.parseFloat(getComputedStyle(first).lineHeight);
        expect(lineHeight).toBeGreaterThan(0);
        // the first line box starts at the top of the text block (its first child has no top margin)
        const lineCentre = first.getBoundingClientRect().top + lineHeight / 2;
        const boxCentre = checkbox.top + checkbox.height / 2;
        expect(Math.abs(boxCentre - lineCentre), item.textContent ?? '').toBeLessThanOrEqual(0.5);
      }
    });
  }
});
