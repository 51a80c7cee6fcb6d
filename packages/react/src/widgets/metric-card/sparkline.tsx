import { formatMetricValue, type MetricValueFormatOptions, seriesExtent } from '@arion-metrics/core';
import { scaleLinear } from '@visx/scale';
import { LinePath } from '@visx/shape';

/** Props of {@link Sparkline}. */
export interface SparklineProps {
  /** Values oldest first. */
  readonly values: readonly number[];
  readonly width: number;
  readonly height: number;
  /** Line colour (default: the first series colour). */
  readonly color?: string;
  /** Formatting of the values in the text summary. */
  readonly format?: MetricValueFormatOptions;
  /** What the values are, for the summary (default "Recent values"). */
  readonly label?: string;
}

/** A small line of recent values, with a text summary (first, last, low, high) as its name. */
export function Sparkline({
  values,
  width,
  height,
  color,
  format = {},
  label = 'Recent values',
}: SparklineProps) {
  const ext = seriesExtent(values);
  if (ext === undefined || values.length < 2 || width <= 0) return null;
  const [lo, hi] = ext;
  const pad = 3;
  const x = scaleLinear({ domain: [0, values.length - 1], range: [pad, width - pad] });
  const y = scaleLinear({ domain: lo === hi ? [lo - 1, hi + 1] : [lo, hi], range: [height - pad, pad] });
  const f = (v: number) => formatMetricValue(v, format);
  const summary = `${label}: ${values.length} values from ${f(values[0]!)} to ${f(values.at(-1)!)}, low ${f(lo)}, high ${f(hi)}.`;
  const stroke = color ?? 'var(--arion-series-1)';
  return (
    <svg className="arion-sparkline" width={width} height={height} role="img" aria-label={summary}>
      <LinePath
        data={values as number[]}
        x={(_, i) => x(i)}
        y={(d) => y(d)}
        stroke={stroke}
        strokeWidth={2}
        strokeLinejoin="round"
        strokeLinecap="round"
        fill="none"
      />
      <circle cx={x(values.length - 1)} cy={y(values.at(-1)!)} r={3} style={{ fill: stroke }} />
    </svg>
  );
}
