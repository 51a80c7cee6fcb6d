import { describe, expect, it } from 'vitest';
import { formatValue, MAX_VALUE_CHARS } from './value-format';

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

  it('cuts long arrays and objects at the same length, whatever their size or depth', () => {
    const wide = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`key${i}`, i]));
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    for (const value of [wide, deep, Array.from({ length: 10_000 }, (_, i) => i)]) {
      const text = formatValue(value);
      expect(text).toHaveLength(MAX_VALUE_CHARS);
      expect(text.endsWith('…')).toBe(true);
    }
    expect(formatValue(wide).startsWith('{"key0":0,"key1":1,')).toBe(true);
  });

  it('prints numbers as JSON does, and the non-finite ones by name', () => {
    expect([0, -0, 1.5, -2e-7, 1e21, Number.MAX_VALUE].map(formatValue)).toEqual(
      [0, -0, 1.5, -2e-7, 1e21, Number.MAX_VALUE].map((n) => JSON.stringify(n)),
    );
    expect([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN].map(formatValue)).toEqual([
      'Infinity',
      '-Infinity',
      'NaN',
    ]);
  });

  it('quotes strings with JSON escapes', () => {
    expect(formatValue('say "hi"\n')).toBe(JSON.stringify('say "hi"\n'));
    expect(formatValue('')).toBe('""');
  });
});
