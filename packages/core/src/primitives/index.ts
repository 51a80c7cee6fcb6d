/**
 * The lowest layer of core: building blocks with no domain meaning of their own, used by the
 * schema and everything above it. Only the URL allow-lists are public; the calendar-date
 * arithmetic stays internal.
 */
export * from './safe-url';
