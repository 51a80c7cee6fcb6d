/**
 * One widget of the demo page: the widget component of `@arion-metrics/react` for its
 * `widget_type`, fed from the widget's slot of `GET /api/dashboards/:id/data`. A stand-in until
 * the page uses `<DashboardHost>`.
 */
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
} from '@arion-metrics/react';
import type { ReactElement } from 'react';

/** A stored widget as `GET /api/dashboards/:id/widgets` returns it. */
export interface WidgetRow {
  readonly id: string;
  readonly widget_name: string;
  readonly widget_type: string;
  readonly position: { readonly x: number; readonly y: number; readonly w: number; readonly h: number };
  readonly metric_ids: readonly string[] | null;
  readonly visualization_config: Record<string, unknown> | null;
}

/** A metric definition as `GET /api/metrics` returns it (the fields the widgets use). */
export interface MetricRow {
  readonly id: string;
  readonly metric_name: string;
  readonly display_name: string;
  readonly metric_type: string;
  readonly direction: string;
  readonly target_value: number | string | null;
  readonly threshold_config: unknown;
}

/** A stored calculation or snapshot row (the fields the widgets use). */
interface ValueRow {
  readonly metric_value: number | string;
  readonly previous_value?: number | string | null;
  readonly change_percentage?: number | string | null;
  readonly period_start?: string;
  readonly snapshot_date?: string;
}

/** One read of a widget's data slot. */
interface Read {
  readonly kind: 'series' | 'latest';
  readonly role: 'value' | 'comparison';
  readonly metricId: string;
  readonly label: string | null;
  readonly rows: readonly ValueRow[];
}

/** A widget's slot of the dashboard data. */
export type WidgetSlot =
  | { readonly widgetId: string; readonly ok: true; readonly reads: readonly Read[] }
  | { readonly widgetId: string; readonly ok: false; readonly error: { readonly message: string } };

const num = (v: number | string | null | undefined): number | null =>
  v === null || v === undefined ? null : Number(v);
const dateOf = (row: ValueRow) => new Date(row.period_start ?? `${row.snapshot_date}T00:00:00Z`);
const last = (read: Read | undefined) => num(read?.rows.at(-1)?.metric_value);

/** The widget component of `widget` with the data of `slot`. */
export function DemoWidget(props: {
  readonly widget: WidgetRow;
  readonly slot: WidgetSlot | undefined;
  readonly metrics: ReadonlyMap<string, MetricRow>;
}): ReactElement {
  const { widget, slot, metrics } = props;
  const config = (widget.visualization_config ?? {}) as object;
  const title = widget.widget_name;
  if (widget.widget_type === 'text') {
    const text = config as { markdown?: string };
    return <TextWidget {...config} markdown={text.markdown ?? ''} title={title} />;
  }
  if (widget.widget_type === 'image') {
    const image = config as { src?: string; alt?: string };
    return <ImageWidget {...config} src={image.src ?? ''} alt={image.alt ?? ''} title={title} />;
  }
  if (slot === undefined) return <MetricCard title={title} value={null} loading />;
  if (!slot.ok) return <MetricCard title={title} value={null} error={slot.error.message} />;

  const values = slot.reads.filter((r) => r.role === 'value');
  const metric = metrics.get(values[0]?.metricId ?? widget.metric_ids?.[0] ?? '');
  const meaning = {
    ...(metric
      ? {
          metricType: metric.metric_type as never,
          direction: metric.direction as never,
          targetValue: num(metric.target_value),
          thresholdConfig: metric.threshold_config as never,
        }
      : {}),
  };
  const labelOf = (r: Read) => r.label ?? metrics.get(r.metricId)?.display_name ?? r.metricId;

  switch (widget.widget_type) {
    case 'metric_card': {
      const latest = values.find((r) => r.kind === 'latest')?.rows.at(-1);
      const series = values.find((r) => r.kind === 'series');
      return (
        <MetricCard
          {...config}
          {...meaning}
          title={title}
          value={num(latest?.metric_value)}
          previousValue={num(latest?.previous_value)}
          changePercentage={num(latest?.change_percentage)}
          sparkline={(series?.rows ?? []).map((r) => Number(r.metric_value))}
        />
      );
    }
    case 'gauge':
      return <Gauge {...config} {...meaning} title={title} value={last(values[0])} />;
    case 'line_chart':
      return (
        <LineChart
          {...config}
          {...(values.length === 1 ? meaning : { metricType: meaning.metricType })}
          title={title}
          timeZone="Europe/Berlin"
          series={values.map((r, i) => ({
            key: `${r.metricId}-${i}`,
            label: labelOf(r),
            points: r.rows.map((row) => ({ x: dateOf(row), y: Number(row.metric_value) })),
          }))}
        />
      );
    case 'bar_chart':
      return (
        <BarChart
          {...config}
          metricType={meaning.metricType}
          title={title}
          categories={values.map(labelOf)}
          series={[{ key: 'value', label: metric?.display_name ?? title, values: values.map(last) }]}
        />
      );
    case 'pie_chart':
      return (
        <PieChart
          {...config}
          metricType={meaning.metricType}
          title={title}
          slices={values.map((r, i) => ({ key: String(i), label: labelOf(r), value: last(r) ?? 0 }))}
        />
      );
    case 'table': {
      const rows = new Map<string, Record<string, unknown>>();
      for (const r of values) {
        const label = labelOf(r);
        const row = rows.get(label) ?? { label };
        row[metrics.get(r.metricId)?.metric_name ?? r.metricId] = last(r);
        rows.set(label, row);
      }
      return <MetricTable {...config} title={title} rows={[...rows.values()]} rowKey="label" />;
    }
    case 'heatmap':
      return (
        <Heatmap
          {...config}
          {...meaning}
          title={title}
          days={(values[0]?.rows ?? []).map((row) => ({
            date: dateOf(row),
            value: Number(row.metric_value),
          }))}
        />
      );
    case 'map':
      return (
        <ChoroplethMap
          {...config}
          {...meaning}
          title={title}
          values={values.map((r) => ({ code: r.label ?? '', value: last(r) }))}
        />
      );
    default:
      return <MetricCard title={title} value={null} error={`unknown widget type ${widget.widget_type}`} />;
  }
}
