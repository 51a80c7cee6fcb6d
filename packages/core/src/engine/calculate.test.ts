import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Direction, MetricType } from '../schema/enums';
import { usePglite } from '../testing/pglite-reference';
import { testSize } from '../testing/test-size';
import { calculateMetric, directionSpecOf } from './calculate';
import type { CalculationInput, EngineMetricDefinition, Observation } from './calculation-types';
import { peerPercentileRanks, rankPeerGroups } from './percentile-rank';

const db = usePglite();

const periodStart = new Date('2025-03-01T00:00:00Z');
const periodEnd = new Date('2025-04-01T00:00:00Z');
const calculatedAt = new Date('2025-04-01T00:10:00Z');

function definition(overrides: Partial<EngineMetricDefinition> = {}): EngineMetricDefinition {
  return {
    id: 'm1',
    organization_id: 'o1',
    metric_name: 'metric',
    metric_type: 'average',
    calculation_method: 'aggregation',
    direction: 'higher_better',
    target_value: null,
    refresh_frequency: 'monthly',
    version: 3,
    ...overrides,
  };
}

function run(overrides: Partial<EngineMetricDefinition>, input: Partial<CalculationInput> = {}) {
  return calculateMetric({
    definition: definition(overrides),
    periodStart,
    periodEnd,
    aggregationLevel: 'team',
    aggregationId: 't1',
    calculatedAt,
    ...input,
  });
}

const obs = (...values: (number | null)[]): Observation[] => values.map((value) => ({ value }));

/** One SQL scalar over a table t(value float8, denominator float8, at float8 days). */
async function reference(sql: string, rows: Observation[]): Promise<number | null> {
  const res = await db().query<{ v: number | string | null }>(
    `WITH t AS (SELECT * FROM unnest($1::float8[], $2::float8[], $3::float8[]) AS t(value, denominator, at))
     SELECT (${sql})::float8 AS v FROM t`,
    [
      rows.map((r) => r.value ?? null),
      rows.map((r) => r.denominator ?? null),
      rows.map((r) =>
        r.observed_at ? (r.observed_at.getTime() - periodStart.getTime()) / 86_400_000 : null,
      ),
    ],
  );
  const v = res.rows[0]?.v;
  return v === null || v === undefined ? null : Number(v);
}

