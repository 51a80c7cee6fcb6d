import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { Heatmap } from './heatmap';

// 2025-01-01 is a Wednesday
const days = Array.from({ length: 365 }, (_, i) => ({
  date: new Date(Date.UTC(2025, 0, 1 + i)).toISOString().slice(0, 10),
  value: i % 10 === 9 ? null : (i * 37) % 100,
}));

describe('Heatmap', () => {
  it('lays a year of days out as weekday rows and week columns', () => {
    const { container } = render(<Heatmap title="Daily score" days={days} width={800} />);
    // one path per colour, one closed rectangle (M ... z) per day
    const paths = [...container.querySelectorAll('path.arion-heatmap-cells')];
    const rectangles = paths.flatMap((p) => p.getAttribute('d')?.match(/M[^z]*z/g) ?? []);
    expect(rectangles).toHaveLength(365);
    expect(
      paths
        .find((p) => p.getAttribute('data-step') === 'none')
        ?.getAttribute('d')
        ?.match(/M/g),
    ).toHaveLength(days.filter((d) => d.value === null).length);
    expect(
      screen.getByRole('img', {
        name: 'Daily score: 365 days, 329 with values, from 0 to 99; darker is higher; hatched cells have no data.',
      }),
    ).toBeInTheDocument();
    expect(screen.getAllByRole('row', { hidden: true })[1]).toHaveTextContent('Jan 1, 20250');
  });

  it('diverges from a midpoint only when one is given with a direction; sequential otherwise', () => {
    const small = [
      { date: '2025-03-03', value: 1 },
      { date: '2025-03-04', value: 10 },
    ];
    const { container, rerender } = render(
      <Heatmap days={small} direction="higher_better" midpoint={5} width={400} />,
    );
    const fill = () => (container.querySelector('[data-step="0"]') as SVGElement).style.fill;
    expect(fill()).toBe('var(--arion-scale-1)');
    rerender(<Heatmap days={small} direction="lower_better" midpoint={5} width={400} />);
    expect(fill()).toBe('var(--arion-scale-5)');
    // a direction alone gives no midpoint: a plain magnitude scale
    rerender(<Heatmap days={small} direction="lower_better" width={400} />);
    expect(fill()).toBe('var(--arion-seq-1)');
    rerender(<Heatmap days={small} width={400} />);
    expect(fill()).toBe('var(--arion-seq-1)');
  });

  it('hatches days without data with a pattern, unlike any colour of the scale', () => {
    const days = [
      { date: '2025-03-03', value: 1 },
      { date: '2025-03-04', value: null },
      { date: '2025-03-05', value: 10 },
    ];
    const { container } = render(<Heatmap days={days} width={400} />);
    const none = container.querySelector('[data-step="none"]') as SVGElement;
    const patternId = none.style.fill.match(/url\("?#([^")]+)"?\)/)?.[1];
    expect(patternId).toBeDefined();
    expect(container.querySelector(`pattern[id="${patternId}"]`)).not.toBeNull();
    expect(none).toHaveClass('arion-no-data');
    expect(screen.getByText('No data')).toBeInTheDocument();
  });

  it('switches a narrow calendar to months as columns, each cell the mean of a stretch of days', async () => {
    const { container } = render(<Heatmap title="Daily score" days={days} width={300} />);
    const rectangles = [...container.querySelectorAll('path.arion-heatmap-cells')].flatMap(
      (p) => p.getAttribute('d')?.match(/M[^z]*z/g) ?? [],
    );
    // 12 months x 5 stretches, less the stretches 29-31 of February
    expect(rectangles).toHaveLength(59);
    expect(screen.getByRole('img', { name: /365 days by month/ })).toBeInTheDocument();
    expect(screen.getByText('Jan')).toBeInTheDocument();
    expect(screen.getByText('1–7')).toBeInTheDocument();
    // January 1-7: days 0..6 of the year, none missing
    const expected = [0, 1, 2, 3, 4, 5, 6].reduce((a, i) => a + ((i * 37) % 100), 0) / 7;
    await userEvent.tab();
    expect(screen.getByRole('tooltip')).toHaveTextContent(
      `Jan 2025, days 1–7Value${new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 }).format(expected)}`,
    );
  });

  it('draws a matrix of units by periods and reads cells with the arrow keys', async () => {
    render(
      <Heatmap
        title="Risk by unit"
        matrix={{
          rows: ['EU', 'US'],
          columns: ['Jan', 'Feb', 'Mar'],
          values: [
            [1, 2, 3],
            [4, null, 6],
          ],
        }}
        width={400}
      />,
    );
    await userEvent.tab();
    expect(screen.getByRole('tooltip')).toHaveTextContent('EU, JanValue1');
    await userEvent.keyboard('{ArrowDown}{ArrowRight}');
    expect(screen.getByRole('tooltip')).toHaveTextContent('US, FebValueno value');
    expect(screen.getAllByRole('row', { hidden: true })[2]).toHaveTextContent('US4—6');
  });

  it('shows the tooltip of the cell under the pointer', () => {
    const { container } = render(
      <Heatmap
        matrix={{
          rows: ['EU', 'US'],
          columns: ['Jan', 'Feb'],
          values: [
            [1, 2],
            [3, 4],
          ],
        }}
        width={400}
        height={100}
      />,
    );
    const plot = container.querySelector('.arion-plot') as HTMLElement;
    const eu = container.querySelector('path[data-step]') as SVGPathElement;
    // the first rectangle of the lowest colour is EU, Jan: hover its middle
    const [x, y, w, h] = (eu.getAttribute('d')?.match(/-?[\d.]+/g) ?? []).map(Number) as [
      number,
      number,
      number,
      number,
    ];
    fireEvent.mouseMove(plot, { clientX: x + w / 2, clientY: y + h / 2 });
    expect(screen.getByRole('tooltip')).toHaveTextContent('EU, JanValue1');
    fireEvent.mouseLeave(plot);
    expect(screen.queryByRole('tooltip')).toBeNull();
  });

  it('names a bad date', () => {
    expect(() => render(<Heatmap days={[{ date: '03/04/2025', value: 1 }]} />)).toThrow(
      'Heatmap: days[].date is "03/04/2025"; expected a YYYY-MM-DD date or a Date.',
    );
  });
});
