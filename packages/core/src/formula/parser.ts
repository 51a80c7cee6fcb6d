import type { FormulaError } from './formula-error';
import { formulaError } from './formula-error';
import type { FormulaToken } from './lexer';
import { tokenizeFormula } from './lexer';

/** Limits that keep a formula cheap to parse and evaluate, whatever its author typed. */
export const FORMULA_LIMITS = {
  /** Longest accepted formula text, in characters. */
  maxLength: 4096,
  /** Deepest accepted expression tree (parentheses, operators and calls all count). */
  maxDepth: 64,
} as const;

/** Binary operators of the formula language, lowest precedence first in the README table. */
export type FormulaBinaryOperator =
  | 'or'
  | 'and'
  | '=='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '^';

interface NodeBase {
  /** Offset of the node's first character in the formula text. */
  readonly start: number;
  /** Offset just past the node's last character. */
  readonly end: number;
  /** Height of the subtree (a literal is 1). */
  readonly depth: number;
}

/** A parsed formula: a tree of plain objects, never executable code. */
export type FormulaNode =
  | (NodeBase & { readonly kind: 'number'; readonly value: number })
  | (NodeBase & { readonly kind: 'boolean'; readonly value: boolean })
  | (NodeBase & { readonly kind: 'null' })
  | (NodeBase & { readonly kind: 'metric'; readonly name: string })
  | (NodeBase & { readonly kind: 'parameter'; readonly name: string })
  | (NodeBase & { readonly kind: 'children' })
  | (NodeBase & { readonly kind: 'unary'; readonly op: '-' | '+' | 'not'; readonly operand: FormulaNode })
  | (NodeBase & {
      readonly kind: 'binary';
      readonly op: FormulaBinaryOperator;
      readonly left: FormulaNode;
      readonly right: FormulaNode;
    })
  | (NodeBase & { readonly kind: 'call'; readonly name: string; readonly args: readonly FormulaNode[] });

/** A successfully parsed formula, ready for `evaluateFormula`. */
export interface ParsedFormula {
  readonly source: string;
  readonly ast: FormulaNode;
  /** Metric names the formula reads (bare identifiers), sorted, without duplicates. */
  readonly metrics: readonly string[];
  /** Parameter names the formula reads (`$name`, stored without the `$`), sorted, without duplicates. */
  readonly parameters: readonly string[];
  /** Whether the formula reads the `children` list (aggregate helpers over child metrics). */
  readonly usesChildren: boolean;
}

/** Result of `parseFormula`: the parsed formula, or the first syntax error as data. */
export type ParseFormulaResult =
  | { readonly ok: true; readonly formula: ParsedFormula }
  | { readonly ok: false; readonly error: FormulaError };

/** Built-in functions and their accepted argument counts (`max` undefined = any number). */
export const FORMULA_FUNCTIONS: ReadonlyMap<string, { readonly min: number; readonly max?: number }> =
  new Map<string, { readonly min: number; readonly max?: number }>([
    ['if', { min: 3, max: 3 }],
    ['coalesce', { min: 1 }],
    ['min', { min: 1 }],
    ['max', { min: 1 }],
    ['sum', { min: 1 }],
    ['avg', { min: 1 }],
    ['count', { min: 1 }],
    ['weighted_sum', { min: 1, max: 1 }],
    ['weighted_avg', { min: 1, max: 1 }],
    ['abs', { min: 1, max: 1 }],
    ['round', { min: 1, max: 2 }],
    ['floor', { min: 1, max: 1 }],
    ['ceil', { min: 1, max: 1 }],
    ['sqrt', { min: 1, max: 1 }],
    ['log', { min: 1, max: 2 }],
    ['exp', { min: 1, max: 1 }],
  ]);

/** Words with a meaning of their own; they cannot name a metric. */
const KEYWORDS = new Set(['and', 'or', 'not', 'true', 'false', 'null', 'children']);

/**
 * Names refused outright so that a formula can never reach the host, even by accident:
 * metrics and parameters are looked up in maps, but a clear refusal beats a confusing "unknown metric".
 */
