import { describe, expect, it } from 'vitest';
import { gridPlacement, inPositionOrder } from './grid-layout';

describe('gridPlacement', () => {
  it('starts a widget at column x + 1 and row y + 1, spanning w columns and h rows', () => {
    expect(gridPlacement({ x: 4, y: 2, w: 6, h: 3 }, 24)).toEqual({
      gridColumn: '5 / span 6',
      gridRow: '3 / span 3',
    });
  });

  it('cuts a widget wider than the grid to the grid and moves one past the right edge back inside', () => {
    expect(gridPlacement({ x: 0, y: 0, w: 30, h: 1 }, 24).gridColumn).toBe('1 / span 24');
    expect(gridPlacement({ x: 20, y: 0, w: 8, h: 1 }, 24).gridColumn).toBe('17 / span 8');
  });
});

describe('inPositionOrder', () => {
  it('orders widgets top to bottom, then left to right, without changing its input', () => {
    const widgets = [
      { id: 'c', position: { x: 0, y: 5, w: 1, h: 1 } },
      { id: 'b', position: { x: 6, y: 0, w: 1, h: 1 } },
      { id: 'a', position: { x: 0, y: 0, w: 1, h: 1 } },
    ];
    expect(inPositionOrder(widgets).map((w) => w.id)).toEqual(['a', 'b', 'c']);
    expect(widgets.map((w) => w.id)).toEqual(['c', 'b', 'a']);
  });
});
