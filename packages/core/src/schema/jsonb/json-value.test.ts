import { PGlite } from '@electric-sql/pglite';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testSize } from '../../testing/test-size';
import {
  findJsonProblems,
  isStorableJsonObject,
  jsonObjectSchema,
  jsonValueSchema,
  MAX_JSON_DEPTH,
} from './json-value';

// PostgreSQL is the reference: a value is JSON for us exactly when JSONB stores it and gives it back unchanged.
let pg: PGlite;
beforeAll(async () => {
  pg = await PGlite.create();
}, 60_000);
afterAll(async () => {
  await pg.close();
});

/** Strict structural equality between what PostgreSQL gave back (`back`) and the original value. */
function sameJson(back: unknown, original: unknown): boolean {
  if (typeof original === 'number') return typeof back === 'number' && back === original; // -0 === 0: JSON has one zero
  if (original === null || typeof original === 'string' || typeof original === 'boolean')
    return back === original;
  if (Array.isArray(original)) {
    if (!Array.isArray(back) || back.length !== original.length) return false;
    for (let i = 0; i < original.length; i++) {
      if (!(i in original) || !sameJson(back[i], original[i])) return false;
    }
    return true;
  }
  if (typeof original !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(original);
  if (proto !== Object.prototype && proto !== null) return false;
  if (back === null || typeof back !== 'object' || Array.isArray(back)) return false;
  const keys = Object.keys(original);
  if (keys.length !== Object.keys(back).length) return false;
  return keys.every(
    (k) =>
      Object.hasOwn(back, k) &&
      sameJson((back as Record<string, unknown>)[k], (original as Record<string, unknown>)[k]),
  );
}

/** Round trip through PostgreSQL JSONB: `null` when stringify or PostgreSQL refuses, else the value read back and its jsonb_typeof. */
async function throughJsonb(value: unknown): Promise<{ back: unknown; type: string } | null> {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    return null;
  }
  if (text === undefined) return null;
  try {
    const { rows } = await pg.query<{ v: string; t: string }>(
      'SELECT ($1::text::jsonb)::text AS v, jsonb_typeof($1::text::jsonb) AS t',
      [text],
    );
    return { back: JSON.parse(rows[0]!.v), type: rows[0]!.t };
  } catch {
    return null;
  }
}

/** Whether some object inside `value` has an own `__proto__` key (refused although JSONB stores it). */
function hasProtoKey(value: unknown, depth = 0): boolean {
  if (value === null || typeof value !== 'object' || depth > 10) return false;
  if (Object.hasOwn(value, '__proto__')) return true;
  return Object.values(value).some((v) => hasProtoKey(v, depth + 1));
}

// Strings that JSONB refuses (NUL, unpaired surrogates) mixed with ordinary and astral characters.
const trickyString = fc.string({
  unit: fc.constantFrom('a', 'é', '\u0000', '\ud800', '\udc00', '\ud83d\ude00', '"', '\\', '\n'),
  maxLength: 4,
});

const anyValue = fc.anything({
  maxDepth: 3,
  key: fc.oneof(fc.string(), trickyString),
  values: [
    fc.boolean(),
    fc.integer(),
    fc.double(),
    fc.string({ unit: 'binary' }),
    trickyString,
    fc.constantFrom(
      null,
      undefined,
      Number.NaN,
      0,
      -0,
      Infinity,
      -Infinity,
      Number.MAX_VALUE,
      Number.MIN_VALUE,
    ),
  ],
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withSparseArray: true,
  withTypedArray: true,
});

