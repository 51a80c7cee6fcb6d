/**
 * The base of every error that rejects one input value: core's schema, visualization and
 * threshold errors and the server's validation errors extend it, so a caller (or an HTTP
 * handler turning errors into problem+json) reads `field`, `value` and `allowed` the same way
 * from all of them.
 */
import { formatValue } from './value-format';

/**
 * The one message format: `<field>: got <value>; allowed: <allowed>`, the value printed by
 * {@link formatValue} (bounded, `NaN` and `Infinity` spelled out).
 * @example fieldErrorMessage('position.w', -1, 'an integer >= 1') // 'position.w: got -1; allowed: an integer >= 1'
 */
export function fieldErrorMessage(field: string, value: unknown, allowed: string): string {
  return `${field}: got ${formatValue(value)}; allowed: ${allowed}`;
}

/** Thrown when one value is refused; `message` defaults to {@link fieldErrorMessage}. */
export class FieldError extends Error {
  /** Where the value was found: a column, a dotted path (`threshold_config.warning.low`) or an argument. */
  readonly field: string;
  /** The refused value, as given (`undefined` when it was missing). */
  readonly value: unknown;
  /** What would have been accepted there, in words (`an integer >= 1`), or the rule that was broken. */
  readonly allowed: string;

  /**
   * `options.message` replaces the default message where more than one value is at fault or the
   * fix needs more words than `allowed`; it must still name the field.
   */
  constructor(
    field: string,
    value: unknown,
    allowed: string,
    options?: { readonly message?: string; readonly cause?: unknown },
  ) {
    super(
      options?.message ?? fieldErrorMessage(field, value, allowed),
      options !== undefined && 'cause' in options ? { cause: options.cause } : undefined,
    );
    this.name = new.target.name;
    this.field = field;
    this.value = value;
    this.allowed = allowed;
  }
}
