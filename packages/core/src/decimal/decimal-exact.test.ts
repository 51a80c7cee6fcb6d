/**
 * Rounding a mean on the exact rational mean of the doubles, checked against PostgreSQL's NUMERIC
 * `round(avg(x), s)` over the values' exact decimal expansions (so PostgreSQL works on the same
 * exact values, not on 15-digit copies).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numericArray } from '../testing/exact-decimal';
import { useReferenceEngines } from '../testing/pglite-reference';
import { testSize } from '../testing/test-size';
import { nearDecimalTie, roundDecimal, roundMeanExactly } from './decimal';

const engines = useReferenceEngines('exact mean rounding');

async function reference(values: readonly number[], scale: number): Promise<number[]> {
  const out: number[] = [];
  for (const engine of engines) {
    const [row] = await engine.query<{ r: string }>(
      'SELECT round(avg(x), $2)::text AS r FROM unnest($1::numeric[]) AS x',
      [numericArray(values), scale],
    );
    out.push(Number(row!.r));
  }
  return out;
}

describe('roundMeanExactly', () => {
  it('rounds the mean of 47/32, 2/5 and 1 (exactly 0.95625000000000000740…) up, where the double mean rounds down', async () => {
    const values = [47 / 32, 2 / 5, 1];
    const doubleMean = (values[0]! + values[1]! + values[2]!) / 3;
    expect(roundDecimal(doubleMean, 4)).toBe(0.9562); // what rounding the double gives
    expect(nearDecimalTie(doubleMean, 4)).toBe(true);
    const want = await reference(values, 4);
    expect(want.every((w) => w === 0.9563)).toBe(true);
    expect(roundMeanExactly(values, 4)).toBe(want[0]);
  });

  it('equals NUMERIC round(avg(x), s) on random values built to sit near ties', async () => {
    // Ratios k/n averaged in threes land on or next to a .5 in the fifth decimal often.
    const ratio = fc
      .tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 64 }))
      .map(([k, n]) => k / n);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(ratio, fc.double({ min: -1e6, max: 1e6, noNaN: true })), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.integer({ min: 0, max: 6 }),
        async (values, scale) => {
          const want = await reference(values, scale);
          for (const w of want) expect(roundMeanExactly(values, scale)).toBe(w);
        },
      ),
      { numRuns: testSize(200) },
    );
  });

  it('refuses an empty list, a non-finite value and a negative scale, naming what is allowed', () => {
    expect(() => roundMeanExactly([], 2)).toThrow(/values is empty; allowed: at least one finite number/);
    expect(() => roundMeanExactly([1, Number.POSITIVE_INFINITY], 2)).toThrow(
      /a value is Infinity; allowed: finite numbers/,
    );
    expect(() => roundMeanExactly([1], -1)).toThrow(/scale is -1; allowed: an integer ≥ 0/);
  });
});
