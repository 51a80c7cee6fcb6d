import { PGlite } from '@electric-sql/pglite';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { testSize } from '../testing/test-size';
import { evaluateFormula, FORMULA_LIMITS, parseFormula } from './index';

const value = (source: string, scope = {}) => {
  const result = evaluateFormula(source, scope);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
};

const error = (source: string, scope = {}) => {
  const result = evaluateFormula(source, scope);
  if (result.ok) throw new Error(`expected an error from ${source}, got ${result.value}`);
  return result.error;
};

describe('formula precedence', () => {
  it.each([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['10 - 4 - 3', 3],
    ['12 / 2 / 3', 2],
    ['2 ^ 3 ^ 2', 512],
    ['-2 ^ 2', -4],
    ['(-2) ^ 2', 4],
    ['2 ^ -1', 0.5],
    ['7 % 4 * 2', 6],
    ['1 + 2 > 2', true],
    ['not 1 > 2', true],
    ['!false && false', false],
    ['true or false and false', true],
    ['(true or false) and false', false],
    ['1 < 2 and 3 > 4 or 5 == 5', true],
    ['- - 3', 3],
    ['1e3 + .5', 1000.5],
  ])('evaluates %s to %s', (source, expected) => {
    expect(value(source)).toBe(expected);
  });

  it('evaluates + - * / with parentheses exactly as PostgreSQL does in double precision', async () => {
    const pg = await PGlite.create();
    try {
      type Expr = { js: string; sql: string };
      const leaf = fc.integer({ min: -50, max: 50 }).map<Expr>((n) => ({
        js: n < 0 ? `(${n})` : String(n),
        sql: `(${n})::float8`,
      }));
      const { expr } = fc.letrec<{ expr: Expr }>((tie) => ({
        expr: fc.oneof(
          { depthSize: 'small', withCrossShrink: true },
          leaf,
          fc
            .tuple(tie('expr'), fc.constantFrom('+', '-', '*', '/'), tie('expr'), fc.boolean())
            .map(([a, op, b, paren]) => {
              const js = `${a.js} ${op} ${b.js}`;
              const sql = `${a.sql} ${op} ${b.sql}`;
              return paren ? { js: `(${js})`, sql: `(${sql})` } : { js, sql };
            }),
        ),
      }));
      await fc.assert(
        fc.asyncProperty(expr, async (e) => {
          const ours = evaluateFormula(e.js);
          let theirs: number | null = null;
          try {
            const res = await pg.query<{ v: number }>(`SELECT ${e.sql} AS v`);
            theirs = res.rows[0]?.v ?? null;
          } catch {
            theirs = null; // PostgreSQL raises on division by zero
          }
          if (theirs === null || !Number.isFinite(theirs)) {
            expect(ours.ok).toBe(false);
          } else {
            expect(ours).toEqual({ ok: true, value: theirs });
          }
        }),
        { numRuns: testSize(200) },
      );
    } finally {
      await pg.close();
    }
  });
});

