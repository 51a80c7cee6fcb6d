import { PieChart } from '@arion-metrics/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { atWidths, widthParameters } from './widths';

const meta = {
  title: 'Widgets/PieChart',
  component: PieChart,
  args: {
    title: 'Incidents by category',
    slices: [
      { key: 'phishing', label: 'Phishing', value: 42 },
      { key: 'malware', label: 'Malware', value: 18 },
      { key: 'access', label: 'Access misuse', value: 11 },
      { key: 'loss', label: 'Lost devices', value: 7 },
      { key: 'dos', label: 'Denial of service', value: 3 },
      { key: 'other', label: 'Misconfiguration', value: 2 },
    ],
    unit: 'count',
    maxSlices: 5,
  },
  parameters: { frameWidth: 420 },
} satisfies Meta<typeof PieChart>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Donut: Story = {};
export const Pie: Story = { args: { variant: 'pie' } };
export const Dark: Story = { parameters: { theme: 'dark' } };
export const Loading: Story = { args: { loading: true } };
export const Empty: Story = { args: { slices: [] } };
export const ErrorState: Story = { args: { error: 'HTTP 500', onRetry: () => {} } };
export const Widths: Story = { parameters: widthParameters('light'), render: atWidths(PieChart) };
export const WidthsDark: Story = { parameters: widthParameters('dark'), render: atWidths(PieChart) };
// the loading, empty and error states at each width, in both themes: the skeleton keeps the box
export const WidthsLoading: Story = {
  ...Loading,
  parameters: widthParameters('light'),
  render: atWidths(PieChart),
};
export const WidthsLoadingDark: Story = {
  ...Loading,
  parameters: widthParameters('dark'),
  render: atWidths(PieChart),
};
export const WidthsEmpty: Story = {
  ...Empty,
  parameters: widthParameters('light'),
  render: atWidths(PieChart),
};
export const WidthsEmptyDark: Story = {
  ...Empty,
  parameters: widthParameters('dark'),
  render: atWidths(PieChart),
};
export const WidthsError: Story = {
  ...ErrorState,
  parameters: widthParameters('light'),
  render: atWidths(PieChart),
};
export const WidthsErrorDark: Story = {
  ...ErrorState,
  parameters: widthParameters('dark'),
  render: atWidths(PieChart),
};
