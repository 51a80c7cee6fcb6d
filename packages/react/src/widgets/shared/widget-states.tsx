import type { CSSProperties } from 'react';
import { StateIcon } from './state-icon';
import { DEFAULT_EMPTY_MESSAGE } from './widget-props';

/** Props of {@link ErrorState}. */
export interface ErrorStateProps {
  /** The widget's title, named in the message ("Could not load Findings."). */
  readonly title?: string | undefined;
  /** The error, or its message. */
  readonly error: string | Error;
  /** Shows a Retry button that calls it. */
  readonly onRetry?: (() => void) | undefined;
  /** Extra classes (a widget that draws the state in its own box adds the box's class). */
  readonly className?: string | undefined;
  readonly style?: CSSProperties | undefined;
}

/** The error state of a widget: an icon, "Could not load …", the message and, with `onRetry`, a Retry button. */
export function ErrorState({ title, error, onRetry, className, style }: ErrorStateProps) {
  const message = typeof error === 'string' ? error : error.message;
  return (
    <div className={joinClasses('arion-state arion-state-error', className)} role="alert" style={style}>
      <StateIcon kind="error" />
      <span className="arion-state-message">Could not load{title ? ` ${title}` : ' this widget'}.</span>
      <span className="arion-state-detail">{message}</span>
      {onRetry ? (
        <button type="button" className="arion-button" onClick={onRetry}>
          Retry
        </button>
      ) : null}
    </div>
  );
}

/** Props of {@link EmptyState}. */
export interface EmptyStateProps {
  /** Default: "No data for the selected period." */
  readonly message?: string | undefined;
  readonly className?: string | undefined;
  readonly style?: CSSProperties | undefined;
}

/** The empty state of a widget: an icon and a short message. */
export function EmptyState({ message, className, style }: EmptyStateProps) {
  return (
    <div className={joinClasses('arion-state arion-state-empty', className)} role="status" style={style}>
      <StateIcon kind="empty" />
      <span className="arion-state-message">{message ?? DEFAULT_EMPTY_MESSAGE}</span>
    </div>
  );
}

function joinClasses(base: string, extra: string | undefined): string {
  return extra === undefined ? base : `${base} ${extra}`;
}
