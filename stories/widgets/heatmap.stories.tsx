import { Heatmap } from '@arion-metrics/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { seeded, yearOfDays } from './sample-data';
import { atWidths, widthParameters } from './widths';

const rnd = seeded(21);
const units = Array.from({ length: 50 }, (_, i) => `Unit ${String(i + 1).padStart(2, '0')}`);
const periods = Array.from({ length: 365 }, (_, i) =>
  new Date(Date.UTC(2025, 0, 1 + i)).toISOString().slice(5, 10),
);

const meta = {
  title: 'Widgets/Heatmap',
  component: Heatmap,
  args: {
    title: 'Security incidents per day',
    days: yearOfDays(3),
    unit: 'count',
    direction: 'lower_better',
  },
  parameters: { frameWidth: 820 },
} satisfies Meta<typeof Heatmap>;
export default meta;
type Story = StoryObj<typeof meta>;

export const CalendarLowerBetter: Story = {};
export const CalendarHigherBetter: Story = {
  args: { title: 'Controls passed per day', direction: 'higher_better' },
};
export const CalendarNeutral: Story = { args: { title: 'Logins per day (thousands)', direction: undefined } };
export const Matrix: Story = {
  args: {
    title: 'Risk score by region and quarter',
    days: undefined,
    variant: 'matrix',
    direction: 'lower_better',
    unit: undefined,
    matrix: {
      rows: ['Europe', 'Americas', 'Asia-Pacific', 'Middle East', 'Africa'],
      columns: ['Q1 24', 'Q2 24', 'Q3 24', 'Q4 24', 'Q1 25', 'Q2 25'],
      values: [
        [42, 38, 35, 31, 30, 27],
        [55, 57, 51, 49, 44, 41],
        [33, 36, null, 29, 28, 26],
        [61, 58, 60, 52, 50, 47],
        [48, 45, 44, 40, 39, 35],
      ],
    },
  },
};
export const LargeMatrix: Story = {
  name: 'Large matrix (50 x 365)',
  args: {
    title: 'Daily availability by unit',
    days: undefined,
    variant: 'matrix',
    unit: '%',
    direction: 'higher_better',
    matrix: {
      rows: units,
      columns: periods,
      values: units.map(() => periods.map(() => Math.round((97 + rnd() * 3) * 100) / 100)),
    },
  },
};
export const Dark: Story = { parameters: { theme: 'dark' } };
export const Loading: Story = { args: { loading: true } };
export const Empty: Story = { args: { days: [] } };
export const ErrorState: Story = { args: { error: 'Snapshots unavailable', onRetry: () => {} } };
export const CalendarDivergingFromTarget: Story = {
  args: { title: 'Daily incidents against a target of 10', midpoint: 10 },
};
export const Widths: Story = { parameters: widthParameters('light'), render: atWidths(Heatmap) };
export const WidthsDark: Story = { parameters: widthParameters('dark'), render: atWidths(Heatmap) };
// the loading, empty and error states at each width, in both themes: the skeleton keeps the box
export const WidthsLoading: Story = {
  ...Loading,
  parameters: widthParameters('light'),
  render: atWidths(Heatmap),
};
export const WidthsLoadingDark: Story = {
  ...Loading,
  parameters: widthParameters('dark'),
  render: atWidths(Heatmap),
};
export const WidthsEmpty: Story = {
  ...Empty,
  parameters: widthParameters('light'),
  render: atWidths(Heatmap),
};
export const WidthsEmptyDark: Story = {
  ...Empty,
  parameters: widthParameters('dark'),
  render: atWidths(Heatmap),
};
export const WidthsError: Story = {
  ...ErrorState,
  parameters: widthParameters('light'),
  render: atWidths(Heatmap),
};
export const WidthsErrorDark: Story = {
  ...ErrorState,
  parameters: widthParameters('dark'),
  render: atWidths(Heatmap),
};
