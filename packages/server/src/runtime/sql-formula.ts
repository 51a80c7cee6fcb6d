/**
 * The allow-list every `sql` formula passes before it runs, checked on the tree of the real
 * PostgreSQL parser (`libpg-query`): what is checked is exactly what the server will parse.
 */
import { loadModule, parseSync } from 'libpg-query';
import { qualifiedName, type RelationRegistry } from './source-relations';

/** A formula refused by the allow-list, or a result that does not have the documented shape. */
export class SqlFormulaError extends Error {
  override readonly name = 'SqlFormulaError';
}

/** Functions a formula may call (unqualified or in `pg_catalog`). No function with a side effect or a file, network or session effect is listed. */
export const SQL_FORMULA_FUNCTIONS: ReadonlySet<string> = new Set([
  'count',
  'sum',
  'avg',
  'min',
  'max',
  'stddev',
  'stddev_samp',
  'stddev_pop',
  'variance',
  'var_samp',
  'var_pop',
  'percentile_cont',
  'percentile_disc',
  'bool_and',
  'bool_or',
  'every',
  'date_trunc',
  'date_part',
  'extract',
  'abs',
  'round',
  'trunc',
  'floor',
  'ceil',
  'ceiling',
  'sqrt',
  'ln',
  'exp',
  'power',
  'lower',
  'upper',
  'length',
  'now',
]);

/** Types a formula may cast to. */
export const SQL_FORMULA_TYPES: ReadonlySet<string> = new Set([
  'int2',
  'int4',
  'int8',
  'integer',
  'bigint',
  'smallint',
  'numeric',
  'float4',
  'float8',
  'real',
  'double precision',
  'text',
  'varchar',
  'bool',
  'boolean',
  'date',
  'timestamp',
  'timestamptz',
  'interval',
  'uuid',
]);

/** Operators of `a op b` expressions a formula may use. */
const OPERATORS = new Set([
  '=',
  '<>',
  '!=',
  '<',
  '>',
  '<=',
  '>=',
  '+',
  '-',
  '*',
  '/',
  '%',
  '||',
  '~~',
  '!~~',
  '~~*',
  '!~~*',
]);

/** Parse-tree node types a formula may contain; any other node (a DML statement, a function in FROM, a locking clause...) is refused. */
const NODES = new Set([
  'SelectStmt',
  'ResTarget',
  'ColumnRef',
  'String',
  'A_Const',
  'Integer',
  'Float',
  'Boolean',
  'A_Star',
  'RangeVar',
  'Alias',
  'JoinExpr',
  'RangeSubselect',
  'A_Expr',
  'BoolExpr',
  'NullTest',
  'BooleanTest',
  'FuncCall',
  'TypeCast',
  'TypeName',
  'ParamRef',
  'SortBy',
  'CaseExpr',
  'CaseWhen',
  'CoalesceExpr',
  'MinMaxExpr',
  'SubLink',
  'WithClause',
  'CommonTableExpr',
  'List',
  'WindowDef',
  'SQLValueFunction',
]);

/** The deepest parse tree accepted (a formula nested deeper is refused before it reaches the server). */
export const SQL_FORMULA_MAX_DEPTH = 200;
/** The longest formula accepted, in characters. */
export const SQL_FORMULA_MAX_LENGTH = 20_000;

/** Parameters every formula may name, bound by the driver. */
export const SQL_FORMULA_PARAMETERS = [
  'period_start',
  'period_end',
  'organization_id',
  'aggregation_level',
  'aggregation_id',
] as const;

/** A formula ready to run: its text with `$n` placeholders and the parameter name of each. */
export interface PreparedSqlFormula {
  /** The statement sent to the server: the checked formula inside the organization-scoped CTEs, with a LIMIT. */
  readonly text: string;
  /** The name of parameter `$i + 1`; `$1` is always the organization (the scoping CTEs and the wrapper use it). */
  readonly parameterNames: readonly string[];
}

