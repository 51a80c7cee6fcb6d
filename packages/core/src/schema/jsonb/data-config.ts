import { z } from 'zod';
import { SNAPSHOT_TYPES } from '../enums';
import { keySchema, labelSchema, rejectDuplicates, uuidStringSchema } from './common';
import { jsonScalarSchema } from './json-value';
import { dashboardTimeRangeSchema } from './time-range';

/**
 * What a widget compares its values with: nothing, the previous period of the same length,
 * the same period one year earlier, or the metric's target value.
 */
export const COMPARISON_MODES = ['none', 'previous_period', 'previous_year', 'target'] as const;
/** One of {@link COMPARISON_MODES}. */
export type ComparisonMode = (typeof COMPARISON_MODES)[number];

/** Sort keys for widgets that list values (table, bar chart): the value, the series label or the period. */
export const DATA_SORT_KEYS = ['value', 'label', 'period'] as const;
/** One of {@link DATA_SORT_KEYS}. */
export type DataSortKey = (typeof DATA_SORT_KEYS)[number];

/**
 * One series of a widget: a metric, optionally with its own label and aggregation unit.
 *
 * @example { "metricId": "4a5c1d7e-2b9f-4c3a-8e6d-0f1a2b3c4d5e", "label": "EMEA", "aggregationId": "9b8c7d6e-5f4a-4b3c-9d2e-1f0a9b8c7d6e" }
 */
export const dataSeriesSchema = z.strictObject({
  /** `metric_definitions.id` of the metric; should also appear in the widget's `metric_ids`. */
  metricId: uuidStringSchema,
  /** Legend label; default: the metric's `display_name`. */
  label: labelSchema().optional(),
  /** Aggregation level for this series only (e.g. `"department"`); default: the widget's. */
  aggregationLevel: labelSchema(64).optional(),
  /** Org unit / team / user id for this series only; `null` for the level's total. */
  aggregationId: uuidStringSchema.nullable().optional(),
});
/** One series of a widget (see {@link dataSeriesSchema}). */
export type DataSeries = z.output<typeof dataSeriesSchema>;

/**
 * `dashboard_widgets.data_config`: which data a widget shows. Every key is optional; an absent
 * key means "use the dashboard's current filter" (time range, aggregation level, dimensions) or
 * "all metrics of `metric_ids`, one series each". Strict: unknown keys are rejected.
 *
 * @example
 * {
 *   "series": [{ "metricId": "4a5c1d7e-2b9f-4c3a-8e6d-0f1a2b3c4d5e" }],
 *   "aggregationLevel": "department",
 *   "timeRange": "last_90_days",
 *   "snapshotType": "monthly",
 *   "comparison": "previous_year",
 *   "dimensions": { "region": ["emea", "apac"] },
 *   "sort": { "by": "value", "direction": "desc" },
 *   "limit": 10
 * }
 */
export const dataConfigSchema = z
  .strictObject({
    /** Series to draw, in order; default: one per entry of `metric_ids`. Each `metricId` at most once per aggregation unit. */
    series: z.array(dataSeriesSchema).min(1).optional(),
    /** Aggregation level (e.g. `"org"`, `"department"`, `"team"`); overrides the dashboard filter. */
    aggregationLevel: labelSchema(64).optional(),
    /** Org units / teams / users to show (each once); default: all at the level. */
    aggregationIds: z.array(uuidStringSchema).min(1).optional(),
    /** Time range; overrides the dashboard's time range filter. */
    timeRange: dashboardTimeRangeSchema.optional(),
    /** Read rollups of this granularity from `metric_snapshots`; default: raw `metric_calculations`. */
    snapshotType: z.enum(SNAPSHOT_TYPES).optional(),
    /** What to compare against; default `'none'`. */
    comparison: z.enum(COMPARISON_MODES).optional(),
    /** Dimension filters: key → one value or several (any of them matches); added to the dashboard's. */
    dimensions: z
      .record(
        keySchema,
        z.union([jsonScalarSchema, z.array(jsonScalarSchema).min(1)], {
          error: 'a string, a finite number, true, false, null, or a non-empty array of those',
        }),
      )
      .optional(),
    /** Ordering of listed values; default: by period ascending. */
    sort: z
      .strictObject({
        /** Sort key. */
        by: z.enum(DATA_SORT_KEYS),
        /** Sort direction. */
        direction: z.enum(['asc', 'desc']),
      })
      .optional(),
    /** Most values to show, 1 to 10000 (top N after sorting); default: all. */
    limit: z.int().min(1).max(10_000).optional(),
  })
  .superRefine((config, ctx) => {
    if (config.aggregationIds)
      rejectDuplicates(config.aggregationIds, ctx, ['aggregationIds'], undefined, 'id');
    if (config.series) {
      rejectDuplicates(
        config.series,
        ctx,
        ['series'],
        (s) => `${s.metricId.toLowerCase()}|${s.aggregationLevel ?? ''}|${s.aggregationId ?? ''}`,
        'metricId per aggregation unit',
      );
    }
  });
/** Which data a widget shows (see {@link dataConfigSchema}). */
export type DataConfig = z.output<typeof dataConfigSchema>;
