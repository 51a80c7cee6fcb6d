import {
  classifyValue,
  createColumnFormat,
  type Direction,
  type GaugeConfig,
  type MetricType,
  type MetricValueFormatOptions,
  type ThresholdConfig,
  thresholdBands,
} from '@arion-metrics/core';
import { Group } from '@visx/group';
import { scaleLinear } from '@visx/scale';
import { Arc } from '@visx/shape';
import { statusFillColor } from '../../theme/palette';
import { describeBands } from '../shared/describe-bands';
import { PlotArea, plotAreaProps } from '../shared/plot-area';
import { StatusBadge } from '../shared/status-badge';
import { usePlotSize } from '../shared/use-element-size';
import { frameProps, WidgetFrame } from '../shared/widget-frame';
import type { WidgetBaseProps } from '../shared/widget-props';
import { WidgetSkeleton } from '../shared/widget-skeleton';

/** Props of {@link Gauge}: one value against its bands and target, plus the `visualization_config` keys. */
export interface GaugeProps extends WidgetBaseProps, Omit<GaugeConfig, 'title' | 'description' | 'locale'> {
  /** The value shown; `null` shows the empty state. */
  readonly value: number | null;
  /** `target_value` of the metric. */
  readonly targetValue?: number | null | undefined;
  /** `direction` (default `higher_better`). */
  readonly direction?: Direction | undefined;
  /** `threshold_config`; the bands come from core's `thresholdBands`. */
  readonly thresholdConfig?: ThresholdConfig | null | undefined;
  /** `metric_type`, for formatting. */
  readonly metricType?: MetricType | undefined;
}

/** Half-opening of the arc: it spans from -120° to +120° (0° is straight up). */
const SWEEP = (2 * Math.PI) / 3;
const DEFAULT_HEIGHT = 200;

/** The scale of a gauge when min/max are not configured: the finite band edges, the target, the value, and 0 for percentages. */
function gaugeDomain(
  value: number,
  edges: readonly number[],
  unitIsPercent: boolean,
  min: number | undefined,
  max: number | undefined,
): [number, number] {
  if (min !== undefined && max !== undefined && max > min) return [min, max];
  if (unitIsPercent && min === undefined && max === undefined && value >= 0 && value <= 100) return [0, 100];
  const points = [value, ...edges];
  let lo = Math.min(...points);
  let hi = Math.max(...points);
  const pad = hi === lo ? Math.abs(hi) * 0.2 || 1 : (hi - lo) * 0.25;
  lo = min ?? (lo >= 0 && lo - pad < 0 ? 0 : lo - pad);
  hi = max ?? hi + pad;
  return hi > lo ? [lo, hi] : [lo, lo + 1];
}

/**
 * A radial gauge: the warning/critical bands of the metric (from core, so the gauge and the
 * alerts agree), a target marker and the value with its status in words. Works for
 * higher_better, lower_better and target_range metrics.
 * @example <Gauge title="Uptime" value={99.2} unit="%" thresholdConfig={{ warning: 99.5, critical: 99 }} />
 */
