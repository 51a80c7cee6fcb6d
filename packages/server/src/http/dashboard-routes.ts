/** Dashboards and their widgets: list, read (with widgets), create, update by version, delete, default. */
import type { DashboardInput, DashboardPatch } from '../store/dashboard-repository';
import type { WidgetInput, WidgetPatch } from '../store/widget-repository';
import type { Api } from './api';
import { ifMatchVersion, listPage } from './conventions';
import { defineRoute, json, noContent } from './define-route';
import { etagOf } from './problem';
import {
  DashboardBody,
  DashboardListQuery,
  DashboardPatchBody,
  DELETED,
  IdParams,
  ONE_PAGE,
  Page,
  Row,
  WidgetBody,
  WidgetPatchBody,
} from './schemas';

const TAG = 'dashboards';
const DashboardWithWidgets = Row.extend({}).openapi('DashboardWithWidgets');

/** Registers the dashboard and widget routes. */
export function dashboardRoutes(api: Api): void {
  defineRoute(
    api,
    {
      method: 'get',
      path: '/dashboards',
      tag: TAG,
      summary: 'The dashboards the principal can see (owned, shared, public), by name',
      query: DashboardListQuery,
      success: ONE_PAGE,
      problems: [400],
    },
    async (c, { query }) =>
      json(
        await listPage(query, (window) =>
          c.var.store.dashboards.list({
            ...window,
            ...(query.dashboardType ? { dashboardType: query.dashboardType } : {}),
            ...(query.tag === undefined ? {} : { tag: query.tag }),
            ...(query.ownedOnly ? { ownedOnly: query.ownedOnly === 'true' } : {}),
          }),
        ),
      ),
  );

  defineRoute(
    api,
    {
      method: 'post',
      path: '/dashboards',
      tag: TAG,
      summary: 'Creates a dashboard owned by the principal',
      body: DashboardBody,
      success: { status: 201, description: 'The dashboard; ETag is its version', schema: Row },
      problems: [400, 409, 413, 422],
    },
    async (c, { body }) => {
      const dashboard = await c.var.store.dashboards.create(body as unknown as DashboardInput);
      return json(dashboard, 201, { etag: etagOf(dashboard.version) });
    },
  );

  defineRoute(
    api,
    {
      method: 'get',
      path: '/dashboards/:id',
      tag: TAG,
      summary: 'A dashboard with its widgets (hidden ones included for editors)',
      params: IdParams,
      success: {
        status: 200,
        description: 'The dashboard and `widgets`; ETag is its version',
        schema: DashboardWithWidgets,
      },
      problems: [400, 404],
    },
    async (c, { params }) => {
      const store = c.var.store;
      const dashboard = await store.dashboards.get(params.id);
      const widgets = await store.widgets.list(params.id, {
        visibleOnly: dashboard.permission === 'view',
      });
      return json({ ...dashboard, widgets }, 200, { etag: etagOf(dashboard.version) });
    },
  );

  defineRoute(
    api,
    {
      method: 'patch',
      path: '/dashboards/:id',
      tag: TAG,
      summary: 'Changes a dashboard at the version named by If-Match (required)',
      params: IdParams,
      body: DashboardPatchBody,
      success: { status: 200, description: 'The changed dashboard; ETag is its new version', schema: Row },
      problems: [400, 403, 404, 409, 412, 413, 422, 428],
    },
    async (c, { params, body }) => {
      const version = ifMatchVersion(c.req.header('if-match'), true);
      const dashboard = await c.var.store.dashboards.update(params.id, version, body as DashboardPatch);
      return json(dashboard, 200, { etag: etagOf(dashboard.version) });
    },
  );

  defineRoute(
    api,
    {
      method: 'delete',
      path: '/dashboards/:id',
      tag: TAG,
      summary: 'Soft-deletes a dashboard (admin); If-Match, when sent, must name its current version',
      params: IdParams,
      success: DELETED,
      problems: [400, 403, 404, 412],
    },
    async (c, { params }) => {
      const version = ifMatchVersion(c.req.header('if-match'), false);
      await c.var.store.dashboards.delete(params.id, version);
      return noContent();
    },
  );

  defineRoute(
    api,
    {
      method: 'put',
      path: '/dashboards/:id/default',
      tag: TAG,
      summary: 'Makes the dashboard the organization’s default of its type (admin; idempotent)',
      params: IdParams,
      success: { status: 200, description: 'The dashboard; ETag is its version', schema: Row },
      problems: [400, 403, 404, 412],
    },
    async (c, { params }) => {
      const store = c.var.store;
      const version =
        ifMatchVersion(c.req.header('if-match'), false) ?? (await store.dashboards.get(params.id)).version;
      const dashboard = await store.dashboards.update(params.id, version, { is_default: true });
      return json(dashboard, 200, { etag: etagOf(dashboard.version) });
    },
  );

  defineRoute(
    api,
    {
      method: 'get',
      path: '/dashboards/:id/widgets',
      tag: TAG,
      summary: 'The widgets of a dashboard, top to bottom then left to right',
      params: IdParams,
      success: { status: 200, description: 'The widgets', schema: Page },
      problems: [400, 404],
    },
    async (c, { params }) => {
      const store = c.var.store;
      const dashboard = await store.dashboards.get(params.id);
      const items = await store.widgets.list(params.id, { visibleOnly: dashboard.permission === 'view' });
      return json({ items, nextCursor: null });
    },
  );

  defineRoute(
    api,
    {
      method: 'post',
      path: '/dashboards/:id/widgets',
      tag: TAG,
      summary: 'Adds a widget to a dashboard (edit)',
      params: IdParams,
      body: WidgetBody,
      success: { status: 201, description: 'The widget', schema: Row },
      problems: [400, 403, 404, 413, 422],
    },
    async (c, { params, body }) => {
      const widget = await c.var.store.widgets.create(params.id, body as unknown as WidgetInput);
      return json(widget, 201);
    },
  );

  defineRoute(
    api,
    {
      method: 'get',
      path: '/widgets/:id',
      tag: TAG,
      summary: 'One widget of a dashboard the principal can see',
      params: IdParams,
      success: { status: 200, description: 'The widget', schema: Row },
      problems: [400, 404],
    },
    async (c, { params }) => json(await c.var.store.widgets.get(params.id)),
  );

  defineRoute(
    api,
    {
      method: 'patch',
      path: '/widgets/:id',
      tag: TAG,
      summary: 'Changes a widget (edit on its dashboard)',
      params: IdParams,
      body: WidgetPatchBody,
      success: { status: 200, description: 'The changed widget', schema: Row },
      problems: [400, 403, 404, 413, 422],
    },
    async (c, { params, body }) => json(await c.var.store.widgets.update(params.id, body as WidgetPatch)),
  );

  defineRoute(
    api,
    {
      method: 'delete',
      path: '/widgets/:id',
      tag: TAG,
      summary: 'Removes a widget (edit on its dashboard)',
      params: IdParams,
      success: { status: 204, description: 'Removed' },
      problems: [400, 403, 404],
    },
    async (c, { params }) => {
      await c.var.store.widgets.delete(params.id);
      return noContent();
    },
  );
}
