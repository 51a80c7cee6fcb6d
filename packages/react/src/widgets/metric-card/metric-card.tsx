import {
  classifyValue,
  compareToTarget,
  type Direction,
  describeDelta,
  formatDelta,
  formatDifference,
  formatMetricValue,
  formatPercent,
  type MetricCardConfig,
  type MetricType,
  type MetricValueFormatOptions,
  type ThresholdConfig,
} from '@arion-metrics/core';
import { StatusBadge } from '../shared/status-badge';
import { useElementRef, useElementSize } from '../shared/use-element-size';
import { frameProps, WidgetFrame } from '../shared/widget-frame';
import type { WidgetBaseProps } from '../shared/widget-props';
import { WidgetSkeleton } from '../shared/widget-skeleton';
import { Sparkline } from './sparkline';

/** Props of {@link MetricCard}: the latest calculation of a metric, plus its `visualization_config` keys. */
export interface MetricCardProps
  extends WidgetBaseProps,
    Omit<MetricCardConfig, 'title' | 'description' | 'locale'> {
  /** `metric_value` of the latest calculation; `null` shows the empty state. */
  readonly value: number | null;
  /** `previous_value` (the period before). */
  readonly previousValue?: number | null | undefined;
  /** `change_percentage` as computed by the engine (otherwise derived). */
  readonly changePercentage?: number | null | undefined;
  /** `target_value`. */
  readonly targetValue?: number | null | undefined;
  /** `direction` of the metric (default `higher_better`). */
  readonly direction?: Direction | undefined;
  /** `threshold_config` of the metric, for the status badge. */
  readonly thresholdConfig?: ThresholdConfig | null | undefined;
  /** `metric_type`, for formatting (percentages, counts, durations). */
  readonly metricType?: MetricType | undefined;
  /** Recent values, oldest first, for the sparkline. */
  readonly sparkline?: readonly number[] | undefined;
  /** `sample_size` of the calculation. */
  readonly sampleSize?: number | null | undefined;
  /** `data_quality_score` (0–1) of the calculation. */
  readonly dataQualityScore?: number | null | undefined;
  /** What the delta compares with, e.g. "vs last month" (default "vs previous period"). */
  readonly comparisonLabel?: string | undefined;
}

/**
 * Least height (px) of the card's body in every state: value, delta, target and a sparkline, so
 * a card keeps its size from loading to data.
 */
const CARD_BODY_HEIGHT = 150;

const TREND_WORDS = { up: 'up', down: 'down', flat: 'unchanged' } as const;
const SENTIMENT_WORDS = { better: 'better', worse: 'worse', unchanged: 'unchanged', neutral: '' } as const;

/**
 * The latest value of a metric with its change, target, status and recent trend.
 * Delta colours follow the direction: a falling lower_better metric is green ("better").
 * @example <MetricCard title="MTTR" value={4.2} previousValue={5} unit="hours" direction="lower_better" />
 */
export function MetricCard(props: MetricCardProps) {
  const {
    value,
    previousValue = null,
    changePercentage = null,
    targetValue = null,
    direction = 'higher_better',
    thresholdConfig = null,
    metricType,
    sparkline,
    sampleSize = null,
    dataQualityScore = null,
    comparisonLabel = 'vs previous period',
    showSparkline = true,
    showTarget = true,
    minSampleSize = 30,
    minDataQuality = 0.8,
    deltaDisplay = 'auto',
    locale,
  } = props;
  const [sparkElement, sparkRef] = useElementRef<HTMLDivElement>();
  const sparkSize = useElementSize(sparkElement, { width: props.width ?? 240, height: 40 });
  const format: MetricValueFormatOptions = {
    locale,
    unit: props.unit,
    metricType,
    currency: props.currency,
    compact: props.compact,
    maximumFractionDigits: props.maximumFractionDigits,
  };
  const hasThresholds = thresholdConfig !== null || targetValue !== null;
  const status =
    value !== null && hasThresholds
      ? classifyValue(value, { thresholdConfig, targetValue, direction })
      : null;
  const delta =
    value !== null && previousValue !== null
      ? describeDelta({ value, previousValue, direction, targetValue, changePercentage })
      : null;
  const target =
    value !== null && targetValue !== null && showTarget
      ? compareToTarget({ value, targetValue, direction })
      : null;
  const lowSample = sampleSize !== null && sampleSize < minSampleSize;
  const lowQuality = dataQualityScore !== null && dataQualityScore < minDataQuality;

  return (
    <WidgetFrame
      kind="arion-metric-card"
      {...frameProps(props)}
      isEmpty={value === null}
      skeleton={<WidgetSkeleton shape="card" />}
      bodyHeight={CARD_BODY_HEIGHT}
    >
      {value === null ? null : (
        <div
          style={{
            display: 'flex',
            flexDirection: 'column',
            gap: 8,
            height: '100%',
            minHeight: CARD_BODY_HEIGHT,
          }}
        >
          <div className="arion-metric-row">
            <span className="arion-metric-value">{formatMetricValue(value, format)}</span>
            {status !== null ? <StatusBadge status={status} /> : null}
          </div>
          {delta !== null ? (
            <div className="arion-metric-row">
              <span
                className={`arion-metric-delta arion-sentiment-${delta.sentiment}`}
                data-sentiment={delta.sentiment}
              >
                <span aria-hidden="true">
                  {formatDelta(delta, { ...format, display: deltaDisplay, indicator: 'arrow' })}
                </span>
                <span className="arion-visually-hidden">
                  {TREND_WORDS[delta.trend]}{' '}
                  {formatDelta(delta, { ...format, display: deltaDisplay, indicator: 'none' })}
                </span>
                {SENTIMENT_WORDS[delta.sentiment] ? (
                  <span className="arion-visually-hidden"> ({SENTIMENT_WORDS[delta.sentiment]})</span>
                ) : null}
              </span>
              <span className="arion-metric-meta">{comparisonLabel}</span>
            </div>
          ) : null}
          {target !== null ? (
            <div className="arion-metric-meta">
              Target {formatMetricValue(targetValue, format)}
              {target.attainmentPercent !== null
                ? ` · ${formatPercent(target.attainmentPercent, { locale, maximumFractionDigits: 0 })} attained`
                : ` · ${formatDifference(target.variance, format)} from target`}
            </div>
          ) : null}
          {lowSample || lowQuality ? (
            <div className="arion-hint" role="note">
              <span aria-hidden="true">⚠ </span>
              {lowSample ? `Small sample (${sampleSize} records)` : null}
              {lowSample && lowQuality ? ' · ' : null}
              {lowQuality
                ? `Low data quality (${formatPercent(dataQualityScore, { locale, scale: 'fraction', maximumFractionDigits: 0 })})`
                : null}
            </div>
          ) : null}
          {showSparkline && sparkline !== undefined && sparkline.length > 1 ? (
            <div ref={sparkRef} style={{ marginTop: 'auto', width: '100%' }}>
              <Sparkline
                values={sparkline}
                width={Math.floor(sparkSize.width)}
                height={40}
                format={format}
                label={`Trend of ${props.title ?? 'the metric'}`}
              />
            </div>
          ) : null}
        </div>
      )}
    </WidgetFrame>
  );
}