describe('jsonValueSchema', () => {
  it('accepts exactly the values PostgreSQL JSONB stores and returns unchanged, but no __proto__ key', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyValue, fc.jsonValue({ maxDepth: 3 })), async (value) => {
        const stored = await throughJsonb(value);
        const survives = stored !== null && sameJson(stored.back, value) && !hasProtoKey(value);
        expect(jsonValueSchema.safeParse(value).success).toBe(survives);
        expect(findJsonProblems(value).length === 0).toBe(survives);
      }),
      { numRuns: testSize(400) },
    );
  });

  it('reports each non-JSON part at its own path with what is allowed there', () => {
    const problems = findJsonProblems({
      ok: 1,
      bad: [1, Number.NaN, { when: new Date(0) }],
      gone: undefined,
    });
    expect(problems.map((p) => [p.path, p.value])).toEqual([
      [['bad', 1], Number.NaN],
      [['bad', 2, 'when'], new Date(0)],
      [['gone'], undefined],
    ]);
    expect(problems[0]!.allowed).toBe('a finite number (JSON has no NaN or Infinity)');
    expect(problems[1]!.allowed).toContain('store dates as ISO 8601 strings');
    expect(problems[2]!.allowed).toContain('leave the key out instead of undefined');
  });

  it('rejects strings and keys PostgreSQL JSONB cannot store', async () => {
    for (const bad of [{ text: 'a\u0000b' }, { 'k\u0000': 1 }, { text: '\ud800' }]) {
      expect(await throughJsonb(bad)).toBeNull();
      expect(jsonValueSchema.safeParse(bad).success).toBe(false);
    }
    expect(findJsonProblems({ text: 'a\u0000b' })[0]!.allowed).toContain('NUL');
    expect(findJsonProblems({ 'k\ud800': 1 })[0]!.path).toEqual(['k\ud800']);
  });

  it('reports a circular reference once, where the cycle closes', () => {
    const node: Record<string, unknown> = { a: 1 };
    node.self = node;
    const problems = findJsonProblems({ node });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path).toEqual(['node', 'self']);
  });

  it(`rejects nesting deeper than ${MAX_JSON_DEPTH} levels`, () => {
    let deep: unknown = 1;
    for (let i = 0; i < MAX_JSON_DEPTH; i++) deep = [deep];
    expect(findJsonProblems(deep)).toEqual([]);
    const problems = findJsonProblems([deep]);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path).toHaveLength(MAX_JSON_DEPTH);
    expect(problems[0]!.allowed).toBe(`at most ${MAX_JSON_DEPTH} levels of nesting`);
  });
});

describe('jsonObjectSchema', () => {
  it('accepts exactly what JSONB stores unchanged as an object (the spec CHECK jsonb_typeof(...) = object), but no __proto__ key', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyValue, fc.jsonValue({ maxDepth: 3 })), async (value) => {
        const stored = await throughJsonb(value);
        const storedObject =
          stored !== null && stored.type === 'object' && sameJson(stored.back, value) && !hasProtoKey(value);
        expect(jsonObjectSchema.safeParse(value).success).toBe(storedObject);
        // The fast path agrees with PostgreSQL too.
        expect(isStorableJsonObject(value)).toBe(storedObject);
      }),
      { numRuns: testSize(300) },
    );
  });
});

describe('isStorableJsonObject (the fast path of the open columns)', () => {
  it('agrees with the full check on every value, however it is nested', () => {
    fc.assert(
      fc.property(fc.oneof(anyValue, fc.dictionary(fc.string(), anyValue), fc.jsonValue()), (value) => {
        const isObject =
          value !== null &&
          typeof value === 'object' &&
          !Array.isArray(value) &&
          [Object.prototype, null].includes(Object.getPrototypeOf(value));
        expect(isStorableJsonObject(value)).toBe(isObject && findJsonProblems(value).length === 0);
      }),
      { numRuns: testSize(1000) },
    );
  });

  it('scalarsOnly: true only for objects of JSON scalars (the dimensions column)', () => {
    expect(isStorableJsonObject({ region: 'emea', tier: 1, critical: true, none: null }, true)).toBe(true);
    expect(isStorableJsonObject({ list: [1] }, true)).toBe(false);
    expect(isStorableJsonObject({ nested: {} }, true)).toBe(false);
    expect(isStorableJsonObject({ n: Number.NaN }, true)).toBe(false);
    expect(isStorableJsonObject({ s: 'a\u0000' }, true)).toBe(false);
    expect(isStorableJsonObject({ 'k\ud800': 1 }, true)).toBe(false);
    expect(isStorableJsonObject({ u: undefined }, true)).toBe(false);
  });

  it('is false for cycles, depth past the limit and inherited keys, so the full check reports them', () => {
    const node: Record<string, unknown> = { a: 1 };
    node.self = node;
    expect(isStorableJsonObject({ node })).toBe(false);
    let deep: unknown = 1;
    for (let i = 0; i < MAX_JSON_DEPTH - 1; i++) deep = [deep];
    expect(isStorableJsonObject({ deep })).toBe(true);
    expect(isStorableJsonObject({ deep: [deep] })).toBe(false);
    expect(findJsonProblems({ deep: [deep] })).toHaveLength(1);
  });
});
