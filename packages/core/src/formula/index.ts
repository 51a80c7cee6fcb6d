export type { FormulaChild, FormulaResult, FormulaScope, FormulaValue } from './evaluate';
export { evaluateFormula } from './evaluate';
export type { FormulaError, FormulaErrorCode, FormulaPosition } from './formula-error';
export { formulaPosition } from './formula-error';
export type { FormulaBinaryOperator, FormulaNode, ParsedFormula, ParseFormulaResult } from './parser';
export { FORMULA_FUNCTIONS, FORMULA_LIMITS, isForbiddenFormulaName, parseFormula } from './parser';
