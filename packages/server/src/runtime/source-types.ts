/**
 * What every source returns: observations of one aggregation level for a range of periods, in
 * core's engine `Observation` shape, each tagged with its unit and its period.
 */
import type { Observation } from '@arion-metrics/core';

/** One period `[start, end)`. */
export interface SourcePeriod {
  readonly start: Date;
  readonly end: Date;
}

/** What a source is asked for: one organization, one aggregation level, several periods at once. */
export interface SourceRequest {
  /** The calling organization: a source never returns another organization's rows. */
  readonly organizationId: string;
  /** `org`, `department`, `team`, `user`...: every unit of it is returned. */
  readonly aggregationLevel: string;
  /** Periods in ascending order, not overlapping. */
  readonly periods: readonly SourcePeriod[];
}

/** One observation of one unit in one period. */
export interface ObservedValue {
  /** The unit (a UUID), or null for the level's total. */
  readonly aggregation_id: string | null;
  /** Index in {@link SourceRequest.periods} of the period the observation falls in. */
  readonly period: number;
  readonly observation: Observation;
}

/** The columns of a metric definition the sources read. */
export interface SourceMetric {
  readonly id: string;
  readonly metric_name: string;
  readonly calculation_formula?: string | null;
  readonly data_sources?: unknown;
  readonly parameters?: Readonly<Record<string, unknown>> | null;
}

/**
 * The index of the period of `request` that holds `instant`, or -1 (periods are sorted and do not
 * overlap, so a binary search finds it).
 */
export function periodIndexOf(periods: readonly SourcePeriod[], instant: Date): number {
  const t = instant.getTime();
  let low = 0;
  let high = periods.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const period = periods[mid] as SourcePeriod;
    if (t < period.start.getTime()) high = mid - 1;
    else if (t >= period.end.getTime()) low = mid + 1;
    else return mid;
  }
  return -1;
}

/** Checks a request's shape; the error names the field and the value. */
export function checkSourceRequest(request: SourceRequest): void {
  if (
    !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(String(request.organizationId))
  ) {
    throw new TypeError(
      `request.organizationId: got ${JSON.stringify(request.organizationId)}; allowed: a UUID`,
    );
  }
  if (typeof request.aggregationLevel !== 'string' || request.aggregationLevel === '') {
    throw new TypeError(
      `request.aggregationLevel: got ${JSON.stringify(request.aggregationLevel)}; allowed: a non-empty string`,
    );
  }
  if (!Array.isArray(request.periods) || request.periods.length === 0) {
    throw new TypeError('request.periods: got no period; allowed: at least one period');
  }
  request.periods.forEach((period, i) => {
    const start = period.start?.getTime?.();
    const end = period.end?.getTime?.();
    const previousEnd =
      i > 0 ? (request.periods[i - 1] as SourcePeriod).end.getTime() : Number.NEGATIVE_INFINITY;
    if (
      !Number.isFinite(start) ||
      !Number.isFinite(end) ||
      (end as number) <= (start as number) ||
      (start as number) < previousEnd
    ) {
      throw new TypeError(
        `request.periods[${i}]: got ${JSON.stringify(period)}; allowed: dates with start < end, after the previous period`,
      );
    }
  });
}