let loaded: Promise<void> | undefined;
/** Loads the parser's WebAssembly once; {@link prepareSqlFormula} needs it done. */
export function loadSqlParser(): Promise<void> {
  loaded ??= loadModule();
  return loaded;
}

/**
 * Checks `formula` against the allow-list and builds the statement that runs it. The formula
 * names parameters as `:name` (the five of {@link SQL_FORMULA_PARAMETERS} and the keys of
 * `metricParameters`); each becomes a `$n` placeholder bound by the driver. Every registered
 * relation the formula reads is shadowed by a CTE of the same name holding only the calling
 * organization's rows (`WHERE organization_id = $1`), which is why relations are named unqualified.
 *
 * @throws SqlFormulaError naming what was refused and what is allowed.
 */
export function prepareSqlFormula(
  formula: string,
  relations: RelationRegistry,
  metricParameters: readonly string[],
  maxRows: number,
): PreparedSqlFormula {
  if (typeof formula !== 'string' || formula.trim() === '') {
    throw new SqlFormulaError(
      `calculation_formula: got ${JSON.stringify(formula)}; allowed: one SELECT statement`,
    );
  }
  if (formula.length > SQL_FORMULA_MAX_LENGTH) {
    throw new SqlFormulaError(
      `calculation_formula: ${formula.length} characters; allowed: at most ${SQL_FORMULA_MAX_LENGTH}`,
    );
  }
  const allowed = new Set<string>([...SQL_FORMULA_PARAMETERS, ...metricParameters]);
  const parameterNames: string[] = ['organization_id'];
  const text = bindNamedParameters(formula, (name) => {
    if (!allowed.has(name)) {
      throw new SqlFormulaError(
        `calculation_formula: unknown parameter :${name}; allowed: ${[...allowed].map((p) => `:${p}`).join(', ')}`,
      );
    }
    let index = parameterNames.indexOf(name);
    if (index < 0) index = parameterNames.push(name) - 1;
    return `$${index + 1}`;
  });
  const tree = parseOne(text);
  const used = new Set<string>();
  checkSelect(tree, new Set(), relations, used, 0);
  const scopes = [...used].map((name) => {
    const relation = relations.get(name);
    if (!relation) throw new SqlFormulaError(`internal: ${name} is not registered`);
    return `"${name}" AS NOT MATERIALIZED (SELECT * FROM ${qualifiedName(relation)} WHERE organization_id = $1::uuid)`;
  });
  const limit = Math.floor(maxRows) + 1;
  const statement = `${scopes.length > 0 ? `WITH ${scopes.join(', ')} ` : ''}SELECT * FROM (\n${text}\n) AS arion_formula WHERE $1::uuid IS NOT NULL LIMIT ${limit}`;
  // The wrapped statement is parsed again: it must still be one SELECT (nothing in the formula can close the wrapper).
  parseOne(statement);
  return { text: statement, parameterNames };
}

type Node = Record<string, unknown>;

function parseOne(text: string): Node {
  let result: { stmts?: { stmt?: Node }[] };
  try {
    result = parseSync(text) as typeof result;
  } catch (error) {
    throw new SqlFormulaError(
      `calculation_formula: does not parse (${(error as Error).message}); allowed: one SELECT statement`,
    );
  }
  const statements = result.stmts ?? [];
  if (statements.length !== 1) {
    throw new SqlFormulaError(
      `calculation_formula: ${statements.length} statements; allowed: exactly one SELECT`,
    );
  }
  const statement = statements[0]?.stmt ?? {};
  const [type] = Object.keys(statement);
  if (type !== 'SelectStmt') {
    throw new SqlFormulaError(
      `calculation_formula: a ${type ?? 'empty'} statement; allowed: one SELECT statement`,
    );
  }
  return statement.SelectStmt as Node;
}

