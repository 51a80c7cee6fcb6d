/**
 * The lowest layer of core: building blocks with no domain meaning of their own, used by the
 * schema and everything above it. The URL allow-lists, `FieldError` and the value printer are
 * public; the calendar-date arithmetic stays internal.
 */

export * from './field-error';
export * from './safe-url';
export * from './uuid';
export * from './value-format';
