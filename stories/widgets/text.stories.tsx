import { TextWidget } from '@arion-metrics/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { atWidths, widthParameters } from './widths';

const meta = {
  title: 'Widgets/Text',
  component: TextWidget,
  args: {
    title: 'About this dashboard',
    markdown: [
      '## Q3 security review',
      '',
      'Patch compliance is **above target** in every region except _Americas_; see the [remediation plan](https://intranet.example/q3).',
      '',
      '- [x] Rotate service credentials',
      '- [ ] Close the 7 critical findings in IT',
      '',
      '| Owner | Due |',
      '|---|---|',
      '| Security team | 30 Sep |',
      '',
      '> Raw HTML such as <script>alert(1)</script> is shown as text, and [unsafe links](javascript:alert(1)) lose their target.',
    ].join('\n'),
  },
} satisfies Meta<typeof TextWidget>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Normal: Story = {};
export const Dark: Story = { parameters: { theme: 'dark' } };
export const Loading: Story = { args: { loading: true } };
export const Empty: Story = { args: { markdown: '' } };
export const ErrorState: Story = { args: { error: 'Could not load the note', onRetry: () => {} } };
export const Widths: Story = { parameters: widthParameters('light'), render: atWidths(TextWidget) };
export const WidthsDark: Story = { parameters: widthParameters('dark'), render: atWidths(TextWidget) };
// the loading, empty and error states at each width, in both themes: the skeleton keeps the box
export const WidthsLoading: Story = {
  ...Loading,
  parameters: widthParameters('light'),
  render: atWidths(TextWidget),
};
export const WidthsLoadingDark: Story = {
  ...Loading,
  parameters: widthParameters('dark'),
  render: atWidths(TextWidget),
};
export const WidthsEmpty: Story = {
  ...Empty,
  parameters: widthParameters('light'),
  render: atWidths(TextWidget),
};
export const WidthsEmptyDark: Story = {
  ...Empty,
  parameters: widthParameters('dark'),
  render: atWidths(TextWidget),
};
export const WidthsError: Story = {
  ...ErrorState,
  parameters: widthParameters('light'),
  render: atWidths(TextWidget),
};
export const WidthsErrorDark: Story = {
  ...ErrorState,
  parameters: widthParameters('dark'),
  render: atWidths(TextWidget),
};
