import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RelationshipType } from '../schema/enums';
import { usePglite } from '../testing/pglite-reference';
import { testSize } from '../testing/test-size';
import type { EngineMetricDefinition } from './calculation-types';
import { calculateDerivedMetrics, correlateRelationships, laggedCorrelation } from './derived';
import {
  calculationOrder,
  type EngineRelationship,
  findGraphCycle,
  MetricCycleError,
  validateRelationships,
} from './metric-graph';

const db = usePglite();

const metric = (id: string, overrides: Partial<EngineMetricDefinition> = {}): EngineMetricDefinition => ({
  id,
  organization_id: 'o1',
  metric_name: id,
  metric_type: 'sum',
  calculation_method: 'aggregation',
  direction: 'higher_better',
  ...overrides,
});

const edge = (
  parent: string,
  child: string,
  type: RelationshipType = 'derives_from',
  weight = 1,
  lag = 0,
): EngineRelationship => ({
  parent_metric_id: parent,
  child_metric_id: child,
  relationship_type: type,
  weight,
  lag_periods: lag,
});

const periods = [0, 1, 2, 3].map((m) => ({
  start: new Date(Date.UTC(2025, m, 1)),
  end: new Date(Date.UTC(2025, m + 1, 1)),
}));

describe('calculationOrder', () => {
  it('puts every child before its parents, ignoring correlates_with', () => {
    const defs = ['total', 'a', 'b', 'c', 'score'].map((id) => metric(id));
    const rels = [
      edge('total', 'a'),
      edge('total', 'b'),
      edge('score', 'total', 'contributes_to'),
      edge('score', 'c', 'depends_on'),
      edge('a', 'score', 'correlates_with'),
    ];
    const order = calculationOrder(defs, rels);
    expect(order).toEqual(['a', 'b', 'c', 'total', 'score']);
    for (const r of rels.filter((x) => x.relationship_type !== 'correlates_with')) {
      expect(order.indexOf(r.child_metric_id)).toBeLessThan(order.indexOf(r.parent_metric_id));
    }
  });

  it('rejects a cycle with an error that prints the cycle path', () => {
    const defs = [
      metric('id-a', { metric_name: 'risk_score' }),
      metric('id-b', { metric_name: 'open_risks' }),
      metric('id-c', { metric_name: 'overdue' }),
    ];
    const rels = [
      edge('id-a', 'id-b'),
      edge('id-b', 'id-c', 'contributes_to'),
      edge('id-c', 'id-a', 'depends_on'),
    ];
    let error: unknown;
    try {
      calculationOrder(defs, rels);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MetricCycleError);
    expect((error as MetricCycleError).cycle).toEqual(['risk_score', 'open_risks', 'overdue', 'risk_score']);
    expect((error as Error).message).toBe(
      'metric relationships form a cycle, so no calculation order exists: risk_score -> open_risks -> overdue -> risk_score ' +
        '(risk_score derives_from open_risks, open_risks contributes_to overdue, overdue depends_on risk_score); ' +
        'remove or reverse one of these relationships',
    );
  });

  it('sees a cycle made through a formula that names its own parent', () => {
    const defs = [metric('x', { calculation_method: 'function', calculation_formula: 'y + 1' }), metric('y')];
    expect(() => calculationOrder(defs, [edge('y', 'x')])).toThrow(
      'x -> y -> x (x formula y, y derives_from x)',
    );
  });

  it('finds a cycle, or proves there is none, in random graphs', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 7 })), {
          selector: ([a, b]) => `${a}-${b}`,
          maxLength: 14,
        }),
        (pairs) => {
          const defs = Array.from({ length: 8 }, (_, i) => metric(`m${i}`));
          const rels = pairs.filter(([a, b]) => a !== b).map(([a, b]) => edge(`m${a}`, `m${b}`));
          try {
            const order = calculationOrder(defs, rels);
            expect(order).toHaveLength(8);
            for (const r of rels)
              expect(order.indexOf(r.child_metric_id)).toBeLessThan(order.indexOf(r.parent_metric_id));
          } catch (e) {
            expect(e).toBeInstanceOf(MetricCycleError);
            const cycle = (e as MetricCycleError).cycle;
            expect(cycle[0]).toBe(cycle[cycle.length - 1]);
            for (let i = 0; i + 1 < cycle.length; i++) {
              expect(
                rels.some((r) => r.parent_metric_id === cycle[i] && r.child_metric_id === cycle[i + 1]),
              ).toBe(true);
            }
          }
        },
      ),
      { numRuns: testSize(300) },
    );
  });

  it('findGraphCycle: a cycle of real edges exactly when a recursive walk in PostgreSQL finds one', async () => {
    const samples = fc.sample(
      fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 })), {
        selector: ([a, b]) => `${a}-${b}`,
        maxLength: 12,
      }),
      { numRuns: testSize(60), seed: 6 },
    );
    for (const pairs of [
      [
        [0, 1],
        [1, 2],
        [2, 0],
      ],
      [[0, 0]],
      ...samples,
    ]) {
      const edges = pairs.map(([a, b]) => ({ from: `n${a}`, to: `n${b}`, via: `e${a}${b}` }));
      // Reference: PostgreSQL's recursive CTE reaches some node from itself.
      const { rows } = await db().query<{ cyclic: boolean }>(
        `WITH RECURSIVE e(f, t) AS (SELECT * FROM unnest($1::text[], $2::text[])),
           reach(start, node) AS (SELECT f, t FROM e UNION SELECT r.start, e.t FROM reach r JOIN e ON e.f = r.node)
         SELECT EXISTS (SELECT 1 FROM reach WHERE start = node) AS cyclic`,
        [edges.map((e) => e.from), edges.map((e) => e.to)],
      );
      const cycle = findGraphCycle(edges);
      expect(cycle !== null, JSON.stringify(pairs)).toBe(rows[0]!.cyclic);
      if (cycle) {
        expect(cycle.ids[0]).toBe(cycle.ids[cycle.ids.length - 1]);
        expect(cycle.via).toHaveLength(cycle.ids.length - 1);
        cycle.via.forEach((via, i) => {
          expect(edges).toContainEqual({ from: cycle.ids[i], to: cycle.ids[i + 1], via });
        });
      }
    }
  });

  it('validates relationship rows, naming the field, the value and the rule', () => {
    expect(
      validateRelationships(
        [
          edge('a', 'a'),
          edge('a', 'b', 'derives_from', 12),
          edge('a', 'c', 'derives_from', 1, -1),
          edge('a', 'b'),
        ],
        new Set(['a', 'b']),
      ),
    ).toEqual([
      'relationship 0 (a -> a): a metric cannot be related to itself',
      'relationship 1 (a -> b): weight 12 is outside DECIMAL(5,4) (allowed -9.9999 to 9.9999)',
      'relationship 2 (a -> c): metric c is not among the metric definitions given',
      'relationship 2 (a -> c): lag_periods -1 must be a whole number of 0 or more',
      'relationship 3 (a -> b): a second relationship for the same parent and child',
    ]);
  });
});

