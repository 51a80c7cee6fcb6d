import { FieldError, formatValue } from '@arion-metrics/core';
import { describe, expect, it } from 'vitest';
import {
  NotFoundError,
  StoreError,
  StoreValidationError,
  translateDatabaseError,
  UnknownPrincipalError,
} from './store-errors';

describe('StoreValidationError', () => {
  it("is a core FieldError with core's message format, and still a StoreError", () => {
    const error = new StoreValidationError('metrics.unit', Number.NaN, 'a unit of METRIC_UNITS');
    expect(error).toBeInstanceOf(FieldError);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('StoreValidationError');
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe('metrics.unit: got NaN; allowed: a unit of METRIC_UNITS');
    const long = { note: 'z'.repeat(500) };
    expect(new StoreValidationError('f', long, 'short').message).toBe(
      `f: got ${formatValue(long)}; allowed: short`,
    );
  });

  it('keeps the subclasses, codes and instanceof answers callers rely on', () => {
    const unknown = new UnknownPrincipalError('user', 'org-1', 'user-1');
    expect(unknown).toBeInstanceOf(UnknownPrincipalError);
    expect(unknown).toBeInstanceOf(StoreValidationError);
    expect(unknown).toBeInstanceOf(StoreError);
    expect(unknown).toBeInstanceOf(FieldError);
    expect([unknown.name, unknown.code, unknown.field, unknown.value]).toEqual([
      'UnknownPrincipalError',
      'unknown_principal',
      'principal.userId',
      'user-1',
    ]);
    const notFound = new NotFoundError('metric', 'm-1');
    expect(notFound).toBeInstanceOf(StoreError);
    expect(notFound).not.toBeInstanceOf(FieldError);
    expect(notFound).not.toBeInstanceOf(StoreValidationError);
    expect(unknown).not.toBeInstanceOf(NotFoundError);
    expect(new Error('x')).not.toBeInstanceOf(StoreError);
  });

  it('is what a NOT NULL violation from the database becomes', () => {
    const pgError = Object.assign(new Error('null value'), {
      code: '23502',
      table: 'metrics',
      column: 'unit',
    });
    const translated = translateDatabaseError(pgError);
    expect(translated).toBeInstanceOf(StoreValidationError);
    expect((translated as StoreValidationError).message).toBe(
      'metrics.unit: got null; allowed: a value (the column is NOT NULL)',
    );
  });
});
