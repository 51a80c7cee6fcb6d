import { PGlite } from '@electric-sql/pglite';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIRECTIONS, type Direction } from '../schema/enums';
import { type ThresholdConfig, thresholdConfigSchema } from '../schema/jsonb/threshold-configs';
import { testSize } from '../testing/test-size';
import { ThresholdConfigError } from './errors';
import {
  classifyValue,
  resolveThresholdLevels,
  type ThresholdBand,
  type ThresholdInput,
  type ThresholdStatus,
  thresholdBands,
} from './threshold-bands';

const input = (
  direction: Direction,
  thresholdConfig: ThresholdConfig | null,
  targetValue: number | null = null,
): ThresholdInput => ({ direction, thresholdConfig, targetValue });

const higher = input('higher_better', { warning: 90, critical: 80 });
const lower = input('lower_better', { warning: 5, critical: 10 });
const range = input('target_range', {
  warning: { low: 40, high: 60 },
  critical: { low: 30, high: 70 },
});

function statusFromBands(bands: readonly ThresholdBand[], v: number): ThresholdStatus[] {
  return bands
    .filter(
      (b) =>
        (b.from === null || v > b.from || (v === b.from && b.includesFrom)) &&
        (b.to === null || v < b.to || (v === b.to && b.includesTo)),
    )
    .map((b) => b.status);
}

describe('classifyValue', () => {
  it.each([
    // direction, value, expected: a level is the last acceptable value
    ['higher_better', higher, 95, 'ok'],
    ['higher_better', higher, 90, 'ok'],
    ['higher_better', higher, 89.99, 'warning'],
    ['higher_better', higher, 80, 'warning'],
    ['higher_better', higher, 79.99, 'critical'],
    ['lower_better', lower, 0, 'ok'],
    ['lower_better', lower, 5, 'ok'],
    ['lower_better', lower, 5.01, 'warning'],
    ['lower_better', lower, 10, 'warning'],
    ['lower_better', lower, 10.5, 'critical'],
    ['target_range', range, 50, 'ok'],
    ['target_range', range, 40, 'ok'],
    ['target_range', range, 60, 'ok'],
    ['target_range', range, 39, 'warning'],
    ['target_range', range, 61, 'warning'],
    ['target_range', range, 30, 'warning'],
    ['target_range', range, 70, 'warning'],
    ['target_range', range, 29, 'critical'],
    ['target_range', range, 71, 'critical'],
  ] as const)('classifies a %s value of %#: %s', (_d, inp, value, expected) => {
    expect(classifyValue(value, inp)).toBe(expected);
  });

  it('keeps the worse status until the value reaches the recovery level', () => {
    const inp = input('higher_better', {
      warning: { value: 90, recovery: 92 },
      critical: { value: 80, recovery: 83 },
    });
    expect(classifyValue(91, inp)).toBe('ok');
    expect(classifyValue(91, inp, 'ok')).toBe('ok');
    expect(classifyValue(91, inp, 'warning')).toBe('warning');
    expect(classifyValue(92, inp, 'warning')).toBe('ok');
    expect(classifyValue(82, inp, 'critical')).toBe('critical');
    expect(classifyValue(83, inp, 'critical')).toBe('warning');
    // Leaving critical passes through warning's recovery zone as well.
    expect(classifyValue(91, inp, 'critical')).toBe('warning');
    expect(classifyValue(95, inp, 'critical')).toBe('ok');
  });

  it('applies the recovery level of a lower_better and of both sides of a target_range metric', () => {
    const low = input('lower_better', { warning: { value: 5, recovery: 4 } });
    expect(classifyValue(4.5, low, 'warning')).toBe('warning');
    expect(classifyValue(4, low, 'warning')).toBe('ok');
    const r = input('target_range', {
      warning: { low: { value: 40, recovery: 42 }, high: { value: 60, recovery: 58 } },
    });
    expect(classifyValue(41, r, 'warning')).toBe('warning');
    expect(classifyValue(59, r, 'warning')).toBe('warning');
    expect(classifyValue(50, r, 'warning')).toBe('ok');
    expect(classifyValue(41, r, 'ok')).toBe('ok');
  });

  it('reads levels as percentages of or offsets from the target', () => {
    const pct = input('higher_better', { basis: 'target_percent', warning: 90, critical: 75 }, 200);
    expect(classifyValue(181, pct)).toBe('ok');
    expect(classifyValue(179, pct)).toBe('warning');
    expect(classifyValue(149, pct)).toBe('critical');
    const off = input('target_range', { basis: 'target_offset', warning: { low: -5, high: 5 } }, 50);
    expect(classifyValue(45, off)).toBe('ok');
    expect(classifyValue(44.9, off)).toBe('warning');
    expect(classifyValue(55.1, off)).toBe('warning');
    // A larger percentage is a larger value also for a negative target.
    const neg = input('lower_better', { basis: 'target_percent', warning: 110 }, -10);
    expect(resolveThresholdLevels(neg).warning?.high?.value).toBe(-9);
  });

  it('uses the target as the warning level when there is no threshold_config', () => {
    expect(classifyValue(99, input('higher_better', null, 100))).toBe('warning');
    expect(classifyValue(100, input('higher_better', null, 100))).toBe('ok');
    expect(classifyValue(101, input('lower_better', null, 100))).toBe('warning');
    expect(classifyValue(1e9, input('target_range', null, 100))).toBe('ok');
    expect(classifyValue(-1e9, input('higher_better', null, null))).toBe('ok');
  });

  it('rejects NaN naming the value', () => {
    expect(() => classifyValue(Number.NaN, higher)).toThrow(/value is NaN/);
  });
});

