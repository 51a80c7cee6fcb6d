import {
  createColumnFormat,
  type MetricType,
  type MetricValueFormatOptions,
  type PieChartConfig,
  partsOfWhole,
} from '@arion-metrics/core';
import { Group } from '@visx/group';
import { Pie } from '@visx/shape';
import { useMemo } from 'react';
import { HiddenDataTable } from '../../a11y/data-table';
import { usePointNavigation } from '../../a11y/use-point-navigation';
import { seriesColor } from '../../theme/palette';
import { ChartTooltip, TooltipRow } from '../shared/chart-tooltip';
import { Legend } from '../shared/legend';
import { PlotArea, plotAreaProps } from '../shared/plot-area';
import { usePlotSize } from '../shared/use-element-size';
import { frameProps, WidgetFrame } from '../shared/widget-frame';
import type { WidgetBaseProps } from '../shared/widget-props';
import { SkeletonLegend, WidgetSkeleton } from '../shared/widget-skeleton';

/** One slice of a pie: a label and a non-negative value. */
export interface PieSlice {
  readonly key: string;
  readonly label: string;
  readonly value: number;
  readonly color?: string;
}

/** Props of {@link PieChart}: the slices, plus the `visualization_config` keys. */
export interface PieChartProps
  extends WidgetBaseProps,
    Omit<PieChartConfig, 'title' | 'description' | 'locale'> {
  readonly slices: readonly PieSlice[];
  /** `metric_type`, for formatting. */
  readonly metricType?: MetricType | undefined;
  /** Label of the merged small slices (default "Other"). */
  readonly otherLabel?: string | undefined;
}

interface Arc {
  readonly key: string;
  readonly label: string;
  readonly value: number;
  readonly share: number;
  readonly color: string;
}

const DEFAULT_HEIGHT = 220;

/** Index of the slice under the point (dx, dy) from the centre, or null; slices run clockwise from 12 o'clock. */
function arcAt(arcs: readonly Arc[], dx: number, dy: number, inner: number, outer: number): number | null {
  const r = Math.hypot(dx, dy);
  if (r < inner || r > outer) return null;
  let angle = Math.atan2(dx, -dy);
  if (angle < 0) angle += 2 * Math.PI;
  const total = arcs.reduce((a, b) => a + b.value, 0);
  let start = 0;
  for (let i = 0; i < arcs.length; i++) {
    const end = start + (arcs[i]!.value / total) * 2 * Math.PI;
    if (angle >= start && angle < end) return i;
    start = end;
  }
  return null;
}

/**
 * Parts of a whole as a donut (default) or pie, with a legend giving each share. Shares come
 * from core's `partsOfWhole`; beyond `maxSlices` the smallest are merged into "Other".
 * @example <PieChart title="Incidents by severity" slices={[{ key: 'low', label: 'Low', value: 12 }]} />
 */
