/**
 * Turns zod issues into {@link SchemaIssue}s: every issue gets an "allowed" text in words and
 * the offending value found at its path. Internal to the schema folder (not exported by core).
 *
 * Convention for schema authors: a custom zod `error` on a schema or refinement is read as the
 * *allowed* text (`'an integer >= 1'`, `'one of the offered presets: ...'`), because the message
 * is rendered as `<field>: got <value>; allowed: <error text>` (a leading `must be ` is dropped, so
 * `'must be a CSS colour'` also reads well).
 */
import type { z } from 'zod';
import { createSchemaIssue, type SchemaIssue } from './schema-validation-error';

type RawIssue = z.core.$ZodRawIssue;

const EXPECTED: Record<string, string> = {
  object: 'a JSON object',
  record: 'a JSON object',
  array: 'an array',
  tuple: 'an array',
  string: 'a string',
  number: 'a finite number',
  int: 'an integer',
  boolean: 'true or false',
  null: 'null',
};

const FORMATS: Record<string, string> = {
  guid: 'a UUID (8-4-4-4-12 hex digits)',
  uuid: 'a UUID (8-4-4-4-12 hex digits)',
  datetime: 'an ISO 8601 date-time with a time zone, e.g. "2024-01-31T00:00:00Z"',
  date: 'a date "YYYY-MM-DD"',
  email: 'an email address',
  url: 'a URL',
  regex: 'a string of the documented form',
};

const INTEGER_FORMATS = new Set(['safeint', 'int32', 'uint32']);

function quoteAll(values: readonly unknown[]): string {
  return values.map((v) => (typeof v === 'bigint' ? `${v}n` : JSON.stringify(v))).join(', ');
}

interface NumberCheckDef {
  readonly check?: unknown;
  readonly value?: unknown;
  readonly inclusive?: unknown;
}

/**
 * The whole rule of a number schema in words, from its format and checks: `an integer >= 1`,
 * `an integer from 1 to 48`, `a number > 0`. `undefined` when `schema` is not a number schema.
 */
function numberRule(schema: z.core.$ZodType | undefined): string | undefined {
  const def = schema?._zod.def as
    | { type?: unknown; format?: unknown; checks?: readonly z.core.$ZodCheck[] }
    | undefined;
  if (def?.type !== 'number') return undefined;
  const integer = typeof def.format === 'string' && INTEGER_FORMATS.has(def.format);
  let min: { value: number; inclusive: boolean } | undefined;
  let max: { value: number; inclusive: boolean } | undefined;
  for (const check of def.checks ?? []) {
    const c = check._zod.def as NumberCheckDef;
    if (typeof c.value !== 'number') continue;
    const bound = { value: c.value, inclusive: c.inclusive !== false };
    if (c.check === 'greater_than' && (!min || c.value >= min.value)) min = bound;
    if (c.check === 'less_than' && (!max || c.value <= max.value)) max = bound;
  }
  const noun = integer ? 'an integer' : 'a finite number';
  if (min && max && min.inclusive && max.inclusive) return `${noun} from ${min.value} to ${max.value}`;
  const parts = [
    min ? `${min.inclusive ? '>=' : '>'} ${min.value}` : '',
    max ? `${max.inclusive ? '<=' : '<'} ${max.value}` : '',
  ].filter(Boolean);
  return parts.length ? `${noun} ${parts.join(' and ')}` : noun;
}

function bound(
  issue: RawIssue & { origin: string; exact?: boolean },
  limit: number | bigint,
  small: boolean,
): string {
  const n = Number(limit);
  switch (issue.origin) {
    case 'string':
      if (issue.exact) return `a string of exactly ${n} characters`;
      if (small && n === 1) return 'a non-empty string';
      return `a string of ${small ? 'at least' : 'at most'} ${n} characters`;
    case 'array':
      if (issue.exact) return `an array of exactly ${n} items`;
      if (small && n === 1) return 'a non-empty array';
      return `an array of ${small ? 'at least' : 'at most'} ${n} items`;
    default:
      return numberRule(issue.schema) ?? `a value ${small ? '>=' : '<='} ${n}`;
  }
}

