/**
 * Every number the engine emits is finite or null (with a note), and every row's metadata passes
 * the package's own `safeValidateJsonb('metric_calculations', 'metadata')`; formulas read their
 * scope one way (never a getter) and never throw out of `calculateMetric`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateFormula } from '../formula/evaluate';
import { CALCULATION_METHODS, DIRECTIONS, METRIC_TYPES, REFRESH_FREQUENCIES } from '../schema/enums';
import { safeValidateJsonb } from '../schema/validate';
import { testSize } from '../testing/test-size';
import { calculateMetric } from './calculate';
import type { CalculationInput, CalculationResult, EngineMetricDefinition } from './calculation-types';
import { attainment } from './direction';
import { rankPeerGroups } from './percentile-rank';
import { buildSnapshot } from './snapshot';

const periodStart = new Date('2025-03-01T00:00:00Z');
const periodEnd = new Date('2025-04-01T00:00:00Z');

const definition = (overrides: Partial<EngineMetricDefinition> = {}): EngineMetricDefinition => ({
  id: 'm1',
  organization_id: 'o1',
  metric_name: 'metric',
  metric_type: 'average',
  calculation_method: 'aggregation',
  direction: 'higher_better',
  target_value: null,
  refresh_frequency: 'daily',
  version: 1,
  ...overrides,
});

const input = (overrides: Partial<CalculationInput> = {}): CalculationInput => ({
  definition: definition(),
  periodStart,
  periodEnd,
  aggregationLevel: 'org',
  calculatedAt: new Date('2025-04-01T00:10:00Z'),
  ...overrides,
});

/** Paths of every number in `value` that is not finite (Dates are skipped: they are not numbers of ours). */
function nonFinite(value: unknown, path = 'row', out: string[] = []): string[] {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) out.push(`${path} = ${value}`);
  } else if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    for (const [k, v] of Object.entries(value)) nonFinite(v, `${path}.${k}`, out);
  }
  return out;
}

function expectStorable(row: CalculationResult): void {
  expect(nonFinite(row), JSON.stringify(row.calculation_notes)).toEqual([]);
  const metadata = safeValidateJsonb('metric_calculations', 'metadata', row.metadata);
  expect(metadata.ok, metadata.ok ? '' : metadata.error.message).toBe(true);
}

