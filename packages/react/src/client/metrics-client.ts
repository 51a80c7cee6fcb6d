/**
 * The transport of the typed client: one `request` that builds the URL, attaches identity,
 * sends JSON, retries what is safe to retry, turns problem+json answers into
 * {@link MetricsApiError} and revives timestamps. Fetch-only, React-free: it runs in a browser, a
 * worker, Node 20+ and edge runtimes.
 */
import { MetricsApiError, MetricsNetworkError, readProblem } from './api-errors';
import {
  isRepeatable,
  isTransientStatus,
  type RetryOptions,
  retryDelayMs,
  retryPolicy,
} from './retry-policy';
import { reviveTimestamps } from './revive-timestamps';

/** Headers, or a function giving them per request (e.g. a fresh CSRF token). */
export type HeadersSource = HeadersInit | (() => HeadersInit | Promise<HeadersInit>);

/** How to reach the API and who the requests are from. */
export interface MetricsClientOptions {
  /** Where the handler is mounted, absolute (`https://app.example/api/metrics`) or relative (`/api/metrics`). */
  readonly baseUrl: string;
  /** The fetch to use (default `globalThis.fetch`): pass one to add cookies, tracing or a test double. */
  readonly fetch?: typeof fetch;
  /** Extra headers on every request. */
  readonly headers?: HeadersSource;
  /**
   * A bearer token per request: a user session token or a signed embed token. Sent as
   * `Authorization: Bearer …`; `null` sends none.
   */
  readonly getToken?: () => string | null | Promise<string | null>;
  /** Retries of safe requests (`GET`, `HEAD`, `PUT`); see {@link RetryOptions}. */
  readonly retry?: RetryOptions;
  /** Waits between retries (default `setTimeout`); tests pass one that records the delays. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Uniform draw in [0, 1) for jitter (default `Math.random`). */
  readonly random?: () => number;
}

/** One request. */
export interface RequestOptions {
  /** HTTP method (default `GET`). */
  readonly method?: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Query parameters; `undefined` values are left out, arrays repeat the key. */
  readonly query?: Readonly<Record<string, QueryValue | readonly QueryValue[] | undefined>>;
  /** A JSON body (any method but `GET`/`HEAD`). */
  readonly body?: unknown;
  /** The `ETag` of the version the caller read, for an optimistic update (`If-Match`). */
  readonly ifMatch?: string;
  /** Cancels the request and any wait between attempts. */
  readonly signal?: AbortSignal;
}

/** A value of a query parameter. Dates are sent as ISO strings. */
export type QueryValue = string | number | boolean | Date;

/** A successful answer. */
export interface ClientResponse<T> {
  /** The parsed body with timestamps revived (`undefined` for 204 and `HEAD`). */
  readonly data: T;
  /** The HTTP status. */
  readonly status: number;
  /** The `ETag` header (the version to send back as `ifMatch`), or `null`. */
  readonly etag: string | null;
  /** How many attempts it took (1 when the first one succeeded). */
  readonly attempts: number;
}

/** The transport a typed client is built on. */
export interface MetricsTransport {
  /** Sends one request to `path` (relative to `baseUrl`, e.g. `/dashboards/…/data`). */
  request<T>(path: string, options?: RequestOptions): Promise<ClientResponse<T>>;
}

/** Waits `ms`, or rejects with the signal's reason when it aborts first. */
function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Checks `baseUrl`: the error names the field, the value and what is allowed. */
function checkedBaseUrl(baseUrl: unknown): string {
  if (typeof baseUrl !== 'string' || baseUrl === '' || !/^(https?:\/\/[^/]|\/)/.test(baseUrl)) {
    throw new TypeError(
      `baseUrl: got ${JSON.stringify(baseUrl)}; allowed: an absolute http(s) URL or a path starting with "/"`,
    );
  }
  return baseUrl.replace(/\/+$/, '');
}

/** `baseUrl` + `path` + the query string. */
export function buildUrl(baseUrl: string, path: string, query: RequestOptions['query']): string {
  if (!path.startsWith('/')) {
    throw new TypeError(`path: got ${JSON.stringify(path)}; allowed: a path starting with "/"`);
  }
  const params = new URLSearchParams();
  for (const [key, raw] of Object.entries(query ?? {})) {
    if (raw === undefined) continue;
    for (const value of Array.isArray(raw) ? raw : [raw]) {
      params.append(key, value instanceof Date ? value.toISOString() : String(value));
    }
  }
  const search = params.toString();
  return `${baseUrl}${path}${search ? `?${search}` : ''}`;
}

/** The headers of one attempt: the configured ones, then identity, then the request's own. */
async function requestHeaders(options: MetricsClientOptions, request: RequestOptions): Promise<Headers> {
  const source = options.headers;
  const headers = new Headers(typeof source === 'function' ? await source() : source);
  headers.set('accept', 'application/json, application/problem+json');
  const token = options.getToken ? await options.getToken() : null;
  if (token) headers.set('authorization', `Bearer ${token}`);
  if (request.body !== undefined) headers.set('content-type', 'application/json');
  if (request.ifMatch !== undefined) headers.set('if-match', request.ifMatch);
  return headers;
}

/** Reads a successful body: JSON (timestamps revived) or nothing. */
async function readBody(response: Response, method: string): Promise<unknown> {
  if (method === 'HEAD' || response.status === 204) return undefined;
  const text = await response.text();
  if (text === '') return undefined;
  return reviveTimestamps(JSON.parse(text));
}

/**
 * Creates the transport. Every failure is one of two errors: {@link MetricsApiError} (the server
 * answered with an error status; its problem+json is kept) or {@link MetricsNetworkError} (no
 * answer). A `GET`, `HEAD` or `PUT` that gets no answer or a transient status (408, 429, 502, 503,
 * 504) is tried again with jittered exponential backoff; nothing else is.
 */
export function createMetricsTransport(options: MetricsClientOptions): MetricsTransport {
  const baseUrl = checkedBaseUrl(options.baseUrl);
  const policy = retryPolicy(options.retry);
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const send = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  return {
    async request<T>(path: string, request: RequestOptions = {}): Promise<ClientResponse<T>> {
      const method = request.method ?? 'GET';
      const url = buildUrl(baseUrl, path, request.query);
      const attemptsAllowed = isRepeatable(method) ? policy.attempts : 1;
      for (let attempt = 1; ; attempt++) {
        let response: Response;
        try {
          response = await send(url, {
            method,
            headers: await requestHeaders(options, request),
            ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
            ...(request.signal ? { signal: request.signal } : {}),
          });
        } catch (cause) {
          if (request.signal?.aborted || attempt >= attemptsAllowed)
            throw new MetricsNetworkError(method, url, cause);
          await sleep(retryDelayMs(policy, attempt, null, random, Date.now()), request.signal);
          continue;
        }
        if (response.ok) {
          const data = (await readBody(response, method)) as T;
          return { data, status: response.status, etag: response.headers.get('etag'), attempts: attempt };
        }
        if (attempt < attemptsAllowed && isTransientStatus(response.status)) {
          await response.body?.cancel().catch(() => undefined);
          await sleep(
            retryDelayMs(policy, attempt, response.headers.get('retry-after'), random, Date.now()),
            request.signal,
          );
          continue;
        }
        throw new MetricsApiError(method, url, await readProblem(response));
      }
    },
  };
}
