import { roundDecimal } from '../decimal/decimal';
import { NeumaierSum } from '../stats/sum';
import { describeValue } from '../stats/values';
import type { FormulaError, FormulaErrorCode } from './formula-error';
import { formulaError } from './formula-error';
import type { FormulaNode, ParsedFormula } from './parser';
import { FORMULA_FUNCTIONS, FORMULA_LIMITS, parseFormula } from './parser';

/** One child metric as seen by a formula: its name, value for the period (null when missing) and weight. */
export interface FormulaChild {
  readonly name: string;
  readonly value: number | null;
  readonly weight: number;
}

/** A value inside a formula. Lists only come from `children` and only feed aggregate helpers. */
export type FormulaValue = number | boolean | null | readonly FormulaChild[];

/** Values a formula can read: metrics by name, parameters by `$name`, and the `children` list. */
export interface FormulaScope {
  /** Metric values by `metric_name`; `null` means known to be missing for this period. */
  readonly metrics?: ReadonlyMap<string, number | null> | Readonly<Record<string, number | null>>;
  /** Parameters by name (from `metric_definitions.parameters`); only numbers, booleans and null are usable. */
  readonly parameters?: ReadonlyMap<string, unknown> | Readonly<Record<string, unknown>>;
  /** Child metrics of the formula's metric in the relationship graph, with their weights. */
  readonly children?: readonly FormulaChild[];
}

/** Result of evaluating a formula: a finite number, or an error as data (never thrown). */
export type FormulaResult =
  | { readonly ok: true; readonly value: number | boolean }
  | { readonly ok: false; readonly error: FormulaError };

class EvaluationFailure {
  constructor(readonly error: FormulaError) {}
}

/**
 * Reads a metric or parameter by name from a scope source, the one way every caller reads it
 * (`evaluateFormula`, and `calculateMetric` counting missing inputs): from a Map, or from an
 * object's OWN data properties only — never the prototype chain, never a getter (a getter would
 * run host code). `found: false` for anything else.
 */
export function readScopeValue(source: unknown, name: string): { found: boolean; value: unknown } {
  if (source === undefined || source === null || typeof source !== 'object')
    return { found: false, value: undefined };
  if (source instanceof Map) return { found: source.has(name), value: source.get(name) };
  const descriptor = Object.getOwnPropertyDescriptor(source, name);
  if (descriptor !== undefined && 'value' in descriptor) return { found: true, value: descriptor.value };
  return { found: false, value: undefined };
}

const BINARY_OPERATORS = new Set([
  'or',
  'and',
  '==',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  '+',
  '-',
  '*',
  '/',
  '%',
  '^',
]);
const UNARY_OPERATORS = new Set(['-', '+', 'not']);

/**
 * Why a formula object handed to `evaluateFormula` is not one `parseFormula` could have made, or
 * null when it is well formed: the node kinds and fields of `FormulaNode`, known functions with
 * their argument counts, at most `FORMULA_LIMITS.maxDepth` levels and `FORMULA_LIMITS.maxLength`
 * nodes (a text of that length cannot make more). Walks without recursion, so a hand-built tree
 * nested 100,000 deep, or one with cycles, is refused instead of overflowing the stack.
 */
