import { z } from 'zod';
import { hasLoneSurrogate } from '../text-input';

/** A value that survives `JSON.stringify` → JSONB → `JSON.parse` unchanged. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

/** A JSON object: string keys, JSON values. */
export type JsonObject = { [key: string]: JsonValue };

/** A JSON scalar: string, finite number, boolean or null. */
export type JsonScalar = string | number | boolean | null;

/**
 * Deepest nesting accepted in a JSONB value: a value inside 32 arrays or objects is refused
 * (guards every later walk — schema, error formatting, the driver — against runaway recursion).
 */
export const MAX_JSON_DEPTH = 32;

/**
 * Default size limit of a JSONB column, in characters of its compact JSON text (see
 * {@link findJsonLimitProblem}); a column may document another one (`JSONB_COLUMNS[t][c].maxChars`).
 */
export const DEFAULT_MAX_JSONB_CHARS = 65_536;

/** The object key that `JSON.parse` keeps as data but an assignment turns into a prototype change. */
export const PROTO_KEY = '__proto__';

const PROTO_KEY_ALLOWED =
  'a key other than "__proto__" (it would be dropped or change the object\'s prototype when copied)';

/** One place where a value is not JSON: where, what was found and what is allowed. */
export interface JsonProblem {
  /** Path from the checked value to the offending part. */
  readonly path: readonly (string | number)[];
  /** The offending part. */
  readonly value: unknown;
  /** What would have been accepted there. */
  readonly allowed: string;
}

const JSON_VALUE = 'a JSON value (string, finite number, boolean, null, array or object)';

/**
 * Why PostgreSQL's JSONB would refuse this string, or `undefined` when it is storable:
 * JSONB text cannot hold the NUL character or unpaired UTF-16 surrogates.
 */
