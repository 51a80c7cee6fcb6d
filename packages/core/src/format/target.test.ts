import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareToTarget } from './target';

describe('compareToTarget', () => {
  it('reads attainment as value/target for higher_better and target/value for lower_better', () => {
    expect(compareToTarget({ value: 45, targetValue: 50, direction: 'higher_better' })).toEqual({
      variance: -5,
      attainmentPercent: 90,
      met: false,
    });
    expect(compareToTarget({ value: 40, targetValue: 50, direction: 'lower_better' })).toEqual({
      variance: -10,
      attainmentPercent: 125,
      met: true,
    });
    expect(compareToTarget({ value: 40, targetValue: 50, direction: 'target_range' })).toEqual({
      variance: -10,
      attainmentPercent: null,
      met: null,
    });
    expect(
      compareToTarget({ value: 5, targetValue: 0, direction: 'higher_better' }).attainmentPercent,
    ).toBeNull();
    expect(
      compareToTarget({ value: -5, targetValue: 10, direction: 'higher_better' }).attainmentPercent,
    ).toBeNull();
  });

  it('says the target is met exactly when attainment is at least 100 % (positive values)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.constantFrom('higher_better' as const, 'lower_better' as const),
        (value, targetValue, direction) => {
          const c = compareToTarget({ value, targetValue, direction });
          expect(c.met).toBe((c.attainmentPercent as number) >= 100 - 1e-9);
        },
      ),
    );
  });
});
