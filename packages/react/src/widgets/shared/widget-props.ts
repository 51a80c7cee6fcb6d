import type { ThemeName } from '../../theme/palette';

/** Props every widget takes besides its data: frame, states and theme. */
export interface WidgetBaseProps {
  /** Heading; also names the chart for screen readers. */
  readonly title?: string | undefined;
  /** One sentence under the title. */
  readonly description?: string | undefined;
  /** BCP 47 locale for numbers and dates (default `en-US`). */
  readonly locale?: string | undefined;
  /** Shows the skeleton instead of the content. */
  readonly loading?: boolean | undefined;
  /** Shows the error message (and a Retry button when `onRetry` is given). */
  readonly error?: Error | string | null | undefined;
  /** Called by the Retry button of the error state. */
  readonly onRetry?: (() => void) | undefined;
  /** Text of the empty state (default: says that there is no data for the period). */
  readonly emptyMessage?: string | undefined;
  /** Forces a theme on this widget; by default it follows the nearest `data-arion-theme`. */
  readonly theme?: ThemeName | undefined;
  /** Fixed width in px (default: the container's width). */
  readonly width?: number | undefined;
  /** Fixed height in px of the plot (default: the container's height, else the widget's default). */
  readonly height?: number | undefined;
  /** Extra class names on the widget's root element. */
  readonly className?: string | undefined;
}

/** Default text of the empty state. */
export const DEFAULT_EMPTY_MESSAGE = 'No data for the selected period.';
