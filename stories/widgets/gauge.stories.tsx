import { Gauge } from '@arion-metrics/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { atWidths, widthParameters } from './widths';

const meta = {
  title: 'Widgets/Gauge',
  component: Gauge,
  args: {
    title: 'Service availability',
    value: 99.62,
    unit: '%',
    min: 98,
    max: 100,
    targetValue: 99.9,
    direction: 'higher_better',
    thresholdConfig: { warning: 99.5, critical: 99 },
    maximumFractionDigits: 2,
  },
  parameters: { frameWidth: 360 },
} satisfies Meta<typeof Gauge>;
export default meta;
type Story = StoryObj<typeof meta>;

export const HigherBetter: Story = {};
export const LowerBetter: Story = {
  args: {
    title: 'Open critical findings',
    value: 7,
    unit: 'count',
    min: 0,
    max: 20,
    targetValue: 3,
    direction: 'lower_better',
    thresholdConfig: { warning: 5, critical: 10 },
  },
};
export const TargetRange: Story = {
  args: {
    title: 'CPU utilisation',
    value: 71,
    unit: '%',
    min: 0,
    max: 100,
    targetValue: 60,
    direction: 'target_range',
    thresholdConfig: { warning: { low: 40, high: 75 }, critical: { low: 20, high: 90 } },
  },
};
export const Dark: Story = { parameters: { theme: 'dark' } };
export const Loading: Story = { args: { loading: true } };
export const Empty: Story = { args: { value: null } };
export const ErrorState: Story = { args: { error: 'Metric calculation failed', onRetry: () => {} } };
export const Widths: Story = { parameters: widthParameters('light'), render: atWidths(Gauge) };
export const WidthsDark: Story = { parameters: widthParameters('dark'), render: atWidths(Gauge) };
// the loading, empty and error states at each width, in both themes: the skeleton keeps the box
export const WidthsLoading: Story = {
  ...Loading,
  parameters: widthParameters('light'),
  render: atWidths(Gauge),
};
export const WidthsLoadingDark: Story = {
  ...Loading,
  parameters: widthParameters('dark'),
  render: atWidths(Gauge),
};
export const WidthsEmpty: Story = { ...Empty, parameters: widthParameters('light'), render: atWidths(Gauge) };
export const WidthsEmptyDark: Story = {
  ...Empty,
  parameters: widthParameters('dark'),
  render: atWidths(Gauge),
};
export const WidthsError: Story = {
  ...ErrorState,
  parameters: widthParameters('light'),
  render: atWidths(Gauge),
};
export const WidthsErrorDark: Story = {
  ...ErrorState,
  parameters: widthParameters('dark'),
  render: atWidths(Gauge),
};
