import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { MetricCard } from './metric-card';

describe('MetricCard', () => {
  it('shows the formatted value, a signed delta and the target attainment', () => {
    render(
      <MetricCard
        title="Patch compliance"
        value={96}
        previousValue={93.5}
        targetValue={95}
        unit="%"
        metricType="percentage"
      />,
    );
    expect(screen.getByRole('region', { name: 'Patch compliance' })).toBeInTheDocument();
    expect(screen.getByText('96%')).toBeInTheDocument();
    // an arrow or a sign, never both; screen readers hear the word
    const delta = screen.getByText(/▲\s2\.5\s+pp/);
    expect(delta.textContent).not.toMatch(/[+\u2212-]/);
    expect(delta.closest('[data-sentiment]')).toHaveTextContent(/up 2\.5\s+pp/);
    expect(screen.getByText(/Target 95%/)).toHaveTextContent('101% attained');
  });

  it('writes the distance from target of a percentage metric in percentage points', () => {
    render(<MetricCard value={96} targetValue={92} unit="%" direction="target_range" />);
    expect(screen.getByText(/Target 92%/)).toHaveTextContent(/\+4\s+pp from target/);
  });

  it('colours a falling lower_better metric as better and a falling higher_better metric as worse', () => {
    const { rerender } = render(
      <MetricCard value={4} previousValue={5} unit="hours" direction="lower_better" />,
    );
    const delta = () => screen.getByText(/▼\s20%/).closest('[data-sentiment]') as HTMLElement;
    expect(delta()).toHaveAttribute('data-sentiment', 'better');
    expect(delta()).toHaveClass('arion-sentiment-better');
    expect(delta()).toHaveTextContent('(better)');
    rerender(<MetricCard value={4} previousValue={5} unit="hours" direction="higher_better" />);
    expect(delta()).toHaveClass('arion-sentiment-worse');
    expect(delta()).toHaveTextContent('(worse)');
  });

  it('shows the threshold status from core in words, not colour alone', () => {
    render(
      <MetricCard
        value={82}
        direction="higher_better"
        thresholdConfig={{ warning: 90, critical: 80 }}
        unit="%"
      />,
    );
    expect(screen.getByText('Warning')).toHaveAttribute('data-status', 'warning');
  });

  it('hints at a small sample and low data quality', () => {
    render(<MetricCard value={3} sampleSize={12} dataQualityScore={0.6} />);
    expect(screen.getByRole('note')).toHaveTextContent('Small sample (12 records) · Low data quality (60%)');
  });

  it('draws a sparkline named by a text summary', () => {
    render(<MetricCard title="Incidents" value={7} unit="count" sparkline={[3, 9, 4, 7]} width={200} />);
    expect(
      screen.getByRole('img', { name: /Trend of Incidents: 4 values from 3 to 7, low 3, high 9/ }),
    ).toBeInTheDocument();
  });

  it('has loading, empty and error states, and the error state retries', async () => {
    const onRetry = vi.fn();
    const { rerender } = render(<MetricCard title="X" value={1} loading />);
    expect(screen.getByRole('status')).toHaveTextContent('Loading X');
    rerender(<MetricCard title="X" value={null} emptyMessage="No calculation yet for March." />);
    expect(screen.getByRole('status')).toHaveTextContent('No calculation yet for March.');
    rerender(<MetricCard title="X" value={1} error={new Error('HTTP 503')} onRetry={onRetry} />);
    expect(screen.getByRole('alert')).toHaveTextContent('Could not load X.HTTP 503');
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(onRetry).toHaveBeenCalledOnce();
  });
});