export function PieChart(props: PieChartProps) {
  const { slices, metricType, locale, variant = 'donut', maxSlices = 8, otherLabel = 'Other' } = props;
  const size = usePlotSize(props.width, props.height, DEFAULT_HEIGHT);
  const format: MetricValueFormatOptions = {
    locale,
    unit: props.unit,
    metricType,
    currency: props.currency,
    compact: props.compact,
    maximumFractionDigits: props.maximumFractionDigits,
  };
  const arcs: Arc[] = useMemo(
    () =>
      partsOfWhole(slices, (s) => s.value, maxSlices).map((p, i) => ({
        key: p.item?.key ?? '__other',
        label: p.item?.label ?? otherLabel,
        value: p.value,
        share: p.sharePercent,
        color: p.item?.color ?? (p.item === null ? 'var(--arion-series-8)' : seriesColor(i, props.colors)),
      })),
    [slices, maxSlices, otherLabel, props.colors],
  );
  const total = arcs.reduce((a, b) => a + b.value, 0);
  // one rule for the values with their total, one for the shares (never 6% next to 50.6%)
  const f = createColumnFormat([...arcs.map((a) => a.value), total], format).format;
  const pct = createColumnFormat(
    arcs.map((a) => a.share),
    { locale, unit: { kind: 'percent' } },
  ).format;
  const isEmpty = arcs.length === 0 || total === 0;
  const nav = usePointNavigation({ count: arcs.length });
  const active = nav.active === null ? undefined : arcs[nav.active];
  const radius = Math.max(10, Math.min(size.width, size.height) / 2 - 6);
  const inner = variant === 'donut' ? radius * 0.6 : 0;
  const summary = isEmpty
    ? ''
    : `${props.title ?? 'Pie chart'}: total ${f(total)} in ${arcs.length} parts. ${arcs
        .map((a) => `${a.label} ${f(a.value)} (${pct(a.share)})`)
        .join(', ')}.`;
  const showLegend = props.showLegend ?? true;

  return (
    <WidgetFrame
      kind="arion-pie-chart"
      {...frameProps(props)}
      isEmpty={isEmpty}
      skeleton={<WidgetSkeleton shape="donut" />}
      bodyHeight={props.height ?? DEFAULT_HEIGHT}
      loadingFooter={showLegend ? <SkeletonLegend /> : null}
      footer={
        showLegend ? (
          <Legend
            label="Parts"
            items={arcs.map((a) => ({ key: a.key, color: a.color, label: `${a.label} · ${pct(a.share)}` }))}
          />
        ) : null
      }
    >
      <PlotArea
        {...plotAreaProps(size, nav)}
        summary={summary}
        onMouseMove={(event) => {
          const rect = event.currentTarget.getBoundingClientRect();
          nav.setActive(
            arcAt(
              arcs,
              event.clientX - rect.left - size.width / 2,
              event.clientY - rect.top - size.height / 2,
              inner,
              radius,
            ),
          );
        }}
        announcement={active ? `${active.label}: ${f(active.value)}, ${pct(active.share)}` : null}
        overlay={
          active ? (
            <ChartTooltip
              x={size.width / 2}
              y={size.height / 2 - radius / 2}
              containerWidth={size.width * 2}
              title={active.label}
            >
              <TooltipRow color={active.color} label={f(active.value)} value={pct(active.share)} />
            </ChartTooltip>
          ) : null
        }
      >
        <Group top={size.height / 2} left={size.width / 2}>
          <Pie
            data={arcs}
            pieValue={(a) => a.value}
            pieSort={null}
            outerRadius={radius}
            innerRadius={inner}
            padAngle={arcs.length > 1 ? 0.01 : 0}
            cornerRadius={variant === 'donut' ? 3 : 0}
          >
            {(pie) =>
              pie.arcs.map((arc, i) => (
                <path
                  key={arc.data.key}
                  className="arion-pie-slice"
                  data-slice={arc.data.key}
                  d={pie.path(arc) ?? ''}
                  style={{
                    fill: arc.data.color,
                    stroke: nav.active === i ? 'var(--arion-focus)' : 'var(--arion-surface)',
                    strokeWidth: nav.active === i ? 3 : 1.5,
                  }}
                />
              ))
            }
          </Pie>
          {variant === 'donut' ? (
            <>
              <text
                textAnchor="middle"
                dy={-2}
                style={{ fill: 'var(--arion-text)', fontSize: Math.max(14, inner * 0.32), fontWeight: 650 }}
              >
                {f(total)}
              </text>
              <text
                textAnchor="middle"
                dy={Math.max(14, inner * 0.3)}
                style={{ fill: 'var(--arion-text-muted)', fontSize: 11 }}
              >
                Total
              </text>
            </>
          ) : null}
        </Group>
      </PlotArea>
      <HiddenDataTable
        caption={`Data of ${props.title ?? 'the pie chart'}`}
        columns={['Part', 'Value', 'Share']}
        rows={arcs.map((a) => [a.label, f(a.value), pct(a.share)])}
      />
    </WidgetFrame>
  );
}