describe('resolveThresholdLevels', () => {
  it.each([
    [
      input('higher_better', { warning: 80, critical: 90 }),
      'threshold_config.warning.low',
      /critical low level 90/,
    ],
    [input('lower_better', { warning: 10, critical: 5 }), 'threshold_config.critical.high', /warning high/],
    [
      input('target_range', { warning: 50 }),
      'threshold_config.warning',
      /target_range metric, explicit sides/,
    ],
    [
      input('higher_better', { warning: { value: 90, recovery: 85 } }),
      'threshold_config.warning.recovery',
      /at or above the trigger 90/,
    ],
    [
      input('target_range', { warning: { low: 60, high: 40 } }),
      'threshold_config.warning.high',
      /at or above the low level/,
    ],
    [
      input('target_range', { warning: { low: { value: 40, recovery: 65 }, high: 60 } }),
      'threshold_config.warning.high',
      /recovering from one side must not breach the other/,
    ],
    [
      input('higher_better', { basis: 'target_percent', warning: 90 }),
      'threshold_config.basis',
      /target_value/,
    ],
    [
      input('higher_better', { basis: 'target_percent', warning: 90 }, 0),
      'threshold_config.basis',
      /non-zero target_value/,
    ],
  ] as const)('rejects an inconsistent configuration %#, naming %s', (inp, field, rule) => {
    let error: unknown;
    try {
      resolveThresholdLevels(inp);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ThresholdConfigError);
    expect((error as ThresholdConfigError).field).toBe(field);
    expect((error as Error).message).toMatch(rule);
    expect((error as Error).message).toContain(`${field}: got `);
  });
});

describe('thresholdConfigSchema', () => {
  it('accepts the documented shapes and rejects misspelt keys', () => {
    expect(
      thresholdConfigSchema.safeParse({ warning: 90, critical: { value: 80, recovery: 82 } }).success,
    ).toBe(true);
    expect(
      thresholdConfigSchema.safeParse({ basis: 'target_percent', warning: { low: 95, high: { value: 105 } } })
        .success,
    ).toBe(true);
    expect(thresholdConfigSchema.safeParse({ warning: { value: 90, recover: 92 } }).success).toBe(false);
    expect(thresholdConfigSchema.safeParse({ warn: 90 }).success).toBe(false);
    expect(thresholdConfigSchema.safeParse({ warning: {} }).success).toBe(false);
    expect(thresholdConfigSchema.safeParse({ basis: 'relative' }).success).toBe(false);
  });
});

