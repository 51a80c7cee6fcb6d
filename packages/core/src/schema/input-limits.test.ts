import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatValue, MAX_VALUE_CHARS } from '../primitives/value-format';
import { testSize } from '../testing/test-size';
import {
  DEFAULT_MAX_JSONB_CHARS,
  findJsonLimitProblem,
  isStorableJsonObject,
  MAX_JSON_DEPTH,
} from './jsonb/json-value';
import { SchemaValidationError } from './schema-validation-error';
import type { TableName } from './tables';
import { ARRAY_COLUMN_LIMITS, JSONB_COLUMNS, safeValidateJsonb, validateRow } from './validate';
import { parseVisualizationConfig, VisualizationConfigError } from './visualization-config';

/** `value` nested inside `levels` arrays. */
function nested(levels: number, value: unknown = 1): unknown {
  let out = value;
  for (let i = 0; i < levels; i++) out = [out];
  return out;
}

const jsonbColumns = Object.entries(JSONB_COLUMNS).flatMap(([table, columns]) =>
  Object.keys(columns).map((column) => [table as TableName, column] as const),
);
const arrayColumns = Object.entries(ARRAY_COLUMN_LIMITS).flatMap(([table, columns]) =>
  Object.entries(columns).map(([column, limit]) => [table as TableName, column, limit] as const),
);

function issueOf(table: TableName, column: string, value: unknown) {
  const result = safeValidateJsonb(table, column as never, value);
  expect(result.ok).toBe(false);
  return (result as { error: SchemaValidationError }).error.issues[0]!;
}

describe('limits of every JSONB column', () => {
  it.each(jsonbColumns)(
    `%s.%s refuses nesting past ${MAX_JSON_DEPTH} levels, even 100,000 deep, naming the field`,
    (table, column) => {
      const issue = issueOf(table, column, { deep: nested(100_000) });
      expect(issue.field.startsWith(`${table}.${column}.deep[0][0]`)).toBe(true);
      expect(issue.path).toHaveLength(MAX_JSON_DEPTH);
      expect(issue.allowed).toBe(`at most ${MAX_JSON_DEPTH} levels of nested arrays and objects`);
      expect(issue.message.length).toBeLessThan(500);
    },
  );

  it.each(jsonbColumns)('%s.%s refuses a __proto__ key, naming it', (table, column) => {
    const value = JSON.parse('{"inner": {"__proto__": {"polluted": true}}}') as unknown;
    const issue = issueOf(table, column, value);
    expect(issue.field).toBe(`${table}.${column}.inner.__proto__`);
    expect(issue.allowed).toContain('a key other than "__proto__"');
  });

  it.each(jsonbColumns)('%s.%s refuses a value past its size limit', (table, column) => {
    const { maxChars } = JSONB_COLUMNS[table][column as never] as { maxChars: number };
    const issue = issueOf(table, column, { text: 'x'.repeat(maxChars) });
    expect(issue.field).toBe(`${table}.${column}.text`);
    expect(issue.allowed).toContain(`at most ${maxChars} characters of JSON text`);
  });

  it('measures the size as the length of the compact JSON text', () => {
    const value = { text: 'x'.repeat(100) };
    const length = JSON.stringify(value).length;
    expect(findJsonLimitProblem(value, length)).toBeUndefined();
    expect(findJsonLimitProblem(value, length - 1)?.path).toEqual([]);
    expect(findJsonLimitProblem(value, 101)?.path).toEqual(['text']);
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (json) => {
        const text = JSON.stringify(json);
        fc.pre(!text.includes('\\') && !text.includes('"__proto__"'));
        expect(findJsonLimitProblem(json, text.length)).toBeUndefined();
        expect(findJsonLimitProblem(json, text.length - 1)).toBeDefined();
      }),
      { numRuns: testSize(300) },
    );
  });

  it('refuses an object of 1,000,000 keys in metadata at the column, with a short message', () => {
    const huge: Record<string, number> = {};
    for (let i = 0; i < 1_000_000; i++) huge[`k${i}`] = i;
    const issue = issueOf('metric_calculations', 'metadata', huge);
    expect(issue.field).toBe('metric_calculations.metadata');
    expect(issue.allowed).toContain(`at most ${DEFAULT_MAX_JSONB_CHARS} characters`);
    expect(issue.message.length).toBeLessThan(400);
  });

  it('lets the fast path of the open columns accept nothing the limit walk refuses', () => {
    let accepted = 0;
    const runs = testSize(500);
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), fc.integer({ min: 2, max: 400 }), (json, maxChars) => {
        const value = { v: json };
        if (!isStorableJsonObject(value, false, maxChars)) return;
        accepted++;
        expect(findJsonLimitProblem(value, maxChars)).toBeUndefined();
      }),
      { numRuns: runs },
    );
    // More than half of the random values fit; a tenth is the floor that says the property ran at all.
    expect(accepted).toBeGreaterThan(runs / 10);
    expect(isStorableJsonObject({ deep: nested(MAX_JSON_DEPTH) })).toBe(false);
    expect(isStorableJsonObject(JSON.parse('{"__proto__": 1}'))).toBe(false);
  });

  it('reports a cycle at the depth limit as a cycle', () => {
    const node: Record<string, unknown> = {};
    node.self = node;
    expect(findJsonLimitProblem({ node }, DEFAULT_MAX_JSONB_CHARS)).toMatchObject({
      value: '[circular reference]',
    });
  });

  it('lets an image widget carry a data URL of up to 2,000,000 characters', () => {
    const src = `data:image/png;base64,${'A'.repeat(2_000_000 - 22)}`;
    expect(() =>
      validateRow('dashboard_widgets', { widget_type: 'image', visualization_config: { src, alt: 'Logo' } }),
    ).not.toThrow();
  });
});

