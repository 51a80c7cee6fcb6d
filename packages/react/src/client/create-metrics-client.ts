/**
 * The typed client: one method per route a host needs, built on {@link createMetricsTransport}.
 * Each method returns the parsed body (timestamps revived); `update` takes the version the caller
 * read and sends it as `If-Match`, so a stale write is a 412 {@link MetricsApiError}.
 */
import type {
  DashboardWidgetRow,
  MetricCalculationRow,
  MetricDefinitionRow,
  MetricSnapshotRow,
} from '@arion-metrics/core';
import { createMetricsTransport, type MetricsClientOptions, type MetricsTransport } from './metrics-client';
import type {
  DashboardCreate,
  DashboardData,
  DashboardDataQuery,
  DashboardListQuery,
  DashboardRecord,
  DashboardUpdate,
  DashboardWithWidgets,
  LatestQuery,
  MetricListQuery,
  Page,
  SeriesQuery,
  SnapshotQuery,
  WidgetCreate,
  WidgetUpdate,
} from './route-types';

/** Per-call options: a signal that cancels the request (and any wait between retries). */
export interface CallOptions {
  readonly signal?: AbortSignal;
}

/** The typed client of the Arion Metrics HTTP API. */
export interface MetricsClient {
  readonly dashboards: {
    /** The dashboards the principal can see (owned, shared, public), by name; one page. */
    list(query?: DashboardListQuery, options?: CallOptions): Promise<Page<DashboardRecord>>;
    /** A dashboard with its widgets. */
    get(id: string, options?: CallOptions): Promise<DashboardWithWidgets>;
    /** Creates a dashboard owned by the principal. */
    create(input: DashboardCreate, options?: CallOptions): Promise<DashboardRecord>;
    /** Changes a dashboard at `version` (the one read); a stale version is a 412 error. */
    update(
      id: string,
      patch: DashboardUpdate,
      version: number,
      options?: CallOptions,
    ): Promise<DashboardRecord>;
    /** Soft-deletes a dashboard (admin); with `version`, only if it is still the current one. */
    delete(id: string, version?: number, options?: CallOptions): Promise<void>;
    /** Makes the dashboard the organization's default of its type (admin; idempotent). */
    setDefault(id: string, options?: CallOptions): Promise<DashboardRecord>;
    /** Every visible widget's data (or the listed widgets') in one request. */
    data(id: string, query?: DashboardDataQuery, options?: CallOptions): Promise<DashboardData>;
  };
  readonly widgets: {
    /** The widgets of a dashboard, top to bottom then left to right. */
    list(dashboardId: string, options?: CallOptions): Promise<Page<DashboardWidgetRow>>;
    /** One widget. */
    get(id: string, options?: CallOptions): Promise<DashboardWidgetRow>;
    /** Adds a widget to a dashboard (edit permission). */
    create(dashboardId: string, input: WidgetCreate, options?: CallOptions): Promise<DashboardWidgetRow>;
    /** Changes a widget (edit permission). */
    update(id: string, patch: WidgetUpdate, options?: CallOptions): Promise<DashboardWidgetRow>;
    /** Removes a widget (edit permission). */
    delete(id: string, options?: CallOptions): Promise<void>;
  };
  readonly metrics: {
    /** The metrics the principal can see, by name, filtered; one page. */
    list(query?: MetricListQuery, options?: CallOptions): Promise<Page<MetricDefinitionRow>>;
    /** One metric. */
    get(id: string, options?: CallOptions): Promise<MetricDefinitionRow>;
    /** The calculations of a metric in a range. */
    calculations(id: string, query: SeriesQuery, options?: CallOptions): Promise<Page<MetricCalculationRow>>;
    /** The snapshots (rollups) of a metric between two local dates. */
    snapshots(id: string, query: SnapshotQuery, options?: CallOptions): Promise<Page<MetricSnapshotRow>>;
  };
  readonly values: {
    /** The latest calculated value of each metric, in the order asked (metrics without a value are left out). */
    latest(query: LatestQuery, options?: CallOptions): Promise<Page<MetricCalculationRow>>;
  };
}

/** `/prefix/<id>` with the id encoded; an empty or non-string id is refused before any request. */
function at(prefix: string, id: unknown, suffix = ''): string {
  if (typeof id !== 'string' || id === '') {
    throw new TypeError(`id: got ${JSON.stringify(id)}; allowed: a non-empty string (a UUID)`);
  }
  return `${prefix}/${encodeURIComponent(id)}${suffix}`;
}