/** Checks a SelectStmt's fields; `scope` holds the CTE names visible to it. */
function checkSelect(
  select: Node,
  outer: ReadonlySet<string>,
  relations: RelationRegistry,
  used: Set<string>,
  depth: number,
): void {
  if (select.intoClause)
    throw new SqlFormulaError('calculation_formula: SELECT INTO; allowed: a SELECT that only reads');
  if (select.lockingClause)
    throw new SqlFormulaError('calculation_formula: FOR UPDATE/SHARE; allowed: a SELECT that only reads');
  const scope = new Set(outer);
  const withClause = select.withClause as Node | undefined;
  if (withClause) {
    if (withClause.recursive)
      throw new SqlFormulaError('calculation_formula: WITH RECURSIVE; allowed: non-recursive CTEs');
    for (const item of (withClause.ctes as Node[] | undefined) ?? []) {
      const cte = item.CommonTableExpr as Node | undefined;
      if (!cte)
        throw new SqlFormulaError('calculation_formula: an unknown WITH item; allowed: CTEs of a SELECT');
      const query = (cte.ctequery ?? {}) as Node;
      const [type] = Object.keys(query);
      if (type !== 'SelectStmt') {
        throw new SqlFormulaError(
          `calculation_formula: a CTE holding a ${type ?? 'empty'} statement (a data-modifying CTE); allowed: CTEs of a SELECT`,
        );
      }
      // A non-recursive CTE sees the CTEs before it, not itself: a name it uses that matches its own
      // refers to an outer relation, so it is checked in the scope built so far.
      checkSelect(query.SelectStmt as Node, scope, relations, used, depth + 1);
      scope.add(String(cte.ctename));
    }
  }
  for (const [key, value] of Object.entries(select)) {
    if (key === 'withClause') continue;
    // The two sides of UNION / INTERSECT / EXCEPT are SelectStmt fields without their node name.
    if ((key === 'larg' || key === 'rarg') && value)
      checkSelect(value as Node, scope, relations, used, depth + 1);
    else walk(value, scope, relations, used, depth + 1);
  }
}

function walk(
  value: unknown,
  scope: ReadonlySet<string>,
  relations: RelationRegistry,
  used: Set<string>,
  depth: number,
): void {
  if (depth > SQL_FORMULA_MAX_DEPTH) {
    throw new SqlFormulaError(
      `calculation_formula: nested deeper than ${SQL_FORMULA_MAX_DEPTH} levels; allowed: a shallower query`,
    );
  }
  if (Array.isArray(value)) {
    for (const item of value) walk(item, scope, relations, used, depth + 1);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value as Node)) {
    if (key === 'withClause')
      throw new SqlFormulaError('calculation_formula: WITH in this place is not allowed');
    // A cast's type is a TypeName without its node name.
    if (key === 'typeName' && child) checkType(child as Node);
    if (!/^[A-Z]/.test(key)) {
      walk(child, scope, relations, used, depth + 1);
      continue;
    }
    if (!NODES.has(key))
      throw new SqlFormulaError(`calculation_formula: ${describeNode(key)} is not allowed`);
    const node = child as Node;
    switch (key) {
      case 'SelectStmt':
        checkSelect(node, scope, relations, used, depth + 1);
        continue;
      case 'RangeVar':
        checkRelation(node, scope, relations, used);
        break;
      case 'FuncCall':
        checkFunction(node);
        break;
      case 'TypeName':
        checkType(node);
        break;
      case 'A_Expr':
        checkOperator(node);
        break;
    }
    walk(node, scope, relations, used, depth + 1);
  }
}

function describeNode(type: string): string {
  if (type === 'RangeFunction') return 'a function in FROM';
  if (/Stmt$/.test(type)) return `a ${type.replace(/Stmt$/, '')} statement`;
  return `the construct ${type}`;
}

function checkRelation(
  node: Node,
  scope: ReadonlySet<string>,
  relations: RelationRegistry,
  used: Set<string>,
): void {
  const name = String(node.relname);
  if (node.schemaname || node.catalogname) {
    throw new SqlFormulaError(
      `calculation_formula: relation ${String(node.schemaname)}.${name} is qualified; allowed: registered relations by their unqualified name (${[...relations.keys()].join(', ')})`,
    );
  }
  if (scope.has(name)) return;
  if (!relations.has(name)) {
    throw new SqlFormulaError(
      `calculation_formula: relation ${name} is not registered; allowed: ${[...relations.keys()].join(', ') || 'none'}`,
    );
  }
  used.add(name);
}

