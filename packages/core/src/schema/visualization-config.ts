/**
 * Shapes of `dashboard_widgets.visualization_config`: one strict zod object per `widget_type`,
 * all sharing a few common display keys. The JSON is stored as written (camelCase keys, no
 * transforms), and every key is optional except the content of `text` and `image` widgets,
 * so `{}` is a valid config for every chart. The React widgets take exactly these keys as props.
 *
 * `visualizationConfigSchema` checks only what holds for every widget type (an object whose
 * common keys are valid); `parseVisualizationConfig(widgetType, json)` checks one widget type
 * strictly, so a misspelt key is an error instead of a silently ignored setting.
 */
import { z } from 'zod';
import { FieldError, fieldErrorMessage } from '../primitives/field-error';
import { isSafeImageUrl } from '../primitives/safe-url';
import { WIDGET_TYPES, type WidgetType } from './enums';
import { findJsonLimitProblem } from './jsonb/json-value';
import { findMarkdownNestingProblem, MAX_MARKDOWN_NESTING } from './markdown-nesting';

/**
 * Size limit of `dashboard_widgets.visualization_config`, in characters of compact JSON text: an
 * image widget's `src` may be a `data:image` URL of up to 2,000,000 characters, plus its other keys.
 */
export const MAX_VISUALIZATION_CONFIG_CHARS = 2_100_000;