function checkParsedFormula(
  formula: object,
): { code: 'invalid_formula' | 'too_deep'; detail: string } | null {
  const { source, ast } = formula as { source?: unknown; ast?: unknown };
  if (typeof source !== 'string') {
    return {
      code: 'invalid_formula',
      detail: `formula.source is ${describeValue(source)}; expected the formula text`,
    };
  }
  const stack: { node: unknown; depth: number; path: string }[] = [{ node: ast, depth: 1, path: 'ast' }];
  let nodes = 0;
  while (stack.length > 0) {
    const { node, depth, path } = stack.pop()!;
    if (depth > FORMULA_LIMITS.maxDepth) {
      return {
        code: 'too_deep',
        detail: `the parsed formula is nested deeper than ${FORMULA_LIMITS.maxDepth} levels (at ${path})`,
      };
    }
    if (++nodes > FORMULA_LIMITS.maxLength) {
      return {
        code: 'invalid_formula',
        detail: `the parsed formula has more than ${FORMULA_LIMITS.maxLength} nodes; parseFormula never makes more`,
      };
    }
    const bad = (what: string) => ({ code: 'invalid_formula' as const, detail: `formula.${path}: ${what}` });
    if (node === null || typeof node !== 'object')
      return bad(`is ${describeValue(node)}; expected a formula node`);
    const n = node as Record<string, unknown>;
    if (typeof n.start !== 'number' || !Number.isInteger(n.start) || n.start < 0) {
      return bad(`start is ${describeValue(n.start)}; expected an offset of 0 or more`);
    }
    switch (n.kind) {
      case 'number':
        if (typeof n.value !== 'number') return bad(`value is ${describeValue(n.value)}; expected a number`);
        break;
      case 'boolean':
        if (typeof n.value !== 'boolean')
          return bad(`value is ${describeValue(n.value)}; expected true or false`);
        break;
      case 'null':
      case 'children':
        break;
      case 'metric':
      case 'parameter':
        if (typeof n.name !== 'string') return bad(`name is ${describeValue(n.name)}; expected a string`);
        break;
      case 'unary':
        if (typeof n.op !== 'string' || !UNARY_OPERATORS.has(n.op)) {
          return bad(`op is ${describeValue(n.op)}; expected one of -, +, not`);
        }
        stack.push({ node: n.operand, depth: depth + 1, path: `${path}.operand` });
        break;
      case 'binary':
        if (typeof n.op !== 'string' || !BINARY_OPERATORS.has(n.op)) {
          return bad(`op is ${describeValue(n.op)}; expected one of ${[...BINARY_OPERATORS].join(' ')}`);
        }
        stack.push({ node: n.left, depth: depth + 1, path: `${path}.left` });
        stack.push({ node: n.right, depth: depth + 1, path: `${path}.right` });
        break;
      case 'call': {
        const arity = typeof n.name === 'string' ? FORMULA_FUNCTIONS.get(n.name) : undefined;
        if (arity === undefined) {
          return bad(
            `name is ${describeValue(n.name)}; expected one of ${[...FORMULA_FUNCTIONS.keys()].join(', ')}`,
          );
        }
        if (
          !Array.isArray(n.args) ||
          n.args.length < arity.min ||
          n.args.length > (arity.max ?? Number.POSITIVE_INFINITY)
        ) {
          return bad(
            `${n.name}() needs ${arity.max === arity.min ? arity.min : `${arity.min} to ${arity.max ?? 'any number of'}`} argument(s), got ${Array.isArray(n.args) ? n.args.length : describeValue(n.args)}`,
          );
        }
        if (n.args.length > FORMULA_LIMITS.maxLength) return bad(`has ${n.args.length} arguments`);
        n.args.forEach((arg, i) => {
          stack.push({ node: arg, depth: depth + 1, path: `${path}.args[${i}]` });
        });
        break;
      }
      default:
        return bad(`kind is ${describeValue(n.kind)}; expected a FormulaNode kind`);
    }
  }
  return null;
}

/** Why a scope is not a `FormulaScope`, or null when its shape is right (values are checked when read). */
function checkScope(scope: unknown): string | null {
  if (scope === undefined) return null;
  if (scope === null || typeof scope !== 'object' || Array.isArray(scope)) {
    return `scope is ${describeValue(scope)}; expected an object { metrics?, parameters?, children? }`;
  }
  for (const field of ['metrics', 'parameters'] as const) {
    const { value } = readScopeValue(scope, field);
    if (value !== undefined && (value === null || typeof value !== 'object')) {
      return `scope.${field} is ${describeValue(value)}; expected a Map or an object of values by name`;
    }
  }
  const { value: children } = readScopeValue(scope, 'children');
  if (children !== undefined && !Array.isArray(children)) {
    return `scope.children is ${describeValue(children)}; expected an array of { name, value, weight }`;
  }
  return null;
}

/** An error for a formula input that is not a formula, or a scope that is not a scope. */
function inputError(code: 'invalid_formula' | 'invalid_scope' | 'too_deep', detail: string): FormulaResult {
  return { ok: false, error: formulaError('', 'evaluation', code, 0, detail) };
}

