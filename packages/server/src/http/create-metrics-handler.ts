/**
 * The HTTP surface of Arion Metrics: one Fetch API function, `(Request) => Promise<Response>`,
 * mountable in any runtime that speaks Fetch (Node through an adapter, Next.js route handlers,
 * Hono, Bun, Deno, workers). It uses nothing but Fetch and Web APIs itself.
 */
import type { Database } from '@arion-metrics/core';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { HonoRequest } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import type { Kysely } from 'kysely';
import { openStore } from '../store/open-store';
import { assertPrincipal, embedPrincipal, type Principal } from '../store/principal';
import type { Api, ApiEnv, RouteContext } from './api';
import { dashboardRoutes } from './dashboard-routes';
import { dataRoutes } from './data-routes';
import { directoryRoutes } from './directory-routes';
import { embedRouteRefusal } from './embed-access';
import { type EmbedOptions, EmbedTokenError, looksLikeEmbedToken, verifyEmbedToken } from './embed-token';
import { metricRoutes } from './metric-routes';
import { problem, problemFromError, problemResponse } from './problem';
import { sharingRoutes } from './sharing-routes';

/** CORS settings of the handler (Hono's `cors` middleware options). */
export interface MetricsCorsOptions {
  /** Allowed origins: one, several, or a function returning the origin to allow (or null). */
  readonly origin: string | readonly string[] | ((origin: string) => string | null | undefined);
  /** Send `Access-Control-Allow-Credentials: true`; default false. */
  readonly credentials?: boolean;
  /** Request headers a browser may send; default: the headers it asks for. */
  readonly allowHeaders?: readonly string[];
  /** Preflight cache, in seconds. */
  readonly maxAge?: number;
}

/** What {@link createMetricsHandler} needs from its host. */
export interface MetricsHandlerOptions {
  /** The database (from `createDatabase`). */
  readonly db: Kysely<Database>;
  /**
   * Who sends `request`, from the host's own session or token; `null` when nobody is signed in
   * (the handler answers 401). The handler never takes an organization id from the URL or body:
   * the principal's organization is the only one a request can see.
   */
  readonly authenticate: (request: Request) => Principal | null | Promise<Principal | null>;
  /** The path the handler is mounted under, e.g. `'/api/metrics'`; default `''` (the root). */
  readonly basePath?: string;
  /** Largest request body accepted, in bytes; larger ones get 413. Default 1,048,576 (1 MiB). */
  readonly maxBodyBytes?: number;
  /** Cross-origin access for browsers on other origins; default: none (same origin only). */
  readonly cors?: MetricsCorsOptions;
  /** The current instant, for time range presets; default `() => new Date()`. */
  readonly now?: () => Date;
  /**
   * Signed embed tokens (`signEmbedToken`): a request whose `Authorization: Bearer` token has the
   * embed `typ` is verified with `keys[kid]` and becomes an embed principal — read-only, its one
   * dashboard and that dashboard's data only — and never reaches `authenticate`. Without this
   * option such tokens get 401.
   */
  readonly embed?: EmbedOptions;
  /**
   * Whether `request` may use the directory routes (`PUT /directory/...`), which provision
   * organizations and their members across tenants: the host checks its own service credential
   * here. `authenticate` is not asked and embed tokens are refused on these routes. Without this
   * option the directory routes do not exist (404).
   */
  readonly authorizeDirectory?: (request: Request) => boolean | Promise<boolean>;
  /** Told of every error that became a 500 (the response says nothing of it); default `console.error`. */
  readonly onUnexpectedError?: (error: unknown, request: Request) => void;
}

/** The security scheme every operation of the OpenAPI document names. */
const HOST_AUTH = 'hostAuth';

/** A fetch handler: what {@link createMetricsHandler} returns. */
export type MetricsHandler = (request: Request) => Promise<Response>;

/**
 * Creates the handler. Every response is JSON; every error is an RFC 9457
 * `application/problem+json` body naming the field, the value and what is allowed.
 *
 * @example
 * const handle = createMetricsHandler({
 *   db: await createDatabase(),
 *   basePath: '/api/metrics',
 *   authenticate: async (request) => principalFromSession(request),
 * });
 * const response = await handle(new Request('http://host/api/metrics/dashboards'));
 */
