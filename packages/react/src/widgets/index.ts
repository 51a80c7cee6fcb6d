export * from './bar-chart/index';
export * from './gauge/index';
export * from './heatmap/index';
export * from './image/index';
export * from './line-chart/index';
export * from './map/index';
export * from './metric-card/index';
export * from './pie-chart/index';
export type { WidgetBaseProps } from './shared/widget-props';
export { DEFAULT_EMPTY_MESSAGE } from './shared/widget-props';
export * from './table/index';
export * from './text/index';

// Every widget is exported inside its own error boundary (these exports take precedence over the
// `export *` of the same names above): an error thrown while rendering one widget shows that
// widget's error state and never removes its siblings. The calls are marked pure so that a bundler
// still drops the widgets an application does not import (`pnpm size`).
import { BarChart as BarChartView } from './bar-chart/index';
import { Gauge as GaugeView } from './gauge/index';
import { Heatmap as HeatmapView } from './heatmap/index';
import { ImageWidget as ImageWidgetView } from './image/index';
import { LineChart as LineChartView } from './line-chart/index';
import { ChoroplethMap as ChoroplethMapView } from './map/index';
import { MetricCard as MetricCardView } from './metric-card/index';
import { PieChart as PieChartView } from './pie-chart/index';
import { withWidgetErrorBoundary } from './shared/widget-error-boundary';
import { MetricTable as MetricTableView } from './table/index';
import { TextWidget as TextWidgetView } from './text/index';

export {
  WidgetErrorBoundary,
  type WidgetErrorBoundaryProps,
  withWidgetErrorBoundary,
} from './shared/widget-error-boundary';

/** `bar_chart` widget (see `BarChartProps`), inside its own error boundary. */
export const BarChart = /* @__PURE__ */ withWidgetErrorBoundary(BarChartView, 'arion-bar-chart');
/** `gauge` widget (see `GaugeProps`), inside its own error boundary. */
export const Gauge = /* @__PURE__ */ withWidgetErrorBoundary(GaugeView, 'arion-gauge');
/** `heatmap` widget (see `HeatmapProps`), inside its own error boundary. */
export const Heatmap = /* @__PURE__ */ withWidgetErrorBoundary(HeatmapView, 'arion-heatmap');
/** `image` widget (see `ImageWidgetProps`), inside its own error boundary. */
export const ImageWidget = /* @__PURE__ */ withWidgetErrorBoundary(ImageWidgetView, 'arion-image-widget');
/** `line_chart` widget (see `LineChartProps`), inside its own error boundary. */
export const LineChart = /* @__PURE__ */ withWidgetErrorBoundary(LineChartView, 'arion-line-chart');
/** `map` widget (see `ChoroplethMapProps`), inside its own error boundary. */
export const ChoroplethMap = /* @__PURE__ */ withWidgetErrorBoundary(ChoroplethMapView, 'arion-map');
/** `metric_card` widget (see `MetricCardProps`), inside its own error boundary. */
export const MetricCard = /* @__PURE__ */ withWidgetErrorBoundary(MetricCardView, 'arion-metric-card');
/** `pie_chart` widget (see `PieChartProps`), inside its own error boundary. */
export const PieChart = /* @__PURE__ */ withWidgetErrorBoundary(PieChartView, 'arion-pie-chart');
/** `table` widget (see `MetricTableProps`), inside its own error boundary. */
export const MetricTable = /* @__PURE__ */ withWidgetErrorBoundary(MetricTableView, 'arion-table');
/** `text` widget (see `TextWidgetProps`), inside its own error boundary. */
export const TextWidget = /* @__PURE__ */ withWidgetErrorBoundary(TextWidgetView, 'arion-text');
