/**
 * The widget registry: `widget_type` → the component that draws a stored widget. Each entry is
 * an adapter around one of the package's widgets: it maps the widget's data (its reads in the
 * dashboard-data response) and its `visualization_config` to that widget's props. A host
 * extends or overrides entries with `<DashboardHost widgets={{ ... }} />`.
 */
import type { DashboardWidgetRow, VisualizationConfigByType, WidgetType } from '@arion-metrics/core';
import type { ComponentType, ReactNode } from 'react';
import {
  BarChart,
  ChoroplethMap,
  Gauge,
  Heatmap,
  ImageWidget,
  LineChart,
  MetricCard,
  MetricTable,
  PieChart,
  TextWidget,
} from '../widgets/index';
import type { WidgetBaseProps } from '../widgets/shared/widget-props';
import {
  breakdownOf,
  labelOf,
  latestRow,
  numberOrNull,
  pointsOf,
  readsOf,
  tableRowsOf,
  type WidgetDataOk,
} from './widget-data';

/** What the host hands a registry entry for one widget. */
export interface HostedWidgetProps {
  /** The stored widget (its type, name, `visualization_config`, `data_config`…). */
  readonly widget: DashboardWidgetRow;
  /** Its data, or `undefined` while loading or after an error. */
  readonly data: WidgetDataOk | undefined;
  /** Title, loading, error, retry, theme and locale: spread them onto the widget. */
  readonly base: WidgetBaseProps;
  /** The organization's time zone (for axes and dates). */
  readonly timeZone: string;
}

/** A registry entry: draws one stored widget. */
export type WidgetRenderer = (props: HostedWidgetProps) => ReactNode;

/** `widget_type` (or a host's own type name) → its renderer. */
export type WidgetRegistry = Readonly<Record<string, WidgetRenderer>>;

/** The data props a mapping returns: the widget's props without the ones the host sets. */
type DataProps<P> = Omit<P, keyof WidgetBaseProps>;

/**
 * A registry entry from a widget component and a mapping of the stored widget's data to its
 * props. The widget's `visualization_config` is spread first (typed by `T`), then the mapped
 * data, then the host's base props; `visualization_config.title` wins over `widget_name`.
 *
 * @example
 * const registry = { ...defaultWidgetRegistry, kpi: defineWidgetAdapter(MyKpi, ({ data }) => ({ value: 1 })) };
 */
export function defineWidgetAdapter<P extends WidgetBaseProps, T extends WidgetType = WidgetType>(
  Component: ComponentType<P>,
  toProps: (input: {
    readonly widget: DashboardWidgetRow;
    readonly config: Partial<VisualizationConfigByType[T]>;
    readonly data: WidgetDataOk | undefined;
    readonly timeZone: string;
  }) => DataProps<P>,
): WidgetRenderer {
  return function HostedWidget({ widget, data, base, timeZone }: HostedWidgetProps) {
    const config = (widget.visualization_config ?? {}) as Partial<VisualizationConfigByType[T]>;
    const { title, description, locale, ...options } = config as {
      title?: string;
      description?: string;
      locale?: string;
    };
    const props = {
      ...options,
      ...toProps({ widget, config, data, timeZone }),
      ...base,
      title: title ?? base.title,
      ...(description === undefined ? {} : { description }),
      ...(locale === undefined ? {} : { locale }),
    } as unknown as P;
    return <Component {...props} />;
  };
}

/** The series of a line chart: one per `series` read. */
function lineSeries(data: WidgetDataOk | undefined) {
  return readsOf(data, 'series').map((read) => ({
    key: `${read.metricId}:${read.aggregationId ?? ''}`,
    label: labelOf(read),
    points: pointsOf(read),
  }));
}

/** The registry of the ten widgets of this package, by `widget_type`. */
export const defaultWidgetRegistry: WidgetRegistry = {
  metric_card: defineWidgetAdapter(MetricCard, ({ data }) => {
    const row = latestRow(data);
    const comparison = latestRow(data, 'comparison');
    const sparkline = readsOf(data, 'series')[0];
    return {
      value: row ? numberOrNull(row.metric_value) : null,
      previousValue: comparison
        ? numberOrNull(comparison.metric_value)
        : row && 'previous_value' in row
          ? numberOrNull(row.previous_value)
          : null,
      ...(row && 'period_start' in row
        ? {
            changePercentage: comparison ? null : numberOrNull(row.change_percentage),
            targetValue: numberOrNull(row.target_value),
            sampleSize: row.sample_size,
            dataQualityScore: numberOrNull(row.data_quality_score),
          }
        : {}),
      ...(sparkline ? { sparkline: pointsOf(sparkline).map((p) => p.y) } : {}),
    };
  }),
  gauge: defineWidgetAdapter(Gauge, ({ data }) => {
    const row = latestRow(data);
    return {
      value: row ? numberOrNull(row.metric_value) : null,
      ...(row && 'target_value' in row ? { targetValue: numberOrNull(row.target_value) } : {}),
    };
  }),
  line_chart: defineWidgetAdapter(LineChart, ({ data, timeZone }) => ({
    series: lineSeries(data),
    timeZone,
  })),
  heatmap: defineWidgetAdapter(Heatmap, ({ data }) => ({
    days: (readsOf(data, 'series')[0]?.rows ?? []).map((row) => ({
      date: 'period_start' in row ? row.period_start : row.snapshot_date,
      value: numberOrNull(row.metric_value),
    })),
  })),
  bar_chart: defineWidgetAdapter(BarChart, ({ widget, data }) => {
    const entries = breakdownOf(data);
    return {
      categories: entries.map((e) => e.label),
      series: entries.length
        ? [{ key: 'value', label: widget.widget_name, values: entries.map((e) => e.value) }]
        : [],
    };
  }),
  pie_chart: defineWidgetAdapter(PieChart, ({ data }) => ({
    slices: breakdownOf(data).flatMap((e) =>
      e.value === null ? [] : [{ key: e.key, label: e.label, value: e.value }],
    ),
  })),
  table: defineWidgetAdapter(MetricTable, ({ data }) => ({ rows: tableRowsOf(data) })),
  map: defineWidgetAdapter(ChoroplethMap, ({ data }) => ({
    values: breakdownOf(data).map((e) => ({ code: e.label, value: e.value })),
  })),
  // Their content is their visualization_config (`markdown`; `src`, `alt`): nothing to map.
  text: defineWidgetAdapter(TextWidget, ({ config }) => ({
    markdown: (config as { markdown?: string }).markdown ?? '',
  })),
  image: defineWidgetAdapter(ImageWidget, ({ config }) => {
    const { src = '', alt = '' } = config as { src?: string; alt?: string };
    return { src, alt };
  }),
};
