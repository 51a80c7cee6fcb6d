import { BarChart } from '@arion-metrics/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { atWidths, widthParameters } from './widths';

const categories = ['Finance', 'IT', 'HR', 'Sales', 'Legal', 'Operations'];
const meta = {
  title: 'Widgets/BarChart',
  component: BarChart,
  args: {
    title: 'Open findings by department',
    categories,
    series: [
      { key: 'high', label: 'High', values: [4, 12, 1, 6, 0, 9] },
      { key: 'medium', label: 'Medium', values: [9, 20, 5, 11, 3, 14] },
      { key: 'low', label: 'Low', values: [15, 31, 8, 12, 6, 22] },
    ],
    unit: 'count',
  },
} satisfies Meta<typeof BarChart>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Grouped: Story = {};
export const Stacked: Story = { args: { layout: 'stacked' } };
export const Horizontal: Story = {
  args: {
    orientation: 'horizontal',
    showValues: true,
    title: 'Training completion',
    unit: '%',
    series: [{ key: 'done', label: 'Completed', values: [92, 78.5, 99, 84, 96, 71] }],
  },
};
export const Negative: Story = {
  args: {
    title: 'Budget variance',
    unit: 'EUR',
    series: [{ key: 'v', label: 'Variance', values: [12_000, -8_500, 3_200, -15_000, 900, 4_400] }],
  },
};
export const Dark: Story = { parameters: { theme: 'dark' }, args: { layout: 'stacked' } };
export const Loading: Story = { args: { loading: true } };
export const Empty: Story = { args: { categories: [], series: [] } };
export const ErrorState: Story = { args: { error: 'Could not read findings', onRetry: () => {} } };

export const LongLabels: Story = {
  args: {
    title: 'Findings by business unit',
    categories: [
      'Corporate finance',
      'Information technology',
      'Human resources',
      'Sales EMEA',
      'Legal & compliance',
      'Operations',
    ],
    showValues: true,
  },
};
export const MixedMagnitudes: Story = {
  args: {
    title: 'Spend by unit',
    unit: 'USD',
    showValues: true,
    series: [{ key: 's', label: 'Spend', values: [63_953, 138_400, 114_000, 2_450, 980_000, 0] }],
  },
};
export const ManySeriesStacked: Story = {
  args: {
    layout: 'stacked',
    showValues: true,
    series: [
      { key: 'c', label: 'Critical', values: [1, 3, 0, 2, 1, 4] },
      { key: 'h', label: 'High', values: [4, 12, 1, 6, 0, 9] },
      { key: 'm', label: 'Medium', values: [9, 20, 5, 11, 3, 14] },
      { key: 'l', label: 'Low', values: [15, 31, 8, 12, 6, 22] },
      { key: 'i', label: 'Info', values: [22, 40, 12, 18, 9, 30] },
    ],
  },
};
export const Widths: Story = { parameters: widthParameters('light'), render: atWidths(BarChart) };
export const WidthsDark: Story = { parameters: widthParameters('dark'), render: atWidths(BarChart) };
// the loading, empty and error states at each width, in both themes: the skeleton keeps the box
export const WidthsLoading: Story = {
  ...Loading,
  parameters: widthParameters('light'),
  render: atWidths(BarChart),
};
export const WidthsLoadingDark: Story = {
  ...Loading,
  parameters: widthParameters('dark'),
  render: atWidths(BarChart),
};
export const WidthsEmpty: Story = {
  ...Empty,
  parameters: widthParameters('light'),
  render: atWidths(BarChart),
};
export const WidthsEmptyDark: Story = {
  ...Empty,
  parameters: widthParameters('dark'),
  render: atWidths(BarChart),
};
export const WidthsError: Story = {
  ...ErrorState,
  parameters: widthParameters('light'),
  render: atWidths(BarChart),
};
export const WidthsErrorDark: Story = {
  ...ErrorState,
  parameters: widthParameters('dark'),
  render: atWidths(BarChart),
};
