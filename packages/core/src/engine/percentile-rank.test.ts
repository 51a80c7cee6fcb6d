import { describe, expect, it } from 'vitest';
import { useReferenceEngines } from '../testing/pglite-reference';
import { peerPercentileRanks, roundedPercent } from './percentile-rank';

const engines = useReferenceEngines('percentile ranks of peer groups');

/** Every group size from 2 to this many values, every rank within it. */
const LARGEST_GROUP = 400;

describe('percentile ranks at exact halves', () => {
  it('ranks value 23 of the group 0..40 (higher_better) at 58: 100·23/40 = 57.5 rounds away from zero', () => {
    const group = Array.from({ length: 41 }, (_, i) => i);
    expect(peerPercentileRanks(group, { direction: 'higher_better' })[23]).toBe(58);
  });

  it(`equals PostgreSQL round(100 * k::numeric / (n - 1)) for every rank k of every group of 2..${LARGEST_GROUP} values, both directions`, async () => {
    expect(engines.length).toBeGreaterThan(0);
    for (const { name, query } of engines) {
      const rows = await query<{ n: number; k: number; r: number }>(
        `SELECT n, k, round(100 * k::numeric / (n - 1))::int AS r
           FROM generate_series(2, $1::int) AS n, generate_series(0, n - 1) AS k ORDER BY n, k`,
        [LARGEST_GROUP],
      );
      const expected = new Map<number, number[]>();
      for (const { n, k, r } of rows) {
        const ranks = expected.get(n) ?? [];
        ranks[k] = r;
        expected.set(n, ranks);
      }
      expect(expected.size, name).toBe(LARGEST_GROUP - 1);
      let wrong = 0;
      for (const [n, ranks] of expected) {
        const ascending = Array.from({ length: n }, (_, i) => i);
        const higher = peerPercentileRanks(ascending, { direction: 'higher_better' });
        const lower = peerPercentileRanks(ascending, { direction: 'lower_better' });
        ranks.forEach((r, k) => {
          if (higher[k] !== r || lower[n - 1 - k] !== r || roundedPercent(k, n - 1) !== r) wrong++;
        });
      }
      expect(wrong, `${name}: (k, n) pairs ranked differently from PostgreSQL`).toBe(0);
    }
  });
});