export function jsonbStringProblem(text: string): string | undefined {
  if (text.includes('\u0000'))
    return 'a string without the NUL character (\\u0000), which PostgreSQL JSONB cannot store';
  if (hasLoneSurrogate(text))
    return 'a string of well-formed Unicode (no unpaired surrogate), as PostgreSQL JSONB requires';
  return undefined;
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Every place in `value` that would not survive `JSON.stringify` → PostgreSQL JSONB → `JSON.parse`
 * unchanged: NaN/Infinity, `undefined` (also as a property or array element), bigint, functions,
 * symbols, Dates, Maps, class instances, sparse arrays, circular references, nesting deeper than
 * {@link MAX_JSON_DEPTH}, and strings or keys JSONB cannot store (NUL, unpaired surrogates).
 * Empty when `value` is storable JSON.
 */
export function findJsonProblems(value: unknown): JsonProblem[] {
  const problems: JsonProblem[] = [];
  const ancestors = new Set<object>();
  const visit = (node: unknown, path: (string | number)[]): void => {
    switch (typeof node) {
      case 'string': {
        const problem = jsonbStringProblem(node);
        if (problem) problems.push({ path, value: node, allowed: problem });
        return;
      }
      case 'boolean':
        return;
      case 'number':
        if (!Number.isFinite(node)) {
          problems.push({ path, value: node, allowed: 'a finite number (JSON has no NaN or Infinity)' });
        }
        return;
      case 'undefined':
        problems.push({
          path,
          value: node,
          allowed: `${JSON_VALUE}; leave the key out instead of undefined`,
        });
        return;
      case 'bigint':
        problems.push({ path, value: node, allowed: 'a finite number (a bigint is not JSON)' });
        return;
      case 'object':
        break;
      default:
        problems.push({ path, value: node, allowed: JSON_VALUE });
        return;
    }
    if (node === null) return;
    if (ancestors.has(node)) {
      problems.push({ path, value: '[circular reference]', allowed: `${JSON_VALUE} without cycles` });
      return;
    }
    if (path.length >= MAX_JSON_DEPTH) {
      problems.push({ path, value: node, allowed: `at most ${MAX_JSON_DEPTH} levels of nesting` });
      return;
    }
    if (Array.isArray(node)) {
      ancestors.add(node);
      for (let i = 0; i < node.length; i++) {
        if (!(i in node)) {
          problems.push({
            path: [...path, i],
            value: undefined,
            allowed: `${JSON_VALUE}; arrays may not have holes`,
          });
        } else {
          visit(node[i], [...path, i]);
        }
      }
      ancestors.delete(node);
      return;
    }
    if (node instanceof Date) {
      problems.push({ path, value: node, allowed: `${JSON_VALUE}; store dates as ISO 8601 strings` });
      return;
    }
    if (!isPlainObject(node)) {
      problems.push({ path, value: node, allowed: `${JSON_VALUE}; only plain objects, not class instances` });
      return;
    }
    ancestors.add(node);
    for (const [key, child] of Object.entries(node)) {
      if (key === PROTO_KEY) {
        problems.push({ path: [...path, key], value: key, allowed: PROTO_KEY_ALLOWED });
        continue;
      }
      const problem = jsonbStringProblem(key);
      if (problem) problems.push({ path: [...path, key], value: key, allowed: `a key that is ${problem}` });
      else visit(child, [...path, key]);
    }
    ancestors.delete(node);
  };
  visit(value, []);
  return problems;
}

/** One frame of {@link findJsonLimitProblem}'s walk: a value, where it hangs and how deep it is. */
interface LimitFrame {
  readonly node: unknown;
  readonly key: string | number | undefined;
  readonly parent: LimitFrame | undefined;
  readonly depth: number;
}

function framePath(frame: LimitFrame): (string | number)[] {
  const path: (string | number)[] = [];
  for (let f: LimitFrame | undefined = frame; f?.key !== undefined; f = f.parent) path.push(f.key);
  return path.reverse();
}

function scalarTextLength(node: unknown): number {
  switch (typeof node) {
    case 'string':
      return node.length + 2;
    case 'number':
      return Number.isFinite(node) ? String(node).length : 4;
    case 'boolean':
      return node ? 4 : 5;
    default:
      return node === null ? 4 : 0;
  }
}

/**
 * The limits every JSONB value must meet before any schema or error message walks it, found by
 * one iterative walk (no recursion, so no stack overflow whatever the input):
 * - nesting: at most {@link MAX_JSON_DEPTH} levels of arrays and objects (the value itself is level 1);
 * - size: at most `maxChars` characters of compact JSON text (`JSON.stringify(value)`, with each
 *   escaped character counted once); the walk stops as soon as the limit is passed;
 * - no `__proto__` key in any object (a copy made by assignment would silently drop it).
 *
 * Returns the first problem (path, value, what is allowed) or `undefined`. Other non-JSON parts
 * (NaN, Dates, cycles below the depth limit...) are left to {@link findJsonProblems}.
 *
 * For instance, `findJsonLimitProblem({ a: { b: 'x'.repeat(100) } }, 50)` reports path `['a', 'b']`:
 * "a string of at most 48 characters (...)".
 */
export function findJsonLimitProblem(value: unknown, maxChars: number): JsonProblem | undefined {
  let size = 0;
  const tooBig = (frame: LimitFrame): JsonProblem => ({
    path: framePath(frame),
    value: frame.node,
    allowed: `a JSON value whose compact JSON text has at most ${maxChars} characters in all (the limit of this column)`,
  });
  const stack: LimitFrame[] = [{ node: value, key: undefined, parent: undefined, depth: 0 }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const { node } = frame;
    if (node === null || typeof node !== 'object') {
      const length = scalarTextLength(node);
      size += length;
      if (size > maxChars) {
        if (typeof node === 'string' && length > maxChars) {
          return {
            path: framePath(frame),
            value: node,
            allowed: `a string of at most ${maxChars - 2} characters (the whole column holds at most ${maxChars} characters of JSON text)`,
          };
        }
        return tooBig({ node: value, key: undefined, parent: undefined, depth: 0 });
      }
      continue;
    }
    const isArray = Array.isArray(node);
    if (!isArray && !isPlainObject(node)) continue;
    if (frame.depth >= MAX_JSON_DEPTH) {
      let circular = false;
      for (let f = frame.parent; f && !circular; f = f.parent) circular = f.node === node;
      return {
        path: framePath(frame),
        value: circular ? '[circular reference]' : node,
        allowed: circular
          ? `${JSON_VALUE} without cycles`
          : `at most ${MAX_JSON_DEPTH} levels of nested arrays and objects`,
      };
    }
    size += 2;
    if (size > maxChars) return tooBig({ node: value, key: undefined, parent: undefined, depth: 0 });
    const depth = frame.depth + 1;
    if (isArray) {
      const items = node as unknown[];
      size += Math.max(0, items.length - 1);
      if (size > maxChars) return tooBig({ node: value, key: undefined, parent: undefined, depth: 0 });
      for (let i = items.length - 1; i >= 0; i--)
        stack.push({ node: items[i], key: i, parent: frame, depth });
      continue;
    }
    let count = 0;
    for (const key in node) {
      if (!Object.hasOwn(node, key)) continue;
      if (key === PROTO_KEY) {
        return {
          path: [...framePath(frame), key],
          value: (node as Record<string, unknown>)[key],
          allowed: PROTO_KEY_ALLOWED,
        };
      }
      size += key.length + 3 + (count > 0 ? 1 : 0);
      count++;
      if (size > maxChars) return tooBig({ node: value, key: undefined, parent: undefined, depth: 0 });
      stack.push({ node: (node as Record<string, unknown>)[key], key, parent: frame, depth });
    }
  }
  return undefined;
}

/**
 * Whether `value` is a JSON object (a plain object) that {@link findJsonProblems} would find
 * nothing wrong with, answered by one allocation-free recursive scan. `false` does not say what
 * is wrong: callers then run the full check, which names every problem. This is the fast path of
 * the open JSONB columns (`metadata` of every calculation row of a batch upsert).
 *
 * With `scalarsOnly`, the object's values must also be JSON scalars (string, finite number,
 * boolean, null), as `metric_calculations.dimensions` requires. With `maxChars`, `true` also
 * promises what {@link findJsonLimitProblem} checks: no `__proto__` key and a JSON text of at
 * most `maxChars` characters (counted generously, so a value near the limit may get `false`).
 */
export function isStorableJsonObject(
  value: unknown,
  scalarsOnly = false,
  maxChars = Number.POSITIVE_INFINITY,
): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || !isPlainObject(value)) {
    return false;
  }
  const budget = { left: maxChars - 2 };
  return scalarsOnly ? scalarValues(value as Record<string, unknown>, budget) : storable(value, 0, budget);
}

