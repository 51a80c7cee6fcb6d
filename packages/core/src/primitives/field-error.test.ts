import { describe, expect, it } from 'vitest';
import { VisualizationConfigError } from '../schema/visualization-config';
import { ThresholdConfigError } from '../thresholds/errors';
import { FieldError, fieldErrorMessage } from './field-error';
import { formatValue, MAX_VALUE_CHARS } from './value-format';

describe('fieldErrorMessage', () => {
  it('names the field, the value and what is allowed', () => {
    expect(fieldErrorMessage('position.w', -1, 'an integer >= 1')).toBe(
      'position.w: got -1; allowed: an integer >= 1',
    );
    expect(fieldErrorMessage('unit', 'kg', 'one of %, count')).toBe(
      'unit: got "kg"; allowed: one of %, count',
    );
  });

  it('prints the value with the one value printer, NaN, Infinity and long values included', () => {
    for (const value of [Number.NaN, Number.NEGATIVE_INFINITY, { a: [1, 2] }, 'x'.repeat(1000)]) {
      expect(fieldErrorMessage('f', value, 'a')).toBe(`f: got ${formatValue(value)}; allowed: a`);
    }
    expect(fieldErrorMessage('f', Number.NaN, 'a finite number')).toBe(
      'f: got NaN; allowed: a finite number',
    );
    const long = fieldErrorMessage('f', 'y'.repeat(10_000), 'short');
    expect(long.length).toBe('f: got ; allowed: short'.length + MAX_VALUE_CHARS);
  });
});

describe('FieldError', () => {
  it('keeps field, value and allowed, and takes its name from the subclass', () => {
    class LimitError extends FieldError {}
    const error = new LimitError('limit', 0, 'an integer >= 1', { cause: 'x' });
    expect(error).toBeInstanceOf(FieldError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('LimitError');
    expect([error.field, error.value, error.allowed, error.cause]).toEqual([
      'limit',
      0,
      'an integer >= 1',
      'x',
    ]);
    expect(error.message).toBe('limit: got 0; allowed: an integer >= 1');
    expect(new FieldError('a', 1, 'b', { message: 'a: two values clash' }).message).toBe(
      'a: two values clash',
    );
  });

  it('is the base of core threshold and visualization errors, which keep their names', () => {
    const threshold = new ThresholdConfigError('threshold_config.warning', 'x', 'a number');
    expect(threshold).toBeInstanceOf(FieldError);
    expect(threshold.name).toBe('ThresholdConfigError');
    expect(threshold.message).toBe('threshold_config.warning: got "x"; allowed: a number');
    const visual = new VisualizationConfigError(
      'gauge',
      'visualization_config.min',
      Number.POSITIVE_INFINITY,
      'a finite number',
    );
    expect(visual).toBeInstanceOf(FieldError);
    expect(visual.name).toBe('VisualizationConfigError');
    expect(visual.message).toBe(
      'visualization_config.min: got Infinity; allowed: a finite number (for a gauge widget)',
    );
  });
});
