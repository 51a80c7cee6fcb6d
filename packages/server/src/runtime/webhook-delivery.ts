/**
 * Webhook delivery of queued notifications (`notification_deliveries` with status `pending`):
 * a JSON POST signed with HMAC-SHA256 over `timestamp + "." + body` with the contact point's
 * secret (`X-Arion-Signature: sha256=<hex>`, `X-Arion-Timestamp: <unix seconds>`), an
 * `Idempotency-Key` header (the delivery's key: one per history row, channel, contact point and
 * notification), a timeout per try, retries with exponential backoff and full jitter, and after
 * the last try the row becomes `dead` (the dead letter) with the reason. A delivered or dead row is
 * never sent again.
 */
import { createHmac } from 'node:crypto';
import type { Database } from '@arion-metrics/core';
import type { Kysely } from 'kysely';

/** Options of {@link deliverWebhooks}. */
export interface WebhookDeliveryOptions {
  /** Only this organization. */
  readonly organizationId?: string;
  /** Milliseconds one try may take (default 10,000). */
  readonly timeoutMs?: number;
  /** Tries before a delivery is dead (default 5). */
  readonly maxAttempts?: number;
  /** Backoff before try n+1: a random delay in [0, baseDelayMs × 2^(n-1)] (default 500). */
  readonly baseDelayMs?: number;
  /** The clock of the signature's timestamp (default the system clock). */
  readonly now?: () => Date;
}

/** What became of one delivery. */
export interface DeliveryOutcome {
  readonly deliveryId: string;
  readonly status: 'delivered' | 'dead';
  readonly attempts: number;
  readonly lastError: string | null;
}

/** The signature header value of `body` sent at `timestamp` (unix seconds) with `secret`. */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Sends every pending webhook delivery; one outcome per delivery. */
export async function deliverWebhooks(
  db: Kysely<Database>,
  options: WebhookDeliveryOptions = {},
): Promise<DeliveryOutcome[]> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxAttempts = options.maxAttempts ?? 5;
  const baseDelayMs = options.baseDelayMs ?? 500;
  const clock = options.now ?? (() => new Date());
  let query = db
    .selectFrom('notification_deliveries as d')
    .innerJoin('contact_points as c', (j) =>
      j.onRef('c.organization_id', '=', 'd.organization_id').onRef('c.id', '=', 'd.contact_point_id'),
    )
    .select([
      'd.id',
      'd.organization_id',
      'd.idempotency_key',
      'd.payload',
      'd.attempts',
      'c.url',
      'c.secret',
    ])
    .where('d.status', '=', 'pending')
    .where('c.channel', '=', 'webhook');
  if (options.organizationId !== undefined)
    query = query.where('d.organization_id', '=', options.organizationId);
  const pending = await query.orderBy('d.created_at').execute();
  const outcomes: DeliveryOutcome[] = [];
  for (const delivery of pending) {
    const body = JSON.stringify(delivery.payload);
    let attempts = delivery.attempts;
    let lastError: string | null = null;
    let delivered = false;
    while (attempts < maxAttempts && !delivered) {
      if (attempts > delivery.attempts) {
        await new Promise((r) => setTimeout(r, Math.random() * baseDelayMs * 2 ** (attempts - 1)));
      }
      attempts += 1;
      const timestamp = Math.floor(clock().getTime() / 1000);
      try {
        const response = await fetch(delivery.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-arion-timestamp': String(timestamp),
            'x-arion-signature': webhookSignature(delivery.secret, timestamp, body),
            'idempotency-key': delivery.idempotency_key,
          },
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
        await response.arrayBuffer().catch(() => undefined);
        if (response.ok) delivered = true;
        else lastError = `HTTP ${response.status}`;
      } catch (error) {
        lastError =
          error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
            ? `no answer within ${timeoutMs} ms`
            : error instanceof Error
              ? error.message
              : String(error);
      }
      await db
        .updateTable('notification_deliveries')
        .set({
          attempts,
          last_error: delivered ? null : lastError,
          ...(delivered ? { status: 'delivered' as const, delivered_at: clock() } : {}),
        })
        .where('id', '=', delivery.id)
        .where('status', '=', 'pending')
        .execute();
    }
    if (!delivered) {
      await db
        .updateTable('notification_deliveries')
        .set({ status: 'dead', last_error: `gave up after ${attempts} tries: ${lastError}` })
        .where('id', '=', delivery.id)
        .where('status', '=', 'pending')
        .execute();
    }
    outcomes.push({
      deliveryId: delivery.id,
      status: delivered ? 'delivered' : 'dead',
      attempts,
      lastError: delivered ? null : lastError,
    });
  }
  return outcomes;
}