/**
 * Evaluates a formula (text or the result of `parseFormula`) against a scope.
 * Semantics: arithmetic and comparisons with a `null` operand give `null` (as in SQL); `and`/`or` use
 * three-valued logic; `if` treats a `null` condition as false; aggregate helpers skip nulls.
 * Division by zero, `sqrt` of a negative, `log` of a non-positive number, a non-finite result, a type
 * mismatch, an unknown metric or parameter, and a `null` final result are all returned as errors.
 *
 * @example
 * evaluateFormula('100 * closed / (open + closed)', { metrics: { open: 3, closed: 9 } }) // { ok: true, value: 75 }
 */
export function evaluateFormula(formula: string | ParsedFormula, scope: FormulaScope = {}): FormulaResult {
  let parsed: ParsedFormula;
  if (typeof formula === 'string') {
    const result = parseFormula(formula);
    if (!result.ok) return result;
    parsed = result.formula;
  } else if (formula !== null && typeof formula === 'object') {
    const problem = checkParsedFormula(formula);
    if (problem !== null) return inputError(problem.code, problem.detail);
    parsed = formula;
  } else {
    return inputError(
      'invalid_formula',
      `formula is ${describeValue(formula)}; expected the formula text or the result of parseFormula`,
    );
  }
  const scopeProblem = checkScope(scope);
  if (scopeProblem !== null) return inputError('invalid_scope', scopeProblem);
  const evaluator = new Evaluator(parsed.source, scope ?? {});
  try {
    const value = evaluator.evaluate(parsed.ast);
    if (value === null) {
      return {
        ok: false,
        error: formulaError(
          parsed.source,
          'evaluation',
          'null_result',
          parsed.ast.start,
          'the formula evaluated to null (a metric or parameter it needs is missing); use coalesce() to supply a fallback',
        ),
      };
    }
    if (typeof value === 'object') {
      return {
        ok: false,
        error: formulaError(
          parsed.source,
          'evaluation',
          'type_mismatch',
          parsed.ast.start,
          'the formula evaluated to a list; wrap it in an aggregate such as sum(children)',
        ),
      };
    }
    return { ok: true, value };
  } catch (e) {
    if (e instanceof EvaluationFailure) return { ok: false, error: e.error };
    // Only host objects in the scope can still throw here (a Map subclass, a Proxy): errors are data.
    return inputError(
      'invalid_scope',
      `reading the scope threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`,
    );
  }
}

function describe(value: FormulaValue): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return 'a list';
  return `${typeof value} ${String(value)}`;
}

class Evaluator {
  constructor(
    private readonly source: string,
    private readonly scope: FormulaScope,
  ) {}

  private fail(node: FormulaNode, code: FormulaErrorCode, detail: string): never {
    throw new EvaluationFailure(formulaError(this.source, 'evaluation', code, node.start, detail));
  }

  private number(node: FormulaNode, value: FormulaValue, what: string): number | null {
    if (value === null || typeof value === 'number') return value;
    return this.fail(node, 'type_mismatch', `${what} must be a number, got ${describe(value)}`);
  }

  private boolean(node: FormulaNode, value: FormulaValue, what: string): boolean | null {
    if (value === null || typeof value === 'boolean') return value;
    return this.fail(node, 'type_mismatch', `${what} must be true or false, got ${describe(value)}`);
  }

  private finite(node: FormulaNode, value: number): number {
    if (!Number.isFinite(value)) this.fail(node, 'non_finite', `result is ${value}, not a finite number`);
    return value;
  }

  evaluate(node: FormulaNode): FormulaValue {
    switch (node.kind) {
      case 'number':
        return this.finite(node, node.value);
      case 'boolean':
        return node.value;
      case 'null':
        return null;
      case 'children':
        return this.children(node);
      case 'metric': {
        const { found, value } = readScopeValue(readScopeValue(this.scope, 'metrics').value, node.name);
        if (!found) this.fail(node, 'unknown_metric', `unknown metric '${node.name}'`);
        if (value === null) return null;
        if (typeof value !== 'number' || !Number.isFinite(value)) {
          return this.fail(
            node,
            'type_mismatch',
            `metric '${node.name}' is ${String(value)}, not a finite number`,
          );
        }
        return value;
      }
      case 'parameter': {
        const { found, value } = readScopeValue(readScopeValue(this.scope, 'parameters').value, node.name);
        if (!found) this.fail(node, 'unknown_parameter', `unknown parameter '$${node.name}'`);
        if (value === null || typeof value === 'boolean') return value;
        if (typeof value === 'number' && Number.isFinite(value)) return value;
        return this.fail(
          node,
          'type_mismatch',
          `parameter '$${node.name}' is ${typeof value === 'object' ? 'an object' : String(value)}; only finite numbers, booleans and null can be used`,
        );
      }
      case 'unary': {
        const operand = this.evaluate(node.operand);
        if (node.op === 'not') {
          const b = this.boolean(node.operand, operand, "the operand of 'not'");
          return b === null ? null : !b;
        }
        const x = this.number(node.operand, operand, `the operand of unary '${node.op}'`);
        return x === null ? null : node.op === '-' ? -x : x;
      }
      case 'binary':
        return this.binary(node);
      case 'call':
        return this.call(node);
    }
  }

