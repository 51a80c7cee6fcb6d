import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { BarChart } from '../bar-chart/bar-chart';

const props = { title: 'Findings', categories: ['IT'], series: [{ key: 'o', label: 'Open', values: [3] }] };

describe('widget states', () => {
  it('loads with a skeleton in the widget’s shape and its final height', () => {
    const { container } = render(<BarChart {...props} loading height={300} />);
    const status = screen.getByRole('status');
    expect(status).toHaveTextContent('Loading Findings');
    expect(status.querySelector('[data-skeleton="bars"]')).not.toBeNull();
    expect(status.style.minHeight).toBe('300px');
    expect(container.querySelector('.arion-plot')).toBeNull();
  });

  it('shows an error with an icon, the message and a retry button only when a callback is given', async () => {
    const onRetry = vi.fn();
    const { rerender } = render(<BarChart {...props} error="HTTP 503" onRetry={onRetry} />);
    const alert = screen.getByRole('alert');
    expect(alert.querySelector('svg.arion-state-icon')).not.toBeNull();
    expect(alert).toHaveTextContent('Could not load Findings.HTTP 503');
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(onRetry).toHaveBeenCalledOnce();
    rerender(<BarChart {...props} error="HTTP 503" />);
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
  });

  it('shows the empty state with an icon and the message, at the plot’s height', () => {
    render(<BarChart {...props} series={[]} emptyMessage="No findings this quarter." />);
    const status = screen.getByRole('status');
    expect(status.querySelector('svg.arion-state-icon')).not.toBeNull();
    expect(status).toHaveTextContent('No findings this quarter.');
    expect(status.style.minHeight).toBe('260px');
  });
});
