import { ImageWidget } from '@arion-metrics/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { atWidths, widthParameters } from './widths';

// A small inline PNG (96 x 48, three bars), so the story needs no network; it is shown at its
// natural size, never enlarged.
const PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAGAAAAAwCAIAAABhdOiYAAAAfklEQVR42u3aoQ2AQBAAwfMUiCNokN8PDb2mDQQGSwcvLiGEZ5KtYPTGcV5qFAgAAeoSKLaSCBAgQIAAAQIE6A2gYa2JAAECBAgQIECAAD0JtE+RCBAgQIAAAQIECBAgQIAAAQIECBAgQIAAAQLUA9A4L7/KJ20kBwQI0Ae7AYcH+EraRnTbAAAAAElFTkSuQmCC';

// A 640 x 320 PNG, larger than the box: it is scaled down to fit, keeping its aspect ratio.
const LARGE_PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAoAAAAFACAIAAACjr1pdAAAJGklEQVR42u3VoQ2AQBBFwfVXGhp7BomkHxpCU8YlGDwFoM4sECZ5FWx+dqIdpyRJSi6cQJIkAEuSBGBJkgRgSZIALEmSACxJEoAlSRKAJUkCsCRJArAkSQCWJAnAkiQJwJIkAViSJAFYkiQAS5IkAEuSBGBJkgRgSZIALEkSgCVJEoAlSQKwJEkCsCRJAJYkSQCWJAnAkiQJwJIkAViSJABLkiQAS5IEYEmSBGBJkgAsSZIALEkSgCVJEoAlSQKwJEkAliRJAJb6Br0uSsjSJABLAAawBGAJwACWBGABWACWACwBGMCSACwAC8ASgCUAA1gCsARgAVgCsARgAEsAlgAsAEsAlgAMYAnAEoABLAnAArAALAFYAjCAJQFYABaAJQBLAAawBGAJwAKwBGAJwACWACwBWACWACwBGMASgCUAA1gSgAVgAVgCsARgAEsCsAAsAEsAlgAMYAnAEoAFYAnAEoABLAFYArAALAFYAjCAJQBLAAawJAALwAKwBGAJwACWBGABWACWACwBGMASgCUAC8ASgCUAA1gCsARgAVgCsARgAEsAlgAMYEkAFoAFYAnAb6zMmxICMIAlARjAABaAJQADGMAABrAkAAvAArAEYAADGMAAlgAMYAFYAJYADGAAAxjAEoABLAADWBKAAQxgAANYAjCABWAASwIwgAEsAEsABjCAAQxgSQAWgAVgCcAABjCAASwBGMACsAAsARjAAAYwgCUAA1gABrDvKQEYwAAGMIAlAANYAAawJAADGMACsARgAAMYwACWBGABWACWAAxgAAMYwBKAASwAC8ASgAEMYAADWAIwgAVgAVgCMIABDGAASwAGsAAMYEkABjCABWAJwAAGMIABLAnAArAALAEYwAAGMIAlAANYABaAJQADGMAABrAEYAALwAKwBGAAAxjAAJYADGABGMCSAAxgAAvAEoABDGAAA1gSgAVgAVgCMIABDGAASwAGsAAsAEsABjCAAQxgCcAAFoAFYAnAAAYwgAEsARjAAjCAJQEYwAAWgCUAAxjAAAawJACjEcACsARgAAMYwACWAAxgAVgAlgAMYAADGMASgAEsAAvAEoABDGAAA1gCMIAFYABLAjCAASwASwAGMIABDGBJAAYwgAVgCcAABjCAASwBGMACsAAsARjAAAYwgO/tNZQQGgEMYAADGMAABjCAASwAC8AAFoABDGAAA1gABjCABWAAAxjAAjCAASwAC8AABjCAAQxgAANYAAYwgAVgARjAAAYwgAEMYAADGMACsAAsAAMYwAAGMIABDGAAA1gAFoABLAADGMAABrAADGAAC8AABjCABWAAA1gAFoABDGAAAxjAAAawAAxgAAvAAjCAAQxgAAMYwAAGMIAFYAFYAAYwgAEMYAADGMAABrAALAADWAAGMIABDGABGMAAFoABDGAAC8AABjAdASwAAxjAAAYwgAEMYAEYwAAWgAVgAAMYwAAGMIABDGAAC8ACsAAMYAADGMAABjCAAQxgAVgABrAADGAAAxjAAjCAASwAAxjAABaAAQxgAANYAAYwgAEMYAADGMACMIABLAALwAAGMIABDGAAAxjAABaABWABGMAABjCAAQxgAAMYwAKwAAxgARjAAAYwgAVgAANYAAYwgAEsAAMYwAAGsAAMYAALwAAGMIAFYAADWAAWgAEMYAADGMAABrAALAALwAIwgAEMYAADGMAABjCABWABGMACMIABDGAAoxHAAAawAAxgAANYAAYwgAEMYAEYwAAWgAEMYAALwAAGsAAsAAMYwAAGMIABDGABWAAWgAVgAAMYwAAGMIABDGAAC8ACMIAFYAADGMAABjCAAQxgARjAAAawAAxgAAMYwAIwgAEsAAMYwAAWgAEMYAFYAAYwgAEMYAADGMACsAAsAAvAAAYwgAEMYAADGMAAFoAFYAALwAAGMIABDGAAAxjAArAADGABGMAABjCABWAAA1gABjCAASwAAxjAArAADGAAAxjAAAYwgAVgAVgAFoABDGAAAxjAAAYwgAEsAAvAABaAAQxgAAMYwAAGMIAFYAEYwAIwgAEMYAALwAAGsAAMYAADWAAGMIAFYAEYwAAGMIABDGAAC8ACsAAsAAMYwAAGMIABDGAAA1gAFoABTEcAAxjAAAYwgAEMYAALwAIwgAVgAAMYwAAWgAEMYAEYwAAGsAAMYAALwAIwgAEMYAADGMAAFoDRCGABWAAGMIABDGAAAxjAAAawACwAC8AABjCAAQxgAAMYwAAWgAVgAAvAAAYwgAEsAAMYwAIwgAEMYAEYwAAWgAVgAAMYwAAGMIABLAADGMACsAAMYAADGMAABjCAAQxgAVgAFoABDGAAAxjAAAYwgAEsAAvAABaAAQxgAANYAAYwgAVgAAMYwAIwgAFMRwALwAAGMIABDGAAA1gABjCABWABGMAABjCAAQxgAAMYwAKwACwAAxjAAAYwgAEMYAADWAAWgAEsAAMYwAAGsAAMYAALwAAGMIAFYAADGMAAFoABDGAAAxjAAAawAAxgAAvAAjCAAQxgAAMYwAAGMIAFYAFYAAYwgAEMYAADGMAABrAALAADWAAGMIABDGABGMAAFoABDGAAC8AABjCAASwAAxjAAAYwgAEMYAEYwAAWgAVgAAMYwAAGMIABLAALwAKwAAxgAAMYwAAGMIABDGABWAAGsAAMYAADGMB0BDCAASwAAxjAABaAAQxgAANYAAYwgAVgAAMYwAIwgAEsAAvAAAYwgAEMYAADWAAWgAVgARjAAAYwgAEMYAADGMACsAAMYAEYwAAGMIABDGAAA1gABjCAASwAAxjAAAawAAxgAAvAAAYwgAVgAANYABaAAQxgAAMYwAAGsAAsAAvAAjCAAQxgAAMYwAAGMIAFYAEYwAIwgAEMYAADGMAABrAALAADWAAGMIABDGABGMAAFoABDGAAC8AABrAALAADGMAABjCAAQxgAVgAFoAF4H8CPIyTJEmPB2BJkgAMYEkSgAEsSRKAASxJAjCAJUkCMIAlSQAGsCRJAJYkSQCWJAnAkiQBWJIkAViSJABLkiQAS5IEYEmSBGBJkgAsSZIALEkSgCVJArAkSQKwJEkAliRJAJYk6bNd4MljKPZnQtwAAAAASUVORK5CYII=';

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
export const LargeScaledDown: Story = { args: { src: LARGE_PNG } };
export const Dark: Story = { parameters: { theme: 'dark' } };
export const UnsafeUrlRefused: Story = { args: { src: 'javascript:alert(1)' } };
export const MissingAltRefused: Story = { args: { alt: '' } };
export const Loading: Story = { args: { loading: true } };
export const Empty: Story = { args: { src: '' } };
export const ErrorState: Story = { args: { error: 'Asset store unavailable', onRetry: () => {} } };
export const Widths: Story = { parameters: widthParameters('light'), render: atWidths(ImageWidget) };
export const WidthsDark: Story = { parameters: widthParameters('dark'), render: atWidths(ImageWidget) };
// the loading, empty and error states at each width, in both themes: the skeleton keeps the box
export const WidthsLoading: Story = {
  ...Loading,
  parameters: widthParameters('light'),
  render: atWidths(ImageWidget),
};
export const WidthsLoadingDark: Story = {
  ...Loading,
  parameters: widthParameters('dark'),
  render: atWidths(ImageWidget),
};
export const WidthsEmpty: Story = {
  ...Empty,
  parameters: widthParameters('light'),
  render: atWidths(ImageWidget),
};
export const WidthsEmptyDark: Story = {
  ...Empty,
  parameters: widthParameters('dark'),
  render: atWidths(ImageWidget),
};
export const WidthsError: Story = {
  ...ErrorState,
  parameters: widthParameters('light'),
  render: atWidths(ImageWidget),
};
export const WidthsErrorDark: Story = {
  ...ErrorState,
  parameters: widthParameters('dark'),
  render: atWidths(ImageWidget),
};
