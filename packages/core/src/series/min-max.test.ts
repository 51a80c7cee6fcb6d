import { PGlite } from '@electric-sql/pglite';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testSize } from '../testing/test-size';
import { downsampleIndices } from './downsample';
import { minMaxIndices } from './min-max';

let db: PGlite;
beforeAll(async () => {
  db = await PGlite.create();
});
afterAll(async () => {
  await db.close();
});

/**
 * The same selection computed by PostgreSQL: columns from `width_bucket` over [first x, last x]
 * (the last x itself goes to the last column), and per column the first/last row and the first
 * row holding the column's min and max.
 */
async function referenceIndices(xs: number[], ys: number[], buckets: number): Promise<number[]> {
  const result = await db.query<{ i: number }>(
    `WITH s AS (
       SELECT t.i::int - 1 AS i, t.x, t.y
       FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS t(x, y, i)
     ), r AS (SELECT min(x) AS lo, max(x) AS hi FROM s
     ), b AS (
       SELECT s.i, s.y, CASE WHEN r.hi = r.lo THEN 1 ELSE least(width_bucket(s.x, r.lo, r.hi, $3::int), $3::int) END AS col
       FROM s CROSS JOIN r
     )
     SELECT i FROM (SELECT min(i) AS i FROM b GROUP BY col) AS firsts
     UNION SELECT i FROM (SELECT max(i) AS i FROM b GROUP BY col) AS lasts
     UNION SELECT i FROM (SELECT DISTINCT ON (col) i FROM b ORDER BY col, y ASC, i ASC) AS mins
     UNION SELECT i FROM (SELECT DISTINCT ON (col) i FROM b ORDER BY col, y DESC, i ASC) AS maxes
     ORDER BY i`,
    [xs, ys, buckets],
  );
  return result.rows.map((r) => r.i);
}

const sortedSeries = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 5_000 }), fc.integer({ min: -50, max: 50 })), {
    minLength: 1,
    maxLength: 800,
  })
  .map((pairs) => ({ xs: pairs.map(([x]) => x).sort((a, b) => a - b), ys: pairs.map(([, y]) => y) }));

describe('minMaxIndices', () => {
  it('keeps the same first/min/max/last points per pixel column as PostgreSQL width_bucket', async () => {
    await fc.assert(
      fc.asyncProperty(sortedSeries, fc.integer({ min: 1, max: 300 }), async ({ xs, ys }, buckets) => {
        expect(Array.from(minMaxIndices(xs, ys, buckets))).toEqual(await referenceIndices(xs, ys, buckets));
      }),
      { numRuns: testSize(60) },
    );
  });

  it('keeps every local extreme of 100,000 points in 4 points per column', async () => {
    const xs = Array.from({ length: 100_000 }, (_, i) => 1_700_000_000_000 + i * 1_000);
    const ys = xs.map((_, i) => Math.sin(i / 500) * 50 + ((i * 7919) % 101) / 10);
    const kept = minMaxIndices(xs, ys, 640);
    expect(kept.length).toBeLessThanOrEqual(4 * 640);
    expect(Array.from(kept)).toEqual(await referenceIndices(xs, ys, 640));
  });

  it('returns nothing for an empty series and one column when all x are equal', () => {
    expect(minMaxIndices([], [], 10).length).toBe(0);
    expect(Array.from(minMaxIndices([5, 5, 5, 5], [3, 1, 9, 2], 10))).toEqual([0, 1, 2, 3]);
    expect(Array.from(minMaxIndices([5, 5, 5, 5, 5], [3, 1, 4, 9, 2], 10))).toEqual([0, 1, 3, 4]);
  });

  it('rejects a bucket count that is not a positive integer', () => {
    expect(() => minMaxIndices([1], [1], 0)).toThrow(
      'minMaxIndices: bucketCount is 0; it must be an integer >= 1.',
    );
    expect(() => minMaxIndices([1], [1], 2.5)).toThrow('bucketCount is 2.5');
  });
});

describe('downsampleIndices', () => {
  const xs = Array.from({ length: 5_000 }, (_, i) => i);
  const ys = xs.map((x) => Math.cos(x / 40));

  it('uses min/max per pixel by default and LTTB with pointsPerPixel when asked', () => {
    expect(downsampleIndices(xs, ys, { pixelWidth: 100 })).toEqual(minMaxIndices(xs, ys, 100));
    expect(downsampleIndices(xs, ys, { pixelWidth: 100, method: 'lttb' }).length).toBe(200);
    expect(downsampleIndices(xs, ys, { pixelWidth: 100, method: 'lttb', pointsPerPixel: 0.5 }).length).toBe(
      50,
    );
  });

  it('rejects an unknown method and a bad pixel width, listing what is allowed', () => {
    expect(() => downsampleIndices(xs, ys, { pixelWidth: 100, method: 'avg' as unknown as 'lttb' })).toThrow(
      'downsampleIndices: method is "avg"; allowed: lttb, min_max.',
    );
    expect(() => downsampleIndices(xs, ys, { pixelWidth: -3 })).toThrow('pixelWidth is -3');
  });
});