describe('calculateDerivedMetrics', () => {
  const base = new Map<string, (number | null)[]>([
    ['a', [10, 20, 30, 40]],
    ['b', [1, 2, null, 4]],
    ['quality', [80, 90, 100, 60]],
    ['incidents', [2, 4, 8, 1]],
  ]);
  const defs = [
    metric('a'),
    metric('b'),
    metric('quality', { metric_type: 'percentage', target_value: 80 }),
    metric('incidents', { metric_type: 'count', direction: 'lower_better', target_value: 2 }),
    metric('total'),
    metric('lagged', { calculation_method: 'function', calculation_formula: 'a - coalesce(b, 0)' }),
    metric('health', { metric_type: 'score' }),
  ];
  const rels = [
    edge('total', 'a', 'derives_from', 2),
    edge('total', 'b', 'derives_from', 0.5),
    edge('lagged', 'b', 'derives_from', 1, 1),
    edge('health', 'quality', 'contributes_to', 3),
    edge('health', 'incidents', 'contributes_to', 1),
  ];
  const result = calculateDerivedMetrics({
    definitions: defs,
    relationships: rels,
    periods,
    baseValues: base,
    aggregationLevel: 'org',
    calculatedAt: new Date('2025-06-01T00:00:00Z'),
  });

  it('computes a weighted sum of children for a derived metric without a formula', () => {
    expect(result.values.get('total')).toEqual([20.5, 41, 60, 82]);
    const rows = result.rows.filter((r) => r.metric_id === 'total');
    expect(rows.map((r) => r.calculation_status)).toEqual(['success', 'success', 'warning', 'success']);
    expect(rows[2]?.calculation_notes).toContain('1 formula input(s) have no value');
    expect(rows[1]).toMatchObject({ previous_value: 20.5, change_percentage: 100 });
    expect(rows[0]?.metadata.calculation_method).toBe('aggregation');
  });

  it('reads a child lag_periods earlier in a formula', () => {
    // lagged = a[t] - b[t-1]; at t = 0 there is no b[-1] -> coalesce to 0.
    expect(result.values.get('lagged')).toEqual([10, 19, 28, 40]);
  });

  it('scores children against their own targets and directions with the relationship weights', () => {
    const expected = [0, 1, 2, 3].map((t) => {
      const q = Math.min(1, (base.get('quality')?.[t] as number) / 80) * 100;
      const i = base.get('incidents')?.[t] as number;
      const inc = i <= 2 ? 100 : (100 * 2) / i;
      return Math.round(((3 * q + inc) / 4) * 10_000) / 10_000;
    });
    expect(result.values.get('health')).toEqual(expected);
  });

  it('computes children before parents', () => {
    expect(result.order.indexOf('a')).toBeLessThan(result.order.indexOf('total'));
    expect(result.order.indexOf('incidents')).toBeLessThan(result.order.indexOf('health'));
  });
});