const FORBIDDEN_NAMES = new Set([
  'constructor',
  'prototype',
  'globalThis',
  'global',
  'window',
  'self',
  'this',
  'eval',
  'Function',
  'process',
  'require',
  'import',
  'module',
  'exports',
]);

/** Whether a name is refused as a metric or parameter name (`__proto__`, `constructor`, `globalThis`, ...). */
export function isForbiddenFormulaName(name: string): boolean {
  return FORBIDDEN_NAMES.has(name) || name.startsWith('__');
}

type WithoutDepth<T> = T extends unknown ? Omit<T, 'depth'> : never;

class SyntaxFailure {
  constructor(readonly error: FormulaError) {}
}

/**
 * Parses formula text into a tree. Never throws and never executes anything: a syntax error comes back
 * as data with its line, column and what was expected.
 *
 * @example
 * parseFormula('if(open_risks > $limit, 0, 100 * closed / (open_risks + closed))')
 */
export function parseFormula(source: string): ParseFormulaResult {
  if (typeof source !== 'string') {
    return {
      ok: false,
      error: formulaError(
        String(source),
        'syntax',
        'unexpected_token',
        0,
        `a formula must be a string, got ${source === null ? 'null' : typeof source}`,
        'formula text',
      ),
    };
  }
  if (source.length > FORMULA_LIMITS.maxLength) {
    return {
      ok: false,
      error: formulaError(
        source,
        'syntax',
        'too_long',
        FORMULA_LIMITS.maxLength,
        `formula is ${source.length} characters long; at most ${FORMULA_LIMITS.maxLength} are allowed`,
      ),
    };
  }
  const lexed = tokenizeFormula(source);
  if (!lexed.ok) return lexed;
  const parser = new Parser(source, lexed.tokens);
  try {
    const ast = parser.parseExpression();
    const next = parser.peek();
    if (next.type !== 'end') parser.fail(next, 'an operator or the end of the formula');
    const metrics = new Set<string>();
    const parameters = new Set<string>();
    let usesChildren = false;
    const visit = (node: FormulaNode): void => {
      if (node.kind === 'metric') metrics.add(node.name);
      else if (node.kind === 'parameter') parameters.add(node.name);
      else if (node.kind === 'children') usesChildren = true;
      else if (node.kind === 'unary') visit(node.operand);
      else if (node.kind === 'binary') {
        visit(node.left);
        visit(node.right);
      } else if (node.kind === 'call') node.args.forEach(visit);
    };
    visit(ast);
    return {
      ok: true,
      formula: {
        source,
        ast,
        metrics: [...metrics].sort(),
        parameters: [...parameters].sort(),
        usesChildren,
      },
    };
  } catch (e) {
    if (e instanceof SyntaxFailure) return { ok: false, error: e.error };
    throw e;
  }
}

const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=']);

class Parser {
  private index = 0;
  private nesting = 0;

  constructor(
    private readonly source: string,
    private readonly tokens: readonly FormulaToken[],
  ) {}

  peek(): FormulaToken {
    return this.tokens[this.index] as FormulaToken;
  }

  private take(): FormulaToken {
    const token = this.peek();
    if (token.type !== 'end') this.index++;
    return token;
  }

  private describe(token: FormulaToken): string {
    return token.type === 'end' ? 'the end of the formula' : `'${token.text}'`;
  }

  fail(token: FormulaToken, expected: string): never {
    throw new SyntaxFailure(
      formulaError(
        this.source,
        'syntax',
        'unexpected_token',
        token.start,
        `expected ${expected} but found ${this.describe(token)}`,
        expected,
      ),
    );
  }

  private isOperator(token: FormulaToken, ...texts: string[]): boolean {
    return token.type === 'operator' && texts.includes(token.text);
  }

  private isWord(token: FormulaToken, word: string): boolean {
    return token.type === 'identifier' && token.text === word;
  }

