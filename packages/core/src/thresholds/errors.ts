/**
 * Errors of the thresholds area. Each names the field, the value found and what is allowed,
 * so that a user can fix the configuration from the message alone.
 */
import type { z } from 'zod';

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    const json = JSON.stringify(value);
    if (json === undefined) return String(value);
    return json.length > 120 ? `${json.slice(0, 117)}...` : json;
  } catch {
    return String(value);
  }
}

/** A `threshold_config`, `condition_config` or `escalation_config` that cannot be used, with the field at fault. */
export class ThresholdConfigError extends Error {
  /** Dotted path of the offending field, starting with the column name (e.g. `threshold_config.warning.low`). */
  readonly field: string;
  /** The value found at `field`. */
  readonly value: unknown;
  /** What would have been accepted. */
  readonly allowed: string;

  /** Builds the message `<field> = <value> is not allowed; expected <allowed>`. */
  constructor(field: string, value: unknown, allowed: string, config?: unknown) {
    super(`${field} = ${show(value)} is not allowed; expected ${allowed}`, { cause: config });
    this.name = 'ThresholdConfigError';
    this.field = field;
    this.value = value;
    this.allowed = allowed;
  }
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let here: unknown = root;
  for (const key of path) {
    if (here === null || typeof here !== 'object') return undefined;
    here = (here as Record<PropertyKey, unknown>)[key];
  }
  return here;
}

/**
 * Validates a JSONB value with one of the schemas of this area, throwing a `ThresholdConfigError`
 * that names the first offending field (prefixed with `column`), its value and the rule.
 */
export function parseConfig<S extends z.ZodType>(schema: S, column: string, json: unknown): z.output<S> {
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
  const field = [column, ...path].join('.');
  const more = result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more issue(s))` : '';
  throw new ThresholdConfigError(field, valueAt(json, path), `${issue.message}${more}`, json);
}