describe('correlates_with', () => {
  it('matches PostgreSQL corr() on the lagged pairs, for Pearson and Spearman', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.option(fc.integer({ min: -50, max: 50 }), { freq: 8 }), { minLength: 4, maxLength: 30 }),
        fc.array(fc.option(fc.integer({ min: -50, max: 50 }), { freq: 8 }), { minLength: 4, maxLength: 30 }),
        fc.integer({ min: 0, max: 3 }),
        async (p, c, lag) => {
          const n = Math.min(p.length, c.length);
          const parent = p.slice(0, n);
          const child = c.slice(0, n);
          const res = await db().query<{ pearson: number | null; spearman: number | null; pairs: number }>(
            `WITH s AS (SELECT * FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS s(p, c, i)),
                  pairs AS (SELECT a.p AS x, b.c AS y FROM s a JOIN s b ON b.i = a.i - $3
                            WHERE a.p IS NOT NULL AND b.c IS NOT NULL),
                  r AS (SELECT x, y,
                          rank() OVER (ORDER BY x) + (count(*) OVER (PARTITION BY x) - 1) / 2.0 AS rx,
                          rank() OVER (ORDER BY y) + (count(*) OVER (PARTITION BY y) - 1) / 2.0 AS ry FROM pairs)
             SELECT corr(x, y) AS pearson, corr(rx::float8, ry::float8) AS spearman, count(*)::int AS pairs FROM r`,
            [parent, child, lag],
          );
          const row = res.rows[0];
          const ours = laggedCorrelation(parent, child, lag);
          expect(ours.pairs).toBe(row?.pairs);
          if (ours.pairs < 3 || row?.pearson === null || row?.pearson === undefined) {
            if (ours.pairs >= 3) expect(ours.pearson).toBeNull();
          } else {
            expect(ours.pearson).toBeCloseTo(row.pearson, 12);
            expect(ours.spearman).toBeCloseTo(row.spearman as number, 12);
          }
        },
      ),
      { numRuns: testSize(80) },
    );
  });

  it('finds the lag at which a leading metric predicts its follower', () => {
    const training = [5, 1, 8, 3, 9, 2, 7, 4, 6, 10];
    const incidents = [0, 0, ...training.slice(0, 8).map((x) => 20 - x)];
    const series = new Map([
      ['training', training],
      ['incidents', incidents],
    ]);
    const [r] = correlateRelationships([edge('incidents', 'training', 'correlates_with', 1, 2)], series);
    expect(r).toMatchObject({
      parent_metric_id: 'incidents',
      lag: 2,
      pairs: 8,
      pearson: expect.closeTo(-1, 12),
      spearman: expect.closeTo(-1, 12),
    });
  });
});