  private node(node: WithoutDepth<FormulaNode>, ...children: FormulaNode[]): FormulaNode {
    let depth = 1;
    for (const child of children) depth = Math.max(depth, child.depth + 1);
    if (depth > FORMULA_LIMITS.maxDepth) {
      throw new SyntaxFailure(
        formulaError(
          this.source,
          'syntax',
          'too_deep',
          node.start,
          `expression nests deeper than ${FORMULA_LIMITS.maxDepth} levels`,
        ),
      );
    }
    return { ...node, depth } as FormulaNode;
  }

  /** Guards the recursion itself, so that '((((...' fails cleanly long before the call stack would. */
  private enter(token: FormulaToken): void {
    this.nesting++;
    if (this.nesting > FORMULA_LIMITS.maxDepth) {
      throw new SyntaxFailure(
        formulaError(
          this.source,
          'syntax',
          'too_deep',
          token.start,
          `expression nests deeper than ${FORMULA_LIMITS.maxDepth} levels`,
        ),
      );
    }
  }

  parseExpression(): FormulaNode {
    return this.parseOr();
  }

  private parseOr(): FormulaNode {
    let left = this.parseAnd();
    while (this.isWord(this.peek(), 'or') || this.isOperator(this.peek(), '||')) {
      this.take();
      const right = this.parseAnd();
      left = this.node(
        { kind: 'binary', op: 'or', left, right, start: left.start, end: right.end },
        left,
        right,
      );
    }
    return left;
  }

  private parseAnd(): FormulaNode {
    let left = this.parseNot();
    while (this.isWord(this.peek(), 'and') || this.isOperator(this.peek(), '&&')) {
      this.take();
      const right = this.parseNot();
      left = this.node(
        { kind: 'binary', op: 'and', left, right, start: left.start, end: right.end },
        left,
        right,
      );
    }
    return left;
  }

  private parseNot(): FormulaNode {
    const token = this.peek();
    if (this.isWord(token, 'not') || this.isOperator(token, '!')) {
      this.take();
      this.enter(token);
      const operand = this.parseNot();
      this.nesting--;
      return this.node({ kind: 'unary', op: 'not', operand, start: token.start, end: operand.end }, operand);
    }
    return this.parseComparison();
  }

  private parseComparison(): FormulaNode {
    const left = this.parseAdditive();
    const token = this.peek();
    if (token.type === 'operator' && COMPARISONS.has(token.text)) {
      this.take();
      const right = this.parseAdditive();
      const after = this.peek();
      if (after.type === 'operator' && COMPARISONS.has(after.text)) {
        this.fail(after, "'and' or 'or' between two comparisons (a < b < c is not allowed)");
      }
      const op = token.text as FormulaBinaryOperator;
      return this.node({ kind: 'binary', op, left, right, start: left.start, end: right.end }, left, right);
    }
    return left;
  }

  private parseAdditive(): FormulaNode {
    let left = this.parseMultiplicative();
    while (this.isOperator(this.peek(), '+', '-')) {
      const op = this.take().text as '+' | '-';
      const right = this.parseMultiplicative();
      left = this.node({ kind: 'binary', op, left, right, start: left.start, end: right.end }, left, right);
    }
    return left;
  }

  private parseMultiplicative(): FormulaNode {
    let left = this.parseUnary();
    while (this.isOperator(this.peek(), '*', '/', '%')) {
      const op = this.take().text as '*' | '/' | '%';
      const right = this.parseUnary();
      left = this.node({ kind: 'binary', op, left, right, start: left.start, end: right.end }, left, right);
    }
    return left;
  }

  /** Unary minus binds looser than `^`, as in mathematics: `-2 ^ 2` is -4. */
  private parseUnary(): FormulaNode {
    const token = this.peek();
    if (this.isOperator(token, '-', '+')) {
      this.take();
      this.enter(token);
      const operand = this.parseUnary();
      this.nesting--;
      const op = token.text as '-' | '+';
      return this.node({ kind: 'unary', op, operand, start: token.start, end: operand.end }, operand);
    }
    return this.parsePower();
  }

