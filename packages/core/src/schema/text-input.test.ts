import { describe, expect, it } from 'vitest';
import { plainTextProblem } from './text-input';

describe('plainTextProblem', () => {
  it.each(['', 'Coverage', 'Grüße 😀', '\uD83D\uDE00 paired'])('accepts %j', (text) => {
    expect(plainTextProblem(text)).toBeUndefined();
  });
  it.each([
    ['a lone high surrogate', 'team\uD800'],
    ['a lone low surrogate', '\uDC00team'],
    ['surrogates in the wrong order', '\uDE00\uD83D'],
  ])('refuses %s', (_, text) => {
    expect(plainTextProblem(text)).toBe('a string of well-formed Unicode (no unpaired UTF-16 surrogate)');
  });
  it('refuses the NUL character', () => {
    expect(plainTextProblem('a\u0000b')).toBe('a string without the NUL character (\\u0000)');
  });
});
