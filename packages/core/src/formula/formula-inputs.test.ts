/**
 * Every evaluation returns a value or an error object, for any input: non-objects, hand-built
 * trees, hostile scopes, and aggregates of huge values — whose results are checked against
 * PostgreSQL's NUMERIC `sum` / `avg` (exact) and `min` / `max` on the same doubles.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numericArray } from '../testing/exact-decimal';
import { useReferenceEngines } from '../testing/pglite-reference';
import { testSize } from '../testing/test-size';
import { evaluateFormula, type FormulaResult, type ParsedFormula, parseFormula } from './index';

const engines = useReferenceEngines('formula aggregates');

/** A result is either a finite number or boolean, or an error with a code and a message naming a position. */
function expectWellFormed(result: FormulaResult): void {
  expect(typeof result).toBe('object');
  if (result.ok) {
    expect(['number', 'boolean']).toContain(typeof result.value);
    if (typeof result.value === 'number') expect(Number.isFinite(result.value)).toBe(true);
  } else {
    expect(typeof result.error.code).toBe('string');
    expect(result.error.message).toMatch(/^(Syntax|Evaluation) error at line \d+, column \d+: ./);
  }
}

function evaluateSafely(formula: unknown, scope?: unknown): FormulaResult {
  let result: FormulaResult | undefined;
  expect(() => {
    result = evaluateFormula(formula as string, scope as never);
  }).not.toThrow();
  expectWellFormed(result!);
  return result!;
}

describe('evaluateFormula on inputs that are not formulas', () => {
  it.each([
    ['null', null],
    ['undefined', undefined],
    ['42', 42],
    ['{}', {}],
    ['[]', []],
    ['{ source: "1", ast: null }', { source: '1', ast: null }],
  ])('returns an invalid_formula error for %s', (_, input) => {
    const result = evaluateSafely(input);
    expect(!result.ok && result.error.code).toBe('invalid_formula');
    expect(!result.ok && result.error.message).toMatch(/formula/);
  });

  it('refuses a hand-built tree nested 100,000 deep with too_deep instead of overflowing the stack', () => {
    let ast: ParsedFormula['ast'] = { kind: 'number', value: 1, start: 0, end: 1, depth: 1 };
    for (let i = 0; i < 100_000; i++)
      ast = { kind: 'unary', op: '-', operand: ast, start: 0, end: 1, depth: 1 };
    const formula: ParsedFormula = { source: '-1', ast, metrics: [], parameters: [], usesChildren: false };
    const result = evaluateSafely(formula);
    expect(!result.ok && result.error.code).toBe('too_deep');
  });

  it('refuses a hand-built tree with a cycle, and a call with too few arguments', () => {
    const node: { kind: 'unary'; op: '-'; operand: unknown; start: number; end: number; depth: number } = {
      kind: 'unary',
      op: '-',
      operand: null,
      start: 0,
      end: 1,
      depth: 1,
    };
    node.operand = node;
    const cyclic = { source: '-x', ast: node, metrics: [], parameters: [], usesChildren: false };
    expect(!evaluateSafely(cyclic).ok).toBe(true);
    const call = { source: 'if()', ast: { kind: 'call', name: 'if', args: [], start: 0, end: 4, depth: 1 } };
    const result = evaluateSafely(call);
    expect(!result.ok && result.error.code).toBe('invalid_formula');
    expect(!result.ok && result.error.message).toMatch(/if\(\) needs 3 argument/);
  });

  it.each([
    ['42', 42],
    ['null', null],
    ['"x"', 'x'],
    ['{ metrics: 5 }', { metrics: 5 }],
    ['{ children: {} }', { children: {} }],
    ['{ children: [{ value: "3", weight: 1 }] }', { children: [{ name: 'a', value: '3', weight: 1 }] }],
    [
      '{ children: [{ value: 1, weight: NaN }] }',
      { children: [{ name: 'a', value: 1, weight: Number.NaN }] },
    ],
  ])('returns an invalid_scope error for the scope %s', (_, scope) => {
    const result = evaluateSafely('sum(children) + 1', scope);
    expect(!result.ok && result.error.code).toBe('invalid_scope');
  });

  it('returns a value or an error object for any value as formula and scope', () => {
    fc.assert(
      fc.property(
        fc.anything({ withMap: true, withSet: true, withBigInt: true }),
        fc.anything(),
        (formula, scope) => {
          evaluateSafely(formula, scope);
          evaluateSafely('coalesce(a, $p, sum(children), 1)', scope);
        },
      ),
      { numRuns: testSize(2000, 'evaluateFormula on arbitrary values') },
    );
  });

  it('returns a value or an error object for random formulas over huge, tiny and missing values', () => {
    const number = fc.oneof(
      fc.double(),
      fc.constantFrom(
        1e308,
        -1e308,
        Number.MAX_VALUE,
        Number.MIN_VALUE,
        0,
        -0,
        Number.NaN,
        Number.POSITIVE_INFINITY,
      ),
    );
    const maybe = fc.oneof(number, fc.constant(null));
    const leaf = fc.constantFrom('a', 'b', '$p', 'children', '1e308', '0', 'null', 'true', '-1e308', '0.5');
    const formula = fc.letrec<{ expr: string }>((tie) => ({
      expr: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc
          .tuple(
            tie('expr'),
            fc.constantFrom('+', '-', '*', '/', '%', '^', '<', '==', 'and', 'or'),
            tie('expr'),
          )
          .map(([l, op, r]) => `(${l} ${op} ${r})`),
        fc
          .tuple(
            fc.constantFrom(
              'sum',
              'avg',
              'min',
              'max',
              'count',
              'coalesce',
              'abs',
              'round',
              'sqrt',
              'log',
              'exp',
              'weighted_avg',
              'weighted_sum',
            ),
            fc.array(tie('expr'), { minLength: 1, maxLength: 3 }),
          )
          .map(([f, args]) => `${f}(${args.join(', ')})`),
      ),
    })).expr;
    fc.assert(
      fc.property(
        formula,
        maybe,
        maybe,
        maybe,
        fc.array(fc.record({ name: fc.constant('c'), value: maybe, weight: number }), { maxLength: 5 }),
        (source, a, b, p, children) => {
          evaluateSafely(source, { metrics: { a, b }, parameters: { p }, children });
          const parsed = parseFormula(source);
          if (parsed.ok) evaluateSafely(parsed.formula, new Map());
        },
      ),
      { numRuns: testSize(3000, 'random formulas') },
    );
  });
});