  /** `^` is right-associative: `2 ^ 3 ^ 2` is 2 ^ 9. Its exponent may carry a sign: `2 ^ -1`. */
  private parsePower(): FormulaNode {
    const base = this.parsePrimary();
    const token = this.peek();
    if (this.isOperator(token, '^')) {
      this.take();
      this.enter(token);
      const exponent = this.parseUnary();
      this.nesting--;
      return this.node(
        { kind: 'binary', op: '^', left: base, right: exponent, start: base.start, end: exponent.end },
        base,
        exponent,
      );
    }
    return base;
  }

  private parsePrimary(): FormulaNode {
    const token = this.take();
    const { start, end } = token;
    if (token.type === 'number') {
      return this.node({ kind: 'number', value: token.value as number, start, end });
    }
    if (token.type === 'parameter') {
      const name = token.text.slice(1);
      this.checkName(token, name, 'parameter');
      return this.node({ kind: 'parameter', name, start, end });
    }
    if (token.type === 'identifier') {
      const name = token.text;
      if (name === 'true' || name === 'false') {
        return this.node({ kind: 'boolean', value: name === 'true', start, end });
      }
      if (name === 'null') return this.node({ kind: 'null', start, end });
      if (name === 'children') return this.node({ kind: 'children', start, end });
      if (KEYWORDS.has(name)) this.fail(token, 'a value');
      if (this.isOperator(this.peek(), '(')) return this.parseCall(token);
      this.checkName(token, name, 'metric');
      return this.node({ kind: 'metric', name, start, end });
    }
    if (this.isOperator(token, '(')) {
      this.enter(token);
      const inner = this.parseExpression();
      this.nesting--;
      const close = this.take();
      if (!this.isOperator(close, ')')) this.fail(close, `')' to close the '(' at column ${start + 1}`);
      return this.node({ ...inner, start, end: close.end }, ...childrenOf(inner));
    }
    this.index--;
    return this.fail(token, 'a number, a metric name, $parameter, a function call or (');
  }

  private checkName(token: FormulaToken, name: string, what: string): void {
    if (isForbiddenFormulaName(name)) {
      throw new SyntaxFailure(
        formulaError(
          this.source,
          'syntax',
          'forbidden_name',
          token.start,
          `'${name}' cannot be used as a ${what} name (reserved to protect the host)`,
          `a ${what} name that does not start with __ and is not a host word`,
        ),
      );
    }
  }

  private parseCall(nameToken: FormulaToken): FormulaNode {
    const name = nameToken.text;
    const spec = FORMULA_FUNCTIONS.get(name);
    if (spec === undefined || isForbiddenFormulaName(name)) {
      throw new SyntaxFailure(
        formulaError(
          this.source,
          'syntax',
          'unknown_function',
          nameToken.start,
          `unknown function '${name}'`,
          `one of ${[...FORMULA_FUNCTIONS.keys()].join(', ')}`,
        ),
      );
    }
    const open = this.take();
    this.enter(open);
    const args: FormulaNode[] = [];
    if (!this.isOperator(this.peek(), ')')) {
      for (;;) {
        args.push(this.parseExpression());
        if (this.isOperator(this.peek(), ',')) {
          this.take();
          continue;
        }
        break;
      }
    }
    const close = this.take();
    if (!this.isOperator(close, ')')) this.fail(close, `',' or ')' in the call of ${name}`);
    this.nesting--;
    const max = spec.max;
    if (args.length < spec.min || (max !== undefined && args.length > max)) {
      const allowed =
        max === undefined
          ? `at least ${spec.min}`
          : spec.min === max
            ? `exactly ${spec.min}`
            : `${spec.min} to ${max}`;
      throw new SyntaxFailure(
        formulaError(
          this.source,
          'syntax',
          'wrong_arity',
          nameToken.start,
          `${name}() takes ${allowed} argument(s), got ${args.length}`,
          `${allowed} argument(s)`,
        ),
      );
    }
    return this.node({ kind: 'call', name, args, start: nameToken.start, end: close.end }, ...args);
  }
}

function childrenOf(node: FormulaNode): FormulaNode[] {
  switch (node.kind) {
    case 'unary':
      return [node.operand];
    case 'binary':
      return [node.left, node.right];
    case 'call':
      return [...node.args];
    default:
      return [];
  }
}
