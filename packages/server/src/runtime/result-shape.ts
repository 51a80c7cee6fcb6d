/**
 * The documented result shape of a `sql` formula, checked row by row:
 *
 * | column | required | meaning |
 * | --- | --- | --- |
 * | `aggregation_id` | yes | the unit (UUID), or null for the level's total |
 * | `period_start` | yes | an instant inside the period the row belongs to (usually the period's start) |
 * | `value` | yes | the observation's value (number or null) |
 * | `weight` | no | its denominator (`percentage`, `ratio` metrics) |
 * | `observed_at` | no | when the value was observed (freshness, `trend`) |
 */
import type { Observation } from '@arion-metrics/core';
import { type ObservedValue, periodIndexOf, type SourceRequest } from './source-types';
import { SqlFormulaError } from './sql-formula';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REQUIRED = ['aggregation_id', 'period_start', 'value'] as const;
const KNOWN = new Set<string>([...REQUIRED, 'weight', 'observed_at']);

/** Turns result rows into observations; the error names the row, the column, the value and the rule. */
export function observationsFromRows(
  rows: readonly Record<string, unknown>[],
  request: SourceRequest,
): ObservedValue[] {
  const out: ObservedValue[] = [];
  rows.forEach((row, i) => {
    for (const column of REQUIRED) {
      if (!(column in row)) {
        throw new SqlFormulaError(
          `result row ${i}: no column ${column}; the formula must return aggregation_id, period_start, value (and optionally weight, observed_at)`,
        );
      }
    }
    for (const column of Object.keys(row)) {
      if (!KNOWN.has(column)) {
        throw new SqlFormulaError(
          `result row ${i}: unexpected column ${column}; allowed: aggregation_id, period_start, value, weight, observed_at`,
        );
      }
    }
    const unit = row.aggregation_id;
    if (unit !== null && !(typeof unit === 'string' && UUID.test(unit))) {
      throw new SqlFormulaError(
        `result row ${i}: column aggregation_id is ${JSON.stringify(unit)}; allowed: a UUID or null`,
      );
    }
    const start = instant(row.period_start, i, 'period_start', false) as Date;
    const period = periodIndexOf(request.periods, start);
    if (period < 0) {
      throw new SqlFormulaError(
        `result row ${i}: column period_start is ${start.toISOString()}, outside the requested periods ${request.periods[0]?.start.toISOString()} .. ${request.periods.at(-1)?.end.toISOString()}`,
      );
    }
    const observation: Observation = {
      value: number(row.value, i, 'value'),
      ...('weight' in row ? { denominator: number(row.weight, i, 'weight') } : {}),
      ...('observed_at' in row ? { observed_at: instant(row.observed_at, i, 'observed_at', true) } : {}),
    };
    out.push({ aggregation_id: unit === null ? null : (unit as string).toLowerCase(), period, observation });
  });
  return out;
}

function number(value: unknown, row: number, column: string): number | null {
  if (value === null || value === undefined) return null;
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && value.trim() !== ''
        ? Number(value)
        : Number.NaN;
  if (!Number.isFinite(n)) {
    throw new SqlFormulaError(
      `result row ${row}: column ${column} is ${JSON.stringify(value)}; allowed: a finite number or null`,
    );
  }
  return n;
}

function instant(value: unknown, row: number, column: string, nullable: boolean): Date | null {
  if ((value === null || value === undefined) && nullable) return null;
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    throw new SqlFormulaError(
      `result row ${row}: column ${column} is ${JSON.stringify(value)}; allowed: a timestamp`,
    );
  }
  return date;
}
