import { roundDecimal } from '../engine/decimal';
import type { FormulaError, FormulaErrorCode } from './formula-error';
import { formulaError } from './formula-error';
import type { FormulaNode, ParsedFormula } from './parser';
import { parseFormula } from './parser';

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

/** Reads a key from a Map or from an object's OWN properties only: never walks the prototype chain. */
function lookup(
  source: ReadonlyMap<string, unknown> | Readonly<Record<string, unknown>> | undefined,
  name: string,
): { found: boolean; value: unknown } {
  if (source === undefined) return { found: false, value: undefined };
  if (source instanceof Map) return { found: source.has(name), value: source.get(name) };
  if (Object.hasOwn(source, name)) {
    const descriptor = Object.getOwnPropertyDescriptor(source, name);
    // Only plain data properties: a getter would run host code.
    if (descriptor !== undefined && 'value' in descriptor) return { found: true, value: descriptor.value };
  }
  return { found: false, value: undefined };
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
  } else {
    parsed = formula;
  }
  const evaluator = new Evaluator(parsed.source, scope);
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
    throw e;
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
        return this.scope.children ?? [];
      case 'metric': {
        const { found, value } = lookup(this.scope.metrics, node.name);
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
        const { found, value } = lookup(this.scope.parameters, node.name);
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
        if (node.name === 'min') return Math.min(...values);
        if (node.name === 'max') return Math.max(...values);
        let total = 0;
        for (const v of values) total += v;
        return this.finite(node, node.name === 'sum' ? total : total / values.length);
      }
      case 'weighted_sum':
      case 'weighted_avg': {
        let total = 0;
        let weights = 0;
        for (const child of this.list(node)) {
          if (child.value === null) continue;
          total += child.weight * child.value;
          weights += child.weight;
        }
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
