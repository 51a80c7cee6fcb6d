import {
  type BarChartConfig,
  createColumnFormat,
  type MetricType,
  type MetricValueFormatOptions,
} from '@arion-metrics/core';
import { GridColumns, GridRows } from '@visx/grid';
import { Group } from '@visx/group';
import { scaleBand, scaleLinear } from '@visx/scale';
import { type MouseEvent, useMemo } from 'react';
import { HiddenDataTable } from '../../a11y/data-table';
import { usePointNavigation } from '../../a11y/use-point-navigation';
import { seriesColor } from '../../theme/palette';
import { fitCategoryLabels, NARROW_WIDTH } from '../shared/axis-fit';
import { ChartAxis } from '../shared/chart-axis';
import { ChartTooltip, TooltipRow } from '../shared/chart-tooltip';
import { axisFormat } from '../shared/column-format';
import { Legend } from '../shared/legend';
import { PlotArea, plotAreaProps } from '../shared/plot-area';
import { usePlotSize } from '../shared/use-element-size';
import { frameProps, WidgetFrame } from '../shared/widget-frame';
import type { WidgetBaseProps } from '../shared/widget-props';
import { SkeletonLegend, WidgetSkeleton } from '../shared/widget-skeleton';
import { barPath, type RoundedSide } from './bar-path';

/** One series of bars: a value per category (`null` = no bar). */
export interface BarSeries {
  readonly key: string;
  readonly label: string;
  /** One value per entry of `categories`, same order. */
  readonly values: readonly (number | null)[];
  readonly color?: string;
}

/** Props of {@link BarChart}: categories and series, plus the `visualization_config` keys. */
export interface BarChartProps
  extends WidgetBaseProps,
    Omit<BarChartConfig, 'title' | 'description' | 'locale'> {
  /** Category labels (aggregation units, periods…). */
  readonly categories: readonly string[];
  readonly series: readonly BarSeries[];
  /** `metric_type`, for formatting. */
  readonly metricType?: MetricType | undefined;
}

interface BarRect {
  readonly index: number;
  readonly category: number;
  readonly series: number;
  readonly value: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** The outer end, rounded: the bar's own for grouped bars, only the last segment's when stacked. */
  rounded: RoundedSide;
}

/** A value label at the outer end of a bar (grouped) or of a stack (its total). */
interface ValueLabel {
  readonly key: string;
  readonly x: number;
  readonly y: number;
  readonly text: string;
  readonly anchor: 'start' | 'middle' | 'end';
}

const DEFAULT_HEIGHT = 260;
/** Corner radius of a bar's outer end (px). */
const BAR_RADIUS = 3;
/** Width of one character of an 11 px label, for fitting labels without measuring text. */
const CHAR_WIDTH = 6.5;
/** Pixels of plot per value tick: the tick count follows the plot's length. */
const PX_PER_TICK = 60;

/**
 * Bars per category, vertical or horizontal, series grouped side by side or stacked
 * (positive values stack up, negative values down). Hover or arrow keys show each bar's value.
 * @example <BarChart categories={['EU', 'US']} series={[{ key: 'q1', label: 'Q1', values: [12, 9] }]} />
 */
