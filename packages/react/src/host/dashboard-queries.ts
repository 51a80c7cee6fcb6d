/**
 * The host's server data through TanStack Query: the dashboard (with its widgets) and the one
 * dashboard-data request for every widget. Keys carry the client (two clients never share
 * entries) and the viewer's selection (a filter change is a new request); refetches follow
 * `refresh_interval_seconds` and stop while the tab is hidden.
 */
import type { TimeRangeInput } from '@arion-metrics/core';
import { keepPreviousData, type QueryClient, useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { MetricsClient } from '../client/create-metrics-client';
import type { DashboardData, DashboardDataQuery, WidgetData } from '../client/route-types';
import type { HostFilters } from './host-store';

const clientKeys = new WeakMap<MetricsClient, number>();
let lastClientKey = 0;

/** A number naming `client` in query keys. */
function clientKey(client: MetricsClient): number {
  const known = clientKeys.get(client);
  if (known !== undefined) return known;
  lastClientKey += 1;
  clientKeys.set(client, lastClientKey);
  return lastClientKey;
}

/** What the viewer selected, as it goes into a query key and a request. */
export interface DataSelection {
  readonly timeRange: TimeRangeInput | null;
  readonly filters: HostFilters;
}

/** The dashboard-data query of a selection (no time range: the dashboard's and widgets' defaults). */
export function toDataQuery(selection: DataSelection): DashboardDataQuery {
  const range = selection.timeRange;
  const filters = Object.fromEntries(Object.entries(selection.filters).filter(([, v]) => v !== undefined));
  return {
    ...(typeof range === 'string' ? { preset: range } : range ? { from: range.from, to: range.to } : {}),
    ...(Object.keys(filters).length ? { filters } : {}),
  };
}

/** Query key of the dashboard with its widgets. */
export const dashboardKey = (client: MetricsClient, dashboardId: string) =>
  ['arion-metrics', clientKey(client), 'dashboard', dashboardId] as const;

/** Query key of the dashboard's data for a selection. */
export const dashboardDataKey = (client: MetricsClient, dashboardId: string, selection: DataSelection) =>
  ['arion-metrics', clientKey(client), 'dashboard-data', dashboardId, selection] as const;

/** The dashboard and its widgets. */
export function useDashboard(client: MetricsClient, dashboardId: string) {
  return useQuery({
    queryKey: dashboardKey(client, dashboardId),
    queryFn: ({ signal }) => client.dashboards.get(dashboardId, { signal }),
  });
}

/** Milliseconds between refetches, or `false` for none. */
export function refreshMs(seconds: number | null | undefined): number | false {
  return seconds != null && seconds > 0 ? seconds * 1000 : false;
}

/**
 * Every widget's data in one request; refetched every `refreshSeconds` while the tab is visible.
 * The previous selection's data stays shown while a new selection loads.
 */
export function useDashboardData(
  client: MetricsClient,
  dashboardId: string,
  selection: DataSelection,
  refreshSeconds: number | null | undefined,
) {
  return useQuery({
    queryKey: dashboardDataKey(client, dashboardId, selection),
    queryFn: ({ signal }) => client.dashboards.data(dashboardId, toDataQuery(selection), { signal }),
    refetchInterval: refreshMs(refreshSeconds),
    refetchIntervalInBackground: false,
    placeholderData: keepPreviousData,
  });
}

/** `entries` with each widget of `fresh` replaced (or added). */
function mergeWidgets(entries: readonly WidgetData[], fresh: readonly WidgetData[]): WidgetData[] {
  const byId = new Map(fresh.map((w) => [w.widgetId, w]));
  const merged = entries.map((w) => byId.get(w.widgetId) ?? w);
  for (const w of fresh) if (!entries.some((e) => e.widgetId === w.widgetId)) merged.push(w);
  return merged;
}

/**
 * Re-requests one widget's data alone (its `widgets` query parameter) and puts it into the
 * dashboard-data entry of the selection, so the other widgets are neither re-requested nor redrawn.
 */
export function useRefetchWidget(
  queryClient: QueryClient,
  client: MetricsClient,
  dashboardId: string,
  selection: DataSelection,
) {
  return useCallback(
    async (widgetId: string): Promise<void> => {
      const fresh = await client.dashboards.data(dashboardId, {
        ...toDataQuery(selection),
        widgetIds: [widgetId],
      });
      queryClient.setQueryData<DashboardData>(dashboardDataKey(client, dashboardId, selection), (old) =>
        old ? { ...old, widgets: mergeWidgets(old.widgets, fresh.widgets) } : fresh,
      );
    },
    [queryClient, client, dashboardId, selection],
  );
}

/**
 * A widget with its own `refresh_interval_override`: its data re-requested alone on that
 * interval (starting from the dashboard request's answer, so loading costs no extra request).
 * Without an override it returns `initial` and requests nothing.
 */
export function useWidgetRefresh(
  client: MetricsClient,
  dashboardId: string,
  selection: DataSelection,
  widgetId: string,
  overrideSeconds: number | null,
  initial: WidgetData | undefined,
  initialAt: number,
): WidgetData | undefined {
  const interval = refreshMs(overrideSeconds);
  const query = useQuery({
    queryKey: [...dashboardDataKey(client, dashboardId, selection), 'widget', widgetId],
    queryFn: async ({ signal }) =>
      (
        await client.dashboards.data(
          dashboardId,
          { ...toDataQuery(selection), widgetIds: [widgetId] },
          { signal },
        )
      ).widgets.find((w) => w.widgetId === widgetId) ?? null,
    enabled: interval !== false && initial !== undefined,
    initialData: initial ?? null,
    initialDataUpdatedAt: initialAt,
    staleTime: interval === false ? Number.POSITIVE_INFINITY : interval,
    refetchInterval: interval,
    refetchIntervalInBackground: false,
  });
  if (interval === false) return initial;
  // The newer of the widget's own answer and the dashboard request's.
  return query.dataUpdatedAt > initialAt && query.data ? query.data : initial;
}