describe('thresholdBands', () => {
  it('draws the bands of each direction low to high', () => {
    expect(thresholdBands(higher)).toEqual([
      { status: 'critical', from: null, to: 80, includesFrom: false, includesTo: false },
      { status: 'warning', from: 80, to: 90, includesFrom: true, includesTo: false },
      { status: 'ok', from: 90, to: null, includesFrom: true, includesTo: false },
    ]);
    expect(thresholdBands(lower)).toEqual([
      { status: 'ok', from: null, to: 5, includesFrom: false, includesTo: true },
      { status: 'warning', from: 5, to: 10, includesFrom: false, includesTo: true },
      { status: 'critical', from: 10, to: null, includesFrom: false, includesTo: false },
    ]);
    expect(thresholdBands(range).map((b) => [b.status, b.from, b.to])).toEqual([
      ['critical', null, 30],
      ['warning', 30, 40],
      ['ok', 40, 60],
      ['warning', 60, 70],
      ['critical', 70, null],
    ]);
    expect(thresholdBands(input('higher_better', null))).toEqual([
      { status: 'ok', from: null, to: null, includesFrom: false, includesTo: false },
    ]);
  });

  it('leaves out a band that is empty because two levels coincide', () => {
    expect(
      thresholdBands(input('higher_better', { warning: 80, critical: 80 })).map((b) => b.status),
    ).toEqual(['critical', 'ok']);
  });

  // Random valid configurations: four ordered cut points, each level optionally present, optional recovery.
  const arbInput: fc.Arbitrary<ThresholdInput> = fc
    .record({
      cuts: fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 4, maxLength: 4 }),
      has: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
      direction: fc.constantFrom(...DIRECTIONS),
    })
    .map(({ cuts, has, direction }) => {
      const [cl, wl, wh, ch] = [...cuts].sort((a, b) => a - b) as [number, number, number, number];
      const sides = (low: number | undefined, high: number | undefined) =>
        low === undefined && high === undefined
          ? undefined
          : {
              ...(low === undefined ? {} : { low }),
              ...(high === undefined ? {} : { high }),
            };
      let config: ThresholdConfig;
      if (direction === 'higher_better') config = { warning: wh, critical: cl };
      else if (direction === 'lower_better') config = { warning: wl, critical: ch };
      else {
        const warning = sides(has[1] ? wl : undefined, has[2] ? wh : undefined);
        const critical = sides(has[0] ? cl : undefined, has[3] ? ch : undefined);
        config = { ...(warning ? { warning } : {}), ...(critical ? { critical } : {}) };
      }
      return { direction, thresholdConfig: config, targetValue: null };
    });

  it('covers every value by exactly one band, whose status is the value classification', () => {
    fc.assert(
      fc.property(arbInput, fc.integer({ min: -1100, max: 1100 }), (inp, v) => {
        const bands = thresholdBands(inp);
        expect(statusFromBands(bands, v)).toEqual([classifyValue(v, inp)]);
        for (let i = 1; i < bands.length; i++) {
          expect(bands[i]!.from).toBe(bands[i - 1]!.to);
          expect(bands[i]!.includesFrom).toBe(!bands[i - 1]!.includesTo);
        }
        expect(bands[0]!.from).toBeNull();
        expect(bands.at(-1)!.to).toBeNull();
      }),
      { numRuns: testSize(500) },
    );
  });

  describe('against PostgreSQL numrange containment', () => {
    let pg: PGlite;
    beforeAll(async () => {
      pg = await PGlite.create();
    }, 60_000);
    afterAll(async () => {
      await pg.close();
    });

    it('puts each value in the band PostgreSQL says contains it', async () => {
      const cases = fc.sample(fc.tuple(arbInput, fc.integer({ min: -1100, max: 1100 })), {
        numRuns: testSize(200),
        seed: 7,
      });
      for (const [inp, v] of cases) {
        const bands = thresholdBands(inp);
        const ranges = bands.map(
          (b) => `${b.includesFrom ? '[' : '('}${b.from ?? ''},${b.to ?? ''}${b.includesTo ? ']' : ')'}`,
        );
        const { rows } = await pg.query<{ i: number }>(
          'SELECT i::int FROM unnest($1::numrange[]) WITH ORDINALITY AS r(range, i) WHERE $2::numeric <@ range',
          [ranges, v],
        );
        expect(rows.map((r) => bands[r.i - 1]!.status)).toEqual([classifyValue(v, inp)]);
      }
    });
  });
});