describe('calculateMetric: the value of every metric_type matches PostgreSQL on the same records', () => {
  const day = (d: number) => new Date(periodStart.getTime() + d * 86_400_000);
  const cases: { type: MetricType; unit?: string; rows: Observation[]; sql: string; size: number }[] = [
    { type: 'count', rows: obs(1, 1, 3, 0, 2), sql: 'sum(value)', size: 5 },
    { type: 'sum', rows: obs(1250.5, -20.25, 3e6, 0.125), sql: 'sum(value)', size: 4 },
    { type: 'average', rows: obs(3, 4.5, 10, 2.25, 8), sql: 'avg(value)', size: 5 },
    {
      type: 'percentage',
      rows: [{ value: 1 }, { value: 0 }, { value: 1 }, { value: 17, denominator: 20 }],
      sql: '100 * sum(value) / sum(coalesce(denominator, 1))',
      size: 4,
    },
    {
      type: 'ratio',
      rows: [
        { value: 5, denominator: 10 },
        { value: 1, denominator: 1 },
        { value: 30, denominator: 90 },
      ],
      sql: 'sum(value) / sum(denominator)',
      size: 3,
    },
    {
      type: 'duration',
      unit: 'hours',
      rows: obs(3_600_000, 5_400_000, 900_000),
      sql: 'avg(value) / 3600000',
      size: 3,
    },
    {
      type: 'duration',
      unit: 'days',
      rows: obs(86_400_000, 43_200_000),
      sql: 'avg(value) / 86400000',
      size: 2,
    },
    {
      type: 'trend',
      rows: [
        { value: 10, observed_at: day(0) },
        { value: 12, observed_at: day(7) },
        { value: 11, observed_at: day(14) },
        { value: 15, observed_at: day(21.5) },
      ],
      sql: 'regr_slope(value, at)',
      size: 4,
    },
  ];

  it.each(cases)('$type over $rows.length records ($sql)', async ({ type, unit, rows, sql, size }) => {
    const row = run({ metric_type: type, unit_of_measure: unit ?? null }, { observations: rows });
    const expected = await reference(sql, rows);
    expect(row.calculation_status).toBe('success');
    expect(row.calculation_notes).toBeNull();
    expect(row.metric_value).toBeCloseTo(expected as number, 4);
    expect(row.sample_size).toBe(size);
    expect(row.data_quality_score).toBe(1);
    expect(row.metadata).toMatchObject({ definition_version: 3, metric_type: type, value_available: true });
  });

  it('takes a ratio of sums, never an average of ratios', async () => {
    const rows = [
      { value: 1, denominator: 2 },
      { value: 90, denominator: 100 },
    ];
    const row = run({ metric_type: 'ratio' }, { observations: rows });
    expect(row.metric_value).toBe(
      await reference('round((sum(value) / sum(denominator))::numeric, 4)', rows),
    );
    expect(row.metric_value).not.toBeCloseTo(
      (await reference('avg(value / denominator)', rows)) as number,
      2,
    );
    expect(row.metadata).toMatchObject({ numerator: 91, denominator: 102 });
  });

  it('matches avg() and sum()/sum() for random data', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 50 })), {
          minLength: 1,
          maxLength: 30,
        }),
        async (pairs) => {
          const rows = pairs.map(([k, n]) => ({ value: Math.min(k, n), denominator: n }));
          const pct = run({ metric_type: 'percentage' }, { observations: rows });
          expect(pct.metric_value).toBeCloseTo(
            (await reference('round((100 * sum(value) / sum(denominator))::numeric, 4)', rows)) as number,
            10,
          );
          const avgRows = obs(...pairs.map(([k, n]) => k / n));
          const avg = run({ metric_type: 'average' }, { observations: avgRows });
          expect(avg.metric_value).toBe(await reference('round(avg(value)::numeric, 4)', avgRows));
        },
      ),
      { numRuns: testSize(50) },
    );
  });

  it('gives each metric_type its documented confidence interval', () => {
    const count = run({ metric_type: 'count' }, { observations: obs(4, 6) });
    expect(count.metadata.confidence_method).toBe('poisson_exact');
    expect(count.confidence_interval?.lower).toBeLessThan(10);
    expect(count.confidence_interval?.upper).toBeGreaterThan(10);
    const pct = run({ metric_type: 'percentage' }, { observations: [{ value: 81, denominator: 263 }] });
    expect(pct.metadata.confidence_method).toBe('wilson');
    expect(pct.confidence_interval).toEqual({
      lower: expect.closeTo(25.53, 2),
      upper: expect.closeTo(36.62, 2),
      lowerInclusive: true,
      upperInclusive: true,
    });
    expect(run({ metric_type: 'average' }, { observations: obs(1, 2, 3) }).metadata.confidence_method).toBe(
      't_mean',
    );
    expect(run({ metric_type: 'sum' }, { observations: obs(1, 2, 3) }).confidence_interval).toBeNull();
    expect(
      run({ metric_type: 'ratio' }, { observations: [{ value: 1, denominator: 2 }] }).confidence_interval,
    ).toBeNull();
  });
});

describe('calculateMetric: score and function metrics', () => {
  it('weights each contributing metric by its attainment of its own target and direction', () => {
    const row = run(
      { metric_type: 'score' },
      {
        components: [
          { metric_id: 'a', value: 45, target: 90, direction: 'higher_better', weight: 2 }, // 50
          { metric_id: 'b', value: 8, target: 4, direction: 'lower_better', weight: 1 }, // 50
          { metric_id: 'c', value: 55, direction: 'target_range', rangeMin: 40, rangeMax: 60, weight: 1 }, // 100
        ],
      },
    );
    expect(row.metric_value).toBe((2 * 50 + 50 + 100) / 4);
    expect(row.calculation_status).toBe('success');
    expect(row.metadata.components?.map((c) => c.attainment)).toEqual([50, 50, 100]);
  });

  it('scores with the components it has, lowering completeness for the missing ones', () => {
    const row = run(
      { metric_type: 'score' },
      {
        components: [
          { metric_id: 'a', value: 90, target: 90, direction: 'higher_better', weight: 1 },
          { metric_id: 'b', value: null, target: 4, direction: 'lower_better', weight: 3 },
        ],
      },
    );
    expect(row.metric_value).toBe(100);
    expect(row.calculation_status).toBe('warning');
    expect(row.data_quality_score).toBe(0.5);
    expect(row.calculation_notes).toContain('1 of 2 component(s) have no value');
  });

  it('evaluates the formula of a function metric with its parameters', () => {
    const row = run(
      {
        metric_type: 'percentage',
        calculation_method: 'function',
        calculation_formula: '100 * closed / (open + closed) * $factor',
        parameters: { factor: 1 },
      },
      { formulaScope: { metrics: { open: 1, closed: 3 } }, previousValue: 50 },
    );
    expect(row.metric_value).toBe(75);
    expect(row.metadata).toMatchObject({ formula_inputs: ['closed', 'open'], change_points: 25 });
    expect(row.change_percentage).toBe(50);
    expect(row.sample_size).toBe(2);
  });
});