describe('formula scope', () => {
  const scope = {
    metrics: { open_risks: 3, closed_risks: 9, missing: null },
    parameters: { limit: 5, strict: true, nested: { a: 1 } },
    children: [
      { name: 'a', value: 80, weight: 2 },
      { name: 'b', value: 50, weight: 1 },
      { name: 'c', value: null, weight: 5 },
    ],
  };

  it('reads metrics by name and parameters by $name', () => {
    expect(value('100 * closed_risks / (open_risks + closed_risks)', scope)).toBe(75);
    expect(value('if(open_risks > $limit, 0, 1)', scope)).toBe(1);
    expect(value('$strict and open_risks < $limit', scope)).toBe(true);
  });

  it('propagates null through arithmetic and lets coalesce supply a fallback', () => {
    expect(error('missing + 1', scope).code).toBe('null_result');
    expect(value('coalesce(missing, open_risks, 0) + 1', scope)).toBe(4);
    expect(value('if(missing > 1, 1, 2)', scope)).toBe(2);
  });

  it('aggregates over children, skipping missing values and honouring weights', () => {
    expect(value('sum(children)', scope)).toBe(130);
    expect(value('avg(children)', scope)).toBe(65);
    expect(value('count(children)', scope)).toBe(2);
    expect(value('weighted_avg(children)', scope)).toBe(70);
    expect(value('weighted_sum(children)', scope)).toBe(210);
    expect(value('max(children, 90)', scope)).toBe(90);
    expect(value('min(3, 1, 2)', scope)).toBe(1);
  });

  it('computes the math helpers, rounding half away from zero like PostgreSQL', () => {
    expect(value('round(2.5) + round(-2.5)')).toBe(0);
    expect(value('round(1.005, 2)')).toBe(1.01);
    expect(value('round(1250, -2)')).toBe(1300);
    expect(value('round(3.14159, 2)')).toBe(3.14);
    expect(value('abs(-3) + sqrt(16) + floor(1.7) + ceil(1.2)')).toBe(10);
    expect(value('log(100, 10)')).toBeCloseTo(2, 14);
    expect(value('log(exp(2))')).toBeCloseTo(2, 14);
  });
});

describe('formula errors', () => {
  it.each([
    ['1 +', 3, 'a number, a metric name, $parameter, a function call or ('],
    ['(1 + 2', 6, "')' to close the '(' at column 1"],
    ['1 2', 2, 'an operator or the end of the formula'],
    ['1 < 2 < 3', 6, "'and' or 'or' between two comparisons (a < b < c is not allowed)"],
    ['max(1,', 6, 'a number, a metric name, $parameter, a function call or ('],
  ])('reports where %j went wrong and what was expected', (source, offset, expected) => {
    const result = parseFormula(source);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ kind: 'syntax', offset, column: offset + 1, line: 1, expected });
    expect(result.error.message).toContain(`column ${offset + 1}`);
  });

  it('counts lines and columns across newlines', () => {
    const result = parseFormula('1 +\n  2 *\n  )');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ line: 3, column: 3, offset: 12 });
  });

  it('rejects unknown functions and wrong argument counts at parse time', () => {
    const unknown = parseFormula('1 + median(a)');
    expect(!unknown.ok && unknown.error).toMatchObject({ code: 'unknown_function', offset: 4 });
    const arity = parseFormula('if(a, b)');
    expect(!arity.ok && arity.error).toMatchObject({ code: 'wrong_arity', offset: 0 });
    expect(!arity.ok && arity.error.message).toContain('if() takes exactly 3 argument(s), got 2');
  });

  it('returns evaluation errors as data with the position of the failing part', () => {
    expect(error('1 + 2 / (a - a)', { metrics: { a: 4 } })).toMatchObject({
      kind: 'evaluation',
      code: 'division_by_zero',
      offset: 8,
    });
    expect(error('sqrt(0 - 1)')).toMatchObject({ code: 'domain_error', offset: 5 });
    expect(error('log(0)')).toMatchObject({ code: 'domain_error' });
    expect(error('10 ^ 400')).toMatchObject({ code: 'non_finite', offset: 0 });
    expect(error('1 + nope')).toMatchObject({ code: 'unknown_metric', offset: 4 });
    expect(error('$nope')).toMatchObject({ code: 'unknown_parameter', offset: 0 });
    expect(error('true + 1')).toMatchObject({ code: 'type_mismatch', offset: 0 });
    expect(error('$obj * 2', { parameters: { obj: { a: 1 } } })).toMatchObject({ code: 'type_mismatch' });
    expect(error('children')).toMatchObject({ code: 'type_mismatch' });
    expect(error('1 == true')).toMatchObject({ code: 'type_mismatch' });
  });

  it('lists the metrics and parameters a formula reads', () => {
    const result = parseFormula('b + a * $p + coalesce(a, $q) + sum(children)');
    expect(result.ok && result.formula).toMatchObject({
      metrics: ['a', 'b'],
      parameters: ['p', 'q'],
      usesChildren: true,
    });
  });
});

