import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { usePglite } from '../testing/pglite-reference';
import { testSize } from '../testing/test-size';
import { medianAbsoluteDeviation } from './median-absolute-deviation';
import { median } from './quantile';

const db = usePglite();

// Ties on purpose (small integers and halves), and sometimes a missing value.
const values = fc.array(
  fc.oneof(
    fc.integer({ min: -20, max: 20 }),
    fc.integer({ min: -40, max: 40 }).map((x) => x / 2),
    fc.double({ min: -1e6, max: 1e6, noNaN: true }),
    fc.constant(null),
  ),
  { minLength: 1, maxLength: 50 },
);

describe('medianAbsoluteDeviation', () => {
  it('equals PostgreSQL percentile_cont(0.5) of abs(x − percentile_cont(0.5)), bit for bit', async () => {
    await fc.assert(
      fc.asyncProperty(values, async (xs) => {
        const { rows } = await db().query<{ mad: number | null }>(
          `WITH v AS (SELECT x FROM unnest($1::float8[]) AS t(x) WHERE x IS NOT NULL),
                m AS (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) AS med FROM v)
           SELECT (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(x - m.med)) FROM v) AS mad FROM m`,
          [xs],
        );
        expect(medianAbsoluteDeviation(xs)).toBe(rows[0]!.mad ?? undefined);
      }),
      { numRuns: testSize(80) },
    );
  });

  it('measures from a given center, as PostgreSQL does with that center', async () => {
    const xs = [1, 2, 2, 3, 10, 40];
    const { rows } = await db().query<{ mad: number }>(
      'SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(x - 5)) AS mad FROM unnest($1::float8[]) AS t(x)',
      [xs],
    );
    expect(medianAbsoluteDeviation(xs, 5)).toBe(rows[0]!.mad);
    expect(medianAbsoluteDeviation(xs)).toBe(medianAbsoluteDeviation(xs, median(xs)));
  });

  it('reads values through an accessor, is undefined with no value, and refuses a center that is not finite', () => {
    expect(medianAbsoluteDeviation([{ v: 1 }, { v: 2 }, { v: 9 }], undefined, (d) => d.v)).toBe(1);
    expect(medianAbsoluteDeviation([null, Number.NaN])).toBeUndefined();
    expect(() => medianAbsoluteDeviation([1, 2], Number.NaN)).toThrow(
      'medianAbsoluteDeviation: center is NaN; expected a finite number',
    );
  });
});
