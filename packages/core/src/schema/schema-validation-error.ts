/**
 * The error every schema validator throws, and the formatting of its message:
 * `dashboard_widgets.position.w: got -1; allowed: an integer >= 1`.
 */

/** One rejected value inside a column. */
export interface SchemaIssue {
  /** Path inside the column's value (`[]` for the value itself, `['series', 0, 'metricId']` below it). */
  readonly path: readonly (string | number)[];
  /** `table.column` followed by the path, e.g. `dashboard_widgets.data_config.series[0].metricId`. */
  readonly field: string;
  /** The offending value (`undefined` when a required key is missing). */
  readonly value: unknown;
  /** What would have been accepted there, in words, e.g. `an integer >= 1`. */
  readonly allowed: string;
  /** `<field>: got <value>; allowed: <allowed>`. */
  readonly message: string;
}

/** Longest rendering of an offending value in a message before it is cut with `…`. */
export const MAX_VALUE_CHARS = 80;

/** Thrown when a column value does not match its documented shape; names table, field, value and rule. */
export class SchemaValidationError extends Error {
  override readonly name = 'SchemaValidationError';
  /** Table of the rejected column. */
  readonly table: string;
  /** Rejected column. */
  readonly column: string;
  /** Every rejected value, in the order found (never empty). */
  readonly issues: readonly SchemaIssue[];

  constructor(table: string, column: string, issues: readonly SchemaIssue[]) {
    super(formatIssues(table, column, issues));
    this.table = table;
    this.column = column;
    this.issues = issues;
  }
}

function formatIssues(table: string, column: string, issues: readonly SchemaIssue[]): string {
  if (issues.length === 1) return issues[0]!.message;
  return `${table}.${column} has ${issues.length} invalid values:\n${issues.map((i) => `- ${i.message}`).join('\n')}`;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `table.column` plus a JS-style path: `.key` for identifiers, `[0]` for indexes, `["odd key"]` otherwise. */
export function formatFieldPath(table: string, column: string, path: readonly (string | number)[]): string {
  let out = `${table}.${column}`;
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/**
 * Appends the rendering of `value` to `out` until `out.length` passes `budget`, then stops: the
 * walk never goes deeper or wider than the text it can still show (a 1,000,000-key object or
 * nesting 100,000 levels deep costs no more than a small one).
 */
class BoundedText {
  text = '';
  constructor(readonly budget: number) {}
  get full(): boolean {
    return this.text.length > this.budget;
  }
  add(part: string): void {
    if (!this.full) this.text += part.length > this.budget ? part.slice(0, this.budget + 1) : part;
  }
}

function scalarText(value: unknown): string | undefined {
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : String(value);
    case 'bigint':
      return `${value}n`;
    case 'string':
      // cut before quoting: a 50 MB string costs no more than a short one
      return JSON.stringify(value.length > MAX_VALUE_CHARS ? value.slice(0, MAX_VALUE_CHARS) : value);
    case 'boolean':
      return String(value);
    case 'symbol':
      return value.toString();
    case 'function':
      return `[function ${value.name || 'anonymous'}]`;
  }
  return value === null ? 'null' : undefined;
}

function jsonish(value: unknown, seen: Set<object>, out: BoundedText): void {
  const scalar = scalarText(value);
  if (scalar !== undefined) {
    out.add(scalar);
    return;
  }
  const object = value as object;
  if (seen.has(object)) {
    out.add('[circular]');
    return;
  }
  if (object instanceof Date) {
    out.add(`Date(${Number.isNaN(object.getTime()) ? 'invalid' : object.toISOString()})`);
    return;
  }
  seen.add(object);
  if (Array.isArray(object)) {
    out.add('[');
    for (let i = 0; i < object.length && !out.full; i++) {
      if (i > 0) out.add(',');
      jsonish(object[i], seen, out);
    }
    out.add(']');
  } else {
    const proto: unknown = Object.getPrototypeOf(object);
    if (!(proto === Object.prototype || proto === null)) out.add(`${object.constructor?.name ?? 'Object'} `);
    out.add('{');
    let first = true;
    for (const key in object) {
      if (out.full) break;
      if (!Object.hasOwn(object, key)) continue;
      if (!first) out.add(',');
      first = false;
      out.add(`${JSON.stringify(key)}:`);
      jsonish((object as Record<string, unknown>)[key], seen, out);
    }
    out.add('}');
  }
  seen.delete(object);
}

/**
 * Renders a value for an error message: JSON where possible, with the non-JSON values a user may
 * have sent spelled out (`NaN`, `Infinity`, `undefined`, `12n`, `Date(...)`), cut at
 * {@link MAX_VALUE_CHARS} characters. Its cost is bounded by that length, whatever the size or
 * depth of the value.
 */
export function formatValue(value: unknown): string {
  const out = new BoundedText(MAX_VALUE_CHARS);
  jsonish(value, new Set(), out);
  const text = out.text;
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}

/** Builds one {@link SchemaIssue}; `missing` marks a required key that is absent. */
export function createSchemaIssue(
  table: string,
  column: string,
  path: readonly (string | number)[],
  value: unknown,
  allowed: string,
  missing = false,
): SchemaIssue {
  const field = formatFieldPath(table, column, path);
  const got = missing ? 'nothing (required key missing)' : formatValue(value);
  return { path, field, value, allowed, message: `${field}: got ${got}; allowed: ${allowed}` };
}
