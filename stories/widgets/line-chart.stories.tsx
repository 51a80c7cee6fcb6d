import { LineChart } from '@arion-metrics/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { dailySeries, largeSeries } from './sample-data';
import { atWidths, widthParameters } from './widths';

const meta = {
  title: 'Widgets/LineChart',
  component: LineChart,
  args: {
    title: 'Patch compliance by business unit',
    series: [
      dailySeries('eu', 'Europe', 90, 95, 2.5, 1),
      dailySeries('us', 'Americas', 90, 92.5, 3, 2),
      dailySeries('ap', 'Asia-Pacific', 90, 97, 1.5, 3),
    ],
    unit: '%',
    targetValue: 95,
    direction: 'higher_better',
    thresholdConfig: { warning: 95, critical: 90 },
  },
} satisfies Meta<typeof LineChart>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Normal: Story = {};
export const LowerBetter: Story = {
  args: {
    title: 'Mean time to resolve',
    series: [dailySeries('mttr', 'MTTR', 60, 6, 2, 7)],
    unit: 'hours',
    targetValue: 6,
    direction: 'lower_better',
    thresholdConfig: { warning: 6, critical: 9 },
  },
};
export const TargetRange: Story = {
  args: {
    title: 'Utilisation',
    series: [dailySeries('u', 'Utilisation', 120, 62, 14, 9)],
    unit: '%',
    targetValue: 60,
    direction: 'target_range',
    thresholdConfig: { warning: { low: 45, high: 75 }, critical: { low: 35, high: 85 } },
  },
};
export const Step: Story = {
  args: {
    curve: 'step',
    series: [dailySeries('s', 'Controls passed', 30, 40, 6, 4)],
    unit: 'count',
    targetValue: null,
    thresholdConfig: null,
  },
};
export const LargeData100k: Story = {
  name: 'Large data (100,000 points)',
  args: {
    title: 'p95 latency, 100,000 points (min/max per pixel)',
    series: [largeSeries(100_000, 11)],
    unit: 'ms',
    targetValue: 300,
    direction: 'lower_better',
    thresholdConfig: { warning: 300, critical: 450 },
  },
};
export const Dark: Story = { parameters: { theme: 'dark' } };
export const Loading: Story = { args: { loading: true } };
export const Empty: Story = { args: { series: [], emptyMessage: 'No calculations in the last 90 days.' } };
export const ErrorState: Story = {
  args: { error: 'The metrics service did not answer.', onRetry: () => {} },
};
export const Widths: Story = { parameters: widthParameters('light'), render: atWidths(LineChart) };
export const WidthsDark: Story = { parameters: widthParameters('dark'), render: atWidths(LineChart) };
// the loading, empty and error states at each width, in both themes: the skeleton keeps the box
export const WidthsLoading: Story = {
  ...Loading,
  parameters: widthParameters('light'),
  render: atWidths(LineChart),
};
export const WidthsLoadingDark: Story = {
  ...Loading,
  parameters: widthParameters('dark'),
  render: atWidths(LineChart),
};
export const WidthsEmpty: Story = {
  ...Empty,
  parameters: widthParameters('light'),
  render: atWidths(LineChart),
};
export const WidthsEmptyDark: Story = {
  ...Empty,
  parameters: widthParameters('dark'),
  render: atWidths(LineChart),
};
export const WidthsError: Story = {
  ...ErrorState,
  parameters: widthParameters('light'),
  render: atWidths(LineChart),
};
export const WidthsErrorDark: Story = {
  ...ErrorState,
  parameters: widthParameters('dark'),
  render: atWidths(LineChart),
};
