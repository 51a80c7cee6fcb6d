import { type ReactNode, useId } from 'react';
import { WidgetErrorBoundary } from './widget-error-boundary';
import type { WidgetBaseProps } from './widget-props';
import { EmptyState, ErrorState } from './widget-states';

/** Props of {@link WidgetFrame}. */
export interface WidgetFrameProps
  extends Pick<
    WidgetBaseProps,
    'title' | 'description' | 'loading' | 'error' | 'onRetry' | 'emptyMessage' | 'theme' | 'className'
  > {
  /** Fixed class of the widget type, e.g. `arion-line-chart`. */
  readonly kind: string;
  /** Whether there is nothing to draw (shows the empty state). */
  readonly isEmpty?: boolean;
  /** The drawn content (rendered only in the normal state). */
  readonly children: ReactNode;
  /** Extra content after the header in every state (e.g. a legend). */
  readonly footer?: ReactNode;
  /** Drawn inside the loading state: a skeleton in the widget's shape (default: a plain block). */
  readonly skeleton?: ReactNode;
  /**
   * Placeholder of `footer` (a skeleton legend): shown while loading and kept, invisible, in the
   * empty and error states, so the box keeps its height in every state.
   */
  readonly loadingFooter?: ReactNode;
  /**
   * Height (px) of the body in the loading, empty and error states: the height of the drawing
   * with data, so the widget's box does not change when the data arrives.
   */
  readonly bodyHeight?: number | undefined;
}

/** The props of {@link WidgetFrame} that every widget passes through unchanged from its own props. */
export type FramePassThroughProps = Pick<
  WidgetBaseProps,
  'title' | 'description' | 'loading' | 'error' | 'onRetry' | 'emptyMessage' | 'theme' | 'className'
>;

/** Picks the pass-through frame props (title, states, theme, class) from a widget's props. */
export function frameProps(props: WidgetBaseProps): FramePassThroughProps {
  const { title, description, loading, error, onRetry, emptyMessage, theme, className } = props;
  return {
    title,
    description,
    loading,
    error,
    onRetry,
    emptyMessage,
    theme,
    className,
  } as FramePassThroughProps;
}

/**
 * The frame shared by all widgets: a `<section>` named by its title, with the loading
 * skeleton, the empty and the error state, and the theme attribute. The content is rendered
 * inside a {@link WidgetErrorBoundary}.
 */
export function WidgetFrame(props: WidgetFrameProps) {
  const titleId = useId();
  const { title, description, loading, error, onRetry, emptyMessage, theme, className, kind, isEmpty } =
    props;
  const stateStyle = props.bodyHeight === undefined ? undefined : { minHeight: props.bodyHeight };
  let body: ReactNode;
  if (loading) {
    body = (
      <div
        className={props.skeleton ? 'arion-skeleton-frame' : 'arion-skeleton'}
        role="status"
        aria-live="polite"
        style={stateStyle}
      >
        {props.skeleton}
        <span className="arion-visually-hidden">Loading{title ? ` ${title}` : ''}…</span>
      </div>
    );
  } else if (error != null && error !== '') {
    body = <ErrorState title={title} error={error} onRetry={onRetry} style={stateStyle} />;
  } else if (isEmpty) {
    body = <EmptyState message={emptyMessage} style={stateStyle} />;
  } else {
    // a content that throws while rendering shows the error state here, and its siblings stay
    body = <WidgetErrorBoundary title={title}>{props.children}</WidgetErrorBoundary>;
  }
  const showsContent = !loading && (error == null || error === '') && !isEmpty;
  return (
    <section
      className={['arion-widget', kind, theme ? `arion-theme-${theme}` : null, className]
        .filter(Boolean)
        .join(' ')}
      data-arion-theme={theme}
      aria-labelledby={title ? titleId : undefined}
      aria-busy={loading ? true : undefined}
    >
      {title || description ? (
        <header className="arion-widget-header">
          {title ? (
            <h3 className="arion-widget-title" id={titleId}>
              {title}
            </h3>
          ) : null}
          {description ? <p className="arion-widget-description">{description}</p> : null}
        </header>
      ) : null}
      <div className="arion-widget-body">{body}</div>
      {showsContent ? props.footer : null}
      {!showsContent && props.loadingFooter ? (
        <div style={loading ? undefined : { visibility: 'hidden' }}>{props.loadingFooter}</div>
      ) : null}
    </section>
  );
}
