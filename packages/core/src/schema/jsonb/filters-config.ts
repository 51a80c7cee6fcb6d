import { z } from 'zod';
import { SNAPSHOT_TYPES } from '../enums';
import { keySchema, labelSchema, listValues, rejectDuplicates } from './common';
import { dashboardTimeRangeSchema, timeRangePresetSchema } from './time-range';

/** A dimension value a filter can offer: string, finite number or boolean. */
const dimensionValueSchema = z.union([z.string(), z.number(), z.boolean()], {
  error: 'a string, a finite number, true or false',
});

/** Options offered to the viewer plus the preselected one; `default` must be one of `options`. */
function choiceSchema<T extends z.ZodType<string>>(option: T) {
  return z
    .strictObject({
      /** The values the viewer can pick from: non-empty, each once. */
      options: z.array(option).min(1),
      /** The value selected when the dashboard opens; must be one of `options`. Default: the first option. */
      default: option.optional(),
    })
    .superRefine((choice, ctx) => {
      const options: readonly string[] = choice.options;
      rejectDuplicates(options, ctx, ['options'], undefined, 'option');
      if (choice.default !== undefined && !options.includes(choice.default)) {
        ctx.addIssue({
          code: 'custom',
          path: ['default'],
          input: choice.default,
          message: `one of the offered options: ${listValues(options)}`,
        });
      }
    });
}

/**
 * One dimension filter: the viewer narrows the data to rows whose
 * `metric_calculations.dimensions[key]` is among the selected values.
 *
 * @example { "key": "region", "label": "Region", "values": ["emea", "apac"], "multiple": true, "default": ["emea"] }
 */
export const dimensionFilterSchema = z
  .strictObject({
    /** Dimension key, as used in `metric_calculations.dimensions`. */
    key: keySchema,
    /** Label shown to the viewer; default: the key. */
    label: labelSchema().optional(),
    /** The values offered (non-empty, each once); omitted: any value found in the data. */
    values: z.array(dimensionValueSchema).min(1).optional(),
    /** Whether several values may be selected at once; default `false`. */
    multiple: z.boolean().optional(),
    /** Preselected value (an array when `multiple`); must be among `values` when those are listed. */
    default: z.union([dimensionValueSchema, z.array(dimensionValueSchema)]).optional(),
  })
  .superRefine((filter, ctx) => {
    if (filter.values) rejectDuplicates(filter.values, ctx, ['values']);
    if (filter.default === undefined) return;
    const chosen = Array.isArray(filter.default) ? filter.default : [filter.default];
    if (Array.isArray(filter.default) && filter.multiple !== true) {
      ctx.addIssue({
        code: 'custom',
        path: ['default'],
        input: filter.default,
        message: 'a single value (set "multiple": true to preselect several)',
      });
      return;
    }
    if (!filter.values) return;
    const offered: readonly unknown[] = filter.values;
    chosen.forEach((value, index) => {
      if (!offered.includes(value)) {
        ctx.addIssue({
          code: 'custom',
          path: Array.isArray(filter.default) ? ['default', index] : ['default'],
          input: value,
          message: `one of the offered values: ${listValues(offered)}`,
        });
      }
    });
  });
/** One dimension filter (see {@link dimensionFilterSchema}). */
export type DimensionFilter = z.output<typeof dimensionFilterSchema>;

/**
 * The time range filter: which presets the viewer may pick, which one applies when the
 * dashboard opens, and whether a custom `{ from, to }` range may be entered.
 */
export const timeRangeFilterSchema = z
  .strictObject({
    /** Presets offered to the viewer (non-empty, each once), in display order. */
    presets: z.array(timeRangePresetSchema).min(1),
    /** Range applied when the dashboard opens: an offered preset or a fixed `{ from, to }`. Default: the first preset. */
    default: dashboardTimeRangeSchema.optional(),
    /** Whether the viewer may enter a custom `{ from, to }` range; default `true`. */
    allowCustom: z.boolean().optional(),
  })
  .superRefine((filter, ctx) => {
    const presets: readonly string[] = filter.presets;
    rejectDuplicates(presets, ctx, ['presets'], undefined, 'preset');
    if (typeof filter.default === 'string' && !presets.includes(filter.default)) {
      ctx.addIssue({
        code: 'custom',
        path: ['default'],
        input: filter.default,
        message: `one of the offered presets: ${listValues(presets)}, or a fixed { "from", "to" } range`,
      });
    }
  });
/** The time range filter of a dashboard (see {@link timeRangeFilterSchema}). */
export type TimeRangeFilter = z.output<typeof timeRangeFilterSchema>;

/**
 * `analytics_dashboards.filters_config`: the filters a dashboard offers its viewers. Every
 * filter is optional; `{}` offers none. Strict: unknown keys are rejected. Widgets read the
 * selected values unless their `data_config` overrides them.
 *
 * @example
 * {
 *   "timeRange": { "presets": ["last_7_days", "last_30_days", "year_to_date"], "default": "last_30_days" },
 *   "aggregationLevel": { "options": ["org", "department"], "default": "org" },
 *   "snapshotType": { "options": ["daily", "monthly"] },
 *   "dimensions": [{ "key": "region", "values": ["emea", "apac"], "multiple": true }]
 * }
 */
export const filtersConfigSchema = z
  .strictObject({
    /** Time range picker. */
    timeRange: timeRangeFilterSchema.optional(),
    /** Aggregation level picker over `metric_definitions.aggregation_levels` values (e.g. `"org"`, `"department"`). */
    aggregationLevel: choiceSchema(labelSchema(64)).optional(),
    /** Granularity picker over `metric_snapshots.snapshot_type`. */
    snapshotType: choiceSchema(z.enum(SNAPSHOT_TYPES)).optional(),
    /** Dimension filters, each key at most once. */
    dimensions: z.array(dimensionFilterSchema).optional(),
  })
  .superRefine((config, ctx) => {
    if (config.dimensions) {
      rejectDuplicates(config.dimensions, ctx, ['dimensions'], (d) => d.key, 'dimension key');
    }
  });
/** The filters a dashboard offers (see {@link filtersConfigSchema}). */
export type FiltersConfig = z.output<typeof filtersConfigSchema>;