export function BarChart(props: BarChartProps) {
  const { categories, series, metricType, locale, orientation = 'vertical', layout = 'grouped' } = props;
  const size = usePlotSize(props.width, props.height, DEFAULT_HEIGHT);
  const format: MetricValueFormatOptions = {
    locale,
    unit: props.unit,
    metricType,
    currency: props.currency,
    compact: props.compact,
    maximumFractionDigits: props.maximumFractionDigits,
  };
  // one rule for every bar value (labels, tooltips, summary), another for the axis ticks
  const valueFormat = createColumnFormat(
    series.flatMap((s) => s.values),
    format,
  );
  const f = (v: number) => valueFormat.format(v);
  const horizontal = orientation === 'horizontal';
  const stacked = layout === 'stacked';
  const isEmpty = categories.length === 0 || series.every((s) => s.values.every((v) => v === null));
  const colors = series.map((s, i) => s.color ?? seriesColor(i, props.colors));

  // value extent: stacked sums of positives and negatives per category, else the raw values
  const [lo, hi] = useMemo(() => {
    let min = 0;
    let max = 0;
    categories.forEach((_, c) => {
      let pos = 0;
      let neg = 0;
      for (const s of series) {
        const v = s.values[c];
        if (v == null || !Number.isFinite(v)) continue;
        if (stacked) {
          if (v >= 0) pos += v;
          else neg += v;
        } else {
          max = Math.max(max, v);
          min = Math.min(min, v);
        }
      }
      if (stacked) {
        max = Math.max(max, pos);
        min = Math.min(min, neg);
      }
    });
    return min === max ? [0, 1] : [min, max];
  }, [categories, series, stacked]);

  const longestCategory = Math.max(...categories.map((c) => c.length), 1);
  // the domain is rounded to the tick step used, so the top tick is the domain's end (31 → 35 with ticks of 5)
  const tickCount = Math.max(
    2,
    Math.floor(((horizontal ? size.width * 0.7 : size.height) - 40) / PX_PER_TICK),
  );
  const valueScale = scaleLinear<number>({ domain: [lo, hi] }).nice(tickCount);
  const valueTicks = valueScale.ticks(tickCount);
  // narrow cells get compact axis numbers (12K instead of 12,000) unless told otherwise
  const narrow = size.width < NARROW_WIDTH;
  const tickFormat = axisFormat(valueTicks, {
    ...format,
    compact: props.compact ?? (narrow ? true : 'auto'),
  });
  const valueLabelWidth = Math.max(...valueTicks.map((t) => tickFormat.format(t).length), 2) * 7 + 12;
  const valueTextWidth = props.showValues
    ? Math.max(...series.flatMap((s) => s.values).map((v) => (v == null ? 0 : f(v).length))) * CHAR_WIDTH + 6
    : 0;
  const margin = horizontal
    ? {
        top: 8,
        right: Math.max(20, Math.min(80, valueTextWidth)),
        bottom: 28,
        left: Math.min(160, size.width * 0.35, longestCategory * 7 + 14),
      }
    : { top: props.showValues ? 20 : 12, right: 12, bottom: 30, left: Math.min(90, valueLabelWidth) };
  const innerWidth = Math.max(10, size.width - margin.left - margin.right);
  const innerHeight = Math.max(10, size.height - margin.top - margin.bottom);
  valueScale.range(horizontal ? [0, innerWidth] : [innerHeight, 0]);
  const bandScale = scaleBand({
    domain: categories.map((_, i) => String(i)),
    range: horizontal ? [0, innerHeight] : [0, innerWidth],
    padding: 0.25,
  });
  const groupScale = scaleBand({
    domain: series.map((s) => s.key),
    range: [0, bandScale.bandwidth()],
    padding: 0.08,
  });

  const bars: BarRect[] = [];
  const labels: ValueLabel[] = [];
  categories.forEach((_, c) => {
    const base = bandScale(String(c)) ?? 0;
    let pos = 0;
    let neg = 0;
    let lastPos: BarRect | undefined;
    let lastNeg: BarRect | undefined;
    series.forEach((s, si) => {
      const v = s.values[c];
      // nothing is drawn for a missing value or for zero (a 1 px sliver would read as a value)
      if (v == null || !Number.isFinite(v) || v === 0) return;
      let from = 0;
      let to = v;
      if (stacked) {
        from = v >= 0 ? pos : neg;
        to = from + v;
        if (v >= 0) pos = to;
        else neg = to;
      }
      const a = valueScale(Math.min(from, to)) as number;
      const b = valueScale(Math.max(from, to)) as number;
      const offset = stacked ? 0 : (groupScale(s.key) ?? 0);
      const thickness = stacked ? bandScale.bandwidth() : groupScale.bandwidth();
      const rounded: RoundedSide = horizontal ? (v > 0 ? 'right' : 'left') : v > 0 ? 'top' : 'bottom';
      const bar: BarRect = horizontal
        ? {
            index: bars.length,
            category: c,
            series: si,
            value: v,
            x: a,
            y: base + offset,
            width: Math.max(1, b - a),
            height: thickness,
            rounded,
          }
        : {
            index: bars.length,
            category: c,
            series: si,
            value: v,
            x: base + offset,
            y: b,
            width: thickness,
            height: Math.max(1, a - b),
            rounded,
          };
      if (stacked) {
        // only the outermost segment of each side keeps a rounded end
        const previous = v > 0 ? lastPos : lastNeg;
        if (previous !== undefined) previous.rounded = 'none';
        if (v > 0) lastPos = bar;
        else lastNeg = bar;
      } else if (props.showValues) {
        labels.push(valueLabel(`${c}:${si}`, bar, v, f(v)));
      }
      bars.push(bar);
    });
    if (stacked && props.showValues) {
      if (lastPos !== undefined) labels.push(valueLabel(`${c}:+`, lastPos, 1, f(pos)));
      if (lastNeg !== undefined) labels.push(valueLabel(`${c}:-`, lastNeg, -1, f(neg)));
    }
  });

  /** A label just beyond the outer end of `bar`; none on a vertical bar too narrow for the text. */
  function valueLabel(key: string, bar: BarRect, sign: number, text: string): ValueLabel {
    if (horizontal) {
      const outer = sign > 0 ? bar.x + bar.width + 4 : bar.x - 4;
      return { key, x: outer, y: bar.y + bar.height / 2 + 4, text, anchor: sign > 0 ? 'start' : 'end' };
    }
    return {
      key,
      x: bar.x + bar.width / 2,
      y: sign > 0 ? bar.y - 5 : bar.y + bar.height + 13,
      text,
      anchor: 'middle',
    };
  }
  const labelSlot = horizontal
    ? Number.POSITIVE_INFINITY
    : (stacked ? bandScale.step() : groupScale.step()) - 2;
  const shownLabels = labels.filter((l) => l.text.length * CHAR_WIDTH <= labelSlot);

  const nav = usePointNavigation({ count: bars.length });
  const active = nav.active === null ? undefined : bars[nav.active];
  const showLegend = props.showLegend ?? series.length > 1;

  const summary = isEmpty
    ? ''
    : `${props.title ?? 'Bar chart'}: ${series.length} series over ${categories.length} categories${stacked ? ', stacked' : ''}. ` +
      series
        .map((s) => {
          const present = s.values.map((v, c) => [v, c] as const).filter(([v]) => v != null) as [
            number,
            number,
          ][];
          if (present.length === 0) return `${s.label}: no values.`;
          const top = present.reduce((a, b) => (b[0] > a[0] ? b : a));
          const bottom = present.reduce((a, b) => (b[0] < a[0] ? b : a));
          return `${s.label}: highest ${categories[top[1]]} ${f(top[0])}, lowest ${categories[bottom[1]]} ${f(bottom[0])}.`;
        })
        .join(' ');

  const onMouseMove = (event: MouseEvent<HTMLDivElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const px = event.clientX - rect.left - margin.left;
    const py = event.clientY - rect.top - margin.top;
    const hit = bars.find((b) => px >= b.x && px <= b.x + b.width && py >= b.y && py <= b.y + b.height);
    nav.setActive(hit ? hit.index : null);
  };

  const Grid = horizontal ? GridColumns : GridRows;

  return (
    <WidgetFrame
      kind="arion-bar-chart"
      {...frameProps(props)}
      isEmpty={isEmpty}
      skeleton={<WidgetSkeleton shape="bars" />}
      bodyHeight={props.height ?? DEFAULT_HEIGHT}
      loadingFooter={showLegend ? <SkeletonLegend /> : null}
      footer={
        showLegend ? (
          <Legend
            items={series.map((s, i) => ({ key: s.key, label: s.label, color: colors[i]! }))}
            label="Series"
          />
        ) : null
      }
    >
      <PlotArea
        {...plotAreaProps(size, nav)}
        summary={summary}
        onMouseMove={onMouseMove}
        announcement={
          active
            ? `${categories[active.category]}, ${series[active.series]!.label}: ${f(active.value)}`
            : null
        }
        overlay={
          active ? (
            <ChartTooltip
              x={margin.left + active.x + (horizontal ? active.width : active.width / 2)}
              y={margin.top + active.y}
              containerWidth={size.width}
              title={categories[active.category]}
            >
              <TooltipRow
                color={colors[active.series]!}
                label={series[active.series]!.label}
                value={f(active.value)}
              />
            </ChartTooltip>
          ) : null
        }
      >
        <Group left={margin.left} top={margin.top}>
          <Grid
            scale={valueScale}
            width={innerWidth}
            height={innerHeight}
            tickValues={valueTicks}
            className="arion-grid"
          />
          {bars.map((b) => (
            <path
              key={b.index}
              className="arion-bar"
              data-category={categories[b.category]}
              data-series={series[b.series]!.key}
              data-rounded={b.rounded}
              d={barPath(b.x, b.y, b.width, b.height, BAR_RADIUS, b.rounded)}
              style={{
                fill: colors[b.series],
                stroke: nav.active === b.index ? 'var(--arion-focus)' : 'none',
                strokeWidth: 2,
              }}
            />
          ))}
          {shownLabels.map((l) => (
            <text
              key={l.key}
              className="arion-bar-value"
              x={l.x}
              y={l.y}
              textAnchor={l.anchor}
              style={{ fill: 'var(--arion-text-muted)', fontSize: 11 }}
            >
              {l.text}
            </text>
          ))}
          <line
            x1={horizontal ? valueScale(0) : 0}
            x2={horizontal ? valueScale(0) : innerWidth}
            y1={horizontal ? 0 : valueScale(0)}
            y2={horizontal ? innerHeight : valueScale(0)}
            style={{ stroke: 'var(--arion-axis)', strokeWidth: 1 }}
          />
          <ChartAxis
            orientation={horizontal ? 'bottom' : 'left'}
            top={horizontal ? innerHeight : 0}
            ticks={valueTicks.map((v) => ({ position: valueScale(v), label: tickFormat.format(v) }))}
          />
          <ChartAxis
            orientation={horizontal ? 'left' : 'bottom'}
            top={horizontal ? 0 : innerHeight}
            ticks={fitCategoryLabels(
              categories.map((c, i) => ({
                position: (bandScale(String(i)) ?? 0) + bandScale.bandwidth() / 2,
                label: c,
              })),
              horizontal ? margin.left - 8 : bandScale.step(),
            )}
          />
        </Group>
      </PlotArea>
      <HiddenDataTable
        caption={`Data of ${props.title ?? 'the bar chart'}`}
        columns={['Category', ...series.map((s) => s.label)]}
        rows={categories.map((c, ci) => [
          c,
          ...series.map((s) => (s.values[ci] == null ? '—' : f(s.values[ci]!))),
        ])}
      />
    </WidgetFrame>
  );
}
