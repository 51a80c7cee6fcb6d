import { ChoroplethMap } from '@arion-metrics/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { atWidths, widthParameters } from './widths';

const values = [
  { code: 'DE', value: 12 },
  { code: 'FR', value: 9 },
  { code: 'GB', value: 15 },
  { code: 'US', value: 31 },
  { code: 'CA', value: 7 },
  { code: 'BR', value: 18 },
  { code: 'IN', value: 24 },
  { code: 'CN', value: 27 },
  { code: 'JP', value: 6 },
  { code: 'AU', value: 4 },
  { code: 'ZA', value: 11 },
  { code: 'MEX', value: 14 },
  { code: 'ESP', value: 8 },
  { code: '752', value: 3 },
];

const meta = {
  title: 'Widgets/Map',
  component: ChoroplethMap,
  args: { title: 'Open findings by country', values, unit: 'count', direction: 'lower_better' },
  parameters: { frameWidth: 760 },
} satisfies Meta<typeof ChoroplethMap>;
export default meta;
type Story = StoryObj<typeof meta>;

export const LowerBetter: Story = {};
export const HigherBetter: Story = {
  args: { title: 'Training completion by country', direction: 'higher_better', unit: '%' },
};
export const UnknownCodes: Story = { args: { values: [...values, { code: 'XK1', value: 5 }] } };
export const Dark: Story = { parameters: { theme: 'dark' } };
export const Loading: Story = { args: { loading: true } };
export const Empty: Story = { args: { values: [] } };
export const ErrorState: Story = { args: { error: 'Could not load values', onRetry: () => {} } };
export const DivergingFromTarget: Story = { args: { midpoint: 20 } };
export const Widths: Story = { parameters: widthParameters('light'), render: atWidths(ChoroplethMap) };
export const WidthsDark: Story = { parameters: widthParameters('dark'), render: atWidths(ChoroplethMap) };
// the loading, empty and error states at each width, in both themes: the skeleton keeps the box
export const WidthsLoading: Story = {
  ...Loading,
  parameters: widthParameters('light'),
  render: atWidths(ChoroplethMap),
};
export const WidthsLoadingDark: Story = {
  ...Loading,
  parameters: widthParameters('dark'),
  render: atWidths(ChoroplethMap),
};
export const WidthsEmpty: Story = {
  ...Empty,
  parameters: widthParameters('light'),
  render: atWidths(ChoroplethMap),
};
export const WidthsEmptyDark: Story = {
  ...Empty,
  parameters: widthParameters('dark'),
  render: atWidths(ChoroplethMap),
};
export const WidthsError: Story = {
  ...ErrorState,
  parameters: widthParameters('light'),
  render: atWidths(ChoroplethMap),
};
export const WidthsErrorDark: Story = {
  ...ErrorState,
  parameters: widthParameters('dark'),
  render: atWidths(ChoroplethMap),
};
