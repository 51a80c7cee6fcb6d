/**
 * The wire schemas of the routes (zod, turned into the OpenAPI document by @hono/zod-openapi).
 * JSONB members reuse core's schemas; the store re-checks every body with core's validators and
 * refuses fields it does not know, so a body schema here is loose where the store is strict.
 */
import {
  DASHBOARD_TYPES,
  dataConfigSchema,
  filtersConfigSchema,
  interactionConfigSchema,
  layoutConfigSchema,
  METRIC_CATEGORIES,
  positionSchema,
  SNAPSHOT_TYPES,
  TIME_RANGE_PRESETS,
  WIDGET_TYPES,
} from '@arion-metrics/core';
import { z } from '@hono/zod-openapi';

/** A UUID path or query parameter. */
export const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, {
  error: 'a UUID (8-4-4-4-12 hex digits)',
});

export const IdParams = z.object({ id: uuid.openapi({ param: { name: 'id', in: 'path' } }) });

const limit = z.coerce
  .number({ error: 'an integer from 1 to 500' })
  .int({ error: 'an integer from 1 to 500' })
  .min(1, { error: 'an integer from 1 to 500' })
  .max(500, { error: 'an integer from 1 to 500' })
  .optional()
  .openapi({ description: 'Page size, 1 to 500; default 50.' });
const cursor = z
  .string()
  .optional()
  .openapi({ description: 'The `nextCursor` of the previous page; absent for the first page.' });
const booleanText = z.enum(['true', 'false'], { error: '"true" or "false"' });

export const DashboardListQuery = z.object({
  dashboardType: z.enum(DASHBOARD_TYPES).optional(),
  tag: z.string().max(100).optional(),
  ownedOnly: booleanText.optional(),
  limit,
  cursor,
});

export const MetricListQuery = z.object({
  category: z.enum(METRIC_CATEGORIES).optional(),
  tag: z.string().max(100).optional(),
  active: booleanText.optional(),
  ownerId: uuid.optional(),
  deleted: booleanText.optional(),
  limit,
  cursor,
});

/** A row as the store returns it; dates are ISO 8601 strings on the wire. */
export const Row = z.looseObject({ id: uuid, organization_id: uuid }).openapi('Row');

/** A page of rows: `nextCursor` is null on the last page. */
export const Page = z.object({ items: z.array(Row), nextCursor: z.string().nullable() }).openapi('Page');

/** The success answer of a list route: one page. */
export const ONE_PAGE = { status: 200, description: 'One page', schema: Page } as const;

/** The success answer of a delete route: 204, no body. */
export const DELETED = { status: 204, description: 'Deleted' } as const;

export const DashboardBody = z
  .looseObject({
    dashboard_name: z.string(),
    description: z.string().nullable().optional(),
    dashboard_type: z.enum(DASHBOARD_TYPES).optional(),
    is_default: z.boolean().optional(),
    is_public: z.boolean().optional(),
    layout_config: layoutConfigSchema.optional(),
    refresh_interval_seconds: z.number().int().nullable().optional(),
    filters_config: filtersConfigSchema.nullable().optional(),
    theme: z.string().optional(),
    tags: z.array(z.string()).nullable().optional(),
  })
  .openapi('DashboardInput');

export const DashboardPatchBody = DashboardBody.partial().openapi('DashboardPatch');

export const WidgetBody = z
  .looseObject({
    widget_name: z.string(),
    widget_type: z.enum(WIDGET_TYPES),
    position: positionSchema,
    metric_ids: z.array(uuid).nullable().optional(),
    visualization_config: z.record(z.string(), z.unknown()).optional(),
    data_config: dataConfigSchema.nullable().optional(),
    interaction_config: interactionConfigSchema.nullable().optional(),
    refresh_interval_override: z.number().int().nullable().optional(),
    is_visible: z.boolean().optional(),
  })
  .openapi('WidgetInput');

export const WidgetPatchBody = WidgetBody.partial().openapi('WidgetPatch');

export const MetricBody = z
  .looseObject({
    metric_name: z.string(),
    display_name: z.string(),
    metric_category: z.enum(METRIC_CATEGORIES),
    metric_type: z.string(),
    calculation_method: z.string(),
    data_sources: z.record(z.string(), z.unknown()),
    direction: z.string(),
  })
  .openapi('MetricInput');

export const MetricPatchBody = z.looseObject({}).openapi('MetricPatch');

export const SeriesQuery = z.object({
  aggregationLevel: z.string().min(1).max(100).optional().openapi({ description: "Default 'org'." }),
  aggregationId: uuid.optional().openapi({ description: "The unit; absent for the level's total." }),
  from: z.iso.datetime({ offset: true, error: 'an ISO 8601 instant' }),
  to: z.iso.datetime({ offset: true, error: 'an ISO 8601 instant' }),
});

export const SnapshotSeriesQuery = z.object({
  snapshotType: z.enum(SNAPSHOT_TYPES),
  aggregationLevel: z.string().min(1).max(100).optional(),
  aggregationId: uuid.optional(),
  from: z.iso.date({ error: 'a date YYYY-MM-DD' }),
  to: z.iso.date({ error: 'a date YYYY-MM-DD' }),
});

export const LatestQuery = z.object({
  metricIds: z.string().openapi({ description: 'Comma-separated metric ids, at most 1,000.' }),
  aggregationLevel: z.string().min(1).max(100).optional(),
  aggregationId: uuid.optional(),
});

export const DashboardDataQuery = z.object({
  widgets: z
    .string()
    .optional()
    .openapi({ description: 'Comma-separated widget ids; absent: every visible widget.' }),
  preset: z.enum(TIME_RANGE_PRESETS).optional(),
  from: z.iso.datetime({ offset: true, error: 'an ISO 8601 instant' }).optional(),
  to: z.iso.datetime({ offset: true, error: 'an ISO 8601 instant' }).optional(),
  filters: z.string().optional().openapi({
    description:
      'JSON of the viewer\'s selection: {"aggregationLevel"?, "aggregationIds"?, "snapshotType"?, "dimensions"?}.',
  }),
});

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    field: z.string().optional(),
    value: z.string().optional(),
    allowed: z.string().optional(),
  })
  .openapi('Problem');