  private binary(node: Extract<FormulaNode, { kind: 'binary' }>): FormulaValue {
    const { op } = node;
    if (op === 'and' || op === 'or') {
      const left = this.boolean(node.left, this.evaluate(node.left), `the left side of '${op}'`);
      if (op === 'and' && left === false) return false;
      if (op === 'or' && left === true) return true;
      const right = this.boolean(node.right, this.evaluate(node.right), `the right side of '${op}'`);
      if (op === 'and') return right === false ? false : left === null || right === null ? null : true;
      return right === true ? true : left === null || right === null ? null : false;
    }
    const leftValue = this.evaluate(node.left);
    const rightValue = this.evaluate(node.right);
    if (op === '==' || op === '!=') {
      if (leftValue === null || rightValue === null) return null;
      if (
        typeof leftValue === 'object' ||
        typeof rightValue === 'object' ||
        typeof leftValue !== typeof rightValue
      ) {
        this.fail(
          node,
          'type_mismatch',
          `cannot compare ${describe(leftValue)} with ${describe(rightValue)}`,
        );
      }
      return op === '==' ? leftValue === rightValue : leftValue !== rightValue;
    }
    const a = this.number(node.left, leftValue, `the left side of '${op}'`);
    const b = this.number(node.right, rightValue, `the right side of '${op}'`);
    if (a === null || b === null) return null;
    switch (op) {
      case '<':
        return a < b;
      case '<=':
        return a <= b;
      case '>':
        return a > b;
      case '>=':
        return a >= b;
      case '+':
        return this.finite(node, a + b);
      case '-':
        return this.finite(node, a - b);
      case '*':
        return this.finite(node, a * b);
      case '/':
        if (b === 0) this.fail(node.right, 'division_by_zero', `division by zero (${a} / 0)`);
        return this.finite(node, a / b);
      case '%':
        if (b === 0) this.fail(node.right, 'division_by_zero', `remainder of division by zero (${a} % 0)`);
        return this.finite(node, a % b);
      case '^':
        return this.finite(node, a ** b);
    }
  }

  /** The scope's children, each checked: a name, a finite number or null as value, a finite weight. */
  private children(node: FormulaNode): readonly FormulaChild[] {
    const list = readScopeValue(this.scope, 'children').value as readonly unknown[] | undefined;
    if (list === undefined) return [];
    for (let i = 0; i < list.length; i++) {
      const child = list[i];
      const value = readScopeValue(child, 'value').value;
      const weight = readScopeValue(child, 'weight').value;
      if (value !== null && (typeof value !== 'number' || !Number.isFinite(value))) {
        this.fail(
          node,
          'invalid_scope',
          `scope.children[${i}].value is ${describeValue(value)}; expected a finite number or null`,
        );
      }
      if (typeof weight !== 'number' || !Number.isFinite(weight)) {
        this.fail(
          node,
          'invalid_scope',
          `scope.children[${i}].weight is ${describeValue(weight)}; expected a finite number`,
        );
      }
    }
    return list as readonly FormulaChild[];
  }

  /** Flattens aggregate arguments: numbers and nulls as given, lists as their children's values. */
  private numbersOf(node: Extract<FormulaNode, { kind: 'call' }>): (number | null)[] {
    const out: (number | null)[] = [];
    for (const arg of node.args) {
      const value = this.evaluate(arg);
      if (value !== null && typeof value === 'object') {
        for (const child of value) out.push(child.value);
      } else {
        out.push(this.number(arg, value, `an argument of ${node.name}()`));
      }
    }
    return out;
  }