export function createMetricsHandler(options: MetricsHandlerOptions): MetricsHandler {
  const maxBodyBytes = options.maxBodyBytes ?? 1_048_576;
  const basePath = normalizeBasePath(options.basePath ?? '');
  const onUnexpectedError = options.onUnexpectedError ?? ((error: unknown) => console.error(error));
  const context: RouteContext = { db: options.db, now: options.now ?? (() => new Date()) };

  const api: Api = new OpenAPIHono<ApiEnv>({
    defaultHook: async (result, c) => {
      if (result.success) return;
      const issue = result.error.issues[0];
      const target = result.target;
      const path = issue?.path.map(String) ?? [];
      const field = [target === 'json' ? 'body' : target, ...path].join('.');
      const value = valueAt(await rawInput(c.req, target), path);
      const allowed = issue?.message ?? 'a valid value';
      return problemResponse(
        problem(400, 'invalid_input', `${field}: got ${safeJson(value)}; allowed: ${allowed}`, {
          field,
          value,
          allowed,
        }),
      );
    },
  }).basePath(basePath) as unknown as Api;

  if (options.cors) {
    const c = options.cors;
    const origin = typeof c.origin === 'function' ? c.origin : (c.origin as string | string[]);
    api.use(
      '*',
      cors({
        origin: origin as Parameters<typeof cors>[0] extends infer O
          ? O extends { origin?: infer X }
            ? X
            : never
          : never,
        credentials: c.credentials ?? false,
        ...(c.allowHeaders ? { allowHeaders: [...c.allowHeaders] } : {}),
        ...(c.maxAge === undefined ? {} : { maxAge: c.maxAge }),
        exposeHeaders: ['ETag', 'Location'],
      }),
    );
  }
  api.use(
    '*',
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: () =>
        problemResponse(
          problem(413, 'body_too_large', `the request body is larger than ${maxBodyBytes} bytes`, {
            field: 'body',
            value: `more than ${maxBodyBytes} bytes`,
            allowed: `at most ${maxBodyBytes} bytes`,
          }),
        ),
    }),
  );

  api.openAPIRegistry.registerComponent('securitySchemes', HOST_AUTH, {
    type: 'http',
    scheme: 'bearer',
    description:
      'Whatever the host’s `authenticate(request)` accepts (its session cookie or a bearer token); without it every operation answers 401.',
  });
  api.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Arion Metrics',
      version: '0.1.0',
      description: 'Metrics, dashboards and their data for one organization: the principal’s.',
      license: { name: 'MIT', url: 'https://opensource.org/license/mit' },
    },
    servers: [{ url: basePath || '/', description: 'Where the host mounted the handler' }],
    security: [{ [HOST_AUTH]: [] }],
  });

  const unauthenticated = (detail: string) =>
    problemResponse(problem(401, 'unauthenticated', detail), { 'www-authenticate': 'Bearer' });
  const isDirectory = (path: string) => /^\/directory(?:\/|$)/.test(path.slice(basePath.length));

  api.use('*', async (c, next) => {
    if (c.req.method === 'OPTIONS') return next();
    const token = bearerToken(c.req.raw);
    const embedToken = token !== null && looksLikeEmbedToken(token);
    if (isDirectory(c.req.path)) {
      if (!options.authorizeDirectory) return next(); // no such routes: 404
      if (embedToken || !(await options.authorizeDirectory(c.req.raw)))
        return problemResponse(
          problem(
            403,
            'directory_forbidden',
            'the directory routes are for the host’s backend only (authorizeDirectory refused the request)',
          ),
        );
      return next();
    }
    if (embedToken) {
      if (!options.embed)
        return unauthenticated('this handler accepts no embed tokens (it has no embed keys)');
      let principal: Principal;
      try {
        const verified = await verifyEmbedToken(token, options.embed, context.now());
        principal = embedPrincipal(verified.organizationId, verified.scope);
      } catch (error) {
        if (!(error instanceof EmbedTokenError)) throw error;
        return unauthenticated('the embed token is invalid or expired; ask the host for a new one');
      }
      const refusal = embedRouteRefusal(c.req.method, c.req.path.slice(basePath.length));
      if (refusal) return refusal;
      c.set('store', openStore(options.db, principal));
      return next();
    }
    const principal = await options.authenticate(c.req.raw);
    if (principal === null || principal === undefined) {
      return unauthenticated('the request carries no identity the host accepts; sign in first');
    }
    let checked: Principal;
    try {
      checked = assertPrincipal(principal);
      if (checked.embed)
        throw new TypeError(
          'authenticate returned an embed principal; embed tokens are verified by the handler',
        );
    } catch (error) {
      onUnexpectedError(error, c.req.raw);
      return problemResponse(problem(500, 'internal_error', 'the server failed to handle the request'));
    }
    const refusal = await userRefusal(options.db, checked);
    if (refusal) return refusal;
    c.set('store', openStore(options.db, checked));
    return next();
  });

  dashboardRoutes(api);
  metricRoutes(api);
  dataRoutes(api, context);
  sharingRoutes(api);
  if (options.authorizeDirectory) directoryRoutes(api, context);

  api.notFound((c) =>
    problemResponse(
      problem(404, 'no_route', `no route ${c.req.method} ${new URL(c.req.url).pathname}`, {
        field: 'path',
        value: new URL(c.req.url).pathname,
        allowed: `a path of the API (see ${basePath}/openapi.json)`,
      }),
    ),
  );
  api.onError((error, c) => {
    if (error instanceof HTTPException) {
      const res = error.getResponse();
      if (res.headers.get('content-type')?.startsWith('application/problem+json')) return res;
      return problemResponse(
        problem(error.status, 'invalid_request', error.message || 'the request was refused'),
      );
    }
    const p = problemFromError(error);
    if (p.status === 500) onUnexpectedError(error, c.req.raw);
    return problemResponse(p);
  });

  return async (request) => api.fetch(request);
}

