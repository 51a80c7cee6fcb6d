import {
  createColumnFormat,
  type Direction,
  downsampleIndices,
  formatTimePoint,
  formatTimeTick,
  type LineChartConfig,
  type MetricType,
  type MetricValueFormatOptions,
  seriesExtent,
  type ThresholdConfig,
  thresholdBands,
} from '@arion-metrics/core';
import { GridRows } from '@visx/grid';
import { Group } from '@visx/group';
import { scaleLinear, scaleUtc } from '@visx/scale';
import { type MouseEvent, useMemo } from 'react';
import { HiddenDataTable } from '../../a11y/data-table';
import { usePointNavigation } from '../../a11y/use-point-navigation';
import { bandColor, seriesColor } from '../../theme/palette';
import { NARROW_WIDTH, thinTicks } from '../shared/axis-fit';
import { ChartAxis } from '../shared/chart-axis';
import { ChartTooltip, TooltipRow } from '../shared/chart-tooltip';
import { axisFormat } from '../shared/column-format';
import { describeBands } from '../shared/describe-bands';
import { Legend, type LegendItem } from '../shared/legend';
import { PlotArea, plotAreaProps } from '../shared/plot-area';
import { usePlotSize } from '../shared/use-element-size';
import { frameProps, WidgetFrame } from '../shared/widget-frame';
import type { WidgetBaseProps } from '../shared/widget-props';
import { SkeletonLegend, WidgetSkeleton } from '../shared/widget-skeleton';

/** One point of a line series. */
export interface LinePoint {
  /** Time as a Date or epoch milliseconds. */
  readonly x: Date | number;
  readonly y: number;
}

/**
 * One line: either `points` (friendly) or the columns `xs` (epoch ms, ascending) and `ys`
 * (fast for 100,000 points; typed arrays welcome).
 */
export interface LineSeries {
  /** Stable identity. */
  readonly key: string;
  /** Name in the legend and tooltip. */
  readonly label: string;
  readonly points?: readonly LinePoint[];
  readonly xs?: ArrayLike<number>;
  readonly ys?: ArrayLike<number>;
  /** Colour (default: the config `colors`, else the theme palette). */
  readonly color?: string;
}

/** Props of {@link LineChart}: series, target and thresholds, plus the `visualization_config` keys. */
export interface LineChartProps
  extends WidgetBaseProps,
    Omit<LineChartConfig, 'title' | 'description' | 'locale'> {
  readonly series: readonly LineSeries[];
  /** `target_value`, drawn as a dashed line. */
  readonly targetValue?: number | null | undefined;
  /** `threshold_config`; its bands (from core) are shaded behind the lines. */
  readonly thresholdConfig?: ThresholdConfig | null | undefined;
  /** `direction` of the metric (default `higher_better`). */
  readonly direction?: Direction | undefined;
  /** `metric_type`, for formatting. */
  readonly metricType?: MetricType | undefined;
  /** IANA time zone of the time axis (default `UTC`). */
  readonly timeZone?: string | undefined;
}

interface PreparedSeries {
  readonly key: string;
  readonly label: string;
  readonly color: string;
  readonly xs: ArrayLike<number>;
  readonly ys: ArrayLike<number>;
  /** Indices of the points drawn (after downsampling). */
  readonly drawn: Uint32Array;
}

const DEFAULT_HEIGHT = 260;
/** Rows of the hidden data table at most. */
const TABLE_ROWS = 500;
const MARGIN = { top: 12, right: 16, bottom: 28 };

function columns(series: LineSeries): { xs: ArrayLike<number>; ys: ArrayLike<number> } {
  if (series.xs !== undefined && series.ys !== undefined) return { xs: series.xs, ys: series.ys };
  const points = series.points ?? [];
  const xs = new Float64Array(points.length);
  const ys = new Float64Array(points.length);
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    xs[i] = typeof p.x === 'number' ? p.x : p.x.getTime();
    ys[i] = p.y;
  }
  return { xs, ys };
}

/** Index in ascending `xs` (restricted to `indices` when given) of the x nearest to `target`. */
function nearest(xs: ArrayLike<number>, target: number, indices?: Uint32Array): number {
  const n = indices ? indices.length : xs.length;
  const at = (i: number) => xs[indices ? indices[i]! : i]!;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (at(mid) < target) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && Math.abs(at(lo - 1) - target) <= Math.abs(at(lo) - target)) lo--;
  return lo;
}

function pathOf(s: PreparedSeries, x: (v: number) => number, y: (v: number) => number): string {
  const parts: string[] = new Array(s.drawn.length);
  for (let i = 0; i < s.drawn.length; i++) {
    const j = s.drawn[i]!;
    parts[i] = `${i === 0 ? 'M' : 'L'}${x(s.xs[j]!).toFixed(1)},${y(s.ys[j]!).toFixed(1)}`;
  }
  return parts.join('');
}