export function Gauge(props: GaugeProps) {
  const {
    value,
    targetValue = null,
    direction = 'higher_better',
    thresholdConfig = null,
    metricType,
    locale,
    showBands = true,
    showTarget = true,
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
  const input = { thresholdConfig, targetValue, direction };
  const hasLevels = thresholdConfig !== null || targetValue !== null;
  const bands = hasLevels ? thresholdBands(input) : [];
  // the value, target and band edges are read together: one rule for all
  const f = createColumnFormat([value, targetValue, ...bands.flatMap((b) => [b.from, b.to])], format).format;
  const status = value !== null && hasLevels ? classifyValue(value, input) : null;

  let content = null;
  if (value !== null) {
    const edges = bands.flatMap((b) => [b.from, b.to]).filter((v): v is number => v !== null);
    if (targetValue !== null) edges.push(targetValue);
    const isPercent = metricType === 'percentage' || props.unit === '%';
    const [lo, hi] = gaugeDomain(value, edges, isPercent, props.min, props.max);
    const angle = scaleLinear({ domain: [lo, hi], range: [-SWEEP, SWEEP], clamp: true });
    const { width, height } = size;
    // The arc's bounding box is 2r wide and r(1 + cos 60°) = 1.5r tall.
    const radius = Math.max(20, Math.min(width / 2 - 8, (height - 16) / 1.5));
    const cx = width / 2;
    const cy = 8 + radius;
    const thickness = Math.max(10, radius * 0.2);
    const bandThickness = Math.max(4, thickness * 0.35);
    const summary = [
      `${props.title ?? 'Gauge'}: ${f(value)}${status ? ` (${status === 'ok' ? 'on track' : status})` : ''}.`,
      `Scale ${f(lo)} to ${f(hi)}.`,
      targetValue !== null ? `Target ${f(targetValue)}.` : '',
      bands.length > 1 ? `${describeBands(bands, f)}.` : '',
    ]
      .filter(Boolean)
      .join(' ');
    const targetAngle = targetValue === null ? null : angle(targetValue);
    const polar = (a: number, r: number) => [cx + r * Math.sin(a), cy - r * Math.cos(a)] as const;

    content = (
      <div style={{ display: 'flex', flexDirection: 'column', alignItems: 'center', gap: 4, height: '100%' }}>
        <PlotArea {...plotAreaProps(size)} summary={summary}>
          <Group>
            <Arc
              data={null}
              innerRadius={radius - thickness}
              outerRadius={radius}
              startAngle={-SWEEP}
              endAngle={SWEEP}
              cornerRadius={thickness / 2}
              style={{ fill: 'var(--arion-gauge-track)' }}
              transform={`translate(${cx},${cy})`}
            />
            {showBands
              ? bands
                  .filter((b) => b.status !== 'ok' || bands.length > 1)
                  .map((b) => (
                    <Arc
                      key={`${b.status}-${b.from}-${b.to}`}
                      data={null}
                      innerRadius={radius + 3}
                      outerRadius={radius + 3 + bandThickness}
                      startAngle={angle(b.from ?? lo)}
                      endAngle={angle(b.to ?? hi)}
                      className="arion-gauge-band"
                      data-band={b.status}
                      style={{ fill: statusFillColor(b.status), opacity: 0.85 }}
                      transform={`translate(${cx},${cy})`}
                    />
                  ))
              : null}
            <Arc
              data={null}
              innerRadius={radius - thickness}
              outerRadius={radius}
              startAngle={-SWEEP}
              endAngle={angle(value)}
              cornerRadius={thickness / 2}
              className="arion-gauge-value arion-animate"
              style={{ fill: status ? statusFillColor(status) : 'var(--arion-series-1)' }}
              transform={`translate(${cx},${cy})`}
            />
            {showTarget && targetAngle !== null ? (
              <line
                className="arion-gauge-target"
                x1={polar(targetAngle, radius - thickness - 4)[0]}
                y1={polar(targetAngle, radius - thickness - 4)[1]}
                x2={polar(targetAngle, radius + bandThickness + 6)[0]}
                y2={polar(targetAngle, radius + bandThickness + 6)[1]}
                style={{ stroke: 'var(--arion-target)', strokeWidth: 3, strokeLinecap: 'round' }}
              />
            ) : null}
            <text
              x={cx}
              y={cy - radius * 0.05}
              textAnchor="middle"
              dominantBaseline="middle"
              style={{
                fill: 'var(--arion-text)',
                fontSize: Math.max(14, radius * 0.32),
                fontWeight: 650,
                fontVariantNumeric: 'tabular-nums',
              }}
            >
              {f(value)}
            </text>
            {targetValue !== null && showTarget ? (
              <text
                x={cx}
                y={cy + radius * 0.28}
                textAnchor="middle"
                style={{ fill: 'var(--arion-text-muted)', fontSize: Math.max(11, radius * 0.12) }}
              >
                Target {f(targetValue)}
              </text>
            ) : null}
            <text
              x={polar(-SWEEP, radius - thickness / 2)[0]}
              y={polar(-SWEEP, radius)[1] + 16}
              textAnchor="middle"
              className="arion-axis"
              style={{ fill: 'var(--arion-axis)', fontSize: 11 }}
            >
              {f(lo)}
            </text>
            <text
              x={polar(SWEEP, radius - thickness / 2)[0]}
              y={polar(SWEEP, radius)[1] + 16}
              textAnchor="middle"
              style={{ fill: 'var(--arion-axis)', fontSize: 11 }}
            >
              {f(hi)}
            </text>
          </Group>
        </PlotArea>
        {status !== null ? <StatusBadge status={status} /> : null}
      </div>
    );
  }

  return (
    <WidgetFrame
      kind="arion-gauge"
      {...frameProps(props)}
      isEmpty={value === null}
      skeleton={<WidgetSkeleton shape="gauge" />}
      bodyHeight={props.height ?? DEFAULT_HEIGHT}
    >
      {content}
    </WidgetFrame>
  );
}