describe('aggregates of huge values against PostgreSQL', () => {
  const huge = fc.oneof(
    fc.double({ min: 1e300, max: Number.MAX_VALUE, noNaN: true }),
    fc.double({ min: -Number.MAX_VALUE, max: -1e300, noNaN: true }),
    fc.double({ min: -1e3, max: 1e3, noNaN: true }),
  );

  it('sum(1e308, 1e308, -1e308) and avg(1e308, 1e308) are 1e308', () => {
    expect(evaluateFormula('sum(1e308, 1e308, -1e308)')).toEqual({ ok: true, value: 1e308 });
    expect(evaluateFormula('avg(1e308, 1e308)')).toEqual({ ok: true, value: 1e308 });
  });

  it('sum, avg, min and max over children equal PostgreSQL NUMERIC sum and avg, and min and max (non_finite only past the double range)', async () => {
    expect(engines.length).toBeGreaterThan(0);
    await fc.assert(
      fc.asyncProperty(fc.array(huge, { minLength: 1, maxLength: 40 }), async (values) => {
        const children = values.map((value, i) => ({ name: `c${i}`, value, weight: 1 }));
        const get = (f: string) => evaluateFormula(`${f}(children)`, { children });
        for (const { name, query } of engines) {
          const [row] = await query<{ sum: string; avg: string; min: number; max: number }>(
            `SELECT sum(d)::text AS sum, avg(d)::text AS avg, min(x) AS min, max(x) AS max
               FROM unnest($1::numeric[], $2::float8[]) AS t(d, x)`,
            [numericArray(values), `{${values.join(',')}}`],
          );
          for (const [f, text] of [
            ['sum', row!.sum],
            ['avg', row!.avg],
          ] as const) {
            const want = Number(text);
            const got = get(f);
            if (Number.isFinite(want)) {
              expect(got.ok, `${name}: ${f} of ${values.length} values`).toBe(true);
              const error = Math.abs((got.ok ? (got.value as number) : Number.NaN) - want);
              expect(error, `${name}: ${f}`).toBeLessThanOrEqual(2 ** -51 * Math.abs(want) + 1e-300);
            } else {
              expect(!got.ok && got.error.code, `${name}: ${f} past the double range`).toBe('non_finite');
            }
          }
          expect(get('min'), name).toEqual({ ok: true, value: row!.min });
          expect(get('max'), name).toEqual({ ok: true, value: row!.max });
        }
      }),
      { numRuns: testSize(100, 'formula aggregates against PostgreSQL') },
    );
  });

  it('min and max over 200,000 children equal PostgreSQL min and max (no stack overflow)', async () => {
    const values = Array.from({ length: 200_000 }, (_, i) => Math.sin(i) * 1e6);
    const children = values.map((value, i) => ({ name: `c${i}`, value, weight: 1 }));
    for (const { name, query } of engines) {
      const [row] = await query<{ min: number; max: number }>(
        'SELECT min(x) AS min, max(x) AS max FROM unnest($1::float8[]) AS t(x)',
        [`{${values.join(',')}}`],
      );
      expect(evaluateFormula('min(children)', { children }), name).toEqual({ ok: true, value: row!.min });
      expect(evaluateFormula('max(children)', { children }), name).toEqual({ ok: true, value: row!.max });
    }
  });
});