  private list(node: Extract<FormulaNode, { kind: 'call' }>): readonly FormulaChild[] {
    const arg = node.args[0] as FormulaNode;
    const value = this.evaluate(arg);
    if (value === null || typeof value !== 'object') {
      return this.fail(
        arg,
        'type_mismatch',
        `${node.name}() takes the children list, got ${describe(value)}`,
      );
    }
    return value;
  }

  private call(node: Extract<FormulaNode, { kind: 'call' }>): FormulaValue {
    const args = node.args;
    const arg = (i: number) => args[i] as FormulaNode;
    const num = (i: number) =>
      this.number(arg(i), this.evaluate(arg(i)), `argument ${i + 1} of ${node.name}()`);
    switch (node.name) {
      case 'if': {
        const condition = this.boolean(arg(0), this.evaluate(arg(0)), 'the condition of if()');
        return this.evaluate(condition === true ? arg(1) : arg(2));
      }
      case 'coalesce': {
        for (const a of args) {
          const value = this.evaluate(a);
          if (value !== null) return value;
        }
        return null;
      }
      case 'min':
      case 'max':
      case 'sum':
      case 'avg':
      case 'count': {
        const values = this.numbersOf(node).filter((v): v is number => v !== null);
        if (node.name === 'count') return values.length;
        if (values.length === 0) return null;
        if (node.name === 'min' || node.name === 'max') {
          // A loop, not Math.min(...values): 200,000 children would overflow the call stack.
          let best = values[0]!;
          for (const v of values) if (node.name === 'min' ? v < best : v > best) best = v;
          return best;
        }
        // Compensated and rescaled on overflow: sum(1e308, 1e308, -1e308) is 1e308, avg(1e308, 1e308) too.
        const total = new NeumaierSum();
        for (const v of values) total.add(v);
        return this.finite(node, node.name === 'sum' ? total.value() : total.mean(values.length));
      }
      case 'weighted_sum':
      case 'weighted_avg': {
        const sum = new NeumaierSum();
        const weightSum = new NeumaierSum();
        for (const child of this.list(node)) {
          if (child.value === null) continue;
          sum.add(child.weight * child.value);
          weightSum.add(child.weight);
        }
        const total = sum.value();
        const weights = weightSum.value();
        if (node.name === 'weighted_sum')
          return weights === 0 && total === 0 ? null : this.finite(node, total);
        if (weights === 0) return null;
        return this.finite(node, total / weights);
      }
      case 'abs': {
        const x = num(0);
        return x === null ? null : Math.abs(x);
      }
      case 'floor': {
        const x = num(0);
        return x === null ? null : Math.floor(x);
      }
      case 'ceil': {
        const x = num(0);
        return x === null ? null : Math.ceil(x);
      }
      case 'round': {
        const x = num(0);
        const digits = args.length > 1 ? num(1) : 0;
        if (x === null || digits === null) return null;
        if (!Number.isInteger(digits) || digits < -10 || digits > 10) {
          this.fail(
            arg(1),
            'domain_error',
            `round() digits must be an integer from -10 to 10, got ${digits}`,
          );
        }
        // Half away from zero on the decimal form, like PostgreSQL's round(numeric, digits).
        return this.finite(node, roundDecimal(x, digits));
      }
      case 'sqrt': {
        const x = num(0);
        if (x === null) return null;
        if (x < 0) this.fail(arg(0), 'domain_error', `sqrt() of a negative number (${x})`);
        return Math.sqrt(x);
      }
      case 'exp': {
        const x = num(0);
        return x === null ? null : this.finite(node, Math.exp(x));
      }
      case 'log': {
        const x = num(0);
        const base = args.length > 1 ? num(1) : Math.E;
        if (x === null || base === null) return null;
        if (x <= 0) this.fail(arg(0), 'domain_error', `log() of a number that is not positive (${x})`);
        if (base <= 0 || base === 1) {
          this.fail(arg(1), 'domain_error', `log() base must be positive and not 1, got ${base}`);
        }
        return this.finite(node, base === Math.E ? Math.log(x) : Math.log(x) / Math.log(base));
      }
      default:
        return this.fail(node, 'unknown_function', `unknown function '${node.name}'`);
    }
  }
}
