import type { FormulaError } from './formula-error';
import { formulaError } from './formula-error';

/** One lexical token of a formula; `start`/`end` are offsets into the source (end exclusive). */
export interface FormulaToken {
  readonly type: 'number' | 'identifier' | 'parameter' | 'operator' | 'end';
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** Parsed value for `number` tokens. */
  readonly value?: number;
}

const OPERATORS_2 = new Set(['==', '!=', '<=', '>=', '&&', '||']);
const OPERATORS_1 = new Set(['+', '-', '*', '/', '%', '^', '(', ')', ',', '<', '>', '!']);

const isDigit = (c: number) => c >= 48 && c <= 57;
const isIdentStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isIdentPart = (c: number) => isIdentStart(c) || isDigit(c);
const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

/** Splits formula text into tokens; ASCII only, so look-alike Unicode names cannot sneak in. */
export function tokenizeFormula(
  source: string,
): { ok: true; tokens: FormulaToken[] } | { ok: false; error: FormulaError } {
  const tokens: FormulaToken[] = [];
  let i = 0;
  const n = source.length;
  while (i < n) {
    const c = source.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    const start = i;
    if (isDigit(c) || (c === 46 && i + 1 < n && isDigit(source.charCodeAt(i + 1)))) {
      while (i < n && isDigit(source.charCodeAt(i))) i++;
      if (i < n && source.charCodeAt(i) === 46) {
        i++;
        while (i < n && isDigit(source.charCodeAt(i))) i++;
      }
      if (i < n && (source[i] === 'e' || source[i] === 'E')) {
        let j = i + 1;
        if (j < n && (source[j] === '+' || source[j] === '-')) j++;
        if (j < n && isDigit(source.charCodeAt(j))) {
          while (j < n && isDigit(source.charCodeAt(j))) j++;
          i = j;
        } else {
          return {
            ok: false,
            error: formulaError(
              source,
              'syntax',
              'unexpected_character',
              j,
              `the exponent of number '${source.slice(start, j)}' has no digits`,
              'a digit',
            ),
          };
        }
      }
      if (i < n && isIdentStart(source.charCodeAt(i))) {
        return {
          ok: false,
          error: formulaError(
            source,
            'syntax',
            'unexpected_character',
            i,
            `unexpected '${source[i]}' right after number '${source.slice(start, i)}'`,
            'an operator, a comma or a closing parenthesis',
          ),
        };
      }
      const text = source.slice(start, i);
      tokens.push({ type: 'number', text, start, end: i, value: Number(text) });
      continue;
    }
    if (isIdentStart(c) || (c === 36 && i + 1 < n && isIdentStart(source.charCodeAt(i + 1)))) {
      const isParameter = c === 36;
      i++;
      while (i < n && isIdentPart(source.charCodeAt(i))) i++;
      const text = source.slice(start, i);
      tokens.push({ type: isParameter ? 'parameter' : 'identifier', text, start, end: i });
      continue;
    }
    const two = source.slice(i, i + 2);
    if (OPERATORS_2.has(two)) {
      tokens.push({ type: 'operator', text: two, start, end: i + 2 });
      i += 2;
      continue;
    }
    const one = source[i] as string;
    if (OPERATORS_1.has(one)) {
      tokens.push({ type: 'operator', text: one, start, end: i + 1 });
      i++;
      continue;
    }
    let detail = `unexpected character ${JSON.stringify(one)}`;
    if (one === '.' || one === '[') detail += ' (property access is not part of the formula language)';
    else if (one === '=') detail += " (compare with '==')";
    else if (one === '$') detail += ' (a parameter is written $name, starting with a letter or _)';
    return {
      ok: false,
      error: formulaError(
        source,
        'syntax',
        'unexpected_character',
        i,
        detail,
        'a number, a name, $parameter, an operator or a parenthesis',
      ),
    };
  }
  tokens.push({ type: 'end', text: '', start: n, end: n });
  return { ok: true, tokens };
}