describe('non-finite values never reach a row', () => {
  it.each([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN])(
    'a score component weight of %s is stored as null with a note',
    (weight) => {
      const row = calculateMetric(
        input({
          definition: definition({ metric_type: 'score' }),
          components: [
            { metric_id: 'a', value: 80, weight, direction: 'higher_better', target: 100 },
            { metric_id: 'b', value: 50, weight: 1, direction: 'higher_better', target: 100 },
          ],
        }),
      );
      expectStorable(row);
      expect(row.metadata.components?.[0]?.weight).toBeNull();
      expect(row.calculation_notes).toMatch(/component a ignored: weight must be a finite number above 0/);
      expect(row.metric_value).toBe(50);
    },
  );

  it('attainment against a NaN or infinite target is null with a reason, not NaN', () => {
    expect(attainment(0, { direction: 'lower_better', target: Number.NaN })).toEqual({
      value: null,
      reason: 'target is NaN; expected a finite number or null',
    });
    expect(attainment(5, { direction: 'higher_better', target: Number.POSITIVE_INFINITY }).value).toBeNull();
    expect(attainment(5, { direction: 'target_range', target: Number.NaN, tolerance: 1 }).value).toBeNull();
  });

  it('an invalid calculatedAt leaves quality.freshness null with a note', () => {
    const row = calculateMetric(
      input({
        calculatedAt: new Date(Number.NaN),
        periodEnd: new Date(Number.NaN),
        observations: [{ value: 3, observed_at: new Date('2025-03-30T00:00:00Z') }],
      }),
    );
    expect(row.metadata.quality.freshness).toBeNull();
    expect(row.calculation_notes).toMatch(/freshness not measured: calculatedAt \(Invalid Date\)/);
    expectStorable(row);
  });

  it('measures freshness at the period end when only calculatedAt is invalid', () => {
    const row = calculateMetric(
      input({
        calculatedAt: new Date(Number.NaN),
        observations: [{ value: 3, observed_at: new Date('2025-03-31T00:00:00Z') }],
      }),
    );
    expect(row.metadata.quality.freshness).toBe(1);
    expectStorable(row);
  });

  const hostile = fc.oneof(
    { weight: 4, arbitrary: fc.double() },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        Number.NaN,
        Number.POSITIVE_INFINITY,
        Number.NEGATIVE_INFINITY,
        Number.MAX_VALUE,
        -Number.MAX_VALUE,
        1e308,
        Number.MIN_VALUE,
        -0,
        0,
        1,
        2 ** 53,
      ),
    },
    { weight: 2, arbitrary: fc.integer({ min: -5, max: 100 }) },
    { weight: 1, arbitrary: fc.constant(null) },
  );
  const date = fc.oneof(
    fc.date({
      min: new Date('2025-01-01T00:00:00Z'),
      max: new Date('2025-06-01T00:00:00Z'),
      noInvalidDate: true,
    }),
    fc.constant(new Date(Number.NaN)),
  );
  const formulas = fc.constantFrom(
    'a + b',
    'a / b',
    'sum(children) * 1e308',
    'avg(children)',
    'min(children)',
    'max(children) - min(children)',
    'weighted_avg(children)',
    'coalesce(a, b, 0) ^ 3',
    'if(a > b, a, b)',
    'exp(a)',
    'a > b',
  );

  it('every number calculateMetric and rankPeerGroups emit is finite or null, and metadata validates, for hostile inputs of every type', () => {
    fc.assert(
      fc.property(
        fc.record({
          metric_type: fc.constantFrom(...METRIC_TYPES),
          calculation_method: fc.constantFrom(...CALCULATION_METHODS),
          direction: fc.constantFrom(...DIRECTIONS),
          refresh_frequency: fc.constantFrom(...REFRESH_FREQUENCIES),
          target_value: hostile,
          version: hostile,
          unit_of_measure: fc.constantFrom('ms', 'h', 'parsecs', null),
          calculation_formula: formulas,
          parameters: fc.record({ target_min: hostile, target_max: hostile, target_tolerance: hostile }),
        }),
        fc.array(
          fc.record({
            value: hostile,
            denominator: hostile,
            observed_at: date,
          }),
          { maxLength: 12 },
        ),
        fc.array(
          fc.record({
            metric_id: fc.constantFrom('a', 'b', 'c'),
            value: hostile,
            weight: hostile.map((w) => w ?? 1),
            direction: fc.constantFrom(...DIRECTIONS),
            target: hostile,
            rangeMin: hostile,
            rangeMax: hostile,
            tolerance: hostile,
          }),
          { maxLength: 4 },
        ),
        fc.record({ a: hostile, b: hostile }),
        fc.array(fc.record({ name: fc.constant('c'), value: hostile, weight: hostile.map((w) => w ?? 1) }), {
          maxLength: 6,
        }),
        fc.record({
          calculatedAt: date,
          previousValue: hostile,
          expectedCount: hostile,
          targetValue: hostile,
        }),
        (def, observations, components, metrics, children, extra) => {
          const rows = [0, 1, 2].map((unit) =>
            calculateMetric({
              definition: definition(def as Partial<EngineMetricDefinition>),
              periodStart,
              periodEnd,
              aggregationLevel: 'team',
              aggregationId: `t${unit}`,
              calculatedAt: extra.calculatedAt,
              observations: observations.slice(unit),
              components: components.slice(unit),
              formulaScope: { metrics, children: children.slice(unit) },
              previousValue: extra.previousValue,
              expectedCount: extra.expectedCount,
              targetValue: extra.targetValue,
            }),
          );
          const ranked = rankPeerGroups(rows, () => ({ direction: def.direction, target: def.target_value }));
          for (const row of ranked) expectStorable(row);
        },
      ),
      { numRuns: testSize(3000, 'calculateMetric on hostile inputs') },
    );
  });
});

