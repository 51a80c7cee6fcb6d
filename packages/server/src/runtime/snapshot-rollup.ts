/**
 * Rolls a metric's stored calculations into `metric_snapshots` rows with core's `buildSnapshot`:
 * the snapshot of window `w` for period P and unit U is built from the calculations of the
 * metric's finest time window whose periods lie inside P.
 */
import {
  buildSnapshot,
  type Database,
  type EngineMetricDefinition,
  type Period,
  type PeriodOptions,
  periodFor,
  SNAPSHOT_TYPES,
  type SnapshotResult,
  type SnapshotType,
} from '@arion-metrics/core';
import type { Kysely } from 'kysely';

/** The finest of `windows` (daily before weekly before monthly...). */
export function finestWindow(windows: readonly SnapshotType[]): SnapshotType {
  return [...windows].sort((a, b) => SNAPSHOT_TYPES.indexOf(a) - SNAPSHOT_TYPES.indexOf(b))[0] ?? 'daily';
}

/** Snapshot rows of `periods` (all of one window) for one metric and level, from the stored calculations. */
export async function rollUpSnapshots(
  db: Kysely<Database>,
  definition: EngineMetricDefinition & { readonly time_windows: readonly SnapshotType[] },
  level: string,
  periods: readonly Period[],
  options: PeriodOptions,
): Promise<SnapshotResult[]> {
  if (periods.length === 0) return [];
  const finest = finestWindow(definition.time_windows);
  const rows = await db
    .selectFrom('metric_calculations')
    .selectAll()
    .where('organization_id', '=', definition.organization_id)
    .where('metric_id', '=', definition.id)
    .where('aggregation_level', '=', level)
    .where('period_start', '>=', periods[0]!.start)
    .where('period_end', '<=', periods.at(-1)!.end)
    .orderBy('period_start')
    .execute();
  const finestRows = rows.filter((r) => {
    const p = periodFor(r.period_start, finest, options);
    return p.start.getTime() === r.period_start.getTime() && p.end.getTime() === r.period_end.getTime();
  });
  const out: SnapshotResult[] = [];
  for (const period of periods) {
    const byUnit = new Map<string | null, typeof finestRows>();
    for (const r of finestRows) {
      if (r.period_start < period.start || r.period_end > period.end) continue;
      const list = byUnit.get(r.aggregation_id) ?? [];
      list.push(r);
      byUnit.set(r.aggregation_id, list);
    }
    for (const [unit, values] of byUnit) {
      const { row } = buildSnapshot({
        definition,
        snapshotType: period.window,
        snapshotDate: period.startDate,
        aggregationLevel: level,
        aggregationId: unit,
        values: values.map((v) => ({
          metric_value: Number(v.metric_value),
          period_start: v.period_start,
          sample_size: v.sample_size,
          calculation_status: v.calculation_status,
          metadata: v.metadata as { value_available?: boolean } | null,
        })),
      });
      if (row) out.push(row);
    }
  }
  return out;
}
