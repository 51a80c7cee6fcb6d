/**
 * Errors of the thresholds area: a {@link FieldError} naming the field, the value found and what
 * is allowed, so that a user can fix the configuration from the message alone.
 */
import type { z } from 'zod';
import { FieldError } from '../primitives/field-error';

/** A `threshold_config`, `condition_config` or `escalation_config` that cannot be used, with the field at fault. */
export class ThresholdConfigError extends FieldError {
  /**
   * `field` is the dotted path of the offending field, starting with the column name (e.g.
   * `threshold_config.warning.low`); `config`, the whole value, becomes the `cause`.
   */
  constructor(field: string, value: unknown, allowed: string, config?: unknown) {
    super(field, value, allowed, { cause: config });
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
 * For a union that failed as a whole, the issue of the branch that got furthest (the longest path),
 * with the union's path in front: `warning.value: expected number` rather than `warning: Invalid input`.
 */
function mostSpecific(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return issue;
  let best: z.core.$ZodIssue | undefined;
  for (const branch of issue.errors) {
    const first = branch[0];
    if (first !== undefined && (best === undefined || first.path.length > best.path.length)) best = first;
  }
  if (best === undefined || best.path.length === 0) return issue;
  return mostSpecific({ ...best, path: [...issue.path, ...best.path] });
}

/**
 * Validates a JSONB value with one of the schemas of this area, throwing a `ThresholdConfigError`
 * that names the first offending field (prefixed with `column`), its value and the rule.
 */
export function parseConfig<S extends z.ZodType>(schema: S, column: string, json: unknown): z.output<S> {
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const issue = mostSpecific(result.error.issues[0]!);
  const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
  const more = result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more issue(s))` : '';
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    throw new ThresholdConfigError(
      [column, ...path, key].join('.'),
      valueAt(json, [...path, key]),
      `no such key here (misspelt, or not part of this shape; see the README)${more}`,
      json,
    );
  }
  // zod's own wording, minus its prefixes: "Too big: expected number to be <=1" -> "expected number to be <=1".
  const text = issue.message
    .replace(/^(Too big|Too small|Invalid input): /, '')
    .replace(/^Invalid discriminator value\. Expected /, 'expected one of ');
  throw new ThresholdConfigError([column, ...path].join('.'), valueAt(json, path), `${text}${more}`, json);
}
