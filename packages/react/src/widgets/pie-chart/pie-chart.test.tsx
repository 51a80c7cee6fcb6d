import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { PieChart } from './pie-chart';

const slices = [
  { key: 'critical', label: 'Critical', value: 5 },
  { key: 'high', label: 'High', value: 15 },
  { key: 'medium', label: 'Medium', value: 30 },
  { key: 'low', label: 'Low', value: 50 },
];

describe('PieChart', () => {
  it('names every part with its share, in the summary and the legend', () => {
    render(<PieChart title="Findings" slices={slices} width={300} height={220} />);
    expect(
      screen.getByRole('img', {
        name: 'Findings: total 100 in 4 parts. Critical 5 (5%), High 15 (15%), Medium 30 (30%), Low 50 (50%).',
      }),
    ).toBeInTheDocument();
    expect(screen.getByRole('list', { name: 'Parts' })).toHaveTextContent('Low · 50%');
  });

  it('merges the smallest parts into Other beyond maxSlices', () => {
    const { container } = render(<PieChart slices={slices} maxSlices={3} width={300} />);
    expect(
      [...container.querySelectorAll('.arion-pie-slice')].map((p) => p.getAttribute('data-slice')),
    ).toEqual(['medium', 'low', '__other']);
    expect(screen.getByRole('list', { name: 'Parts' })).toHaveTextContent('Other · 20%');
  });

  it('shows a tooltip on focus and on hover', async () => {
    render(<PieChart slices={slices} width={300} height={220} />);
    await userEvent.tab();
    expect(screen.getByRole('tooltip')).toHaveTextContent('Critical55%');
    await userEvent.keyboard('{Escape}');
    const plot = screen.getByRole('group', { name: /arrow keys/ });
    plot.getBoundingClientRect = () => ({ left: 0, top: 0, width: 300, height: 220 }) as DOMRect;
    // Low is the last half of the circle (clockwise from 12 o'clock): the left side
    fireEvent.mouseMove(plot, { clientX: 150 - 80, clientY: 110 });
    expect(screen.getByRole('tooltip')).toHaveTextContent('Low5050%');
    fireEvent.mouseMove(plot, { clientX: 150, clientY: 110 });
    expect(screen.queryByRole('tooltip')).toBeNull();
  });

  it('is empty when every part is zero', () => {
    render(<PieChart slices={[{ key: 'a', label: 'A', value: 0 }]} />);
    expect(screen.getByRole('status')).toHaveTextContent('No data');
  });
});
