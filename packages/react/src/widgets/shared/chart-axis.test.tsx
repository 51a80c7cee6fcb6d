import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ChartAxis } from './chart-axis';

const ticks = [
  { position: 10, label: 'Jan' },
  { position: 110, label: 'Feb' },
];

describe('ChartAxis', () => {
  it('puts bottom labels under their positions, with the axis line and tick marks when given a length', () => {
    const { container } = render(
      <svg role="img" aria-label="axis">
        <ChartAxis orientation="bottom" top={200} lineLength={300} ticks={ticks} />
      </svg>,
    );
    const axis = container.querySelector('g.arion-axis') as SVGGElement;
    expect(axis.getAttribute('transform')).toBe('translate(0, 200)');
    const labels = [...axis.querySelectorAll('text')];
    expect(labels.map((t) => [t.textContent, t.getAttribute('x'), t.getAttribute('text-anchor')])).toEqual([
      ['Jan', '10', 'middle'],
      ['Feb', '110', 'middle'],
    ]);
    // below the axis: further down than the tick marks
    const tickEnd = Number(axis.querySelector('.arion-axis-tick line')?.getAttribute('y2'));
    for (const t of labels) expect(Number(t.getAttribute('y'))).toBeGreaterThan(tickEnd);
    const lines = [...axis.querySelectorAll('line')];
    expect(lines).toHaveLength(3);
    expect(lines[0]?.getAttribute('x2')).toBe('300');
  });

  it('puts left labels right-aligned before the axis at their positions, labels only without a length', () => {
    const { container } = render(
      <svg role="img" aria-label="axis">
        <ChartAxis orientation="left" ticks={ticks} />
      </svg>,
    );
    const axis = container.querySelector('g.arion-axis') as SVGGElement;
    expect(axis.getAttribute('transform')).toBeNull();
    expect(axis.querySelectorAll('line')).toHaveLength(0);
    for (const [i, t] of [...axis.querySelectorAll('text')].entries()) {
      expect(t.textContent).toBe(ticks[i]?.label);
      expect(t.getAttribute('text-anchor')).toBe('end');
      expect(Number(t.getAttribute('x'))).toBeLessThan(0);
      // baseline a little below the tick so the label is centred on it
      expect(Number(t.getAttribute('y')) - (ticks[i]?.position ?? 0)).toBeGreaterThan(0);
      expect(Number(t.getAttribute('y')) - (ticks[i]?.position ?? 0)).toBeLessThan(6);
    }
  });
});