describe('non-finite values never reach a snapshot', () => {
  const hostile = fc.oneof(
    { weight: 4, arbitrary: fc.double() },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        Number.NaN,
        Number.POSITIVE_INFINITY,
        -Number.MAX_VALUE,
        1e308,
        Number.MIN_VALUE,
        -0,
        0,
      ),
    },
    { weight: 2, arbitrary: fc.integer({ min: -5, max: 100 }) },
  );
  const maybe = fc.oneof(hostile, fc.constant(null));

  it('every number buildSnapshot emits is finite or null, for hostile values of every type and aggregation', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...METRIC_TYPES),
        fc.constantFrom(...DIRECTIONS),
        fc.constantFrom('daily', 'weekly', 'monthly', 'quarterly', 'annual') as fc.Arbitrary<'monthly'>,
        fc.array(
          fc.record({
            metric_value: hostile,
            day: fc.integer({ min: 0, max: 27 }),
            sample_size: maybe,
            denominator: hostile,
          }),
          { maxLength: 40 },
        ),
        fc.record({ yearAgo: maybe, quarterAgo: maybe, monthAgo: maybe }),
        (metricType, direction, snapshotType, raw, earlier) => {
          const outcome = buildSnapshot({
            definition: definition({ metric_type: metricType, direction }),
            snapshotType,
            snapshotDate: '2025-01-01',
            aggregationLevel: 'org',
            values: raw.map((v) => ({
              metric_value: v.metric_value,
              period_start: new Date(Date.UTC(2025, 0, 1 + v.day)),
              sample_size: v.sample_size,
              metadata: { denominator: v.denominator },
            })),
            earlier,
          });
          expect(nonFinite(outcome.row, 'row'), outcome.notes.join('; ')).toEqual([]);
          if (outcome.trendPValue !== null) expect(Number.isFinite(outcome.trendPValue)).toBe(true);
        },
      ),
      { numRuns: testSize(2000, 'buildSnapshot on hostile values') },
    );
  });
});

describe('formula scopes in calculateMetric', () => {
  it('never runs a getter in formulaScope.metrics, and agrees with evaluateFormula', () => {
    let calls = 0;
    const metrics = { h: 4 } as Record<string, number | null>;
    Object.defineProperty(metrics, 'g', {
      enumerable: true,
      get() {
        calls++;
        return 1;
      },
    });
    const row = calculateMetric(
      input({
        definition: definition({ calculation_method: 'function', calculation_formula: 'coalesce(g, h)' }),
        formulaScope: { metrics },
      }),
    );
    expect(calls).toBe(0);
    const direct = evaluateFormula('coalesce(g, h)', { metrics });
    expect(calls).toBe(0);
    expect(direct.ok).toBe(false);
    expect(row.calculation_status).toBe('error');
    expect(row.calculation_notes).toContain(direct.ok ? 'unreachable' : direct.error.message);
  });

  it('never runs a getter on the scope object itself', () => {
    let calls = 0;
    const scope = {};
    Object.defineProperty(scope, 'metrics', {
      enumerable: true,
      get() {
        calls++;
        return { a: 1 };
      },
    });
    calculateMetric(
      input({
        definition: definition({ calculation_method: 'function', calculation_formula: 'a' }),
        formulaScope: scope,
      }),
    );
    expect(calls).toBe(0);
  });

  it('computes min(children) and max(children) over 200,000 children without a RangeError', () => {
    const children = Array.from({ length: 200_000 }, (_, i) => ({
      name: `c${i}`,
      value: i % 1000,
      weight: 1,
    }));
    for (const formula of ['min(children)', 'max(children)']) {
      let row: CalculationResult | undefined;
      expect(() => {
        row = calculateMetric(
          input({
            definition: definition({ calculation_method: 'function', calculation_formula: formula }),
            formulaScope: { children },
          }),
        );
      }).not.toThrow();
      expect(row!.metric_value).toBe(formula === 'min(children)' ? 0 : 999);
    }
  });
});

describe('attainment near the top of the double range', () => {
  it('above a range whose maximum is huge is finite (CI seed 451311483: 100 × 1e308 overflowed to Infinity)', () => {
    const a = attainment(Number.MAX_VALUE, {
      direction: 'target_range',
      target: 0,
      rangeMin: 0,
      rangeMax: 1e308,
      tolerance: 0,
    });
    expect(a.reason).toBeNull();
    expect(Number.isFinite(a.value)).toBe(true);
    // 100 × 1e308 / MAX_VALUE, both scaled down by 1e8 so that nothing overflows.
    expect(a.value).toBeCloseTo((100 * 1e300) / (Number.MAX_VALUE / 1e8), 10);
  });
});