describe('calculateMetric: edge cases never throw and never produce an unstorable field', () => {
  const cases: {
    name: string;
    def: Partial<EngineMetricDefinition>;
    input: Partial<CalculationInput>;
    status: 'success' | 'warning' | 'error';
    note: string | null;
    check?: (row: ReturnType<typeof run>) => void;
  }[] = [
    {
      name: 'zero denominator',
      def: { metric_type: 'percentage' },
      input: { observations: [{ value: 0, denominator: 0 }] },
      status: 'error',
      note: 'the denominator sums to 0',
      check: (row) => {
        expect(row.metric_value).toBe(0);
        expect(row.metadata.value_available).toBe(false);
        expect(row.change_percentage).toBeNull();
      },
    },
    {
      name: 'no records',
      def: { metric_type: 'average' },
      input: { observations: [] },
      status: 'error',
      note: 'no records for this period',
      check: (row) => expect(row.data_quality_score).toBe(0),
    },
    {
      name: 'previous value 0',
      def: { metric_type: 'count' },
      input: { observations: obs(3), previousValue: 0 },
      status: 'warning',
      note: 'change_percentage: previous value is 0',
      check: (row) => {
        expect(row.change_percentage).toBeNull();
        expect(row.previous_value).toBe(0);
      },
    },
    {
      name: 'change beyond DECIMAL(5,2)',
      def: { metric_type: 'count' },
      input: { observations: obs(5000), previousValue: 1 },
      status: 'warning',
      note: 'change_percentage: 499900 is outside DECIMAL(5,2) (allowed -999.99 to 999.99); stored as null',
      check: (row) => expect(row.metric_value).toBe(5000),
    },
    {
      name: 'change rounding just inside the limit',
      def: { metric_type: 'sum' },
      input: { observations: obs(10.999949), previousValue: 1 },
      status: 'success',
      note: null,
      check: (row) => expect(row.change_percentage).toBe(999.99),
    },
    {
      name: 'negative previous value',
      def: { metric_type: 'sum' },
      input: { observations: obs(-50), previousValue: -100 },
      status: 'success',
      note: null,
      check: (row) => expect(row.change_percentage).toBe(50),
    },
    {
      name: 'NaN and Infinity records',
      def: { metric_type: 'average' },
      input: { observations: obs(2, Number.NaN, Number.POSITIVE_INFINITY, 4) },
      status: 'warning',
      note: '1 record(s) ignored: value NaN is not a finite number; 1 record(s) ignored: value Infinity is not a finite number',
      check: (row) => {
        expect(row.metric_value).toBe(3);
        expect(row.data_quality_score).toBe(0.5);
        expect(row.metadata.quality).toMatchObject({ records_invalid: 2, validity: 0.5 });
      },
    },
    {
      name: 'value beyond DECIMAL(15,4)',
      def: { metric_type: 'sum' },
      input: { observations: obs(9e10, 9e10) },
      status: 'error',
      note: 'metric_value: 180000000000 is outside DECIMAL(15,4)',
      check: (row) => expect(row.metric_value).toBe(0),
    },
    {
      name: 'sum overflowing to Infinity',
      def: { metric_type: 'sum' },
      input: { observations: obs(1.7e308, 1.7e308) },
      status: 'error',
      note: 'metric_value: Infinity is not finite',
    },
    {
      name: 'target out of range',
      def: { metric_type: 'sum', target_value: 1e12 },
      input: { observations: obs(1) },
      status: 'warning',
      note: 'target_value: 1000000000000 is outside DECIMAL(15,4)',
      check: (row) => expect(row.variance_from_target).toBeNull(),
    },
    {
      name: 'unknown duration unit',
      def: { metric_type: 'duration', unit_of_measure: 'fortnights' },
      input: { observations: obs(1000) },
      status: 'error',
      note: 'unit_of_measure "fortnights" is not a duration unit; allowed: ms, millisecond',
    },
    {
      name: 'negative count',
      def: { metric_type: 'count' },
      input: { observations: obs(2, -1, 1.5) },
      status: 'warning',
      note: 'a count must be a whole number of 0 or more, got -1',
      check: (row) => expect(row.metric_value).toBe(2),
    },
    {
      name: 'numerator above denominator',
      def: { metric_type: 'percentage' },
      input: { observations: [{ value: 3, denominator: 2 }, { value: 1 }] },
      status: 'warning',
      note: 'a percentage record needs 0 <= numerator <= denominator, got 3/2',
      check: (row) => expect(row.metric_value).toBe(100),
    },
    {
      name: 'trend with one instant',
      def: { metric_type: 'trend' },
      input: {
        observations: [
          { value: 1, observed_at: periodStart },
          { value: 2, observed_at: periodStart },
        ],
      },
      status: 'error',
      note: 'a trend needs records at 2 or more distinct times',
    },
    {
      name: 'missing records and expected count',
      def: { metric_type: 'average' },
      input: { observations: obs(1, null, 3), expectedCount: 4 },
      status: 'warning',
      note: '1 record(s) have no value',
      check: (row) => {
        expect(row.data_quality_score).toBe(0.5);
        expect(row.calculation_notes).toContain('1 of 4 expected record(s) never arrived');
      },
    },
    {
      name: 'stale data',
      def: { metric_type: 'average', refresh_frequency: 'daily' },
      input: { observations: [{ value: 1, observed_at: new Date('2025-03-29T00:00:00Z') }] },
      status: 'warning',
      note: 'newest record is 72.0 h older',
      check: (row) => expect(row.data_quality_score).toBe(0.33),
    },
    {
      name: 'formula division by zero',
      def: { metric_type: 'ratio', calculation_method: 'function', calculation_formula: 'a / b' },
      input: { formulaScope: { metrics: { a: 1, b: 0 } } },
      status: 'error',
      note: 'calculation_formula: Evaluation error at line 1, column 5: division by zero',
    },
    {
      name: 'formula syntax error',
      def: { metric_type: 'ratio', calculation_method: 'function', calculation_formula: 'a +' },
      input: { formulaScope: { metrics: { a: 1 } } },
      status: 'error',
      note: 'calculation_formula: Syntax error at line 1, column 4',
    },
    {
      name: 'score without components',
      def: { metric_type: 'score' },
      input: { components: [] },
      status: 'error',
      note: 'a score needs contributing metrics',
    },
  ];

  it.each(cases)('$name -> $status', ({ def, input, status, note, check }) => {
    const row = run(def, input);
    expect(row.calculation_status).toBe(status);
    if (note === null) expect(row.calculation_notes).toBeNull();
    else expect(row.calculation_notes).toContain(note);
    for (const key of [
      'metric_value',
      'change_percentage',
      'data_quality_score',
      'variance_from_target',
    ] as const) {
      const v = row[key];
      if (v !== null) expect(Number.isFinite(v)).toBe(true);
    }
    if (row.change_percentage !== null) expect(Math.abs(row.change_percentage)).toBeLessThanOrEqual(999.99);
    check?.(row);
  });

  it('never throws and always yields storable columns for arbitrary numbers', () => {
    const anyNumber = fc.oneof(fc.double(), fc.constantFrom(null, 0, -0, 1e-320));
    fc.assert(
      fc.property(
        fc.constantFrom<MetricType>('count', 'sum', 'average', 'percentage', 'ratio', 'duration', 'trend'),
        fc.array(fc.record({ value: anyNumber, denominator: anyNumber }), { maxLength: 8 }),
        anyNumber,
        anyNumber,
        (type, rows, previousValue, target) => {
          const row = run(
            { metric_type: type, unit_of_measure: 'seconds', target_value: target },
            { observations: rows, previousValue },
          );
          expect(Math.abs(row.metric_value)).toBeLessThan(1e11);
          if (row.change_percentage !== null)
            expect(Math.abs(row.change_percentage)).toBeLessThanOrEqual(999.99);
          if (row.data_quality_score !== null) {
            expect(row.data_quality_score).toBeGreaterThanOrEqual(0);
            expect(row.data_quality_score).toBeLessThanOrEqual(1);
          }
          if (row.calculation_status !== 'success') expect(row.calculation_notes).not.toBeNull();
          expect(JSON.parse(JSON.stringify(row.metadata))).toEqual(row.metadata);
        },
      ),
      { numRuns: testSize(1000) },
    );
  });

  it('gives percentage metrics their change in percentage points as well as in percent', () => {
    const row = run({ metric_type: 'percentage' }, { observations: obs(1, 1, 1, 0), previousValue: 50 });
    expect(row.metric_value).toBe(75);
    expect(row.change_percentage).toBe(50);
    expect(row.metadata.change_points).toBe(25);
  });
});