describe('hostile formulas', () => {
  const before = () => ({
    protoKeys: Object.getOwnPropertyNames(Object.prototype).sort().join(),
    globals: Object.getOwnPropertyNames(globalThis).sort().join(),
  });

  it.each([
    ['constructor', 'forbidden_name'],
    ['__proto__', 'forbidden_name'],
    ['$__proto__', 'forbidden_name'],
    ['$constructor', 'forbidden_name'],
    ['globalThis', 'forbidden_name'],
    ['this', 'forbidden_name'],
    ['eval(1)', 'unknown_function'],
    ['Function(1)', 'unknown_function'],
    ['constructor(1)', 'unknown_function'],
    ['toString()', 'unknown_function'],
    ['hasOwnProperty(1)', 'unknown_function'],
    ['a.constructor', 'unexpected_character'],
    ['a["constructor"]', 'unexpected_character'],
    ['a = 1', 'unexpected_character'],
    ['`x`', 'unexpected_character'],
    ["'x'", 'unexpected_character'],
    ['a; b', 'unexpected_character'],
    ['\u0430 + 1', 'unexpected_character'],
  ])('rejects %j with %s', (source, code) => {
    const snapshot = before();
    const result = parseFormula(source);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe(code);
    expect(before()).toEqual(snapshot);
  });

  it('never reads inherited properties of the scope objects', () => {
    expect(error('toString', { metrics: {} }).code).toBe('unknown_metric');
    expect(error('valueOf + 1', { metrics: {} }).code).toBe('unknown_metric');
    expect(error('$hasOwnProperty', { parameters: {} }).code).toBe('unknown_parameter');
  });

  it('never runs a getter found in the scope', () => {
    let calls = 0;
    const metrics = Object.defineProperty({}, 'a', {
      enumerable: true,
      get() {
        calls++;
        return 1;
      },
    });
    expect(error('a + 1', { metrics }).code).toBe('unknown_metric');
    expect(calls).toBe(0);
  });

  it('rejects very deep nesting cleanly instead of overflowing the stack', () => {
    for (const source of [
      `${'('.repeat(5000)}1${')'.repeat(5000)}`,
      `${'-'.repeat(3000)}1`,
      `${'not '.repeat(1000)}true`,
      `${'abs('.repeat(1000)}1${')'.repeat(1000)}`,
      `2${' ^ 2'.repeat(1000)}`,
    ]) {
      const result = parseFormula(source.slice(0, FORMULA_LIMITS.maxLength));
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('too_deep');
    }
    expect(parseFormula(`${'('.repeat(60)}1${')'.repeat(60)}`).ok).toBe(true);
  });

  it('rejects a long left-leaning chain once the tree is deeper than the limit', () => {
    const ok = parseFormula(Array.from({ length: FORMULA_LIMITS.maxDepth - 1 }, () => '1').join(' + '));
    expect(ok.ok).toBe(true);
    const deep = parseFormula(Array.from({ length: FORMULA_LIMITS.maxDepth + 1 }, () => '1').join(' + '));
    expect(!deep.ok && deep.error.code).toBe('too_deep');
  });

  it('rejects very long input before reading it', () => {
    const result = parseFormula(`1${' + 1'.repeat(1_000_000)}`);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('too_long');
      expect(result.error.message).toContain(`at most ${FORMULA_LIMITS.maxLength}`);
    }
  });

  it('returns an error rather than throwing for arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (source) => {
        const result = evaluateFormula(source, { metrics: { a: 1 }, parameters: { p: 2 } });
        if (!result.ok) expect(result.error.message.length).toBeGreaterThan(0);
      }),
      { numRuns: testSize(2000) },
    );
  });
});
