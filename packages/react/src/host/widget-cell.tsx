/**
 * One widget in the host's grid: placed by its position, drawn through the registry inside its
 * own error boundary, as a loading skeleton (at the cell's final size) until its data has come
 * and it has scrolled near the viewport, with its status written to the host's store.
 */
import type { DashboardWidgetRow } from '@arion-metrics/core';
import { type CSSProperties, useEffect, useState } from 'react';
import type { WidgetData } from '../client/route-types';
import type { ThemeName } from '../theme/palette';
import { WidgetErrorBoundary } from '../widgets/shared/widget-error-boundary';
import type { WidgetStatus } from './host-store';
import { useDashboardHostStore } from './host-store-context';
import { useInView } from './use-in-view';
import type { WidgetRegistry } from './widget-registry';

/** Props of {@link WidgetCell}. */
export interface WidgetCellProps {
  readonly widget: DashboardWidgetRow;
  /** Its entry of the dashboard-data response, or undefined while loading. */
  readonly entry: WidgetData | undefined;
  /** The whole request failed (every widget shows it). */
  readonly requestError: Error | null;
  readonly registry: WidgetRegistry;
  readonly style: CSSProperties;
  readonly theme: ThemeName;
  readonly locale: string;
  readonly timeZone: string;
  /** Re-requests this widget's data alone. */
  readonly onRetry: () => void;
}

/** What the widget shows, for the store and the `data-status` attribute. */
export function widgetStatusOf(
  entry: WidgetData | undefined,
  requestError: Error | null,
  type: string,
): WidgetStatus {
  if (requestError !== null || entry?.ok === false) return 'error';
  if (entry === undefined) return 'loading';
  if (type === 'text' || type === 'image') return 'ready';
  return entry.reads.some((r) => r.rows.length > 0) ? 'ready' : 'empty';
}

/** One widget of the grid. */
export function WidgetCell({
  widget,
  entry,
  requestError,
  registry,
  style,
  theme,
  locale,
  timeZone,
  onRetry,
}: WidgetCellProps) {
  const [element, setElement] = useState<HTMLDivElement | null>(null);
  const inView = useInView(element);
  const status = widgetStatusOf(entry, requestError, widget.widget_type);
  const setWidgetStatus = useDashboardHostStore((s) => s.setWidgetStatus);
  useEffect(() => setWidgetStatus(widget.id, status), [setWidgetStatus, widget.id, status]);

  const Renderer = registry[widget.widget_type];
  const error =
    Renderer === undefined
      ? `No renderer for widget_type "${widget.widget_type}"; allowed: ${Object.keys(registry).join(', ')} (or add one with the widgets prop)`
      : entry?.ok === false
        ? entry.error.message
        : requestError
          ? requestError.message
          : null;
  const base = {
    title: widget.widget_name,
    loading: status === 'loading' || !inView,
    error,
    onRetry,
    theme,
    locale,
  };
  return (
    <div
      ref={setElement}
      className="arion-host-cell"
      style={style}
      data-widget-id={widget.id}
      data-widget-type={widget.widget_type}
      data-status={status}
    >
      <WidgetErrorBoundary title={widget.widget_name} standalone kind="arion-host-widget" resetKeys={[entry]}>
        {Renderer ? (
          <Renderer widget={widget} data={entry?.ok ? entry : undefined} base={base} timeZone={timeZone} />
        ) : (
          <UnknownWidget title={widget.widget_name} message={error ?? ''} />
        )}
      </WidgetErrorBoundary>
    </div>
  );
}

/** A widget whose type has no renderer: an error state of its own. */
function UnknownWidget({ title, message }: { readonly title: string; readonly message: string }) {
  return (
    <section className="arion-widget arion-host-widget" aria-label={title}>
      <h3 className="arion-widget-title">{title}</h3>
      <p role="alert">{message}</p>
    </section>
  );
}
