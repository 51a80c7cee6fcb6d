import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { LineChart, type LineSeries } from './line-chart';

const DAY = 86_400_000;
const start = Date.UTC(2025, 0, 1);
const uptime: LineSeries = {
  key: 'uptime',
  label: 'Uptime',
  points: [99.1, 99.6, 98.7, 99.9].map((y, i) => ({ x: new Date(start + i * DAY), y })),
};
const latency: LineSeries = {
  key: 'p95',
  label: 'p95 latency',
  points: [97, 98, 99, 98.5].map((y, i) => ({ x: start + i * DAY, y })),
};

describe('LineChart', () => {
  it('is an image named by a summary of every series and the target', () => {
    render(
      <LineChart
        title="Availability"
        series={[uptime]}
        unit="%"
        targetValue={99.5}
        width={500}
        height={240}
      />,
    );
    expect(
      screen.getByRole('img', {
        name: 'Availability: 1 series from Jan 1, 2025 to Jan 4, 2025. Uptime: 4 points, first 99.1%, last 99.9%, low 98.7%, high 99.9%. Target 99.5%. Warning below 99.5%; On track from 99.5%.',
      }),
    ).toBeInTheDocument();
    expect(screen.getByRole('list', { name: 'Series' })).toHaveTextContent('Target 99.5%');
  });

  it('shows a tooltip for the focused point and moves with the arrow keys', async () => {
    render(<LineChart title="Availability" series={[uptime, latency]} unit="%" width={500} height={240} />);
    const plot = screen.getByRole('group', { name: /arrow keys/ });
    await userEvent.tab();
    expect(plot).toHaveFocus();
    expect(screen.getByRole('tooltip')).toHaveTextContent('Jan 1, 2025Uptime99.1%p95 latency97.0%');
    await userEvent.keyboard('{ArrowRight}{ArrowRight}');
    expect(screen.getByRole('tooltip')).toHaveTextContent('Jan 3, 2025Uptime98.7%p95 latency99.0%');
    await userEvent.keyboard('{End}');
    expect(screen.getByRole('tooltip')).toHaveTextContent('Jan 4, 2025');
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('tooltip')).toBeNull();
  });

  it('shows the tooltip of the nearest point on hover', () => {
    render(<LineChart series={[uptime]} unit="%" width={500} height={240} />);
    const plot = screen.getByRole('group', { name: /arrow keys/ });
    plot.getBoundingClientRect = () => ({ left: 0, top: 0, width: 500, height: 240 }) as DOMRect;
    fireEvent.mouseMove(plot, { clientX: 499, clientY: 100 });
    expect(screen.getByRole('tooltip')).toHaveTextContent('Jan 4, 2025Uptime99.9%');
    fireEvent.mouseLeave(plot);
    expect(screen.queryByRole('tooltip')).toBeNull();
  });

  it('draws 100,000 points as at most four per pixel column', () => {
    const n = 100_000;
    const xs = Float64Array.from({ length: n }, (_, i) => start + i * 60_000);
    const ys = Float64Array.from({ length: n }, (_, i) => Math.sin(i / 1000) * 10 + (i % 97));
    const { container } = render(
      <LineChart series={[{ key: 'big', label: 'Big', xs, ys }]} width={600} height={240} />,
    );
    const drawn = Number(container.querySelector('.arion-line')?.getAttribute('data-points'));
    expect(drawn).toBeGreaterThan(100);
    expect(drawn).toBeLessThanOrEqual(4 * 600);
    expect(screen.getByRole('table', { hidden: true })).toHaveTextContent(`first 500 of ${drawn} rows`);
  });

  it('shades the threshold bands from core behind the lines', () => {
    const { container } = render(
      <LineChart
        series={[uptime]}
        thresholdConfig={{ warning: 99.5, critical: 99 }}
        width={500}
        height={240}
      />,
    );
    const bands = [...container.querySelectorAll('.arion-threshold-band')].map((b) =>
      b.getAttribute('data-band'),
    );
    expect(bands).toEqual(['critical', 'warning', 'ok']);
  });

  it('has a visually hidden data table with one row per point', () => {
    render(<LineChart title="Availability" series={[uptime, latency]} unit="%" width={500} />);
    const rows = screen.getAllByRole('row', { hidden: true });
    expect(rows).toHaveLength(5);
    expect(rows[1]).toHaveTextContent('Jan 1, 202599.1%97.0%');
  });

  it('says why it is empty', () => {
    render(<LineChart title="Availability" series={[{ key: 'a', label: 'A', points: [] }]} />);
    expect(screen.getByRole('status')).toHaveTextContent('No data for the selected period.');
  });
});
