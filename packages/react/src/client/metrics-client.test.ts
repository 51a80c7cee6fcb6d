// @vitest-environment node
/**
 * The transport against a real HTTP boundary mocked by msw (Node's fetch goes through msw's
 * interceptor): success, problem+json as typed errors, network errors, and retries only where a
 * repeat is safe.
 */
import { delay, HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MetricsApiError, MetricsNetworkError } from './api-errors';
import { buildUrl, createMetricsTransport, type MetricsClientOptions } from './metrics-client';
import { parseRetryAfter, retryDelayMs, retryPolicy } from './retry-policy';
import { reviveTimestamps } from './revive-timestamps';

const BASE = 'http://metrics.test/api';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** A transport whose waits are recorded instead of slept, with jitter fixed at `random`. */
function transport(extra: Partial<MetricsClientOptions> = {}, random = 0.5) {
  const waits: number[] = [];
  const client = createMetricsTransport({
    baseUrl: BASE,
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => random,
    ...extra,
  });
  return { client, waits };
}

/** Counts the requests a handler sees and answers each with the next response of `answers`. */
function sequence(
  method: 'get' | 'post' | 'put' | 'patch' | 'delete',
  path: string,
  answers: Array<() => Response>,
) {
  const seen: Request[] = [];
  server.use(
    http[method](`${BASE}${path}`, ({ request }) => {
      seen.push(request.clone());
      const answer = answers[Math.min(seen.length - 1, answers.length - 1)] as () => Response;
      return answer();
    }),
  );
  return seen;
}

const problem = (status: number, body: Record<string, unknown>) =>
  HttpResponse.json(
    { type: 'about:blank', title: 'Bad request', status, ...body },
    {
      status,
      headers: { 'content-type': 'application/problem+json' },
    },
  );

describe('a successful request', () => {
  it('sends the query, the bearer token and the headers, and revives timestamps in the body', async () => {
    const seen = sequence('get', '/metrics', [
      () =>
        HttpResponse.json(
          {
            items: [
              {
                id: 'm1',
                created_at: '2026-03-01T10:00:00.000Z',
                effective_date: '2026-03-01',
                name: '2026-03-01T10:00:00Z',
              },
            ],
          },
          { headers: { etag: '"7"' } },
        ),
    ]);
    const { client } = transport({
      getToken: () => 'tok-1',
      headers: () => ({ 'x-tenant-hint': 'ignored-by-server' }),
    });
    const response = await client.request<{ items: Array<Record<string, unknown>> }>('/metrics', {
      query: {
        category: ['risk', 'security'],
        limit: 20,
        since: new Date('2026-01-01T00:00:00Z'),
        cursor: undefined,
      },
    });
    expect(seen).toHaveLength(1);
    const url = new URL(seen[0]!.url);
    expect(url.searchParams.getAll('category')).toEqual(['risk', 'security']);
    expect(url.searchParams.get('limit')).toBe('20');
    expect(url.searchParams.get('since')).toBe('2026-01-01T00:00:00.000Z');
    expect(url.searchParams.has('cursor')).toBe(false);
    expect(seen[0]!.headers.get('authorization')).toBe('Bearer tok-1');
    expect(seen[0]!.headers.get('x-tenant-hint')).toBe('ignored-by-server');
    const item = response.data.items[0]!;
    expect(item.created_at).toEqual(new Date('2026-03-01T10:00:00.000Z'));
    expect(item.effective_date).toBe('2026-03-01'); // a DATE stays a string
    expect(item.name).toBe('2026-03-01T10:00:00Z'); // text that looks like a time is not touched
    expect(response.etag).toBe('"7"');
    expect(response.attempts).toBe(1);
  });

  it('sends a JSON body with If-Match and reads a 204 as no data', async () => {
    const seen = sequence('patch', '/dashboards/d1', [() => new HttpResponse(null, { status: 204 })]);
    const { client } = transport();
    const response = await client.request('/dashboards/d1', {
      method: 'PATCH',
      body: { name: 'Ops' },
      ifMatch: '"3"',
    });
    expect(response.status).toBe(204);
    expect(response.data).toBeUndefined();
    expect(seen[0]!.headers.get('if-match')).toBe('"3"');
    expect(seen[0]!.headers.get('content-type')).toBe('application/json');
    expect(await seen[0]!.json()).toEqual({ name: 'Ops' });
  });
});

