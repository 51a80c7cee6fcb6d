import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { insertRow, validRows } from '../testing/fixtures';
import { TEST_ENGINES, useTestDatabase } from '../testing/test-database';
import { evaluateMetricAlerts } from './alert-evaluation';
import { servicePrincipal } from './service-principal';
import { deliverWebhooks, webhookSignature } from './webhook-delivery';

const SECRET = 'a-signing-secret-of-some-length';
const NOW = new Date('2026-05-04T10:00:00Z');

/** A receiver that verifies every signature and answers with the next planned reply. */
function receiver(plan: ('500' | 'ok' | 'hang')[]) {
  const received: { body: unknown; signatureValid: boolean; key: string }[] = [];
  const hanging: ServerResponse[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      const ts = Number(req.headers['x-arion-timestamp']);
      received.push({
        body: JSON.parse(body),
        signatureValid: req.headers['x-arion-signature'] === webhookSignature(SECRET, ts, body),
        key: String(req.headers['idempotency-key']),
      });
      const reply = plan.shift() ?? 'ok';
      if (reply === 'hang') hanging.push(res);
      else res.writeHead(reply === 'ok' ? 204 : 500).end();
    });
  });
  return {
    received,
    server,
    start: () =>
      new Promise<string>((r) =>
        server.listen(0, '127.0.0.1', () =>
          r(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`),
        ),
      ),
    stop: () => {
      for (const res of hanging) res.destroy();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

describe.each(TEST_ENGINES)('stored alert state and webhook delivery on %s', (engine) => {
  const t = useTestDatabase(engine);
  const plans: ReturnType<typeof receiver>[] = [];
  afterAll(async () => {
    for (const p of plans) await p.stop();
  });

  /** An organization with a metric at 20, a rule `> 10` notifying `webhook`, and a contact point at `url`. */
  async function scene(url: string) {
    const org = randomUUID();
    const metricId = randomUUID();
    const alertId = randomUUID();
    await insertRow(t.db, 'organizations', { id: org, ...validRows.organizations() });
    await insertRow(t.db, 'metric_definitions', {
      ...validRows.metric_definitions({ organizationId: org } as never),
      id: metricId,
    });
    await insertRow(t.db, 'metric_calculations', {
      ...validRows.metric_calculations({ organizationId: org, metricId } as never),
      metric_value: 20,
      calculation_timestamp: new Date(NOW.getTime() - 60_000),
    });
    await insertRow(t.db, 'metric_alerts', {
      ...validRows.metric_alerts({ organizationId: org, metricId } as never),
      id: alertId,
      condition_config: { type: 'threshold', operator: '>', value: 10 },
      check_frequency_minutes: 1,
      cooldown_minutes: 60,
      notification_channels: ['webhook'],
    });
    await insertRow(t.db, 'contact_points', {
      organization_id: org,
      channel: 'webhook',
      name: 'ops',
      url,
      secret: SECRET,
    });
    const metric = await t.db
      .selectFrom('metric_definitions')
      .selectAll()
      .where('id', '=', metricId)
      .executeTakeFirstOrThrow();
    return { org, metric, alertId };
  }

  it('continues the stored lifecycle after a restart: one firing, one trigger, one delivery for the episode', async () => {
    const r = receiver([]);
    plans.push(r);
    const { org, metric, alertId } = await scene(await r.start());
    const first = await evaluateMetricAlerts(t.db, await servicePrincipal(t.db, org), metric, NOW);
    expect(first).toMatchObject([{ status: 'evaluated', alertStatus: 'firing', queued: 1 }]);
    // A new process: nothing in memory, the state comes from alert_states.
    const later = new Date(NOW.getTime() + 5 * 60_000);
    const second = await evaluateMetricAlerts(t.db, await servicePrincipal(t.db, org), metric, later);
    expect(second).toMatchObject([{ status: 'evaluated', alertStatus: 'firing', queued: 0 }]);
    const history = await t.db
      .selectFrom('metric_alert_history')
      .selectAll()
      .where('alert_id', '=', alertId)
      .execute();
    expect(history).toHaveLength(1);
    expect(history[0]?.notifications_sent).toBe(1);
    const rule = await t.db
      .selectFrom('metric_alerts')
      .selectAll()
      .where('id', '=', alertId)
      .executeTakeFirstOrThrow();
    expect(rule.trigger_count).toBe(1);
    expect(rule.updated_by).toBe((await servicePrincipal(t.db, org)).userId);
    const state = await t.db
      .selectFrom('alert_states')
      .selectAll()
      .where('alert_id', '=', alertId)
      .executeTakeFirstOrThrow();
    expect(state.status).toBe('firing');
    expect(await deliverWebhooks(t.db, { organizationId: org })).toMatchObject([
      { status: 'delivered', attempts: 1 },
    ]);
    expect(r.received).toHaveLength(1);
    expect(r.received[0]).toMatchObject({
      signatureValid: true,
      body: { alert_id: alertId, kind: 'firing' },
    });
    // Delivered rows are never sent again.
    expect(await deliverWebhooks(t.db, { organizationId: org })).toEqual([]);
    expect(r.received).toHaveLength(1);
  });

  it('retries a 500 and a timeout, then delivers with the same idempotency key', async () => {
    const r = receiver(['500', 'hang', 'ok']);
    plans.push(r);
    const { org, metric } = await scene(await r.start());
    await evaluateMetricAlerts(t.db, await servicePrincipal(t.db, org), metric, NOW);
    const [outcome] = await deliverWebhooks(t.db, { organizationId: org, timeoutMs: 300, baseDelayMs: 10 });
    expect(outcome).toMatchObject({ status: 'delivered', attempts: 3 });
    expect(r.received.map((x) => x.signatureValid)).toEqual([true, true, true]);
    expect(new Set(r.received.map((x) => x.key)).size).toBe(1);
  });

  it('records a dead letter after the last try', async () => {
    const r = receiver(['500', '500', '500', '500']);
    plans.push(r);
    const { org, metric } = await scene(await r.start());
    await evaluateMetricAlerts(t.db, await servicePrincipal(t.db, org), metric, NOW);
    const [outcome] = await deliverWebhooks(t.db, { organizationId: org, maxAttempts: 3, baseDelayMs: 5 });
    expect(outcome).toMatchObject({ status: 'dead', attempts: 3, lastError: 'HTTP 500' });
    const row = await t.db
      .selectFrom('notification_deliveries')
      .selectAll()
      .where('organization_id', '=', org)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'dead', attempts: 3, last_error: 'gave up after 3 tries: HTTP 500' });
    expect(r.received).toHaveLength(3);
    expect(await deliverWebhooks(t.db, { organizationId: org })).toEqual([]);
  });
});
