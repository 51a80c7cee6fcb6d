import { MetricTable } from '@arion-metrics/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { seeded } from './sample-data';
import { atWidths, widthParameters } from './widths';

const rnd = seeded(5);
const teams = [
  'Payments',
  'Identity',
  'Billing',
  'Analytics',
  'Platform',
  'Mobile',
  'Web',
  'Data',
  'Support',
  'Risk',
  'Legal',
  'HR',
];
const rows = teams.map((team) => {
  const compliance = Math.round((80 + rnd() * 20) * 10) / 10;
  return {
    team,
    mttr: Math.round((1 + rnd() * 30) * 10) / 10,
    compliance,
    cost: Math.round(20_000 + rnd() * 200_000),
    status: compliance >= 95 ? 'ok' : compliance >= 90 ? 'warning' : 'critical',
  };
});

const meta = {
  title: 'Widgets/Table',
  component: MetricTable,
  args: {
    title: 'Teams',
    rows,
    rowKey: 'team',
    pageSize: 8,
    columns: [
      { key: 'team', label: 'Team' },
      { key: 'mttr', label: 'MTTR', unit: 'hours' },
      { key: 'compliance', label: 'Patch compliance', unit: '%' },
      { key: 'cost', label: 'Cost', unit: 'USD' },
      { key: 'status', label: 'Status' },
    ],
  },
  parameters: { frameWidth: 680 },
} satisfies Meta<typeof MetricTable>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Normal: Story = {};
export const SortedByCompliance: Story = { args: { defaultSort: { key: 'compliance', direction: 'asc' } } };
export const Dark: Story = { parameters: { theme: 'dark' } };
export const Loading: Story = { args: { loading: true } };
export const Empty: Story = { args: { rows: [], emptyMessage: 'No team reported this month.' } };
export const ErrorState: Story = { args: { error: 'Timeout after 30 s', onRetry: () => {} } };
export const Widths: Story = { parameters: widthParameters('light'), render: atWidths(MetricTable) };
export const WidthsDark: Story = { parameters: widthParameters('dark'), render: atWidths(MetricTable) };
// the loading, empty and error states at each width, in both themes: the skeleton keeps the box
export const WidthsLoading: Story = {
  ...Loading,
  parameters: widthParameters('light'),
  render: atWidths(MetricTable),
};
export const WidthsLoadingDark: Story = {
  ...Loading,
  parameters: widthParameters('dark'),
  render: atWidths(MetricTable),
};
export const WidthsEmpty: Story = {
  ...Empty,
  parameters: widthParameters('light'),
  render: atWidths(MetricTable),
};
export const WidthsEmptyDark: Story = {
  ...Empty,
  parameters: widthParameters('dark'),
  render: atWidths(MetricTable),
};
export const WidthsError: Story = {
  ...ErrorState,
  parameters: widthParameters('light'),
  render: atWidths(MetricTable),
};
export const WidthsErrorDark: Story = {
  ...ErrorState,
  parameters: widthParameters('dark'),
  render: atWidths(MetricTable),
};
