/**
 * One metric, one aggregation level, several periods: observations (or, for `function`, other
 * metrics' stored values) in, core's engine rows out. No decision here: `calculateMetric` decides
 * every number; this only groups the source's answer by unit and period and chains previous values.
 */
import {
  type CalculationResult,
  calculateMetric,
  type Database,
  type EngineMetricDefinition,
  type Observation,
} from '@arion-metrics/core';
import { type Kysely, sql } from 'kysely';
import type { ObservedValue, SourcePeriod } from './source-types';

/** What {@link calculatePeriods} needs. */
export interface PeriodsInput {
  readonly definition: EngineMetricDefinition;
  readonly level: string;
  readonly periods: readonly SourcePeriod[];
  /** The source's answer (for every method but `function`). */
  readonly observed: readonly ObservedValue[];
  /** The stored value of the period before `periods[0]`, per unit (`''` for the level's total). */
  readonly previous: ReadonlyMap<string, number>;
  /** Formula inputs per `unit key | period index`, for `function`. */
  readonly formulaInputs?: ReadonlyMap<string, Record<string, number | null>>;
  /** The calculation clock of period `i` (a backfill uses the period's end, so a re-run writes the same row). */
  readonly calculatedAt: (period: SourcePeriod) => Date;
}

const unitKey = (unit: string | null): string => unit ?? '';

/** Engine rows of every unit that has data, for every period, previous values chained period to period. */
export function calculatePeriods(input: PeriodsInput): CalculationResult[] {
  const groups = new Map<string, Observation[][]>();
  const units = new Map<string, string | null>();
  for (const o of input.observed) {
    const key = unitKey(o.aggregation_id);
    units.set(key, o.aggregation_id);
    let byPeriod = groups.get(key);
    if (!byPeriod) {
      byPeriod = input.periods.map(() => []);
      groups.set(key, byPeriod);
    }
    byPeriod[o.period]?.push(o.observation);
  }
  for (const key of input.formulaInputs?.keys() ?? []) {
    const unit = key.slice(0, key.lastIndexOf('|'));
    if (!units.has(unit)) units.set(unit, unit === '' ? null : unit);
  }
  const rows: CalculationResult[] = [];
  for (const [key, unit] of units) {
    let previous: number | null = input.previous.get(key) ?? null;
    input.periods.forEach((period, i) => {
      const observations = groups.get(key)?.[i] ?? [];
      const scope = input.formulaInputs?.get(`${key}|${i}`);
      if (input.definition.calculation_method === 'function' ? !scope : observations.length === 0) {
        previous = null;
        return;
      }
      const row = calculateMetric({
        definition: input.definition,
        periodStart: period.start,
        periodEnd: period.end,
        aggregationLevel: input.level,
        aggregationId: unit,
        calculatedAt: input.calculatedAt(period),
        observations,
        ...(scope ? { formulaScope: { metrics: scope } } : {}),
        previousValue: previous,
      });
      rows.push(row);
      previous = row.metadata.value_available ? row.metric_value : null;
    });
  }
  return rows;
}

/** The stored values of the period ending at `end`, per unit key, for one metric and level. */
export async function storedPrevious(
  db: Kysely<Database>,
  organizationId: string,
  metricId: string,
  level: string,
  end: Date,
): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('metric_calculations')
    .select(['aggregation_id', 'metric_value'])
    .where('organization_id', '=', organizationId)
    .where('metric_id', '=', metricId)
    .where('aggregation_level', '=', level)
    .where('period_end', '=', end)
    .where('calculation_status', '<>', 'error')
    .execute();
  return new Map(rows.map((r) => [unitKey(r.aggregation_id), Number(r.metric_value)]));
}

/**
 * A `function` metric's inputs: the stored values (by metric name) of every metric of the
 * organization for the same periods, level and unit, keyed `unit key | period index`. The runner
 * computes inputs first (core's `calculationOrder`), so this reads what that run just stored.
 */
export async function storedFormulaInputs(
  db: Kysely<Database>,
  organizationId: string,
  level: string,
  periods: readonly SourcePeriod[],
): Promise<Map<string, Record<string, number | null>>> {
  const starts = periods.map((p) => p.start.toISOString());
  const rows = await db
    .selectFrom('metric_calculations as c')
    .innerJoin('metric_definitions as m', (j) =>
      j.onRef('m.organization_id', '=', 'c.organization_id').onRef('m.id', '=', 'c.metric_id'),
    )
    .select(['m.metric_name', 'c.aggregation_id', 'c.period_start', 'c.period_end', 'c.metric_value'])
    .select(sql<boolean>`c.calculation_status = 'error'`.as('failed'))
    .where('c.organization_id', '=', organizationId)
    .where('c.aggregation_level', '=', level)
    .where('m.deleted_at', 'is', null)
    .where(sql<boolean>`c.period_start = ANY(${starts}::timestamptz[])`)
    .execute();
  const index = new Map(periods.map((p, i) => [`${p.start.getTime()}-${p.end.getTime()}`, i]));
  const out = new Map<string, Record<string, number | null>>();
  for (const r of rows) {
    const i = index.get(`${r.period_start.getTime()}-${r.period_end.getTime()}`);
    if (i === undefined) continue;
    const key = `${unitKey(r.aggregation_id)}|${i}`;
    const scope = out.get(key) ?? {};
    scope[r.metric_name] = r.failed ? null : Number(r.metric_value);
    out.set(key, scope);
  }
  return out;
}
