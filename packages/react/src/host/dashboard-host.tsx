/**
 * `<DashboardHost>`: loads a stored dashboard and every widget's data (one request), lays the
 * widgets out by their positions, and offers the dashboard's filters and a theme switch. State
 * lives in a zustand store per host; server data in TanStack Query (its own QueryClient unless
 * one is given).
 */
import type { DashboardWidgetRow, LockedFilters } from '@arion-metrics/core';
import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useShallow } from 'zustand/shallow';
import type { MetricsClient } from '../client/create-metrics-client';
import type { DashboardWithWidgets, WidgetData } from '../client/route-types';
import type { ThemeName } from '../theme/palette';
import { useElementRef, useElementSize } from '../widgets/shared/use-element-size';
import {
  type DataSelection,
  useDashboard,
  useDashboardData,
  useRefetchWidget,
  useWidgetRefresh,
} from './dashboard-queries';
import { FilterBar } from './filter-bar';
import {
  DEFAULT_GRID_COLUMNS,
  DEFAULT_NARROW_WIDTH,
  DEFAULT_ROW_HEIGHT,
  gridPlacement,
  inPositionOrder,
} from './grid-layout';
import { createDashboardHostStore, type DashboardHostStore } from './host-store';
import { HostStoreProvider, useDashboardHostStore } from './host-store-context';
import { WidgetCell } from './widget-cell';
import { defaultWidgetRegistry, type WidgetRegistry } from './widget-registry';

/** Props of {@link DashboardHost}. */
export interface DashboardHostProps {
  /** The typed client (`createMetricsClient`) the host reads through. */
  readonly client: MetricsClient;
  /** The dashboard to show. */
  readonly dashboardId: string;
  /** Renderers added to (or replacing entries of) {@link defaultWidgetRegistry}, by `widget_type`. */
  readonly widgets?: WidgetRegistry | undefined;
  /** The application's QueryClient; by default the host creates its own. */
  readonly queryClient?: QueryClient | undefined;
  /** Filters the viewer may not change (those of an embed token): shown, never editable. */
  readonly lockedFilters?: LockedFilters | undefined;
  /** The organization's IANA time zone: presets are resolved and dates shown in it (default `UTC`). */
  readonly timeZone?: string | undefined;
  /** BCP 47 locale for numbers and dates (default `en-US`). */
  readonly locale?: string | undefined;
  /** Below this container width in px the widgets stack in one column (default 640). */
  readonly narrowWidth?: number | undefined;
  /** The clock for the time range shown in the filter bar (default: the current time). */
  readonly now?: (() => Date) | undefined;
  /** Extra class names on the host's root element. */
  readonly className?: string | undefined;
  /** A store made with `createDashboardHostStore` to drive the host from outside; by default its own. */
  readonly store?: DashboardHostStore | undefined;
}

/**
 * A stored dashboard, laid out and live.
 *
 * @example
 * const client = createMetricsClient({ baseUrl: '/api/metrics' });
 * <DashboardHost client={client} dashboardId={id} timeZone="Europe/Berlin" />
 */
export function DashboardHost(props: DashboardHostProps) {
  // The transport already retries what is safe to retry: the query layer does not retry again.
  const [ownQueryClient] = useState(() => new QueryClient({ defaultOptions: { queries: { retry: false } } }));
  const [ownStore] = useState(
    () => props.store ?? createDashboardHostStore({ locked: props.lockedFilters ?? {} }),
  );
  return (
    <QueryClientProvider client={props.queryClient ?? ownQueryClient}>
      <HostStoreProvider store={props.store ?? ownStore}>
        <HostBody {...props} />
      </HostStoreProvider>
    </QueryClientProvider>
  );
}

