import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import '../../styles.css';
import { ImageWidget } from './image-widget';

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

/** A PNG data URL of `width` x `height` px: a frame and a diagonal, so a stretch would show. */
function png(width: number, height: number): string {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const g = canvas.getContext('2d')!;
  g.fillStyle = '#0b6bcb';
  g.fillRect(0, 0, width, height);
  g.strokeStyle = '#ffffff';
  g.lineWidth = 2;
  g.strokeRect(1, 1, width - 2, height - 2);
  g.beginPath();
  g.moveTo(0, 0);
  g.lineTo(width, height);
  g.stroke();
  return canvas.toDataURL('image/png');
}

/** Renders the widget in a `cellWidth` px cell and returns the box's and the picture's rectangles. */
async function show(src: string, cellWidth: number, height?: number) {
  host = document.createElement('div');
  host.style.width = `${cellWidth}px`;
  document.body.append(host);
  root = createRoot(host);
  await act(async () =>
    root!.render(<ImageWidget title="Diagram" src={src} alt="A test diagram" height={height} />),
  );
  const img = host.querySelector('img')!;
  await img.decode();
  const box = host.querySelector('.arion-image-box')!.getBoundingClientRect();
  return { box, picture: img.getBoundingClientRect(), natural: [img.naturalWidth, img.naturalHeight] };
}

const centre = (r: DOMRect) => [r.left + r.width / 2, r.top + r.height / 2];

describe('ImageWidget in a real browser', () => {
  it('shows a picture smaller than its box at its natural size, centred, never enlarged', async () => {
    const { box, picture, natural } = await show(png(96, 48), 420, 140);
    expect(natural).toEqual([96, 48]);
    expect(box.width).toBeGreaterThan(96 * 3);
    expect(box.height).toBe(140);
    expect([picture.width, picture.height]).toEqual([96, 48]);
    const [bx, by] = centre(box);
    const [px, py] = centre(picture);
    expect(Math.abs(px! - bx!)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(py! - by!)).toBeLessThanOrEqual(0.5);
  });

  it.each([
    [800, 400],
    [200, 600],
    [1000, 100],
  ])('scales a %i x %i picture down to fit its box, keeping its aspect ratio', async (width, height) => {
    const { box, picture } = await show(png(width, height), 420, 140);
    const scale = Math.min(box.width / width, box.height / height);
    expect(scale).toBeLessThan(1);
    expect(picture.width).toBeCloseTo(width * scale, 0);
    expect(picture.height).toBeCloseTo(height * scale, 0);
    const [bx, by] = centre(box);
    const [px, py] = centre(picture);
    expect(Math.abs(px! - bx!)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(py! - by!)).toBeLessThanOrEqual(0.5);
  });

  it('keeps the box at its size at 300 px and without a height (at least 120 px)', async () => {
    const { box, picture } = await show(png(96, 48), 300);
    expect(box.height).toBe(120);
    expect([picture.width, picture.height]).toEqual([96, 48]);
  });

  it.each([300, 600])(
    "keeps the card's box from loading to the picture at %i px, caption included",
    async (cellWidth) => {
      const src = png(800, 400);
      host = document.createElement('div');
      host.style.width = `${cellWidth}px`;
      document.body.append(host);
      root = createRoot(host);
      const ui = (loading: boolean) => (
        <ImageWidget
          title="Diagram"
          src={src}
          alt="A test diagram"
          caption="Updated monthly, from the asset store of the security team"
          height={140}
          loading={loading}
        />
      );
      await act(async () => root!.render(ui(true)));
      const loading = host.querySelector('section')!.getBoundingClientRect();
      await act(async () => root!.render(ui(false)));
      await host.querySelector('img')!.decode();
      const loaded = host.querySelector('section')!.getBoundingClientRect();
      expect([loaded.width, loaded.height]).toEqual([loading.width, loading.height]);
    },
  );

  for (const height of [140, undefined]) {
    it.each([300, 600])(
      `keeps the card's box, caption room included, in the empty, error and refused states at %i px (height ${height ?? 'default'})`,
      async (cellWidth) => {
        const src = png(800, 400);
        host = document.createElement('div');
        host.style.width = `${cellWidth}px`;
        document.body.append(host);
        root = createRoot(host);
        const caption = 'Updated monthly, from the asset store of the security team';
        const states = {
          loaded: { src },
          loading: { src, loading: true },
          empty: { src: '' },
          error: { src, error: 'Asset store unavailable' },
          'refused URL': { src: 'javascript:alert(1)' },
          'refused without alt': { src, alt: '' },
        };
        const boxes: Record<string, DOMRect> = {};
        for (const [name, state] of Object.entries(states)) {
          await act(async () =>
            root!.render(
              <ImageWidget
                title="Diagram"
                alt="A test diagram"
                caption={caption}
                height={height}
                {...state}
              />,
            ),
          );
          if (name === 'loaded') await host.querySelector('img')!.decode();
          boxes[name] = host.querySelector('section')!.getBoundingClientRect();
        }
        const loaded = boxes.loaded!;
        for (const [name, box] of Object.entries(boxes)) {
          expect([box.width, box.height], name).toEqual([loaded.width, loaded.height]);
        }
      },
    );
  }
});
