/**
 * The error every schema validator throws, and the formatting of its message:
 * `dashboard_widgets.position.w: got -1; allowed: an integer >= 1`.
 */
import { FieldError, fieldErrorMessage } from '../primitives/field-error';

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

/**
 * Thrown when a column value does not match its documented shape; names table, field, value and
 * rule. `field`, `value` and `allowed` are those of the first issue.
 */
export class SchemaValidationError extends FieldError {
  override readonly name = 'SchemaValidationError';
  /** Table of the rejected column. */
  readonly table: string;
  /** Rejected column. */
  readonly column: string;
  /** Every rejected value, in the order found (never empty). */
  readonly issues: readonly SchemaIssue[];

  constructor(table: string, column: string, issues: readonly SchemaIssue[]) {
    const first = issues[0]!;
    super(first.field, first.value, first.allowed, { message: formatIssues(table, column, issues) });
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
  const message = missing
    ? `${field}: got nothing (required key missing); allowed: ${allowed}`
    : fieldErrorMessage(field, value, allowed);
  return { path, field, value, allowed, message };
}
