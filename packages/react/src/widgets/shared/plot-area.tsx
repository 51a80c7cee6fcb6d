import type { CSSProperties, KeyboardEvent, MouseEvent, ReactNode, Ref } from 'react';
import type { PointNavigation } from '../../a11y/use-point-navigation';

/** Props of {@link PlotArea}. */
export interface PlotAreaProps {
  /** Text summary of the chart, read as the name of the `role="img"` drawing. */
  readonly summary: string;
  /** Width and height of the drawing. */
  readonly width: number;
  readonly height: number;
  /** The SVG content (inside an `<svg role="img">`). */
  readonly children: ReactNode;
  /** Overlays positioned over the drawing (tooltip). */
  readonly overlay?: ReactNode;
  /** Announcement of the active point for screen readers (aria-live). */
  readonly announcement?: string | null;
  /** Keyboard navigation handlers (see `usePointNavigation`); without them the plot is not focusable. */
  readonly onKeyDown?: ((event: KeyboardEvent) => void) | undefined;
  readonly onFocus?: (() => void) | undefined;
  readonly onBlur?: (() => void) | undefined;
  readonly onMouseMove?: ((event: MouseEvent<HTMLDivElement>) => void) | undefined;
  readonly onMouseLeave?: (() => void) | undefined;
  /** Container ref, for measuring. */
  readonly containerRef?: Ref<HTMLDivElement>;
  /** Name of the focusable group (default: tells to use the arrow keys). */
  readonly keyboardHint?: string;
  /** Style of the container (size, from `usePlotSize`). */
  readonly style?: CSSProperties;
}

/** The plot size as `usePlotSize` returns it: the container's ref and style, and the drawing's size. */
export interface PlotSize {
  readonly ref: Ref<HTMLDivElement>;
  readonly style: CSSProperties;
  readonly width: number;
  readonly height: number;
}

/** The {@link PlotArea} props that {@link plotAreaProps} fills in. */
export type PlotAreaSizeAndNavigationProps = Pick<
  PlotAreaProps,
  'containerRef' | 'style' | 'width' | 'height' | 'onKeyDown' | 'onFocus' | 'onBlur' | 'onMouseLeave'
>;

/**
 * The PlotArea props every chart sets the same way: container ref, style and size from
 * `usePlotSize`, and with a `usePointNavigation` the key, focus and blur handlers plus leaving
 * the point when the pointer leaves. Spread first; props written after it win.
 * @example <PlotArea {...plotAreaProps(size, nav)} summary={summary} onMouseMove={onMouseMove}>…</PlotArea>
 */
export function plotAreaProps(size: PlotSize, nav?: PointNavigation): PlotAreaSizeAndNavigationProps {
  const sized = { containerRef: size.ref, style: size.style, width: size.width, height: size.height };
  if (nav === undefined) return sized;
  return {
    ...sized,
    onKeyDown: nav.onKeyDown,
    onFocus: nav.onFocus,
    onBlur: nav.onBlur,
    onMouseLeave: () => nav.setActive(null),
  };
}

/**
 * The drawing of a chart: an `<svg role="img">` named by a text summary, inside one focusable
 * group that takes the arrow keys (the drawing itself has no focusable children, as `img`
 * requires), plus a polite live region that reads the active point.
 */
export function PlotArea(props: PlotAreaProps) {
  const focusable = props.onKeyDown !== undefined;
  return (
    // biome-ignore lint/a11y/useSemanticElements: a focusable chart area is not a form fieldset
    <div
      ref={props.containerRef}
      className="arion-plot"
      style={props.style}
      role="group"
      aria-label={
        focusable
          ? (props.keyboardHint ?? 'Chart data points: use the arrow keys to read each one.')
          : 'Chart'
      }
      tabIndex={focusable ? 0 : undefined}
      onKeyDown={props.onKeyDown}
      onFocus={props.onFocus}
      onBlur={props.onBlur}
      onMouseMove={props.onMouseMove}
      onMouseLeave={props.onMouseLeave}
    >
      <svg
        width={props.width}
        height={props.height}
        role="img"
        aria-label={props.summary}
        style={{ position: 'absolute', left: 0, top: 0 }}
      >
        {props.children}
      </svg>
      {props.overlay}
      <div className="arion-visually-hidden" aria-live="polite" aria-atomic="true">
        {props.announcement ?? ''}
      </div>
    </div>
  );
}