function names(list: unknown): string[] {
  return ((list as Node[] | undefined) ?? []).map((item) =>
    String((item.String as Node | undefined)?.sval ?? ''),
  );
}

function checkFunction(node: Node): void {
  checkCatalogName('function', names(node.funcname), SQL_FORMULA_FUNCTIONS);
}

function checkType(node: Node): void {
  checkCatalogName('type', names(node.names), SQL_FORMULA_TYPES, Boolean(node.arrayBounds));
}

/** Refuses a function or type name outside `allowed`, or qualified by a schema other than `pg_catalog`. */
function checkCatalogName(
  kind: string,
  parts: readonly string[],
  allowed: ReadonlySet<string>,
  refused = false,
): void {
  const name = parts.at(-1) ?? '';
  const schema = parts.length > 1 ? parts[0] : undefined;
  if (
    refused ||
    (schema !== undefined && schema !== 'pg_catalog') ||
    parts.length > 2 ||
    !allowed.has(name)
  ) {
    throw new SqlFormulaError(
      `calculation_formula: ${kind} ${parts.join('.')} is not allowed; allowed: ${[...allowed].join(', ')}`,
    );
  }
}

function checkOperator(node: Node): void {
  const parts = names(node.name);
  const kind = String(node.kind);
  if (kind === 'AEXPR_OP' || kind === 'AEXPR_OP_ANY' || kind === 'AEXPR_OP_ALL') {
    if (parts.length !== 1 || !OPERATORS.has(parts[0] ?? '')) {
      throw new SqlFormulaError(
        `calculation_formula: operator ${parts.join('.')} is not allowed; allowed: ${[...OPERATORS].join(' ')}`,
      );
    }
  }
}

/**
 * Replaces each `:name` outside string literals, quoted identifiers and comments with the
 * placeholder `replace(name)` returns; `::` casts are left alone. The result is parsed by the real
 * parser afterwards, so a mis-scanned literal can at worst make the formula refused.
 */
export function bindNamedParameters(formula: string, replace: (name: string) => string): string {
  let out = '';
  let i = 0;
  const n = formula.length;
  while (i < n) {
    const c = formula[i] as string;
    const next = formula[i + 1];
    if (c === "'" || c === '"') {
      const escapes = c === "'" && /[eE]/.test(formula[i - 1] ?? '') && !/[\w$]/.test(formula[i - 2] ?? '');
      let j = i + 1;
      while (j < n) {
        if (escapes && formula[j] === '\\') j += 2;
        else if (formula[j] === c && formula[j + 1] === c) j += 2;
        else if (formula[j] === c) break;
        else j += 1;
      }
      out += formula.slice(i, j + 1);
      i = j + 1;
    } else if (c === '-' && next === '-') {
      const end = formula.indexOf('\n', i);
      const stop = end < 0 ? n : end;
      out += formula.slice(i, stop);
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = formula.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      out += formula.slice(i, stop);
      i = stop;
    } else if (c === '$' && !/[\w$]/.test(formula[i - 1] ?? '')) {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(formula.slice(i));
      if (!tag) {
        out += c;
        i += 1;
        continue;
      }
      const end = formula.indexOf(tag[0], i + tag[0].length);
      const stop = end < 0 ? n : end + tag[0].length;
      out += formula.slice(i, stop);
      i = stop;
    } else if (c === ':' && next === ':') {
      out += '::';
      i += 2;
    } else if (c === ':' && next !== undefined && /[A-Za-z_]/.test(next)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(formula.slice(i + 1)) as RegExpExecArray;
      out += replace(match[0]);
      i += 1 + match[0].length;
    } else {
      out += c;
      i += 1;
    }
  }
  return out;
}
