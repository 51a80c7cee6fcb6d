import { ImageWidget } from '@arion-metrics/react';
import type { Meta, StoryObj } from '@storybook/react-vite';

// A small inline PNG (three bars), so the story needs no network.
const PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAGAAAAAwCAIAAABhdOiYAAAAfklEQVR42u3aoQ2AQBAAwfMUiCNokN8PDb2mDQQGSwcvLiGEZ5KtYPTGcV5qFAgAAeoSKLaSCBAgQIAAAQIE6A2gYa2JAAECBAgQIECAAD0JtE+RCBAgQIAAAQIECBAgQIAAAQIECBAgQIAAAQLUA9A4L7/KJ20kBwQI0Ae7AYcH+EraRnTbAAAAAElFTkSuQmCC';

const meta = {
  title: 'Widgets/Image',
  component: ImageWidget,
  args: {
    title: 'Data flow',
    src: PNG,
    alt: 'Data flow from sources to dashboards',
    caption: 'Updated monthly',
    height: 140,
  },
  parameters: { frameWidth: 420 },
} satisfies Meta<typeof ImageWidget>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Normal: Story = {};
export const Dark: Story = { parameters: { theme: 'dark' } };
export const UnsafeUrlRefused: Story = { args: { src: 'javascript:alert(1)' } };
export const MissingAltRefused: Story = { args: { alt: '' } };
export const Loading: Story = { args: { loading: true } };
export const ErrorState: Story = { args: { error: 'Asset store unavailable', onRetry: () => {} } };
