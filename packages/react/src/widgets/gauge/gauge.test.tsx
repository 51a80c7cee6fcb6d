import { classifyValue, thresholdBands } from '@arion-metrics/core';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Gauge } from './gauge';

describe('Gauge', () => {
  it('is an image named by a summary with value, status, scale, target and bands', () => {
    render(
      <Gauge
        title="Uptime"
        value={82}
        unit="%"
        targetValue={95}
        thresholdConfig={{ warning: 90, critical: 80 }}
        width={300}
        height={200}
      />,
    );
    expect(
      screen.getByRole('img', {
        name: 'Uptime: 82% (warning). Scale 0% to 100%. Target 95%. Critical below 80%; Warning 80% to 90%; On track from 90%.',
      }),
    ).toBeInTheDocument();
    expect(screen.getByText('Warning')).toHaveAttribute('data-status', 'warning');
  });

  it('draws one arc per band returned by core, for every direction', () => {
    const cases = [
      { direction: 'higher_better', thresholdConfig: { warning: 90, critical: 80 } },
      { direction: 'lower_better', thresholdConfig: { warning: 4, critical: 8 } },
      {
        direction: 'target_range',
        thresholdConfig: { warning: { low: 40, high: 60 }, critical: { low: 30, high: 70 } },
      },
    ] as const;
    for (const c of cases) {
      const { container, unmount } = render(
        <Gauge
          value={50}
          targetValue={50}
          direction={c.direction}
          thresholdConfig={c.thresholdConfig}
          width={300}
        />,
      );
      const bands = thresholdBands({
        thresholdConfig: c.thresholdConfig,
        targetValue: 50,
        direction: c.direction,
      });
      const drawn = [...container.querySelectorAll('.arion-gauge-band')].map((el) =>
        el.getAttribute('data-band'),
      );
      expect(drawn).toEqual(bands.map((b) => b.status));
      const status = classifyValue(50, {
        thresholdConfig: c.thresholdConfig,
        targetValue: 50,
        direction: c.direction,
      });
      expect(container.querySelector('[data-status]')).toHaveAttribute('data-status', status);
      expect(container.querySelector('.arion-gauge-target')).not.toBeNull();
      unmount();
    }
  });

  it('shows the empty state without a value', () => {
    render(<Gauge title="Uptime" value={null} />);
    expect(screen.getByRole('status')).toHaveTextContent('No data for the selected period.');
  });
});
