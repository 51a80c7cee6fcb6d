/**
 * Synthetic daily source records of the compliance demo. Each day's records are a pure function
 * of (metric, unit, day), so any day can be recalculated on its own — the background fill works
 * backwards month by month and a restart resumes where it stopped — and every run gives the same
 * numbers.
 */
import type { MetricType, Observation } from '@arion-metrics/core';
import { seededRandom } from '../random';
import type { SyntheticModel } from './compliance-metrics';

/** Days of history the demo keeps. */
export const HISTORY_DAYS = 730;

const HOUR_MS = 3_600_000;
const DURATION_MS: Readonly<Record<string, number>> = { hours: HOUR_MS, minutes: 60_000 };

/** A 32-bit seed from the parts (FNV-1a over their text). */
function seedOf(...parts: readonly (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const ch of parts.join('|')) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** What one unit's records of one day are generated from. */
export interface SyntheticDay {
  readonly metricName: string;
  readonly metricType: MetricType;
  readonly unitOfMeasure: string;
  readonly direction: 'higher_better' | 'lower_better';
  readonly model: SyntheticModel;
  /** The unit's position (0, 1, …): units differ a little from each other. */
  readonly unitIndex: number;
  /** Days since 1970-01-01 of the local day (a stable key for the random stream). */
  readonly dayNumber: number;
  /** How far into the two years the day lies: 0 at the oldest day, 1 today. */
  readonly progress: number;
  /** Start of the day (for the `observed_at` of trend readings). */
  readonly dayStart: Date;
}

/**
 * The records of one unit on one day, shaped for core's `calculateMetric`: one numerator /
 * denominator record for a percentage or ratio, one whole count, a few values for a sum, average
 * or duration (milliseconds), timed readings for a trend.
 */
export function syntheticRecords(day: SyntheticDay): Observation[] {
  const { model } = day;
  const random = seededRandom(seedOf(day.metricName, day.unitIndex, day.dayNumber));
  const better = day.direction === 'higher_better' ? 1 : -1;
  const unitBias = 1 + ((day.unitIndex % 4) - 1.5) * 0.02 * -better;
  const weekly = Math.sin((2 * Math.PI * day.dayNumber) / 7) * 0.3;
  const yearly = Math.sin((2 * Math.PI * day.dayNumber) / 365.25) * 0.5;
  const drift = better * model.improvement * (day.progress - 0.5);
  const level = model.center * unitBias * (1 + drift) + model.center * model.spread * (weekly + yearly);
  const value = (sd: number) => random.normal(level, Math.abs(model.center) * model.spread * sd);

  switch (day.metricType) {
    case 'percentage': {
      const rate = Math.min(100, Math.max(0, value(0.7))) / 100;
      const n = model.records;
      return [{ value: Math.round(rate * n), denominator: n }];
    }
    case 'ratio': {
      const per = model.records;
      return [{ value: Math.max(0, Math.round(value(0.8) * per)), denominator: per }];
    }
    case 'count':
      return [{ value: Math.max(0, Math.round(value(0.8))) }];
    case 'trend':
      return Array.from({ length: model.records }, (_, i) => ({
        value: 50 + i * random.normal(0.1, model.spread) + random.normal(0, 0.2),
        observed_at: new Date(day.dayStart.getTime() + (i * 20 * HOUR_MS) / model.records),
      }));
    case 'duration': {
      const factor = DURATION_MS[day.unitOfMeasure] ?? HOUR_MS;
      return Array.from({ length: model.records }, () => ({ value: Math.max(0, value(1.5)) * factor }));
    }
    default:
      return Array.from({ length: model.records }, () => ({
        value: Math.max(0, value(1) / (day.metricType === 'sum' ? model.records : 1)),
      }));
  }
}