/** The query of `GET /dashboards/:id/data` as the server reads it. */
function dataQuery(query: DashboardDataQuery) {
  if ((query.from === undefined) !== (query.to === undefined)) {
    throw new TypeError(
      `from/to: got from=${String(query.from)}, to=${String(query.to)}; allowed: both or neither`,
    );
  }
  const filters = query.filters && Object.keys(query.filters).length > 0 ? query.filters : undefined;
  return {
    widgets: query.widgetIds?.length ? query.widgetIds.join(',') : undefined,
    preset: query.preset,
    from: query.from,
    to: query.to,
    filters: filters ? JSON.stringify(filters) : undefined,
  };
}

/** Ranges on the wire are ISO strings under keys the transport does not revive (`from`, `to`). */
function reviveRanges(data: DashboardData): DashboardData {
  const range = <R extends { from: unknown; to: unknown }>(r: R): R => ({
    ...r,
    from: new Date(r.from as string),
    to: new Date(r.to as string),
  });
  return {
    ...data,
    widgets: data.widgets.map((w) =>
      w.ok
        ? { ...w, range: range(w.range), comparisonRange: w.comparisonRange && range(w.comparisonRange) }
        : w,
    ),
  };
}

/**
 * Creates the typed client.
 *
 * @example
 * const client = createMetricsClient({ baseUrl: '/api/metrics', getToken: () => session.token });
 * const dashboard = await client.dashboards.get(id);
 * const renamed = await client.dashboards.update(id, { dashboard_name: 'Risk' }, dashboard.version);
 */
export function createMetricsClient(options: MetricsClientOptions): MetricsClient {
  const transport: MetricsTransport = createMetricsTransport(options);
  const get = async <T>(path: string, query?: object, call?: CallOptions): Promise<T> =>
    (
      await transport.request<T>(path, {
        ...(query ? { query: query as Record<string, string> } : {}),
        ...(call?.signal ? { signal: call.signal } : {}),
      })
    ).data;
  const send = async <T>(
    method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    body: unknown,
    call?: CallOptions,
    version?: number,
  ): Promise<T> =>
    (
      await transport.request<T>(path, {
        method,
        ...(body === undefined ? {} : { body }),
        ...(version === undefined ? {} : { ifMatch: `"${version}"` }),
        ...(call?.signal ? { signal: call.signal } : {}),
      })
    ).data;

  return {
    dashboards: {
      list: (query = {}, call) => get('/dashboards', query, call),
      get: (id, call) => get(at('/dashboards', id), undefined, call),
      create: (input, call) => send('POST', '/dashboards', input, call),
      update: (id, patch, version, call) => {
        if (!Number.isInteger(version) || version < 1) {
          throw new TypeError(
            `version: got ${JSON.stringify(version)}; allowed: the integer version read (>= 1)`,
          );
        }
        return send('PATCH', at('/dashboards', id), patch, call, version);
      },
      delete: (id, version, call) => send('DELETE', at('/dashboards', id), undefined, call, version),
      setDefault: (id, call) => send('PUT', at('/dashboards', id, '/default'), undefined, call),
      data: async (id, query = {}, call) =>
        reviveRanges(await get<DashboardData>(at('/dashboards', id, '/data'), dataQuery(query), call)),
    },
    widgets: {
      list: (dashboardId, call) => get(at('/dashboards', dashboardId, '/widgets'), undefined, call),
      get: (id, call) => get(at('/widgets', id), undefined, call),
      create: (dashboardId, input, call) =>
        send('POST', at('/dashboards', dashboardId, '/widgets'), input, call),
      update: (id, patch, call) => send('PATCH', at('/widgets', id), patch, call),
      delete: (id, call) => send('DELETE', at('/widgets', id), undefined, call),
    },
    metrics: {
      list: (query = {}, call) => get('/metrics', query, call),
      get: (id, call) => get(at('/metrics', id), undefined, call),
      calculations: (id, query, call) => get(at('/metrics', id, '/calculations'), query, call),
      snapshots: (id, query, call) => get(at('/metrics', id, '/snapshots'), query, call),
    },
    values: {
      latest: (query, call) =>
        get('/values/latest', { ...query, metricIds: query.metricIds.join(',') }, call),
    },
  };
}
