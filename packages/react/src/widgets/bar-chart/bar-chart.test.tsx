import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { BarChart } from './bar-chart';

const categories = ['Finance', 'IT', 'HR'];
/** Box of a bar from its path: every number pair of `barPath` lies inside the bar. */
function box(el: Element) {
  const nums = (el.getAttribute('d') ?? '').match(/-?\d+(\.\d+)?/g)!.map(Number);
  const xs = nums.filter((_, i) => i % 2 === 0);
  const ys = nums.filter((_, i) => i % 2 === 1);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

const series = [
  { key: 'open', label: 'Open', values: [12, 30, null] },
  { key: 'closed', label: 'Closed', values: [8, -5, 4] },
];

describe('BarChart', () => {
  it('draws one bar per present value, named in a summary and a hidden table', () => {
    const { container } = render(
      <BarChart title="Findings" categories={categories} series={series} width={500} />,
    );
    expect(container.querySelectorAll('.arion-bar')).toHaveLength(5);
    expect(
      screen.getByRole('img', {
        name: 'Findings: 2 series over 3 categories. Open: highest IT 30, lowest Finance 12. Closed: highest Finance 8, lowest IT -5.',
      }),
    ).toBeInTheDocument();
    expect(screen.getAllByRole('row', { hidden: true })[3]).toHaveTextContent('HR—4');
  });

  it('stacks positive values upward and negative values downward from zero', () => {
    const { container } = render(
      <BarChart categories={categories} series={series} layout="stacked" width={500} height={300} />,
    );
    const bar = (c: string, s: string) =>
      container.querySelector(`.arion-bar[data-category="${c}"][data-series="${s}"]`) as SVGPathElement;
    const y = (el: SVGPathElement) => box(el).y;
    const h = (el: SVGPathElement) => box(el).height;
    // Finance: closed (8) sits on top of open (12)
    expect(y(bar('Finance', 'closed')) + h(bar('Finance', 'closed'))).toBeCloseTo(
      y(bar('Finance', 'open')),
      5,
    );
    // IT: the negative value hangs below the baseline where the positive one starts
    expect(y(bar('IT', 'closed'))).toBeCloseTo(y(bar('IT', 'open')) + h(bar('IT', 'open')), 5);
    // only the outer segment of a stack is rounded, and only at its outer end
    expect(bar('Finance', 'open').getAttribute('data-rounded')).toBe('none');
    expect(bar('Finance', 'closed').getAttribute('data-rounded')).toBe('top');
    expect(bar('IT', 'closed').getAttribute('data-rounded')).toBe('bottom');
    expect(bar('Finance', 'open').getAttribute('d')).not.toContain('Q');
  });

  it('rounds a bar at its outer end only, so it sits flat on the baseline', () => {
    const { container } = render(
      <BarChart categories={['A', 'B']} series={[{ key: 's', label: 'S', values: [10, -4] }]} width={400} />,
    );
    const [up, down] = [...container.querySelectorAll('.arion-bar')];
    const corners = (el: Element) =>
      [...(el.getAttribute('d') ?? '').matchAll(/Q(-?[\d.]+),(-?[\d.]+)/g)].map((m) => Number(m[2]));
    // the two rounded corners of the upward bar are at its top, of the downward bar at its bottom
    expect(corners(up!)).toEqual([box(up!).y, box(up!).y]);
    expect(corners(down!)).toEqual([box(down!).y + box(down!).height, box(down!).y + box(down!).height]);
  });

  it('draws nothing for zero', () => {
    const { container } = render(
      <BarChart categories={['A', 'B', 'C']} series={[{ key: 's', label: 'S', values: [5, 0, 3] }]} />,
    );
    expect([...container.querySelectorAll('.arion-bar')].map((b) => b.getAttribute('data-category'))).toEqual(
      ['A', 'C'],
    );
  });

  it('rounds the axis up to its top tick, so no bar overshoots the last label', () => {
    const { container } = render(
      <BarChart
        categories={['A', 'B']}
        series={[{ key: 's', label: 'S', values: [12, 31] }]}
        width={400}
        height={260}
      />,
    );
    const tallest = box(container.querySelectorAll('.arion-bar')[1]!);
    const labels = [...container.querySelectorAll('.arion-axis text')].filter((t) =>
      /^\d+$/.test(t.textContent!),
    );
    const top = labels.reduce((a, b) => (Number(b.getAttribute('y')) < Number(a.getAttribute('y')) ? b : a));
    expect(Number(top.textContent)).toBeGreaterThanOrEqual(31);
    // the top tick's label sits at the top of the plot (its baseline 3 px below the tick)
    expect(Number(top.getAttribute('y')) - 3).toBe(0);
    expect(tallest.y).toBeGreaterThan(0);
  });

  it('labels values at the outer end on request, and stack totals when stacked', () => {
    const { container, rerender } = render(
      <BarChart categories={categories} series={series} showValues width={600} height={300} />,
    );
    const texts = () => [...container.querySelectorAll('.arion-bar-value')].map((t) => t.textContent);
    expect(texts()).toEqual(['12', '8', '30', '-5', '4']);
    rerender(
      <BarChart
        categories={categories}
        series={series}
        showValues
        layout="stacked"
        width={600}
        height={300}
      />,
    );
    expect(texts()).toEqual(['20', '30', '-5', '4']);
    // a narrow chart leaves out labels wider than their bar instead of overlapping them
    rerender(
      <BarChart
        categories={categories}
        series={[{ key: 'm', label: 'M', values: [1_234_567, 2_345_678, 3_456_789] }]}
        showValues
        compact={false}
        width={120}
      />,
    );
    expect(texts()).toEqual([]);
  });

  it('lays bars out horizontally on request', () => {
    const { container } = render(
      <BarChart
        categories={categories}
        series={[series[0]!]}
        orientation="horizontal"
        width={500}
        height={300}
      />,
    );
    const [finance, it] = [...container.querySelectorAll('.arion-bar')];
    expect(box(it!).width).toBeGreaterThan(box(finance!).width * 2);
    expect(it!.getAttribute('data-rounded')).toBe('right');
  });

  it('shows the tooltip by keyboard and by hovering a bar', async () => {
    render(<BarChart categories={categories} series={series} width={500} height={300} />);
    await userEvent.tab();
    expect(screen.getByRole('tooltip')).toHaveTextContent('FinanceOpen12');
    await userEvent.keyboard('{ArrowRight}');
    expect(screen.getByRole('tooltip')).toHaveTextContent('FinanceClosed8');
    await userEvent.keyboard('{Escape}');
    const plot = screen.getByRole('group', { name: /arrow keys/ });
    plot.getBoundingClientRect = () => ({ left: 0, top: 0, width: 500, height: 300 }) as DOMRect;
    const bar = document.querySelector(
      '.arion-bar[data-category="IT"][data-series="open"]',
    ) as SVGPathElement;
    const left = box(bar).x + 40;
    fireEvent.mouseMove(plot, { clientX: left + box(bar).width / 2, clientY: 150 });
    expect(screen.getByRole('tooltip')).toHaveTextContent('ITOpen30');
  });

  it('cuts long category labels in a narrow cell, with the full name as a tooltip, and compacts the axis', () => {
    const { container } = render(
      <BarChart
        categories={['Operations', 'Human resources', 'Legal']}
        series={[{ key: 'v', label: 'Variance', values: [12_000, -8_500, 3_200] }]}
        unit="EUR"
        width={240}
        height={200}
      />,
    );
    const titles = [...container.querySelectorAll('.arion-axis text title')].map((t) => t.textContent);
    expect(titles).toContain('Human resources');
    const labels = [...container.querySelectorAll('.arion-axis text')].map((t) => t.lastChild?.textContent);
    expect(labels.some((l) => l?.endsWith('\u2026'))).toBe(true);
    // value ticks in thousands: no "€10,000" taking a third of the width
    expect(labels.filter((l) => l?.includes('€')).every((l) => /K/.test(l!) || l === '€0')).toBe(true);
  });
});