describe('an error answer', () => {
  it('becomes a MetricsApiError that keeps the problem: field, value and what is allowed', async () => {
    sequence('post', '/metrics', [
      () =>
        problem(422, {
          code: 'invalid_field',
          field: 'body.name',
          value: '',
          allowed: '1 to 200 characters',
          detail: 'name is empty',
        }),
    ]);
    const { client } = transport();
    const error = await client
      .request('/metrics', { method: 'POST', body: { name: '' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MetricsApiError);
    const apiError = error as MetricsApiError;
    expect(apiError.status).toBe(422);
    expect(apiError.code).toBe('invalid_field');
    expect(apiError.problem).toMatchObject({ field: 'body.name', value: '', allowed: '1 to 200 characters' });
    expect(apiError.message).toContain('POST http://metrics.test/api/metrics: 422');
    expect(apiError.message).toContain('(body.name)');
  });

  it('makes a problem from the status line when the body is not problem+json (a proxy page)', async () => {
    sequence('post', '/metrics', [
      () =>
        new HttpResponse('<html>Bad Gateway</html>', {
          status: 502,
          statusText: 'Bad Gateway',
          headers: { 'content-type': 'text/html' },
        }),
    ]);
    const { client } = transport();
    const error = (await client
      .request('/metrics', { method: 'POST', body: {} })
      .catch((e: unknown) => e)) as MetricsApiError;
    expect(error).toBeInstanceOf(MetricsApiError);
    expect(error.problem).toEqual({
      type: 'about:blank',
      title: 'Bad Gateway',
      status: 502,
      detail: '<html>Bad Gateway</html>',
    });
  });

  it('keeps the status of the response even when the body claims another', async () => {
    sequence('get', '/metrics/x', [() => problem(404, { status: 200, title: 'Not found' })]);
    const { client } = transport();
    const error = (await client.request('/metrics/x').catch((e: unknown) => e)) as MetricsApiError;
    expect(error.status).toBe(404);
    expect(error.problem.status).toBe(404);
  });
});

describe('retries', () => {
  it('retries a GET after a transient status, waiting with jittered exponential backoff', async () => {
    const seen = sequence('get', '/dashboards', [
      () => new HttpResponse(null, { status: 503 }),
      () => new HttpResponse(null, { status: 504 }),
      () => HttpResponse.json([]),
    ]);
    const { client, waits } = transport(
      { retry: { attempts: 3, baseDelayMs: 100, maxDelayMs: 10_000 } },
      0.5,
    );
    const response = await client.request('/dashboards');
    expect(seen).toHaveLength(3);
    expect(response.attempts).toBe(3);
    // Full jitter: a uniform draw (0.5 here) of base * 2^(retry - 1).
    expect(waits).toEqual([0.5 * 100, 0.5 * 200]);
  });

  it('honours Retry-After on 429, capped at maxDelayMs', async () => {
    sequence('get', '/dashboards', [
      () => new HttpResponse(null, { status: 429, headers: { 'retry-after': '2' } }),
      () => new HttpResponse(null, { status: 429, headers: { 'retry-after': '120' } }),
      () => HttpResponse.json([]),
    ]);
    const { client, waits } = transport({ retry: { maxDelayMs: 30_000 } });
    await client.request('/dashboards');
    expect(waits).toEqual([2_000, 30_000]);
  });

  it('retries a PUT (a repeat lands in the same state) after a network error', async () => {
    const seen = sequence('put', '/dashboards/d1/default', [
      () => HttpResponse.error(),
      () => HttpResponse.json({ ok: true }),
    ]);
    const { client } = transport();
    const response = await client.request('/dashboards/d1/default', { method: 'PUT', body: {} });
    expect(seen).toHaveLength(2);
    expect(response.data).toEqual({ ok: true });
  });

  it.each(['post', 'patch', 'delete'] as const)(
    'never retries a %s, even on a transient status',
    async (method) => {
      const seen = sequence(method, '/widgets/w1', [
        () => new HttpResponse(null, { status: 503 }),
        () => HttpResponse.json({}),
      ]);
      const { client, waits } = transport();
      const error = await client
        .request('/widgets/w1', { method: method.toUpperCase() as 'POST', body: {} })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MetricsApiError);
      expect((error as MetricsApiError).status).toBe(503);
      expect(seen).toHaveLength(1);
      expect(waits).toEqual([]);
    },
  );

  it('never retries a POST after a network error either: it fails at once as a MetricsNetworkError', async () => {
    const seen = sequence('post', '/metrics', [() => HttpResponse.error()]);
    const { client } = transport();
    const error = await client.request('/metrics', { method: 'POST', body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MetricsNetworkError);
    expect((error as MetricsNetworkError).message).toMatch(
      /^POST http:\/\/metrics\.test\/api\/metrics: no response/,
    );
    expect(seen).toHaveLength(1);
  });

  it('gives up after the allowed attempts with the last error', async () => {
    const seen = sequence('get', '/metrics', [() => HttpResponse.error()]);
    const { client, waits } = transport({ retry: { attempts: 4 } });
    await expect(client.request('/metrics')).rejects.toBeInstanceOf(MetricsNetworkError);
    expect(seen).toHaveLength(4);
    expect(waits).toHaveLength(3);
  });

  it('does not retry a client error such as 404 or 412', async () => {
    for (const status of [400, 404, 412, 500]) {
      server.resetHandlers();
      const seen = sequence('get', '/metrics/m', [() => problem(status, {})]);
      const { client } = transport();
      await expect(client.request('/metrics/m')).rejects.toMatchObject({ status });
      expect(seen, `status ${status}`).toHaveLength(1);
    }
  });

  it('stops retrying when the caller aborts', async () => {
    const seen = sequence('get', '/metrics', [() => new HttpResponse(null, { status: 503 })]);
    const controller = new AbortController();
    const client = createMetricsTransport({
      baseUrl: BASE,
      sleep: async () => {
        controller.abort(new Error('user left the page'));
        throw controller.signal.reason;
      },
    });
    await expect(client.request('/metrics', { signal: controller.signal })).rejects.toThrow(
      'user left the page',
    );
    expect(seen).toHaveLength(1);
  });

  it('reports an aborted request as a network error without a second attempt', async () => {
    const seen: Request[] = [];
    server.use(
      http.get(`${BASE}/slow`, async ({ request }) => {
        seen.push(request);
        await delay('infinite');
        return HttpResponse.json({});
      }),
    );
    const controller = new AbortController();
    const { client } = transport();
    const pending = client.request('/slow', { signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    await expect(pending).rejects.toBeInstanceOf(MetricsNetworkError);
    expect(seen).toHaveLength(1);
  });
});

describe('options and helpers', () => {
  it('refuses a bad baseUrl and bad retry options, naming the field, the value and what is allowed', () => {
    expect(() => createMetricsTransport({ baseUrl: 'metrics.test' })).toThrow(
      'baseUrl: got "metrics.test"; allowed: an absolute http(s) URL or a path starting with "/"',
    );
    expect(() => retryPolicy({ attempts: 0 })).toThrow(
      'retry.attempts: got 0; allowed: an integer from 1 to 10',
    );
    expect(() => retryPolicy({ baseDelayMs: Number.NaN })).toThrow('retry.baseDelayMs: got NaN');
    expect(() => buildUrl(BASE, 'metrics', {})).toThrow(
      'path: got "metrics"; allowed: a path starting with "/"',
    );
  });

  it('accepts a relative baseUrl and trims its trailing slash', async () => {
    const urls: string[] = [];
    const client = createMetricsTransport({
      baseUrl: '/api/metrics/',
      fetch: async (input) => {
        urls.push(String(input));
        return Response.json({});
      },
    });
    await client.request('/x', { query: { a: 1 } });
    expect(urls).toEqual(['/api/metrics/x?a=1']);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-12-05T12:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Sat, 05 Dec 2026 12:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Sat, 05 Dec 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('keeps every backoff delay within [0, min(max, base * 2^(retry-1))]', () => {
    const policy = retryPolicy({ baseDelayMs: 250, maxDelayMs: 1_000 });
    for (const random of [0, 0.3, 0.999_999]) {
      for (let retry = 1; retry <= 6; retry++) {
        const ms = retryDelayMs(policy, retry, null, () => random, 0);
        expect(ms).toBeGreaterThanOrEqual(0);
        expect(ms).toBeLessThanOrEqual(Math.min(1_000, 250 * 2 ** (retry - 1)));
      }
    }
  });

  it('revives nested timestamps but keeps a __proto__ key as data', () => {
    const parsed = JSON.parse(
      '{"__proto__": {"polluted": true}, "rows": [{"period_start": "2026-01-01T00:00:00+01:00"}]}',
    );
    const revived = reviveTimestamps(parsed) as Record<string, unknown>;
    expect(Object.getPrototypeOf(revived)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.hasOwn(revived, '__proto__')).toBe(true);
    expect((revived.rows as Array<{ period_start: Date }>)[0]!.period_start.toISOString()).toBe(
      '2025-12-31T23:00:00.000Z',
    );
  });
});