function stepPathOf(s: PreparedSeries, x: (v: number) => number, y: (v: number) => number): string {
  const parts: string[] = new Array(s.drawn.length);
  for (let i = 0; i < s.drawn.length; i++) {
    const j = s.drawn[i]!;
    const px = x(s.xs[j]!).toFixed(1);
    const py = y(s.ys[j]!).toFixed(1);
    parts[i] = i === 0 ? `M${px},${py}` : `H${px}V${py}`;
  }
  return parts.join('');
}

/**
 * Time series, one line per series, with the target as a dashed line and the metric's
 * threshold bands shaded behind. Long series are downsampled to the pixel width (min/max
 * per pixel by default, LTTB on request) so 100,000 points draw as fast as 2,000.
 * Hover or arrow keys move a crosshair whose tooltip lists every series at that time.
 * @example <LineChart title="Latency" series={[{ key: 'p95', label: 'p95', points }]} unit="ms" targetValue={300} />
 */
export function LineChart(props: LineChartProps) {
  const {
    series,
    targetValue = null,
    thresholdConfig = null,
    direction = 'higher_better',
    metricType,
    locale,
    timeZone,
    downsampling = 'min_max',
    showTarget = true,
    showThresholdBands = true,
    curve = 'linear',
  } = props;
  const size = usePlotSize(props.width, props.height, DEFAULT_HEIGHT);
  const format: MetricValueFormatOptions = {
    locale,
    unit: props.unit,
    metricType,
    currency: props.currency,
    compact: props.compact,
    maximumFractionDigits: props.maximumFractionDigits,
  };

  const columnData = useMemo(() => series.map((s) => ({ s, ...columns(s) })), [series]);
  const isEmpty = columnData.every((c) => c.xs.length === 0);

  // y axis labels decide the left margin
  const yExtent = useMemo(() => {
    const parts = columnData.map((c) => seriesExtent(c.ys)).filter((e) => e !== undefined);
    if (parts.length === 0) return undefined;
    const lo = Math.min(...parts.map((p) => p[0]));
    const hi = Math.max(...parts.map((p) => p[1]));
    return [lo, hi] as [number, number];
  }, [columnData]);
  const hasLevels = thresholdConfig !== null || targetValue !== null;
  const bands = useMemo(
    () => (hasLevels ? thresholdBands({ thresholdConfig, targetValue, direction }) : []),
    [hasLevels, thresholdConfig, targetValue, direction],
  );
  // series never take the hue of a band drawn behind them
  const bandStatuses = useMemo(
    () => (showThresholdBands && bands.length > 1 ? bands.map((b) => b.status) : []),
    [showThresholdBands, bands],
  );

  const yScale = useMemo(() => {
    const [lo0, hi0] = yExtent ?? [0, 1];
    let lo = Math.min(lo0, showTarget && targetValue !== null ? targetValue : lo0);
    let hi = Math.max(hi0, showTarget && targetValue !== null ? targetValue : hi0);
    if (lo === hi) {
      lo -= Math.abs(lo) * 0.1 || 1;
      hi += Math.abs(hi) * 0.1 || 1;
    }
    // include 0 when the data is close to it, so bars of change are not exaggerated
    if (lo > 0 && lo < (hi - lo) * 0.5) lo = 0;
    return scaleLinear({ domain: [props.yMin ?? lo, props.yMax ?? hi], range: [1, 0], nice: true });
  }, [yExtent, showTarget, targetValue, props.yMin, props.yMax]);

  // one rule for every value of the chart (tooltips, target, summary)
  const { unit, currency, compact, maximumFractionDigits } = props;
  const f = useMemo(() => {
    const all = (function* () {
      for (const c of columnData) for (let i = 0; i < c.ys.length; i++) yield c.ys[i];
      yield targetValue;
    })();
    return createColumnFormat(all, { locale, unit, metricType, currency, compact, maximumFractionDigits })
      .format;
  }, [columnData, targetValue, locale, unit, metricType, currency, compact, maximumFractionDigits]);
  const yTicks = yScale.ticks(Math.max(2, Math.floor(size.height / 50)));
  const tickFormat = axisFormat(yTicks, {
    ...format,
    compact: props.compact ?? (size.width < NARROW_WIDTH ? true : 'auto'),
  });
  const labelWidth = Math.max(...yTicks.map((t) => tickFormat.format(t).length), 2) * 7 + 12;
  const margin = { ...MARGIN, left: Math.min(90, labelWidth) };
  const innerWidth = Math.max(10, size.width - margin.left - margin.right);
  const innerHeight = Math.max(10, size.height - margin.top - margin.bottom);
  yScale.range([innerHeight, 0]);

  const xDomain = useMemo(() => {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const c of columnData) {
      if (c.xs.length === 0) continue;
      lo = Math.min(lo, c.xs[0]!);
      hi = Math.max(hi, c.xs[c.xs.length - 1]!);
    }
    if (lo === Number.POSITIVE_INFINITY) return [0, 1] as const;
    return (lo === hi ? [lo - 3_600_000, hi + 3_600_000] : [lo, hi]) as readonly [number, number];
  }, [columnData]);
  const span = xDomain[1] - xDomain[0];
  const xScale = scaleUtc({ domain: [new Date(xDomain[0]), new Date(xDomain[1])], range: [0, innerWidth] });

  const pixelWidth = Math.max(1, Math.round(innerWidth));
  const prepared: PreparedSeries[] = useMemo(
    () =>
      columnData.map(({ s, xs, ys }, i) => ({
        key: s.key,
        label: s.label,
        color: s.color ?? seriesColor(i, props.colors, bandStatuses),
        xs,
        ys,
        drawn:
          downsampling === 'none' || xs.length <= 2
            ? Uint32Array.from({ length: xs.length }, (_, k) => k)
            : downsampleIndices(xs, ys, { pixelWidth, method: downsampling }),
      })),
    [columnData, props.colors, bandStatuses, downsampling, pixelWidth],
  );

  const lead = prepared.reduce<PreparedSeries | undefined>(
    (best, s) => (best === undefined || s.drawn.length > best.drawn.length ? s : best),
    undefined,
  );
  const nav = usePointNavigation({ count: lead?.drawn.length ?? 0 });
  const activeX = lead !== undefined && nav.active !== null ? lead.xs[lead.drawn[nav.active]!]! : null;

  const x = (v: number) => xScale(v) as number;
  const y = (v: number) => yScale(v) as number;
  const showPoints = props.showPoints ?? (lead !== undefined && lead.drawn.length <= 40);
  const showLegend = props.showLegend ?? (prepared.length > 1 || (showTarget && targetValue !== null));

  const tooltipRows =
    activeX === null
      ? []
      : prepared
          .filter((s) => s.xs.length > 0)
          .map((s) => {
            const j = nearest(s.xs, activeX);
            return { s, j, value: s.ys[j]! };
          });

  const summary = isEmpty
    ? ''
    : [
        `${props.title ?? 'Line chart'}: ${prepared.length} series from ${formatTimePoint(xDomain[0], span, { locale, timeZone })} to ${formatTimePoint(xDomain[1], span, { locale, timeZone })}.`,
        ...prepared.map((s) => {
          const e = seriesExtent(s.ys);
          if (e === undefined) return `${s.label}: no points.`;
          return `${s.label}: ${s.xs.length} points, first ${f(s.ys[0]!)}, last ${f(s.ys[s.ys.length - 1]!)}, low ${f(e[0])}, high ${f(e[1])}.`;
        }),
        targetValue !== null ? `Target ${f(targetValue)}.` : '',
        bands.length > 1 && showThresholdBands ? `${describeBands(bands, f)}.` : '',
      ]
        .filter(Boolean)
        .join(' ');

  const onMouseMove = (event: MouseEvent<HTMLDivElement>) => {
    if (lead === undefined || lead.drawn.length === 0) return;
    const rect = event.currentTarget.getBoundingClientRect();
    const px = event.clientX - rect.left - margin.left;
    const t = xScale.invert(Math.max(0, Math.min(innerWidth, px))).getTime();
    nav.setActive(nearest(lead.xs, t, lead.drawn));
  };

  const [domainLo, domainHi] = yScale.domain() as [number, number];
  const legendItems: LegendItem[] = [
    ...prepared.map((s) => ({ key: s.key, label: s.label, color: s.color })),
    ...(showTarget && targetValue !== null
      ? [
          {
            key: '__target',
            label: `Target ${f(targetValue)}`,
            color: 'var(--arion-target)',
            shape: 'dash' as const,
          },
        ]
      : []),
  ];

  return (
    <WidgetFrame
      kind="arion-line-chart"
      {...frameProps(props)}
      isEmpty={isEmpty}
      skeleton={<WidgetSkeleton shape="line" />}
      bodyHeight={props.height ?? DEFAULT_HEIGHT}
      loadingFooter={showLegend ? <SkeletonLegend /> : null}
      footer={showLegend ? <Legend items={legendItems} label="Series" /> : null}
    >
      <PlotArea
        {...plotAreaProps(size, nav)}
        summary={summary}
        onMouseMove={onMouseMove}
        announcement={
          activeX === null
            ? null
            : `${formatTimePoint(activeX, span, { locale, timeZone })}: ${tooltipRows.map((r) => `${r.s.label} ${f(r.value)}`).join(', ')}`
        }
        overlay={
          activeX === null ? null : (
            <ChartTooltip
              x={margin.left + x(activeX)}
              y={margin.top + y(tooltipRows[0]?.value ?? domainHi)}
              containerWidth={size.width}
              title={formatTimePoint(activeX, span, { locale, timeZone })}
            >
              {tooltipRows.map((r) => (
                <TooltipRow key={r.s.key} color={r.s.color} label={r.s.label} value={f(r.value)} />
              ))}
            </ChartTooltip>
          )
        }
      >
        <Group left={margin.left} top={margin.top}>
          {showThresholdBands && bands.length > 1
            ? bands.map((b) => {
                const top = y(Math.min(b.to ?? domainHi, domainHi));
                const bottom = y(Math.max(b.from ?? domainLo, domainLo));
                if (!(bottom > top)) return null;
                return (
                  <rect
                    key={`${b.status}-${b.from}-${b.to}`}
                    className="arion-threshold-band"
                    data-band={b.status}
                    x={0}
                    y={top}
                    width={innerWidth}
                    height={bottom - top}
                    style={{ fill: bandColor(b.status) }}
                  />
                );
              })
            : null}
          <GridRows scale={yScale} width={innerWidth} tickValues={yTicks} className="arion-grid" />
          {prepared.map((s) => (
            <path
              key={s.key}
              className="arion-line"
              data-series={s.key}
              data-points={s.drawn.length}
              d={curve === 'step' ? stepPathOf(s, x, y) : pathOf(s, x, y)}
              style={{
                fill: 'none',
                stroke: s.color,
                strokeWidth: 2,
                strokeLinejoin: 'round',
                strokeLinecap: 'round',
              }}
            />
          ))}
          {showPoints
            ? prepared.flatMap((s) =>
                Array.from(s.drawn, (j) => (
                  <circle
                    key={`${s.key}-${j}`}
                    cx={x(s.xs[j]!)}
                    cy={y(s.ys[j]!)}
                    r={2.5}
                    style={{ fill: s.color }}
                  />
                )),
              )
            : null}
          {showTarget && targetValue !== null && targetValue >= domainLo && targetValue <= domainHi ? (
            <line
              className="arion-target-line"
              x1={0}
              x2={innerWidth}
              y1={y(targetValue)}
              y2={y(targetValue)}
              style={{ stroke: 'var(--arion-target)', strokeWidth: 1.5, strokeDasharray: '6 4' }}
            />
          ) : null}
          {activeX !== null ? (
            <g className="arion-crosshair">
              <line
                x1={x(activeX)}
                x2={x(activeX)}
                y1={0}
                y2={innerHeight}
                style={{ stroke: 'var(--arion-axis)', strokeWidth: 1, strokeDasharray: '3 3' }}
              />
              {tooltipRows.map((r) => (
                <circle
                  key={r.s.key}
                  className="arion-active-mark"
                  cx={x(r.s.xs[r.j]!)}
                  cy={y(r.value)}
                  r={4.5}
                  style={{ fill: r.s.color, stroke: 'var(--arion-surface)', strokeWidth: 2 }}
                />
              ))}
            </g>
          ) : null}
          <ChartAxis
            orientation="left"
            ticks={yTicks.map((t) => ({ position: yScale(t), label: tickFormat.format(t) }))}
          />
          <ChartAxis
            orientation="bottom"
            top={innerHeight}
            lineLength={innerWidth}
            ticks={thinTicks(
              // many candidate ticks (d3 picks calendar-aligned ones), then every k-th that fits
              xScale.ticks(Math.max(2, Math.floor(innerWidth / 30))).map((d) => ({
                position: xScale(d),
                label: formatTimeTick(d, span, { locale, timeZone }),
              })),
            )}
          />
        </Group>
      </PlotArea>
      <HiddenDataTable
        caption={`Data of ${props.title ?? 'the line chart'}${lead && lead.drawn.length < lead.xs.length ? ' (points drawn)' : ''}`}
        columns={['Time', ...prepared.map((s) => s.label)]}
        totalRows={lead?.drawn.length ?? 0}
        rows={
          lead === undefined
            ? []
            : Array.from(lead.drawn.subarray(0, TABLE_ROWS), (j) => {
                const t = lead.xs[j]!;
                return [
                  formatTimePoint(t, span, { locale, timeZone }),
                  ...prepared.map((s) => (s.xs.length === 0 ? '—' : f(s.ys[nearest(s.xs, t)]!))),
                ];
              })
        }
      />
    </WidgetFrame>
  );
}
