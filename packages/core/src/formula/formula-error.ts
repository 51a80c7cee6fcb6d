/** Where in the formula text something happened: 0-based offset, 1-based line and column. */
export interface FormulaPosition {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/** Why a formula could not be parsed (`kind: 'syntax'`) or evaluated (`kind: 'evaluation'`). */
export type FormulaErrorCode =
  | 'too_long'
  | 'too_deep'
  | 'unexpected_character'
  | 'unexpected_token'
  | 'forbidden_name'
  | 'unknown_function'
  | 'wrong_arity'
  | 'unknown_metric'
  | 'unknown_parameter'
  | 'type_mismatch'
  | 'division_by_zero'
  | 'domain_error'
  | 'non_finite'
  | 'null_result'
  | 'invalid_formula'
  | 'invalid_scope';

/**
 * A formula problem as data: never thrown by `parseFormula` / `evaluateFormula`.
 * `message` names the position, what was found and what was expected.
 */
export interface FormulaError extends FormulaPosition {
  readonly kind: 'syntax' | 'evaluation';
  readonly code: FormulaErrorCode;
  readonly message: string;
  /** For syntax errors: what the parser expected at `offset`. */
  readonly expected?: string;
}

/** Turns an offset into a 1-based line and column. */
export function formulaPosition(source: string, offset: number): FormulaPosition {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, source.length);
  for (let i = 0; i < end; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { offset, line, column: offset - lineStart + 1 };
}

/** Builds a `FormulaError` whose message starts with the line and column. */
export function formulaError(
  source: string,
  kind: FormulaError['kind'],
  code: FormulaErrorCode,
  offset: number,
  detail: string,
  expected?: string,
): FormulaError {
  const position = formulaPosition(source, offset);
  const message = `${kind === 'syntax' ? 'Syntax error' : 'Evaluation error'} at line ${position.line}, column ${position.column}: ${detail}`;
  return expected === undefined
    ? { kind, code, message, ...position }
    : { kind, code, message, expected, ...position };
}
