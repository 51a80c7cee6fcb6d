import { MetricCard } from '@arion-metrics/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { atWidths, widthParameters } from './widths';

const meta = {
  title: 'Widgets/MetricCard',
  component: MetricCard,
  args: {
    title: 'Patch compliance',
    value: 96.4,
    previousValue: 93.1,
    targetValue: 95,
    unit: '%',
    metricType: 'percentage',
    direction: 'higher_better',
    thresholdConfig: { warning: 95, critical: 90 },
    sparkline: [91, 92.5, 92, 93.1, 94.2, 95.8, 96.4],
    comparisonLabel: 'vs last month',
  },
} satisfies Meta<typeof MetricCard>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Normal: Story = {};
export const LowerBetterImproving: Story = {
  args: {
    title: 'Mean time to resolve',
    value: 4.2,
    previousValue: 5.6,
    targetValue: 4,
    unit: 'hours',
    metricType: 'duration',
    direction: 'lower_better',
    thresholdConfig: { warning: 4, critical: 8 },
    sparkline: [7.1, 6.4, 6.8, 5.9, 5.6, 4.8, 4.2],
  },
};
export const TargetRange: Story = {
  args: {
    title: 'Headcount utilisation',
    value: 104,
    previousValue: 99,
    targetValue: 100,
    unit: '%',
    direction: 'target_range',
    thresholdConfig: { warning: { low: 90, high: 105 }, critical: { low: 80, high: 115 } },
    sparkline: [97, 98, 101, 99, 104],
  },
};
export const Currency: Story = {
  args: {
    title: 'Fraud losses',
    value: 1_284_500,
    previousValue: 1_410_000,
    unit: 'EUR',
    metricType: 'sum',
    direction: 'lower_better',
    targetValue: null,
    thresholdConfig: null,
    locale: 'de-DE',
    sparkline: [1.6e6, 1.52e6, 1.41e6, 1.28e6],
  },
};
export const SmallSample: Story = { args: { sampleSize: 14, dataQualityScore: 0.62 } };
export const Dark: Story = { parameters: { theme: 'dark' } };
export const Loading: Story = { args: { loading: true } };
export const Empty: Story = { args: { value: null, emptyMessage: 'No calculation yet for this month.' } };
export const ErrorState: Story = { args: { error: 'HTTP 503 from /api/metrics', onRetry: () => {} } };
export const Widths: Story = { parameters: widthParameters('light'), render: atWidths(MetricCard) };
export const WidthsDark: Story = { parameters: widthParameters('dark'), render: atWidths(MetricCard) };
// the loading, empty and error states at each width, in both themes: the skeleton keeps the box
export const WidthsLoading: Story = {
  ...Loading,
  parameters: widthParameters('light'),
  render: atWidths(MetricCard),
};
export const WidthsLoadingDark: Story = {
  ...Loading,
  parameters: widthParameters('dark'),
  render: atWidths(MetricCard),
};
export const WidthsEmpty: Story = {
  ...Empty,
  parameters: widthParameters('light'),
  render: atWidths(MetricCard),
};
export const WidthsEmptyDark: Story = {
  ...Empty,
  parameters: widthParameters('dark'),
  render: atWidths(MetricCard),
};
export const WidthsError: Story = {
  ...ErrorState,
  parameters: widthParameters('light'),
  render: atWidths(MetricCard),
};
export const WidthsErrorDark: Story = {
  ...ErrorState,
  parameters: widthParameters('dark'),
  render: atWidths(MetricCard),
};
