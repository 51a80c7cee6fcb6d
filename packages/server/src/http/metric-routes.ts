/** Metrics and their values: list, read, create, update by version, delete, versions, series, latest. */
import type { MetricInput, MetricPatch } from '../store/metric-repository';
import type { Api } from './api';
import { badInput, ifMatchVersion, listPage } from './conventions';
import { defineRoute, json, noContent } from './define-route';
import { etagOf } from './problem';
import {
  DELETED,
  IdParams,
  LatestQuery,
  MetricBody,
  MetricListQuery,
  MetricPatchBody,
  ONE_PAGE,
  Page,
  Row,
  SeriesQuery,
  SnapshotSeriesQuery,
  uuid,
} from './schemas';

const TAG = 'metrics';
const MAX_LATEST = 1000;

/** Registers the metric and value routes. */
export function metricRoutes(api: Api): void {
  defineRoute(
    api,
    {
      method: 'get',
      path: '/metrics',
      tag: TAG,
      summary: 'The metrics the principal can see, by name, filtered',
      query: MetricListQuery,
      success: ONE_PAGE,
      problems: [400],
    },
    async (c, { query }) =>
      json(
        await listPage(query, (window) =>
          c.var.store.metrics.list({
            ...window,
            ...(query.category ? { category: query.category } : {}),
            ...(query.tag === undefined ? {} : { tag: query.tag }),
            ...(query.active ? { active: query.active === 'true' } : {}),
            ...(query.ownerId ? { ownerId: query.ownerId } : {}),
            ...(query.deleted ? { deleted: query.deleted === 'true' } : {}),
          }),
        ),
      ),
  );

  defineRoute(
    api,
    {
      method: 'post',
      path: '/metrics',
      tag: TAG,
      summary: 'Creates a metric at version 1 (a draft until its approvals are recorded)',
      body: MetricBody,
      success: { status: 201, description: 'The metric; ETag is its version', schema: Row },
      problems: [400, 409, 413, 422],
    },
    async (c, { body }) => {
      const metric = await c.var.store.metrics.create(body as unknown as MetricInput);
      return json(metric, 201, { etag: etagOf(metric.version) });
    },
  );

  defineRoute(
    api,
    {
      method: 'get',
      path: '/metrics/:id',
      tag: TAG,
      summary: 'A metric the principal can see',
      params: IdParams,
      success: { status: 200, description: 'The metric; ETag is its version', schema: Row },
      problems: [400, 404],
    },
    async (c, { params }) => {
      const metric = await c.var.store.metrics.get(params.id);
      return json(metric, 200, { etag: etagOf(metric.version) });
    },
  );

  defineRoute(
    api,
    {
      method: 'patch',
      path: '/metrics/:id',
      tag: TAG,
      summary: 'Changes a metric at the version named by If-Match (required)',
      params: IdParams,
      body: MetricPatchBody,
      success: { status: 200, description: 'The changed metric; ETag is its new version', schema: Row },
      problems: [400, 403, 404, 409, 412, 413, 422, 428],
    },
    async (c, { params, body }) => {
      const version = ifMatchVersion(c.req.header('if-match'), true);
      const metric = await c.var.store.metrics.update(params.id, version, body as MetricPatch);
      return json(metric, 200, { etag: etagOf(metric.version) });
    },
  );

  defineRoute(
    api,
    {
      method: 'delete',
      path: '/metrics/:id',
      tag: TAG,
      summary: 'Soft-deletes a metric; If-Match, when sent, must name its current version',
      params: IdParams,
      success: DELETED,
      problems: [400, 403, 404, 412],
    },
    async (c, { params }) => {
      await c.var.store.metrics.delete(params.id, ifMatchVersion(c.req.header('if-match'), false));
      return noContent();
    },
  );

  defineRoute(
    api,
    {
      method: 'get',
      path: '/metrics/:id/versions',
      tag: TAG,
      summary: 'Every version of a metric definition, oldest first',
      params: IdParams,
      success: { status: 200, description: 'The versions', schema: Page },
      problems: [400, 404],
    },
    async (c, { params }) => json({ items: await c.var.store.metrics.versions(params.id), nextCursor: null }),
  );

  defineRoute(
    api,
    {
      method: 'get',
      path: '/metrics/:id/calculations',
      tag: TAG,
      summary: 'Calculated values of one unit (or the level total) whose periods end within [from, to]',
      params: IdParams,
      query: SeriesQuery,
      success: { status: 200, description: 'The rows, by period', schema: Page },
      problems: [400, 404, 422],
    },
    async (c, { params, query }) => {
      const items = await c.var.store.calculations.series(seriesOf(params.id, query));
      return json({ items, nextCursor: null });
    },
  );

  defineRoute(
    api,
    {
      method: 'get',
      path: '/metrics/:id/snapshots',
      tag: TAG,
      summary: 'Rollups of one granularity, unit (or the level total) dated within [from, to]',
      params: IdParams,
      query: SnapshotSeriesQuery,
      success: { status: 200, description: 'The rows, by date', schema: Page },
      problems: [400, 404, 422],
    },
    async (c, { params, query }) => {
      const items = await c.var.store.snapshots.series({
        ...seriesOf(params.id, query),
        snapshot_type: query.snapshotType,
      });
      return json({ items, nextCursor: null });
    },
  );

  defineRoute(
    api,
    {
      method: 'get',
      path: '/values/latest',
      tag: TAG,
      summary: 'The latest calculated value of each of many metrics, in the order asked',
      query: LatestQuery,
      success: { status: 200, description: 'One row per metric that has a value', schema: Page },
      problems: [400, 404, 422],
    },
    async (c, { query }) => {
      const ids = query.metricIds.split(',');
      if (ids.length > MAX_LATEST) badInput('metricIds', `${ids.length} ids`, `at most ${MAX_LATEST} ids`);
      for (const id of ids)
        if (!uuid.safeParse(id).success) badInput('metricIds', id, 'comma-separated UUIDs');
      const items = await c.var.store.calculations.latest({
        metric_ids: ids,
        aggregation_level: query.aggregationLevel ?? 'org',
        aggregation_id: query.aggregationId ?? null,
      });
      return json({ items, nextCursor: null });
    },
  );
}

/** The store's series request for one metric from a series route's query: the level total unless a unit is named. */
function seriesOf(
  metricId: string,
  query: {
    readonly aggregationLevel?: string | undefined;
    readonly aggregationId?: string | undefined;
    readonly from: string;
    readonly to: string;
  },
) {
  return {
    metric_id: metricId,
    aggregation_level: query.aggregationLevel ?? 'org',
    aggregation_id: query.aggregationId ?? null,
    from: query.from,
    to: query.to,
  };
}
