import { Component, type ComponentType, type ErrorInfo, type ReactElement, type ReactNode } from 'react';

/** Props of {@link WidgetErrorBoundary}. */
export interface WidgetErrorBoundaryProps {
  /** What may fail to render. */
  readonly children: ReactNode;
  /** The widget's title, to name it in the error state. */
  readonly title?: string | undefined;
  /** When any of these changes (by `Object.is`) after a failure, the children are rendered again. */
  readonly resetKeys?: readonly unknown[] | undefined;
  /**
   * Draw the error state inside a widget `<section>` of its own, for a boundary placed around a
   * whole widget (its frame failed with it); by default only the state is drawn, inside a frame.
   */
  readonly standalone?: boolean | undefined;
  /** Fixed class of the widget type for the standalone section, e.g. `arion-line-chart`. */
  readonly kind?: string | undefined;
  /** Told of every error caught, with React's component stack (e.g. to log it). */
  readonly onError?: ((error: unknown, info: ErrorInfo) => void) | undefined;
}

interface WidgetErrorBoundaryState {
  readonly error: unknown;
  readonly failed: boolean;
  readonly resetKeys: readonly unknown[] | undefined;
}

function changed(a: readonly unknown[] | undefined, b: readonly unknown[] | undefined): boolean {
  if (a === b) return false;
  if (!a || !b || a.length !== b.length) return true;
  return a.some((value, i) => !Object.is(value, b[i]));
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : 'An unexpected error occurred while drawing it.';
}

/**
 * Catches an error thrown while rendering a widget and shows the widget's error state in its
 * place, so that one failing widget never takes its siblings (or the page) down with it. The
 * state offers "Try again"; a change of `resetKeys` (new data) tries again by itself.
 * Every widget's frame puts one around its content, and every exported widget has one around it.
 *
 * @example <WidgetErrorBoundary title="Notes" resetKeys={[markdown]}><Notes markdown={markdown} /></WidgetErrorBoundary>
 */
export class WidgetErrorBoundary extends Component<WidgetErrorBoundaryProps, WidgetErrorBoundaryState> {
  override state: WidgetErrorBoundaryState = { error: undefined, failed: false, resetKeys: undefined };

  static getDerivedStateFromError(error: unknown): Partial<WidgetErrorBoundaryState> {
    return { error, failed: true };
  }

  static getDerivedStateFromProps(
    props: WidgetErrorBoundaryProps,
    state: WidgetErrorBoundaryState,
  ): Partial<WidgetErrorBoundaryState> | null {
    if (!changed(props.resetKeys, state.resetKeys)) return null;
    return { resetKeys: props.resetKeys, ...(state.failed ? { error: undefined, failed: false } : {}) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    this.props.onError?.(error, info);
  }

  private readonly retry = (): void => {
    this.setState({ error: undefined, failed: false });
  };

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    const { title, standalone, kind } = this.props;
    const state = (
      <div className="arion-state arion-state-error" role="alert">
        <span>Could not show{title ? ` ${title}` : ' this widget'}.</span>
        <span className="arion-state-detail">{messageOf(this.state.error)}</span>
        <button type="button" className="arion-button" onClick={this.retry}>
          Try again
        </button>
      </div>
    );
    if (!standalone) return state;
    return (
      <section className={['arion-widget', kind, 'arion-widget-failed'].filter(Boolean).join(' ')}>
        <div className="arion-widget-body">{state}</div>
      </section>
    );
  }
}

/**
 * Wraps a widget in a standalone {@link WidgetErrorBoundary}: an error thrown anywhere in it,
 * its frame included, shows the error state in the widget's place. The boundary tries again
 * when any prop changes.
 */
export function withWidgetErrorBoundary<P extends object>(
  Widget: ComponentType<P>,
  kind: string,
): (props: P) => ReactElement {
  const name = Widget.displayName ?? Widget.name;
  const Guarded = (props: P): ReactElement => {
    const title = (props as { readonly title?: unknown }).title;
    return (
      <WidgetErrorBoundary
        standalone
        kind={kind}
        title={typeof title === 'string' ? title : undefined}
        resetKeys={Object.values(props)}
      >
        <Widget {...props} />
      </WidgetErrorBoundary>
    );
  };
  Object.defineProperty(Guarded, 'name', { value: name });
  return Guarded;
}