/**
 * Zod error map giving every issue the text of what is allowed. Used as the parse-level `error`,
 * so a schema's own `error` wins over it (zod's precedence).
 */
export function describeAllowed(issue: RawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return numberRule(issue.schema) ?? EXPECTED[issue.expected] ?? `a value of type ${issue.expected}`;
    case 'too_small':
      return bound(issue, issue.minimum, true);
    case 'too_big':
      return bound(issue, issue.maximum, false);
    case 'invalid_format':
      return FORMATS[issue.format] ?? `a string in ${issue.format} format`;
    case 'not_multiple_of':
      return `a multiple of ${issue.divisor}`;
    case 'unrecognized_keys': {
      const shape = (issue.inst?._zod.def as { shape?: Record<string, unknown> } | undefined)?.shape;
      return shape ? `only the keys ${Object.keys(shape).join(', ')}` : 'no extra keys';
    }
    case 'invalid_union':
      if (issue.discriminator !== undefined) {
        const options = (issue as { options?: readonly unknown[] }).options;
        if (options) return `one of ${quoteAll(options)}`;
      }
      return [
        ...new Set(
          issue.errors.flatMap((branch) => branch.filter((i) => i.path.length === 0).map((i) => i.message)),
        ),
      ].join(', or ');
    case 'invalid_value':
      return issue.values.length === 1
        ? `exactly ${quoteAll(issue.values)}`
        : `one of ${quoteAll(issue.values)}`;
    case 'invalid_key':
      return issue.issues.map((i) => i.message).join(', and ');
    case 'invalid_element':
      return 'a valid element';
    default:
      return 'a valid value';
  }
}

/** Parse options for every schema validation: report inputs, describe what is allowed. */
export const PARSE_OPTIONS = { reportInput: true, error: describeAllowed } as const;

interface Flat {
  readonly path: readonly (string | number)[];
  readonly allowed: string;
  readonly key?: string;
}

function segment(key: PropertyKey): string | number {
  return typeof key === 'number' ? key : String(key);
}

/** Custom messages written as rules (`'must be a CSS colour'`) read as what is allowed (`'a CSS colour'`). */
function asAllowed(message: string): string {
  return message.replace(/^must be /, '');
}

function flatten(issue: z.core.$ZodIssue, prefix: readonly (string | number)[], out: Flat[]): void {
  const path = [...prefix, ...issue.path.map(segment)];
  if (issue.code === 'invalid_union' && issue.discriminator === undefined) {
    // One alternative had the right type and failed deeper: its issues are the useful ones.
    const deeper = issue.errors.filter(
      (branch) => branch.length > 0 && branch.every((i) => i.path.length > 0),
    );
    if (deeper.length === 1) {
      for (const inner of deeper[0]!) flatten(inner, path, out);
      return;
    }
  }
  if (issue.code === 'unrecognized_keys') {
    for (const key of issue.keys) out.push({ path: [...path, key], allowed: asAllowed(issue.message) });
    return;
  }
  if (issue.code === 'invalid_key') {
    out.push({
      path,
      allowed: asAllowed(issue.message),
      key: String(issue.path[issue.path.length - 1] ?? ''),
    });
    return;
  }
  out.push({ path, allowed: asAllowed(issue.message) });
}

/** The value at `path` inside `root`, and whether the last key is absent from its parent. */
export function valueAt(
  root: unknown,
  path: readonly (string | number)[],
): { value: unknown; missing: boolean } {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) {
      return { value: undefined, missing: node !== null && typeof node === 'object' };
    }
    node = (node as Record<string | number, unknown>)[key];
  }
  return { value: node, missing: false };
}

/** Converts zod issues about `root` (the value of `table.column`) into {@link SchemaIssue}s. */
export function toSchemaIssues(
  table: string,
  column: string,
  issues: readonly z.core.$ZodIssue[],
  root: unknown,
): SchemaIssue[] {
  const flat: Flat[] = [];
  for (const issue of issues) flatten(issue, [], flat);
  return flat.map(({ path, allowed, key }) => {
    if (key !== undefined) return createSchemaIssue(table, column, path, key, allowed);
    const { value, missing } = valueAt(root, path);
    return createSchemaIssue(table, column, path, value, allowed, missing);
  });
}