describe('direction drives target, improvement and rank', () => {
  const cases: {
    direction: Direction;
    params?: Record<string, number>;
    target: number;
    value: number;
    previous: number;
    met: boolean;
    improved: boolean | null;
  }[] = [
    { direction: 'higher_better', target: 90, value: 95, previous: 80, met: true, improved: true },
    { direction: 'higher_better', target: 90, value: 85, previous: 88, met: false, improved: false },
    { direction: 'lower_better', target: 5, value: 3, previous: 4, met: true, improved: true },
    { direction: 'lower_better', target: 5, value: 6, previous: 4, met: false, improved: false },
    {
      direction: 'target_range',
      params: { target_tolerance: 2 },
      target: 10,
      value: 11,
      previous: 15,
      met: true,
      improved: true,
    },
    {
      direction: 'target_range',
      params: { target_tolerance: 2 },
      target: 10,
      value: 7,
      previous: 9,
      met: false,
      improved: false,
    },
    {
      direction: 'target_range',
      params: { target_min: 40, target_max: 60 },
      target: 50,
      value: 45,
      previous: 55,
      met: true,
      improved: null,
    },
  ];

  it.each(cases)('$direction: $value against target $target (previous $previous)', (c) => {
    const row = run(
      { metric_type: 'sum', direction: c.direction, target_value: c.target, parameters: c.params ?? null },
      { observations: obs(c.value), previousValue: c.previous },
    );
    expect(row.variance_from_target).toBe(c.value - c.target);
    expect(row.metadata.target_met).toBe(c.met);
    expect(row.metadata.improved).toBe(c.improved);
  });

  it('ranks like PostgreSQL percent_rank() ordered from worst to best, for every direction', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 2, maxLength: 40 }),
        fc.constantFrom<Direction>('higher_better', 'lower_better', 'target_range'),
        async (values, direction) => {
          const spec = { direction, rangeMin: 8, rangeMax: 12 };
          const badnessSql =
            direction === 'higher_better'
              ? '-v'
              : direction === 'lower_better'
                ? 'v'
                : 'greatest(8 - v, v - 12, 0)';
          const res = await db().query<{ i: number; pr: number; rank: number }>(
            `SELECT i::int AS i, percent_rank() OVER w AS pr,
                    round(100.0 * (rank() OVER w - 1) / (count(*) OVER () - 1))::int AS rank
             FROM unnest($1::float8[]) WITH ORDINALITY AS t(v, i)
             WINDOW w AS (ORDER BY ${badnessSql} DESC) ORDER BY i`,
            [values],
          );
          const ours = peerPercentileRanks(values, spec);
          expect(ours).toEqual(res.rows.map((r) => r.rank));
          res.rows.forEach((r, k) => {
            expect(Math.abs((ours[k] as number) - 100 * r.pr)).toBeLessThanOrEqual(0.5 + 1e-9);
          });
        },
      ),
      { numRuns: testSize(100) },
    );
  });

  it('ranks within each peer group only, skips error rows and gives a lone row no rank', () => {
    const def = definition({ metric_type: 'sum', direction: 'lower_better' });
    const at = (id: string, values: number[], level = 'team') =>
      calculateMetric({
        definition: def,
        periodStart,
        periodEnd,
        aggregationLevel: level,
        aggregationId: id,
        calculatedAt,
        observations: obs(...values),
      });
    const rows = rankPeerGroups(
      [at('a', [5]), at('b', [1]), at('c', []), at('d', [9]), at('x', [100], 'department')],
      () => directionSpecOf(def),
    );
    expect(rows.map((r) => r.percentile_rank)).toEqual([50, 100, null, 0, null]);
    expect(rows[0]?.metadata.peer_count).toBe(3);
  });
});
