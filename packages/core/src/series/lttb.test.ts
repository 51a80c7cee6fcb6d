import { LTTB } from 'downsample';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { testSize } from '../testing/test-size';
import { lttbIndices } from './lttb';

/** Indices chosen by the `downsample` package's LTTB (an independent implementation of Steinarsson's algorithm). */
function referenceIndices(xs: number[], ys: number[], target: number): number[] {
  const points = xs.map((x, i) => [x, ys[i] as number] as [number, number]);
  const kept = LTTB(points, target) as [number, number][];
  const position = new Map(points.map((p, i) => [p, i]));
  return kept.map((p) => position.get(p) as number);
}

const sortedSeries = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 1_000_000 }), fc.double({ min: -1e6, max: 1e6, noNaN: true })), {
    minLength: 4,
    maxLength: 600,
  })
  .map((pairs) => {
    const xs = pairs.map(([x]) => x).sort((a, b) => a - b);
    return { xs, ys: pairs.map(([, y]) => y) };
  });

describe('lttbIndices', () => {
  // The downsample package has one known defect: for some lengths and targets (about 4% of them,
  // e.g. 17 points to 13) floating-point bucket arithmetic makes it return the second-to-last point
  // in place of the last one. Steinarsson's algorithm always keeps the last point, so every other
  // pick is compared with the reference and the last one with the definition.
  it('picks the same points as the downsample package for any sorted series and target', () => {
    fc.assert(
      fc.property(sortedSeries, fc.integer({ min: 3, max: 700 }), ({ xs, ys }, target) => {
        const kept = Array.from(lttbIndices(xs, ys, target));
        if (target >= xs.length) {
          expect(kept).toEqual(xs.map((_, i) => i));
          return;
        }
        expect(kept.slice(0, -1)).toEqual(referenceIndices(xs, ys, target).slice(0, -1));
        expect(kept.at(-1)).toBe(xs.length - 1);
      }),
      { numRuns: testSize(300) },
    );
  });

  it('keeps the first and last point and ascending indices when x repeats or y is constant', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 4, maxLength: 200 }),
        fc.boolean(),
        fc.integer({ min: 3, max: 250 }),
        (steps, flat, target) => {
          let x = 0;
          const xs = steps.map((step) => (x += step));
          const ys = xs.map((v, i) => (flat ? 0 : Math.sin(v + i)));
          const kept = Array.from(lttbIndices(xs, ys, target));
          expect(kept.length).toBe(Math.min(target, xs.length));
          expect(kept[0]).toBe(0);
          expect(kept.at(-1)).toBe(xs.length - 1);
          for (let i = 1; i < kept.length; i++) expect(kept[i]).toBeGreaterThan(kept[i - 1] as number);
        },
      ),
      { numRuns: testSize(300) },
    );
  });

  it('picks the same middle points as the reference where the reference drops the last point (17 to 13)', () => {
    const xs = Array.from({ length: 17 }, (_, i) => i);
    const ys = xs.map((x) => Math.sin(x * 1.7) * 100);
    const reference = referenceIndices(xs, ys, 13);
    expect(reference.at(-1)).toBe(15); // the reference's defect, so this case stays covered
    expect(Array.from(lttbIndices(xs, ys, 13))).toEqual([...reference.slice(0, -1), 16]);
  });

  it('keeps the first and last point and returns exactly targetCount ascending indices', () => {
    const xs = Array.from({ length: 10_000 }, (_, i) => i * 60_000);
    const ys = xs.map((x) => Math.sin(x / 3e6) * 100 + (x % 7));
    const kept = lttbIndices(xs, ys, 500);
    expect(kept.length).toBe(500);
    expect(kept[0]).toBe(0);
    expect(kept[499]).toBe(9_999);
    for (let i = 1; i < kept.length; i++) expect(kept[i]).toBeGreaterThan(kept[i - 1] as number);
  });

  it('keeps a lone spike that an evenly spaced sample would miss', () => {
    const xs = Array.from({ length: 1_000 }, (_, i) => i);
    const ys = xs.map((x) => (x === 503 ? 1_000 : 0));
    expect(Array.from(lttbIndices(xs, ys, 20))).toContain(503);
  });

  it('accepts typed arrays', () => {
    const xs = Float64Array.from({ length: 50 }, (_, i) => i);
    const ys = Float64Array.from(xs, (x) => x * x);
    expect(Array.from(lttbIndices(xs, ys, 10))).toEqual(referenceIndices(Array.from(xs), Array.from(ys), 10));
  });

  it('rejects a target below 3, unsorted x and non-finite values with the field and value named', () => {
    expect(() => lttbIndices([0, 1, 2, 3], [0, 1, 2, 3], 2)).toThrow(
      'lttbIndices: targetCount is 2; it must be an integer >= 3.',
    );
    expect(() => lttbIndices([0, 2, 1, 3], [0, 1, 2, 3], 3)).toThrow(
      'lttbIndices: xs[2] = 1 is smaller than xs[1] = 2; xs must be sorted ascending.',
    );
    expect(() => lttbIndices([0, 1, 2], [0, Number.NaN, 2], 3)).toThrow('lttbIndices: ys[1] is NaN');
    expect(() => lttbIndices([0, 1, 2], [0, 1], 3)).toThrow('xs has 3 values but ys has 2');
  });
});