/** The token of `Authorization: Bearer <token>`, or null. */
function bearerToken(request: Request): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '');
  return match?.[1] ?? null;
}

/**
 * A 403 problem when the principal's user is not an active user of its organization (not yet
 * provisioned, provisioned elsewhere, or deactivated); null when it is.
 */
async function userRefusal(db: Kysely<Database>, principal: Principal): Promise<Response | null> {
  const user = await db
    .selectFrom('users')
    .select('deactivated_at')
    .where('organization_id', '=', principal.organizationId)
    .where('id', '=', principal.userId)
    .executeTakeFirst();
  if (user && user.deactivated_at === null) return null;
  const who = `user ${JSON.stringify(principal.userId)}`;
  const org = `organization ${JSON.stringify(principal.organizationId)}`;
  return problemResponse(
    problem(
      403,
      'unknown_principal',
      user
        ? `${who} of ${org} is deactivated; reactivate it through the directory to let it act`
        : `${who} is not a user of ${org}; provision it first (provisionOrganization or PUT /directory/organizations/{externalId}/users/{userExternalId})`,
      { field: 'principal.userId', value: principal.userId, allowed: `an active user of ${org}` },
    ),
  );
}

/** `'/api/metrics/'` → `'/api/metrics'`; `''` and `'/'` → `''`. */
function normalizeBasePath(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '') return '';
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

/** The input of `target` as the request sent it (a JSON body is already parsed and cached by then). */
async function rawInput(req: HonoRequest, target: string): Promise<unknown> {
  switch (target) {
    case 'json':
      return req.json().catch(() => undefined);
    case 'query':
      return req.query();
    case 'param':
      return req.param();
    case 'header':
      return req.header();
    default:
      return undefined;
  }
}

function valueAt(data: unknown, path: readonly string[]): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function safeJson(value: unknown): string {
  try {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 80 ? `${text.slice(0, 79)}…` : text;
  } catch {
    return String(value);
  }
}