describe('parseVisualizationConfig', () => {
  it('refuses a value nested 100,000 levels deep with an error naming the field', () => {
    const attempt = () => parseVisualizationConfig('metric_card', { title: nested(100_000) });
    expect(attempt).toThrow(VisualizationConfigError);
    expect(attempt).toThrow(
      /^visualization_config\.title\.0\.0(\.0)*: got \[\[\[.*; allowed: at most 32 levels of nested arrays and objects \(for a metric_card widget\)$/,
    );
  });
});

describe('limits of every array column', () => {
  it.each(arrayColumns)('%s.%s refuses more than its maxItems', (table, column, limit) => {
    const value = Array.from({ length: limit.maxItems + 1 }, (_, i) => `v${i}`);
    const error = (() => {
      try {
        validateRow(table, { [column]: value });
      } catch (e) {
        return e;
      }
    })() as SchemaValidationError;
    expect(error).toBeInstanceOf(SchemaValidationError);
    expect(error.issues[0]!.field).toBe(`${table}.${column}`);
    expect(error.issues[0]!.allowed).toBe(`an array of at most ${limit.maxItems} items`);
  });

  it('refuses 100,000 tags, a tag that is too long and a tag with an unpaired surrogate, naming the item', () => {
    const refused = (tags: unknown) => {
      try {
        validateRow('metric_definitions', { tags });
      } catch (e) {
        return (e as SchemaValidationError).issues[0]!;
      }
      throw new Error('accepted');
    };
    expect(refused(Array.from({ length: 100_000 }, (_, i) => `t${i}`)).field).toBe('metric_definitions.tags');
    expect(refused(['ok', 'x'.repeat(101)]).field).toBe('metric_definitions.tags[1]');
    expect(refused(['ok', 'bad\uD800']).allowed).toBe(
      'a string of well-formed Unicode (no unpaired UTF-16 surrogate)',
    );
  });
});

describe('formatValue', () => {
  it(`renders any value in at most ${MAX_VALUE_CHARS} characters, however deep or wide`, () => {
    const wide: Record<string, number> = {};
    for (let i = 0; i < 100_000; i++) wide[`k${i}`] = i;
    for (const value of [nested(100_000), wide, 'x'.repeat(10_000_000)]) {
      const text = formatValue(value);
      expect(text.length).toBe(MAX_VALUE_CHARS);
      expect(text.endsWith('…')).toBe(true);
    }
    expect(formatValue(nested(3))).toBe('[[[1]]]');
  });
});
