import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { BarChart } from './bar-chart';

const categories = ['Finance', 'IT', 'HR'];
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
      container.querySelector(`.arion-bar[data-category="${c}"][data-series="${s}"]`) as SVGRectElement;
    const y = (el: SVGRectElement) => Number(el.getAttribute('y'));
    const h = (el: SVGRectElement) => Number(el.getAttribute('height'));
    // Finance: closed (8) sits on top of open (12)
    expect(y(bar('Finance', 'closed')) + h(bar('Finance', 'closed'))).toBeCloseTo(
      y(bar('Finance', 'open')),
      5,
    );
    // IT: the negative value hangs below the baseline where the positive one starts
    expect(y(bar('IT', 'closed'))).toBeCloseTo(y(bar('IT', 'open')) + h(bar('IT', 'open')), 5);
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
    const [finance, it] = [...container.querySelectorAll('.arion-bar')] as SVGRectElement[];
    expect(Number(it!.getAttribute('width'))).toBeGreaterThan(Number(finance!.getAttribute('width')) * 2);
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
    ) as SVGRectElement;
    const left = Number(bar.getAttribute('x')) + 40;
    fireEvent.mouseMove(plot, { clientX: left + Number(bar.getAttribute('width')) / 2, clientY: 150 });
    expect(screen.getByRole('tooltip')).toHaveTextContent('ITOpen30');
  });
});
