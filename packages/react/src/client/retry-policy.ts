/**
 * When the client tries a request again. Only requests that are safe to repeat are retried: `GET`
 * and `HEAD` (they change nothing) and `PUT` (it sets a resource to one state, so a repeat lands
 * in the same state). `POST`, `PATCH` and `DELETE` are never retried: a repeat after a lost answer
 * could create twice or fail on a version the first attempt already moved.
 */

/** How many times and how long apart a safe request is tried. */
export interface RetryOptions {
  /** Total attempts including the first (default 3; 1 turns retries off). */
  readonly attempts?: number;
  /** Delay before the first retry, in milliseconds (default 250); doubled for each later one. */
  readonly baseDelayMs?: number;
  /** Upper bound of one delay, in milliseconds (default 5,000); `Retry-After` is capped by it too. */
  readonly maxDelayMs?: number;
}

/** The retry options with their defaults filled in. */
export type RetryPolicy = Required<RetryOptions>;

/** Defaults: three attempts, 250 ms then 500 ms (before jitter), never more than 5 s. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 250, maxDelayMs: 5_000 };

/** Methods whose repetition cannot change the outcome (RFC 9110 safe methods, plus `PUT`). */
const REPEATABLE_METHODS = new Set(['GET', 'HEAD', 'PUT']);

/** Statuses that say "try later": timeout, too many requests, and the gateway/unavailable family. */
const TRANSIENT_STATUSES = new Set([408, 429, 502, 503, 504]);

/** Fills defaults and checks the options; the error names the field, the value and what is allowed. */
export function retryPolicy(options: RetryOptions = {}): RetryPolicy {
  const policy = { ...DEFAULT_RETRY, ...options };
  if (!Number.isInteger(policy.attempts) || policy.attempts < 1 || policy.attempts > 10) {
    throw new RangeError(`retry.attempts: got ${policy.attempts}; allowed: an integer from 1 to 10`);
  }
  for (const field of ['baseDelayMs', 'maxDelayMs'] as const) {
    const value = policy[field];
    if (!Number.isFinite(value) || value < 0) {
      throw new RangeError(`retry.${field}: got ${value}; allowed: a finite number of milliseconds >= 0`);
    }
  }
  return policy;
}

/** True when `method` may be sent again after a failed attempt. */
export function isRepeatable(method: string): boolean {
  return REPEATABLE_METHODS.has(method.toUpperCase());
}

/** True when an answer with this status is worth retrying (for a repeatable method). */
export function isTransientStatus(status: number): boolean {
  return TRANSIENT_STATUSES.has(status);
}

/**
 * The wait before retry number `retry` (1 for the first retry): "full jitter" exponential backoff,
 * a uniform draw in `[0, min(max, base * 2^(retry-1))]`, so many clients that failed together do
 * not come back together. A `Retry-After` header (seconds or an HTTP date) is honoured instead,
 * capped at `maxDelayMs`.
 */
export function retryDelayMs(
  policy: RetryPolicy,
  retry: number,
  retryAfter: string | null,
  random: () => number,
  now: number,
): number {
  const fromHeader = parseRetryAfter(retryAfter, now);
  if (fromHeader !== undefined) return Math.min(fromHeader, policy.maxDelayMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}

/** A `Retry-After` value in milliseconds from `now`, or undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
