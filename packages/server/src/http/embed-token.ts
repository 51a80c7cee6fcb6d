/**
 * Signed embed tokens: a host's backend signs a short-lived JWT naming an organization, one
 * dashboard and locked filters; the handler verifies it (key chosen by `kid`, so keys can rotate)
 * and serves that dashboard read-only to whoever holds the token. The JWT header's `typ` marks it
 * as an embed token, so the handler never mistakes the host's own bearer tokens for one.
 */
import { type CryptoKey, decodeProtectedHeader, errors, importJWK, type JWK, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { type EmbedScope, isUuid } from '../store/principal';

/** The JWT `typ` of every embed token. */
export const EMBED_TOKEN_TYPE = 'arion-embed+jwt';
/** The longest lifetime of an embed token, in seconds (one hour). */
export const MAX_EMBED_TOKEN_SECONDS = 3600;

/**
 * A signing / verification key: a shared secret (text of at least 32 bytes, or bytes; HS256), a
 * JWK with its `alg` (e.g. an `ES256` key pair: the private JWK signs, the public one verifies),
 * or a `CryptoKey` with the algorithm named.
 */
export type EmbedKey =
  | string
  | Uint8Array
  | EmbedJwk
  | { readonly key: EmbedCryptoKey; readonly alg: string };

/**
 * A JSON Web Key (RFC 7517) with its algorithm. Written out here (not `jose`'s type) so the
 * package's declarations import nothing from `jose`, which CommonJS hosts cannot resolve.
 */
export interface EmbedJwk {
  readonly kty: string;
  readonly alg: string;
  readonly kid?: string;
  readonly [parameter: string]: unknown;
}

/** A WebCrypto `CryptoKey` (Node 20+, browsers, workers), by its shape. */
export interface EmbedCryptoKey {
  readonly type: string;
  readonly algorithm: unknown;
  readonly extractable: boolean;
  readonly usages: readonly string[];
}

/** Filters an embed viewer may not change; applied to every widget (see core's `LockedFilters`). */
export type LockedFilterClaims = EmbedScope['lockedFilters'];

/** What {@link signEmbedToken} needs. */
export interface SignEmbedTokenOptions {
  readonly organizationId: string;
  readonly dashboardId: string;
  readonly lockedFilters?: LockedFilterClaims;
  /** Lifetime in seconds, 1 to 3600. */
  readonly expiresIn: number;
  /** The signing key (see {@link EmbedKey}). */
  readonly key: EmbedKey;
  /** The key id the handler looks the verification key up by (its `embed.keys`). */
  readonly kid: string;
  readonly audience?: string;
  readonly issuer?: string;
  /** The signing instant; default now. */
  readonly now?: Date;
}

/** The handler's `embed` option: the verification keys by `kid`, and the claims it requires. */
export interface EmbedOptions {
  /** Verification keys by `kid`; keep the old key here while tokens signed with it live (rotation). */
  readonly keys: Readonly<Record<string, EmbedKey>>;
  /** When set, a token must name this `aud`. */
  readonly audience?: string;
  /** When set, a token must name this `iss`. */
  readonly issuer?: string;
}

const scalar = z.union([z.string().max(200), z.number(), z.boolean(), z.null()]);
const uuid = z.string().refine(isUuid, 'a UUID');
const LockedFiltersSchema = z.strictObject({
  aggregationLevel: z.string().min(1).max(100).optional(),
  aggregationIds: z.array(uuid).min(1).max(1000).optional(),
  dimensions: z.record(z.string().max(100), z.union([scalar, z.array(scalar).min(1).max(1000)])).optional(),
});
const ClaimsSchema = z.object({
  org: uuid,
  dashboard: uuid,
  locked: LockedFiltersSchema.optional(),
});

/** An embed token was refused; `reason` says why (for logs), the response says only "invalid". */
export class EmbedTokenError extends Error {
  readonly reason: string;
  constructor(reason: string, options?: { cause?: unknown }) {
    super(`embed token refused: ${reason}`, options);
    this.name = 'EmbedTokenError';
    this.reason = reason;
  }
}

/**
 * Signs an embed token for the browser of a signed-in user of the host. Call it in the host's
 * backend only (the key must never reach a browser).
 *
 * @example
 * const token = await signEmbedToken({
 *   organizationId, dashboardId, lockedFilters: { aggregationLevel: 'department', aggregationIds: [departmentId] },
 *   expiresIn: 600, key: process.env.ARION_EMBED_SECRET!, kid: '2026-12',
 * });
 */
export async function signEmbedToken(options: SignEmbedTokenOptions): Promise<string> {
  for (const field of ['organizationId', 'dashboardId'] as const) {
    if (!isUuid(options[field])) throw fieldError(field, options[field], 'a UUID');
  }
  const { expiresIn, kid } = options;
  if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > MAX_EMBED_TOKEN_SECONDS)
    throw fieldError('expiresIn', expiresIn, `whole seconds from 1 to ${MAX_EMBED_TOKEN_SECONDS} (one hour)`);
  if (typeof kid !== 'string' || kid.length === 0 || kid.length > 100)
    throw fieldError('kid', kid, 'a key id of 1 to 100 characters');
  const locked = LockedFiltersSchema.safeParse(options.lockedFilters ?? {});
  if (!locked.success) {
    const issue = locked.error.issues[0];
    throw fieldError(
      ['lockedFilters', ...(issue?.path ?? []).map(String)].join('.'),
      options.lockedFilters,
      issue?.message ?? 'locked filters',
    );
  }
  const { key, alg } = await keyOf(options.key, 'sign');
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  let jwt = new SignJWT({
    org: options.organizationId.toLowerCase(),
    dashboard: options.dashboardId.toLowerCase(),
    locked: locked.data,
  })
    .setProtectedHeader({ alg, kid, typ: EMBED_TOKEN_TYPE })
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + expiresIn);
  if (options.audience !== undefined) jwt = jwt.setAudience(options.audience);
  if (options.issuer !== undefined) jwt = jwt.setIssuer(options.issuer);
  return jwt.sign(key);
}