function HostBody(props: DashboardHostProps) {
  const { client, dashboardId } = props;
  const timeZone = props.timeZone ?? 'UTC';
  const locale = props.locale ?? 'en-US';
  const registry = useMemo(() => ({ ...defaultWidgetRegistry, ...props.widgets }), [props.widgets]);
  const selection: DataSelection = useDashboardHostStore(
    useShallow((s) => ({ timeRange: s.timeRange, filters: s.filters })),
  );
  const chosenTheme = useDashboardHostStore((s) => s.theme);
  const locked = useDashboardHostStore((s) => s.locked);
  const dashboard = useDashboard(client, dashboardId);
  const data = useDashboardData(client, dashboardId, selection, dashboard.data?.refresh_interval_seconds);
  const refetchWidget = useRefetchWidget(useQueryClient(), client, dashboardId, selection);
  const dashboardTheme: ThemeName = dashboard.data?.theme === 'dark' ? 'dark' : 'light';
  const theme = chosenTheme ?? dashboardTheme;
  const [element, ref] = useElementRef<HTMLDivElement>();
  const width = useElementSize(element, { width: 1024, height: 0 }).width;
  const narrow = width < (props.narrowWidth ?? DEFAULT_NARROW_WIDTH);

  const className = ['arion-host', props.className].filter(Boolean).join(' ');
  if (dashboard.isError) {
    return (
      <div ref={ref} className={className} data-arion-theme={theme}>
        <div className="arion-state arion-state-error" role="alert">
          <span className="arion-state-message">Could not load the dashboard.</span>
          <span className="arion-state-detail">{dashboard.error.message}</span>
          <button type="button" className="arion-button" onClick={() => dashboard.refetch()}>
            Retry
          </button>
        </div>
      </div>
    );
  }
  const loaded = dashboard.data;
  return (
    <div
      ref={ref}
      className={className}
      data-arion-theme={theme}
      data-layout={narrow ? 'stacked' : 'grid'}
      aria-busy={loaded === undefined || data.isFetching}
    >
      {loaded === undefined ? (
        <p className="arion-host-loading" role="status">
          Loading dashboard…
        </p>
      ) : (
        <>
          <header className="arion-host-header">
            <h2 className="arion-host-title">{loaded.dashboard_name}</h2>
            {loaded.description ? <p className="arion-host-description">{loaded.description}</p> : null}
            <FilterBar
              filtersConfig={loaded.filters_config}
              locked={locked}
              timeZone={timeZone}
              now={(props.now ?? (() => new Date()))()}
              locale={locale}
              dashboardTheme={dashboardTheme}
            />
          </header>
          <HostGrid
            dashboard={loaded}
            narrow={narrow}
            entries={data.data?.widgets}
            dataUpdatedAt={data.dataUpdatedAt}
            requestError={data.isError && data.data === undefined ? data.error : null}
            selection={selection}
            client={client}
            registry={registry}
            theme={theme}
            locale={locale}
            timeZone={timeZone}
            onRetry={refetchWidget}
          />
        </>
      )}
    </div>
  );
}

interface HostGridProps {
  readonly dashboard: DashboardWithWidgets;
  readonly narrow: boolean;
  readonly entries: readonly WidgetData[] | undefined;
  readonly dataUpdatedAt: number;
  readonly requestError: Error | null;
  readonly selection: DataSelection;
  readonly client: MetricsClient;
  readonly registry: WidgetRegistry;
  readonly theme: ThemeName;
  readonly locale: string;
  readonly timeZone: string;
  readonly onRetry: (widgetId: string) => Promise<void>;
}

/** The widgets on the dashboard's grid, or stacked in position order on a narrow container. */
function HostGrid(props: HostGridProps) {
  const { dashboard, narrow } = props;
  const cols = dashboard.layout_config?.cols ?? DEFAULT_GRID_COLUMNS;
  const rowHeight = dashboard.layout_config?.rowHeight ?? DEFAULT_ROW_HEIGHT;
  const [gapX, gapY] = dashboard.layout_config?.margin ?? [16, 16];
  const widgets = inPositionOrder(dashboard.widgets.filter((w) => w.is_visible));
  if (widgets.length === 0) {
    return (
      <div className="arion-state arion-state-empty" role="status">
        <span className="arion-state-message">This dashboard has no widgets yet.</span>
      </div>
    );
  }
  return (
    <div
      className="arion-host-grid"
      style={
        narrow
          ? { display: 'flex', flexDirection: 'column', gap: gapY }
          : {
              display: 'grid',
              gridTemplateColumns: `repeat(${cols}, minmax(0, 1fr))`,
              gridAutoRows: rowHeight,
              columnGap: gapX,
              rowGap: gapY,
            }
      }
    >
      {widgets.map((widget) => (
        <HostedCell
          key={widget.id}
          {...props}
          widget={widget}
          style={
            narrow
              ? { height: widget.position.h * rowHeight + (widget.position.h - 1) * gapY }
              : gridPlacement(widget.position, cols)
          }
        />
      ))}
    </div>
  );
}

/** A cell with its data: the dashboard request's entry, or the widget's own refresh when it has one. */
function HostedCell(
  props: HostGridProps & { readonly widget: DashboardWidgetRow; readonly style: React.CSSProperties },
) {
  const { widget } = props;
  const initial = props.entries?.find((e) => e.widgetId === widget.id);
  const entry = useWidgetRefresh(
    props.client,
    props.dashboard.id,
    props.selection,
    widget.id,
    widget.refresh_interval_override,
    initial,
    props.dataUpdatedAt,
  );
  const retry = props.onRetry;
  return (
    <WidgetCell
      widget={widget}
      entry={entry}
      requestError={props.requestError}
      registry={props.registry}
      style={props.style}
      theme={props.theme}
      locale={props.locale}
      timeZone={props.timeZone}
      onRetry={() => void retry(widget.id).catch(() => undefined)}
    />
  );
}
