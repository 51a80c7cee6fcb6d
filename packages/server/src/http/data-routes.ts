/** The one request a dashboard needs: every widget's data for the viewer's filters. */
import {
  type DashboardFilterState,
  type LockedFilters,
  SNAPSHOT_TYPES,
  type TimeRangeInput,
} from '@arion-metrics/core';
import { z } from '@hono/zod-openapi';
import type { Api, RouteContext } from './api';
import { badInput } from './conventions';
import { loadDashboardData, type WidgetData } from './dashboard-data';
import { defineRoute, json } from './define-route';
import { assertWithinLockedFilters } from './embed-access';
import { DashboardDataQuery, IdParams, uuid } from './schemas';

const scalar = z.union([z.string().max(200), z.number(), z.boolean(), z.null()]);
const FilterState = z.strictObject({
  aggregationLevel: z.string().min(1).max(100).optional(),
  aggregationIds: z.array(uuid).max(1000).optional(),
  snapshotType: z.enum(SNAPSHOT_TYPES).optional(),
  dimensions: z.record(z.string().max(100), z.union([scalar, z.array(scalar).max(1000)])).optional(),
});

const DashboardData = z
  .object({
    dashboardId: uuid,
    version: z.number().int(),
    widgets: z.array(z.looseObject({ widgetId: uuid, ok: z.boolean() })),
  })
  .openapi('DashboardData');

/** Registers `GET /dashboards/:id/data`. */
export function dataRoutes(api: Api, context: RouteContext): void {
  defineRoute(
    api,
    {
      method: 'get',
      path: '/dashboards/:id/data',
      tag: 'dashboards',
      summary: 'The data of every visible widget (or the listed ones) in one round trip',
      description:
        'Each widget gets `{ ok: true, reads }` or `{ ok: false, error }` in its own slot: one failing widget does not fail the rest. ' +
        'The time range is `preset`, or `from` and `to` together, or each widget’s and the dashboard’s defaults.',
      params: IdParams,
      query: DashboardDataQuery,
      success: {
        status: 200,
        description: 'One entry per widget, in the dashboard’s order',
        schema: DashboardData,
      },
      problems: [400, 404],
    },
    async (c, { params, query }) => {
      const store = c.var.store;
      const filters = parseFilters(query);
      const embed = store.principal.embed;
      if (embed) assertWithinLockedFilters(filters, embed.lockedFilters);
      const wanted = parseWidgetIds(query.widgets);
      const dashboard = await store.dashboards.get(params.id);
      const widgets = await store.widgets.list(params.id, { visibleOnly: true });
      const selected = wanted ? widgets.filter((w) => wanted.includes(w.id)) : widgets;
      const organization = await context.db
        .selectFrom('organizations')
        .select('time_zone')
        .where('id', '=', store.principal.organizationId)
        .executeTakeFirstOrThrow();
      const data = await loadDashboardData(
        store,
        dashboard,
        selected,
        filters,
        { now: context.now(), timeZone: organization.time_zone },
        embed?.lockedFilters as LockedFilters | undefined,
      );
      const missing: WidgetData[] = (wanted ?? [])
        .filter((id) => !selected.some((w) => w.id === id))
        .map((id) => ({
          widgetId: id,
          ok: false,
          error: {
            code: 'not_found',
            field: 'widgets',
            value: id,
            allowed: 'the id of a visible widget of this dashboard',
            message: `widget ${JSON.stringify(id)} is not a visible widget of this dashboard`,
          },
        }));
      return json({ dashboardId: dashboard.id, version: dashboard.version, widgets: [...data, ...missing] });
    },
  );
}

/** The listed widget ids (at most 100, no repeats), or undefined for every widget. */
function parseWidgetIds(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const ids = text.split(',');
  if (ids.length > 100) badInput('widgets', `${ids.length} ids`, 'at most 100 comma-separated widget ids');
  for (const id of ids) if (!uuid.safeParse(id).success) badInput('widgets', id, 'comma-separated UUIDs');
  return [...new Set(ids)];
}

/** The viewer's selection from `preset` / `from` + `to` and the `filters` JSON. */
function parseFilters(query: z.infer<typeof DashboardDataQuery>): DashboardFilterState {
  let timeRange: TimeRangeInput | undefined;
  if (query.preset !== undefined) {
    if (query.from !== undefined || query.to !== undefined)
      badInput('preset', query.preset, 'either preset, or from and to, not both');
    timeRange = query.preset;
  } else if (query.from !== undefined || query.to !== undefined) {
    if (query.from === undefined) badInput('from', null, 'an ISO 8601 instant (to needs from)');
    if (query.to === undefined) badInput('to', null, 'an ISO 8601 instant (from needs to)');
    if (Date.parse(query.from) >= Date.parse(query.to))
      badInput('to', query.to, `an instant after from (${query.from})`);
    timeRange = { from: query.from, to: query.to };
  }
  let selection: z.infer<typeof FilterState> = {};
  if (query.filters !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(query.filters);
    } catch {
      badInput('filters', query.filters, 'JSON text of an object');
    }
    const result = FilterState.safeParse(parsed);
    if (!result.success) {
      const issue = result.error.issues[0];
      const path = issue?.path.map(String) ?? [];
      let value: unknown = parsed;
      for (const key of path) value = (value as Record<string, unknown> | null)?.[key];
      badInput(['filters', ...path].join('.'), value, issue?.message ?? 'a valid value');
    }
    selection = result.data;
  }
  return { ...selection, ...(timeRange === undefined ? {} : { timeRange }) } as DashboardFilterState;
}