/** True when `token` claims to be an embed token (its header's `typ`); says nothing of its validity. */
export function looksLikeEmbedToken(token: string): boolean {
  try {
    return decodeProtectedHeader(token).typ === EMBED_TOKEN_TYPE;
  } catch {
    return false;
  }
}

/** The verified grant of an embed token. */
export interface VerifiedEmbedToken {
  readonly organizationId: string;
  readonly scope: EmbedScope;
}

/**
 * Verifies an embed token against `options.keys[kid]`: signature, algorithm of that key, `typ`,
 * `exp` (required, at most one hour after `iat`), `nbf`, and `aud` / `iss` when configured.
 * Throws {@link EmbedTokenError} naming the reason.
 */
export async function verifyEmbedToken(
  token: string,
  options: EmbedOptions,
  now = new Date(),
): Promise<VerifiedEmbedToken> {
  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(token).kid;
  } catch (error) {
    throw new EmbedTokenError('not a JWT', { cause: error });
  }
  const configured = kid === undefined || !Object.hasOwn(options.keys, kid) ? undefined : options.keys[kid];
  if (configured === undefined) throw new EmbedTokenError(`unknown kid ${JSON.stringify(kid)}`);
  const { key, alg } = await keyOf(configured, 'verify');
  let payload: Record<string, unknown>;
  try {
    const result = await jwtVerify(token, key, {
      algorithms: [alg],
      typ: EMBED_TOKEN_TYPE,
      requiredClaims: ['exp', 'iat'],
      maxTokenAge: MAX_EMBED_TOKEN_SECONDS,
      currentDate: now,
      ...(options.audience === undefined ? {} : { audience: options.audience }),
      ...(options.issuer === undefined ? {} : { issuer: options.issuer }),
    });
    payload = result.payload;
  } catch (error) {
    const reason =
      error instanceof errors.JWTExpired
        ? 'expired'
        : error instanceof errors.JWTClaimValidationFailed
          ? `claim ${error.claim} ${error.reason}`
          : error instanceof errors.JWSSignatureVerificationFailed
            ? 'wrong signature'
            : error instanceof Error
              ? error.message
              : String(error);
    throw new EmbedTokenError(reason, { cause: error });
  }
  if (
    typeof payload.exp !== 'number' ||
    typeof payload.iat !== 'number' ||
    payload.exp - payload.iat > MAX_EMBED_TOKEN_SECONDS
  )
    throw new EmbedTokenError('lifetime longer than one hour');
  const claims = ClaimsSchema.safeParse(payload);
  if (!claims.success) throw new EmbedTokenError('claims org, dashboard or locked malformed');
  return {
    organizationId: claims.data.org,
    scope: {
      dashboardId: claims.data.dashboard,
      lockedFilters: (claims.data.locked ?? {}) as LockedFilterClaims,
    },
  };
}

async function keyOf(
  key: EmbedKey,
  use: 'sign' | 'verify',
): Promise<{ key: CryptoKey | Uint8Array; alg: string }> {
  if (typeof key === 'string' || key instanceof Uint8Array) {
    const bytes = typeof key === 'string' ? new TextEncoder().encode(key) : key;
    if (bytes.length < 32) throw fieldError('key', `${bytes.length} bytes`, 'a secret of at least 32 bytes');
    return { key: bytes, alg: 'HS256' };
  }
  if ('key' in key && typeof key.alg === 'string')
    return { key: key.key as unknown as CryptoKey, alg: key.alg };
  const jwk = key as unknown as JWK & { alg?: unknown };
  if (typeof jwk.alg !== 'string') throw fieldError('key.alg', jwk.alg, 'the JWK algorithm, e.g. "ES256"');
  if (use === 'verify' && jwk.d !== undefined && jwk.kty !== 'oct')
    throw fieldError('key', 'a private JWK', 'the public JWK for verification');
  const imported = await importJWK(jwk, jwk.alg);
  return { key: imported, alg: jwk.alg };
}

function fieldError(field: string, value: unknown, allowed: string): TypeError {
  let shown: string;
  try {
    shown = JSON.stringify(value) ?? String(value);
  } catch {
    shown = String(value);
  }
  return new TypeError(`signEmbedToken: ${field}: got ${shown.slice(0, 80)}; allowed: ${allowed}`);
}
