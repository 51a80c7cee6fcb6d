/**
 * One route of the API in one call: its OpenAPI description (path, parameters, body, the success
 * response and the problems it can answer with) and its handler, which receives the validated
 * input already typed by the route's zod schemas.
 */
import { createRoute, type RouteConfig, type z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Api, ApiEnv } from './api';
import { PROBLEM_JSON } from './problem';
import { ProblemSchema } from './schemas';

type Schema = z.ZodType | undefined;
type Infer<S extends Schema> = S extends z.ZodType ? z.infer<S> : undefined;

/** What a route declares. */
export interface RouteSpec<P extends Schema, Q extends Schema, B extends Schema> {
  readonly method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Hono path syntax (`/dashboards/:id`). */
  readonly path: string;
  readonly tag: string;
  readonly summary: string;
  /** The OpenAPI `operationId`; default derived from method and path ({@link operationIdOf}). */
  readonly operationId?: string;
  readonly description?: string;
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  /** Headers the route reads (documentation only). */
  readonly headers?: z.ZodObject;
  readonly success: {
    readonly status: 200 | 201 | 204;
    readonly description: string;
    readonly schema?: z.ZodType;
  };
  /** The problem statuses the route can answer with (401 and 500 are added to every route). */
  readonly problems: readonly number[];
}

/** The validated input of a request. */
export interface RouteInput<P extends Schema, Q extends Schema, B extends Schema> {
  readonly params: Infer<P>;
  readonly query: Infer<Q>;
  readonly body: Infer<B>;
}

const PROBLEM_WORDS: Readonly<Record<number, string>> = {
  400: 'A parameter or the body is malformed (the problem names the field and value).',
  401: 'No principal: the host did not authenticate the request.',
  403: 'The principal may see the resource but not change it this way.',
  404: 'No such resource in the principal’s organization (or not visible to the principal).',
  409: 'A value is already in use.',
  412: 'If-Match names an old version: reload and apply the change again.',
  413: 'The body is larger than the handler accepts.',
  422: 'The body breaks a rule of the schema (the problem names the field, value and rule).',
  428: 'If-Match is required.',
  500: 'The server failed; the body says nothing of the cause.',
};

/** Registers `spec` with its handler on `api`. */
export function defineRoute<
  P extends Schema = undefined,
  Q extends Schema = undefined,
  B extends Schema = undefined,
>(
  api: Api,
  spec: RouteSpec<P, Q, B>,
  handler: (c: Context<ApiEnv>, input: RouteInput<P, Q, B>) => Promise<Response>,
): void {
  const responses: RouteConfig['responses'] = {
    [spec.success.status]: spec.success.schema
      ? {
          description: spec.success.description,
          content: { 'application/json': { schema: spec.success.schema } },
        }
      : { description: spec.success.description },
  };
  for (const status of new Set([...spec.problems, 401, 500])) {
    responses[status] = {
      description: PROBLEM_WORDS[status] ?? 'A problem.',
      content: { [PROBLEM_JSON]: { schema: ProblemSchema } },
    };
  }
  const route = createRoute({
    method: spec.method,
    path: spec.path.replace(/:([A-Za-z]+)/g, '{$1}'),
    tags: [spec.tag],
    operationId: spec.operationId ?? operationIdOf(spec.method, spec.path),
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    request: {
      ...(spec.params ? { params: spec.params as z.ZodObject } : {}),
      ...(spec.query ? { query: spec.query as z.ZodObject } : {}),
      ...(spec.headers ? { headers: spec.headers } : {}),
      ...(spec.body
        ? { body: { required: true, content: { 'application/json': { schema: spec.body } } } }
        : {}),
    },
    responses,
  });
  api.openapi(
    route as never,
    (async (c: Context<ApiEnv>) => {
      const valid = (target: string): unknown => (c.req.valid as (t: string) => unknown).call(c.req, target);
      return handler(c, {
        params: (spec.params ? valid('param') : undefined) as Infer<P>,
        query: (spec.query ? valid('query') : undefined) as Infer<Q>,
        body: (spec.body ? valid('json') : undefined) as Infer<B>,
      });
    }) as never,
  );
}

/** A JSON response; `Date`s become ISO 8601 strings. */
export function json(body: unknown, status = 200, headers?: Record<string, string>): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** A 204 response: done, nothing to send back. */
export function noContent(): Response {
  return new Response(null, { status: 204 });
}

/**
 * The operation id of a route without one: the method, then each path segment capitalised, a
 * parameter as `By` + its name — `get /dashboards/:id/data` → `getDashboardsByIdData`. Unique
 * because method and path are.
 */
export function operationIdOf(method: string, path: string): string {
  const capital = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
  const words = path
    .split('/')
    .filter(Boolean)
    .map((segment) =>
      segment.startsWith(':')
        ? `By${capital(segment.slice(1))}`
        : segment
            .split(/[^A-Za-z0-9]+/)
            .map(capital)
            .join(''),
    );
  return method + words.join('');
}