/** A CSS colour: `#rgb`/`#rrggbb`/`#rrggbbaa`, `rgb()`/`hsl()`/`oklch()`…, `var(--name)` or a named colour. */
export const cssColorSchema = z
  .string()
  .max(100)
  .regex(
    /^(#[0-9a-fA-F]{3,4}|#[0-9a-fA-F]{6}|#[0-9a-fA-F]{8}|(rgb|rgba|hsl|hsla|hwb|lab|lch|oklab|oklch)\([0-9a-zA-Z.,%\s/+-]*\)|var\(--[a-zA-Z0-9_-]+\)|[a-zA-Z]+)$/,
    'must be a CSS colour: #hex, rgb()/hsl()/oklch(), var(--name) or a colour name',
  );

const fractionDigits = z.number().int().min(0).max(20);

/** Keys every widget understands (all optional). */
export const commonVisualizationShape = {
  /** Heading shown above the widget; the widget name is used when absent. */
  title: z.string().max(200).optional(),
  /** One sentence under the title, also read by screen readers. */
  description: z.string().max(1000).optional(),
  /** BCP 47 locale for numbers and dates (default: the dashboard's, else `en-US`). */
  locale: z.string().min(2).max(35).optional(),
  /** Overrides the metric's `unit_of_measure` for display. */
  unit: z.string().max(40).optional(),
  /** ISO 4217 code for the unit `currency`. */
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code of three capital letters such as "USD"')
    .optional(),
  /** Compact notation: `true`, `false` or `'auto'` (from 100,000). */
  compact: z.union([z.boolean(), z.literal('auto')]).optional(),
  /** Most decimals shown. */
  maximumFractionDigits: fractionDigits.optional(),
  /** Series / category colours, in order (default: the theme palette). */
  colors: z.array(cssColorSchema).max(24).optional(),
} as const;

/** `metric_card`: the latest value, its delta, target, status and a sparkline. */
export const metricCardConfigSchema = z.strictObject({
  ...commonVisualizationShape,
  /** How the delta is written (see `formatDelta`); default `auto`. */
  deltaDisplay: z.enum(['auto', 'absolute', 'percent']).optional(),
  /** Show the sparkline of recent values (default true). */
  showSparkline: z.boolean().optional(),
  /** Show target and attainment (default true when the metric has a target). */
  showTarget: z.boolean().optional(),
  /** Below this `sample_size` a "small sample" hint is shown (default 30). */
  minSampleSize: z.number().int().min(0).optional(),
  /** Below this `data_quality_score` (0–1) a "low data quality" hint is shown (default 0.8). */
  minDataQuality: z.number().min(0).max(1).optional(),
});

/** `gauge`: an arc with the threshold bands, a target marker and the value. */
export const gaugeConfigSchema = z.strictObject({
  ...commonVisualizationShape,
  /** Start of the scale (default: from the bands, the target and the value). */
  min: z.number().optional(),
  /** End of the scale. */
  max: z.number().optional(),
  /** Draw the warning/critical bands (default true). */
  showBands: z.boolean().optional(),
  /** Draw the target marker (default true). */
  showTarget: z.boolean().optional(),
});

/** Downsampling of the line chart; `none` draws every point. */
export const LINE_DOWNSAMPLING = ['min_max', 'lttb', 'none'] as const;

/** `line_chart`: time series with target line and threshold bands. */
export const lineChartConfigSchema = z.strictObject({
  ...commonVisualizationShape,
  /** Line shape between points (default `linear`). */
  curve: z.enum(['linear', 'step']).optional(),
  /** How long series are thinned to the pixel width (default `min_max`). */
  downsampling: z.enum(LINE_DOWNSAMPLING).optional(),
  /** Draw the target as a dashed line (default true). */
  showTarget: z.boolean().optional(),
  /** Shade the warning/critical bands behind the lines (default true). */
  showThresholdBands: z.boolean().optional(),
  /** Draw a dot on every point (default: only when there are few). */
  showPoints: z.boolean().optional(),
  /** Legend (default: when there are several series). */
  showLegend: z.boolean().optional(),
  /** Fixed y-axis start (default: from the data, including 0 when close). */
  yMin: z.number().optional(),
  /** Fixed y-axis end. */
  yMax: z.number().optional(),
});

/** `bar_chart`: vertical or horizontal, grouped or stacked. */
export const barChartConfigSchema = z.strictObject({
  ...commonVisualizationShape,
  /** Bars upward (`vertical`, default) or rightward (`horizontal`). */
  orientation: z.enum(['vertical', 'horizontal']).optional(),
  /** Several series side by side (`grouped`, default) or on top of each other (`stacked`). */
  layout: z.enum(['grouped', 'stacked']).optional(),
  /** Write each bar's value at its end (default false). */
  showValues: z.boolean().optional(),
  /** Legend (default: when there are several series). */
  showLegend: z.boolean().optional(),
});

/** `pie_chart`: pie or donut with legend. */
export const pieChartConfigSchema = z.strictObject({
  ...commonVisualizationShape,
  /** `donut` (default) or `pie`. */
  variant: z.enum(['pie', 'donut']).optional(),
  /** Legend (default true). */
  showLegend: z.boolean().optional(),
  /** Slices beyond this many are merged into "Other" (default 8). */
  maxSlices: z.number().int().min(2).max(24).optional(),
});

/** One column of the `table` widget. */
export const tableColumnSchema = z.strictObject({
  /** Key of the row field shown in this column. */
  key: z.string().min(1).max(100),
  /** Header text (default: the key). */
  label: z.string().max(200).optional(),
  /** Alignment (default: right for numbers, left otherwise). */
  align: z.enum(['left', 'right', 'center']).optional(),
  /** Unit of the column's numbers (see `resolveMetricUnit`). */
  unit: z.string().max(40).optional(),
  /** Whether the column can be sorted (default true). */
  sortable: z.boolean().optional(),
  /**
   * Which columns stay when the table is too narrow: lower priorities are hidden first. Default:
   * the first column is always kept, later columns are hidden before earlier ones.
   */
  priority: z.number().int().min(0).max(100).optional(),
});

/** `table`: sortable, paginated rows. */
export const tableConfigSchema = z.strictObject({
  ...commonVisualizationShape,
  /** Columns in order (default: every field of the rows). */
  columns: z.array(tableColumnSchema).min(1).max(50).optional(),
  /** Rows per page (default 10). */
  pageSize: z.number().int().min(1).max(500).optional(),
  /** Initial sort. */
  defaultSort: z.strictObject({ key: z.string().min(1), direction: z.enum(['asc', 'desc']) }).optional(),
});

/** `heatmap`: a calendar of daily values or a matrix of units × periods. */
export const heatmapConfigSchema = z.strictObject({
  ...commonVisualizationShape,
  /** `calendar` (days × weeks, default) or `matrix` (rows × columns). */
  variant: z.enum(['calendar', 'matrix']).optional(),
  /** Colour legend (default true). */
  showLegend: z.boolean().optional(),
});

/** `map`: a choropleth of values by country. */
export const mapConfigSchema = z.strictObject({
  ...commonVisualizationShape,
  /** Colour legend (default true). */
  showLegend: z.boolean().optional(),
});

/** `text`: Markdown, rendered without raw HTML and with safe links only. */
export const textConfigSchema = z.strictObject({
  ...commonVisualizationShape,
  /**
   * The Markdown source (CommonMark + GFM tables); raw HTML is shown as text. At most 50,000
   * characters, with block quotes and lists, and emphasis, each nested at most
   * {@link MAX_MARKDOWN_NESTING} levels deep (see `findMarkdownNestingProblem`).
   */
  markdown: z
    .string()
    .max(50_000)
    .superRefine((markdown, ctx) => {
      const problem = findMarkdownNestingProblem(markdown, MAX_MARKDOWN_NESTING);
      if (problem) ctx.addIssue({ code: 'custom', input: markdown, message: problem.allowed });
    }),
});

/** `image`: a picture from a safe URL, with its alternative text. */
export const imageConfigSchema = z.strictObject({
  ...commonVisualizationShape,
  /** `https:`, `http:`, a relative path or a `data:image/(png|jpeg|gif|webp|avif)` URL. */
  src: z.string().min(1).max(2_000_000).refine(isSafeImageUrl, {
    message: 'must be an https:, http:, relative or data:image/(png|jpeg|gif|webp|avif) URL',
  }),
  /** Alternative text, required (use a description of what the picture shows). */
  alt: z.string().trim().min(1, 'alt text is required: describe what the image shows').max(1000),
  /** `contain` (default) or `cover`. */
  fit: z.enum(['contain', 'cover']).optional(),
  /** Caption shown under the picture. */
  caption: z.string().max(500).optional(),
});

/** The strict schema of each widget type's `visualization_config`. */
export const visualizationConfigSchemas = {
  metric_card: metricCardConfigSchema,
  line_chart: lineChartConfigSchema,
  bar_chart: barChartConfigSchema,
  pie_chart: pieChartConfigSchema,
  table: tableConfigSchema,
  heatmap: heatmapConfigSchema,
  gauge: gaugeConfigSchema,
  map: mapConfigSchema,
  text: textConfigSchema,
  image: imageConfigSchema,
} as const satisfies Record<WidgetType, z.ZodType>;

/** `visualization_config` of a `metric_card`. */
export type MetricCardConfig = z.infer<typeof metricCardConfigSchema>;
/** `visualization_config` of a `gauge`. */
export type GaugeConfig = z.infer<typeof gaugeConfigSchema>;
/** `visualization_config` of a `line_chart`. */
export type LineChartConfig = z.infer<typeof lineChartConfigSchema>;
/** `visualization_config` of a `bar_chart`. */
export type BarChartConfig = z.infer<typeof barChartConfigSchema>;
/** `visualization_config` of a `pie_chart`. */
export type PieChartConfig = z.infer<typeof pieChartConfigSchema>;
/** One column of a `table` config. */
export type TableColumnConfig = z.infer<typeof tableColumnSchema>;
/** `visualization_config` of a `table`. */
export type TableConfig = z.infer<typeof tableConfigSchema>;
/** `visualization_config` of a `heatmap`. */
export type HeatmapConfig = z.infer<typeof heatmapConfigSchema>;
/** `visualization_config` of a `map`. */
export type MapConfig = z.infer<typeof mapConfigSchema>;
/** `visualization_config` of a `text` widget. */
export type TextConfig = z.infer<typeof textConfigSchema>;
/** `visualization_config` of an `image` widget. */
export type ImageConfig = z.infer<typeof imageConfigSchema>;
/** The `visualization_config` type of each widget type. */
export type VisualizationConfigByType = {
  [K in WidgetType]: z.infer<(typeof visualizationConfigSchemas)[K]>;
};

/**
 * Column-level check of `visualization_config` for any widget type: a JSON object whose
 * common keys (title, locale, unit, currency, colours…) are valid; other keys pass through.
 * Use {@link parseVisualizationConfig} when the widget type is known.
 */
export const visualizationConfigSchema = z.looseObject(commonVisualizationShape);

/**
 * A `visualization_config` that does not fit its widget type: `field` is a dotted path starting
 * with `visualization_config` (or `widget_type` for an unknown type); the message ends with the
 * widget type.
 */
export class VisualizationConfigError extends FieldError {
  constructor(widgetType: string, field: string, value: unknown, allowed: string) {
    super(field, value, allowed, {
      message:
        field === 'widget_type'
          ? fieldErrorMessage(field, value, allowed)
          : `${fieldErrorMessage(field, value, allowed)} (for a ${widgetType} widget)`,
    });
  }
}

/**
 * Validates `visualization_config` for one widget type and returns it typed; throws a
 * {@link VisualizationConfigError} naming the first offending field otherwise (also for nesting,
 * size and `__proto__` keys past the JSONB limits, see `findJsonLimitProblem`).
 * @example parseVisualizationConfig('gauge', { min: 0, max: 100 }) // GaugeConfig
 */
export function parseVisualizationConfig<T extends WidgetType>(
  widgetType: T,
  json: unknown,
): VisualizationConfigByType[T] {
  const schema = (visualizationConfigSchemas as Record<string, z.ZodType | undefined>)[widgetType];
  if (schema === undefined) {
    throw new VisualizationConfigError(
      String(widgetType),
      'widget_type',
      widgetType,
      `one of ${WIDGET_TYPES.join(', ')}`,
    );
  }
  const limit = findJsonLimitProblem(json, MAX_VISUALIZATION_CONFIG_CHARS);
  if (limit) {
    throw new VisualizationConfigError(
      widgetType,
      ['visualization_config', ...limit.path].join('.'),
      limit.value,
      limit.allowed,
    );
  }
  const result = schema.safeParse(json);
  if (result.success) return result.data as VisualizationConfigByType[T];
  const issue = result.error.issues[0]!;
  const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
  let value: unknown = json;
  for (const key of path) value = (value as Record<string | number, unknown> | undefined)?.[key];
  const unknownKeys = issue.code === 'unrecognized_keys' ? issue.keys : null;
  if (unknownKeys !== null) {
    const allowedKeys = Object.keys((schema as z.ZodObject).shape).join(', ');
    throw new VisualizationConfigError(
      widgetType,
      ['visualization_config', ...path, unknownKeys[0]].join('.'),
      (value as Record<string, unknown>)[unknownKeys[0]!],
      `only the keys ${allowedKeys} (unknown key "${unknownKeys[0]}")`,
    );
  }
  throw new VisualizationConfigError(
    widgetType,
    ['visualization_config', ...path].join('.'),
    value,
    issue.message,
  );
}
