import { describe, expect, it } from 'vitest';
import {
  createSchemaIssue,
  formatFieldPath,
  formatValue,
  MAX_VALUE_CHARS,
  SchemaValidationError,
} from './schema-validation-error';

describe('formatValue', () => {
  it('writes JSON, and spells out the values JSON cannot show', () => {
    expect(formatValue({ a: [1, 'two', null, true] })).toBe('{"a":[1,"two",null,true]}');
    expect(formatValue(Number.NaN)).toBe('NaN');
    expect(formatValue(-Infinity)).toBe('-Infinity');
    expect(formatValue(undefined)).toBe('undefined');
    expect(formatValue(12n)).toBe('12n');
    expect(formatValue([1, undefined])).toBe('[1,undefined]');
    expect(formatValue(new Date('2024-01-31T00:00:00Z'))).toBe('Date(2024-01-31T00:00:00.000Z)');
    expect(formatValue(new Date(Number.NaN))).toBe('Date(invalid)');
    expect(formatValue(new Map())).toBe('Map {}');
    expect(formatValue(function handler() {})).toBe('[function handler]');
    expect(formatValue(Symbol('s'))).toBe('Symbol(s)');
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(formatValue(cycle)).toBe('{"self":[circular]}');
  });

  it(`cuts values longer than ${MAX_VALUE_CHARS} characters with an ellipsis`, () => {
    const text = formatValue('x'.repeat(500));
    expect(text).toHaveLength(MAX_VALUE_CHARS);
    expect(text).toBe(`"${'x'.repeat(MAX_VALUE_CHARS - 2)}…`);
    expect(formatValue('x'.repeat(MAX_VALUE_CHARS - 2))).toBe(`"${'x'.repeat(MAX_VALUE_CHARS - 2)}"`);
  });
});

describe('formatFieldPath', () => {
  it('writes identifiers with dots, indexes and other keys in brackets', () => {
    expect(formatFieldPath('t', 'c', [])).toBe('t.c');
    expect(formatFieldPath('t', 'c', ['series', 0, 'metricId'])).toBe('t.c.series[0].metricId');
    expect(formatFieldPath('t', 'c', ['odd key', '', '1st', '$ok_2'])).toBe(
      't.c["odd key"][""]["1st"].$ok_2',
    );
  });
});

describe('SchemaValidationError', () => {
  it('uses the single issue as its message, or lists every issue under a count', () => {
    const one = createSchemaIssue('dashboard_widgets', 'position', ['w'], -1, 'an integer >= 1');
    const two = createSchemaIssue('dashboard_widgets', 'position', ['h'], undefined, 'an integer >= 1', true);
    expect(two.message).toBe(
      'dashboard_widgets.position.h: got nothing (required key missing); allowed: an integer >= 1',
    );
    const single = new SchemaValidationError('dashboard_widgets', 'position', [one]);
    expect(single).toBeInstanceOf(Error);
    expect(single.name).toBe('SchemaValidationError');
    expect(single.message).toBe('dashboard_widgets.position.w: got -1; allowed: an integer >= 1');
    expect(new SchemaValidationError('dashboard_widgets', 'position', [one, two]).message).toBe(
      [
        'dashboard_widgets.position has 2 invalid values:',
        '- dashboard_widgets.position.w: got -1; allowed: an integer >= 1',
        '- dashboard_widgets.position.h: got nothing (required key missing); allowed: an integer >= 1',
      ].join('\n'),
    );
  });
});
