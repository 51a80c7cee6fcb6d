import { type ColumnFormat, createColumnFormat, type MetricValueFormatOptions } from '@arion-metrics/core';

/**
 * The format of an axis: one rule for all its ticks, the decimals taken from the step between
 * them (core's `createColumnFormat` with `step`).
 */
export function axisFormat(ticks: readonly number[], options: MetricValueFormatOptions): ColumnFormat {
  const step = ticks.length > 1 ? Math.abs(ticks[1]! - ticks[0]!) : undefined;
  return createColumnFormat(ticks, { ...options, step });
}
