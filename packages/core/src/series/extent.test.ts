import { extent } from 'd3-array';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { partsOfWhole, seriesExtent } from './extent';

describe('seriesExtent', () => {
  it('agrees with d3-array extent, skipping NaN, infinities and nulls', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double(), fc.constant(null))), (values) => {
        const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
        const ref = extent(finite);
        expect(seriesExtent(values)).toEqual(ref[0] === undefined ? undefined : ref);
      }),
    );
  });
});

describe('partsOfWhole', () => {
  it('gives shares that add up to 100 and merges the smallest parts beyond maxParts', () => {
    const parts = partsOfWhole([5, 1, 30, 2, 60, 2], (v) => v, 4);
    expect(parts.map((p) => [p.item, p.value])).toEqual([
      [5, 5],
      [30, 30],
      [60, 60],
      [null, 5],
    ]);
    expect(parts.reduce((a, p) => a + p.sharePercent, 0)).toBeCloseTo(100, 10);
    expect(partsOfWhole([0, 0], (v) => v).map((p) => p.sharePercent)).toEqual([0, 0]);
  });

  it('refuses negative parts naming the index', () => {
    expect(() => partsOfWhole([1, -2], (v) => v)).toThrow(
      'partsOfWhole: value of part 1 is -2; parts must be finite and >= 0.',
    );
  });
});
