import { describe, expect, it } from 'vitest';
import { FieldError } from '../primitives/field-error';
import { createSchemaIssue, formatFieldPath, SchemaValidationError } from './schema-validation-error';

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
    expect(single).toBeInstanceOf(FieldError);
    expect([single.field, single.value, single.allowed]).toEqual([
      'dashboard_widgets.position.w',
      -1,
      'an integer >= 1',
    ]);
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
