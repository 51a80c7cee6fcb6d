/** The types the route modules share with the handler that registers them. */
import type { Database } from '@arion-metrics/core';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import type { Store } from '../store/open-store';

/** The per-request values routes read from the context. */
export interface ApiEnv {
  Variables: {
    /** The store opened for the request's principal. */
    store: Store;
  };
}

/** The app the route modules register on. */
export type Api = OpenAPIHono<ApiEnv>;

/** Settings the route modules need besides the store. */
export interface RouteContext {
  readonly db: Kysely<Database>;
  readonly now: () => Date;
}
