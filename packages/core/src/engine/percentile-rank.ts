import { rankCounts } from '../stats/percent-rank';
import type { CalculationMetadata, CalculationResult } from './calculation-types';
import { badness, type DirectionSpec } from './direction';

/**
 * Direction-aware percentile ranks of a peer group, 0..100 with 100 always best:
 * `round(100 × (r − 1) / (n − 1))`, where r is the rank counted from the worst value (ties share the
 * lowest rank) and n the number of ranked values — PostgreSQL's
 * `percent_rank() OVER (ORDER BY badness DESC)` × 100, rounded half away from zero from the exact
 * fraction (integers, see `roundedPercent`), as PostgreSQL's `round(100 * k::numeric / (n − 1))`.
 * Missing values (null, or a `target_range` metric without a band) get null and are not counted.
 * A group of one gets null: there is no peer to be ranked against.
 */
export function peerPercentileRanks(
  values: readonly (number | null)[],
  spec: DirectionSpec,
): (number | null)[] {
  // percent_rank over badness descending = percent_rank over −badness ascending.
  const { below, n } = rankCounts(
    'peerPercentileRanks',
    values.map((v) => {
      const b = badness(v, spec);
      return b === null ? undefined : -b;
    }),
  );
  return below.map((k) => (k === undefined || n < 2 ? null : roundedPercent(k, n - 1)));
}

/**
 * `round(100 · k / d)` half away from zero, computed on integers (0 ≤ k ≤ d): exact where
 * `Math.round(100 * (k / d))` is not (100 · 23/40 is 57.5, but 23/40 rounded to a double times
 * 100 is 57.49999999999999), and equal to PostgreSQL's `round(100 * k::numeric / d)`.
 */
export function roundedPercent(k: number, d: number): number {
  return Math.floor((200 * k + d) / (2 * d));
}

/**
 * Fills `percentile_rank` (and `metadata.peer_count`) of calculation rows, per peer group: the same metric,
 * period and aggregation level. `error` rows are not ranked and do not count as peers.
 * `specOf` gives each metric's direction (see `directionSpecOf`). Returns new rows in the same order.
 */
export function rankPeerGroups(
  rows: readonly CalculationResult[],
  specOf: (metricId: string) => DirectionSpec,
): CalculationResult[] {
  const groups = new Map<string, number[]>();
  rows.forEach((row, i) => {
    if (row.calculation_status === 'error') return;
    const key =
      row.metric_id +
      '|' +
      row.period_start.getTime() +
      '|' +
      row.period_end.getTime() +
      '|' +
      row.aggregation_level;
    let group = groups.get(key);
    if (group === undefined) {
      group = [];
      groups.set(key, group);
    }
    group.push(i);
  });
  const out = rows.slice();
  for (const indices of groups.values()) {
    const first = rows[indices[0] as number] as CalculationResult;
    const ranks = peerPercentileRanks(
      indices.map((i) => (rows[i] as CalculationResult).metric_value),
      specOf(first.metric_id),
    );
    indices.forEach((rowIndex, k) => {
      const row = rows[rowIndex] as CalculationResult;
      // Object.assign then one assignment gives the same object as `{ ...metadata, peer_count }`
      // (metadata is plain engine data) and was ten times faster on the engine's rows (measured).
      const metadata: { -readonly [K in keyof CalculationMetadata]: CalculationMetadata[K] } = Object.assign(
        {},
        row.metadata,
      );
      metadata.peer_count = indices.length;
      out[rowIndex] = { ...row, percentile_rank: ranks[k] ?? null, metadata };
    });
  }
  return out;
}