/** Characters left of a size limit; the fast path counts at least the JSON text's length. */
interface Budget {
  left: number;
}

/** Upper bound of the JSON text of a number (`-1.2345678901234567e-308` has 24 characters). */
const NUMBER_CHARS = 24;

function storableString(text: string): boolean {
  return jsonbStringProblem(text) === undefined;
}

/** A key: its text, quotes, colon and comma; `false` for keys the full check must report. */
function spendKey(key: string, budget: Budget): boolean {
  budget.left -= key.length + 4;
  return key !== PROTO_KEY && storableString(key);
}

function scalarValues(object: Record<string, unknown>, budget: Budget): boolean {
  for (const key in object) {
    if (!Object.hasOwn(object, key) || !spendKey(key, budget)) return false;
    const child = object[key];
    switch (typeof child) {
      case 'string':
        budget.left -= child.length + 2;
        if (!storableString(child)) return false;
        break;
      case 'number':
        budget.left -= NUMBER_CHARS;
        if (!Number.isFinite(child)) return false;
        break;
      case 'boolean':
        budget.left -= 5;
        break;
      default:
        budget.left -= 4;
        if (child !== null) return false;
    }
    if (budget.left < 0) return false;
  }
  return true;
}

/**
 * A depth-first scan without paths; cycles end at {@link MAX_JSON_DEPTH} and report `false`, and
 * so does a value whose JSON text may pass the budget (counted generously, see `NUMBER_CHARS`).
 */
function storable(node: unknown, depth: number, budget: Budget): boolean {
  switch (typeof node) {
    case 'string':
      budget.left -= node.length + 2;
      return budget.left >= 0 && storableString(node);
    case 'number':
      budget.left -= NUMBER_CHARS;
      return budget.left >= 0 && Number.isFinite(node);
    case 'boolean':
      budget.left -= 5;
      return budget.left >= 0;
    case 'object':
      break;
    default:
      return false;
  }
  if (node === null) {
    budget.left -= 4;
    return budget.left >= 0;
  }
  if (depth >= MAX_JSON_DEPTH) return false;
  if (depth > 0) budget.left -= 2;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      budget.left -= 1;
      if (!(i in node) || !storable(node[i], depth + 1, budget)) return false;
    }
    return true;
  }
  if (!isPlainObject(node)) return false;
  // for...in walks inherited enumerable keys too; a plain object's prototype has none, and a
  // key that is not its own sends the value to the full check.
  for (const key in node) {
    if (!Object.hasOwn(node, key) || !spendKey(key, budget)) return false;
    if (!storable((node as Record<string, unknown>)[key], depth + 1, budget)) return false;
  }
  return budget.left >= 0;
}

/** Any JSON value; each non-JSON part is reported at its own path (e.g. `metadata.samples[2]`). */
export const jsonValueSchema: z.ZodType<JsonValue, JsonValue> = z
  .custom<JsonValue>()
  .superRefine((value, ctx) => {
    for (const problem of findJsonProblems(value)) {
      ctx.addIssue({
        code: 'custom',
        path: [...problem.path],
        input: problem.value,
        message: problem.allowed,
      });
    }
  });

/** A JSON object with any keys (arrays, null, scalars and class instances are rejected); every value must be JSON. */
export const jsonObjectSchema: z.ZodType<JsonObject, JsonObject> = z
  .custom<JsonObject>()
  .superRefine((value, ctx) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || !isPlainObject(value)) {
      ctx.addIssue({ code: 'custom', path: [], input: value, message: 'a JSON object' });
      return;
    }
    for (const problem of findJsonProblems(value)) {
      ctx.addIssue({
        code: 'custom',
        path: [...problem.path],
        input: problem.value,
        message: problem.allowed,
      });
    }
  });

/** A JSON scalar: string, finite number, boolean or null. */
export const jsonScalarSchema = z.union([z.string(), z.number(), z.boolean(), z.null()], {
  error: 'a string, a finite number, true, false or null',
});
