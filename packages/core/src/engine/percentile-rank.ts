import type { CalculationResult } from './calculation-types';
import { badness, type DirectionSpec } from './direction';

/**
 * Direction-aware percentile ranks of a peer group, 0..100 with 100 always best:
 * `round(100 × (r − 1) / (n − 1))`, where r is the rank counted from the worst value (ties share the
 * lowest rank) and n the number of ranked values — PostgreSQL's
 * `percent_rank() OVER (ORDER BY badness DESC)` × 100, rounded half away from zero.
 * Missing values (null, or a `target_range` metric without a band) get null and are not counted.
 * A group of one gets null: there is no peer to be ranked against.
 */
export function peerPercentileRanks(
  values: readonly (number | null)[],
  spec: DirectionSpec,
): (number | null)[] {
  const n = values.length;
  const keys = new Float64Array(n);
  const present = new Uint8Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const b = badness(values[i], spec);
    if (b === null) continue;
    keys[i] = b;
    present[i] = 1;
    m++;
  }
  const out: (number | null)[] = new Array(n).fill(null);
  if (m < 2) return out;
  // Ascending badness; the rank counted from the worst is 1 + the number of strictly worse values.
  const sorted = new Float64Array(m);
  for (let i = 0, k = 0; i < n; i++) if (present[i]) sorted[k++] = keys[i] as number;
  sorted.sort();
  for (let i = 0; i < n; i++) {
    if (!present[i]) continue;
    const key = keys[i] as number;
    let lo = 0;
    let hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((sorted[mid] as number) <= key) lo = mid + 1;
      else hi = mid;
    }
    const rank = 1 + (m - lo);
    out[i] = Math.round((100 * (rank - 1)) / (m - 1));
  }
  return out;
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
      out[rowIndex] = {
        ...row,
        percentile_rank: ranks[k] ?? null,
        metadata: { ...row.metadata, peer_count: indices.length },
      };
    });
  }
  return out;
}
