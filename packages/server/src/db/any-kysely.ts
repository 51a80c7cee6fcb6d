import type { Kysely } from 'kysely';

/** A Kysely handle over any schema: migrations and catalog reads run before or beside the typed one. */
// biome-ignore lint/suspicious/noExplicitAny: Kysely's tables are invariant; `any` is how Kysely itself types schema-agnostic code.
export type AnyKysely = Kysely<any>;
