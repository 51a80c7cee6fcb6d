import type { Database } from '@arion-metrics/core';
import { type Kysely, sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../db/create-database';
import { TEST_ENGINES, useTestDatabase } from '../testing/test-database';
import { type AlertInput, alertRepository, unacknowledgedQuery } from './alert-repository';
import type { Principal } from './principal';
import { NotFoundError, PermissionDeniedError, StoreValidationError } from './store-errors';
import { createTestOrganization, type TestOrganization } from './test-organization';

async function count(
  db: Kysely<Database>,
  table: 'metric_alerts' | 'metric_alert_history',
  organizationId: string,
) {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('organization_id', '=', organizationId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe.each(TEST_ENGINES)('alert repository on %s', (engine) => {
  const t = useTestDatabase(engine);
  let org: TestOrganization;
  /** Owns metrics[0] (public) and metrics[1] (private). */
  let owner: Principal;
  /** Sees metrics[0] (public) but may not change it; cannot see metrics[1]. */
  let viewer: Principal;
  const rule = (overrides: Partial<AlertInput> = {}): AlertInput => ({
    alert_name: 'Coverage below 90%',
    metric_id: org.metrics[0]!,
    alert_type: 'threshold',
    condition_config: { type: 'threshold', operator: '<', value: 90 },
    ...overrides,
  });
  beforeAll(async () => {
    org = await createTestOrganization(t.db);
    owner = org.principal(0);
    viewer = org.principal(1);
    await sql`UPDATE metric_definitions SET owner_id = ${org.users[0]} WHERE id IN (${org.metrics[0]}, ${org.metrics[1]})`.execute(
      t.db,
    );
    await sql`UPDATE metric_definitions SET is_public = true WHERE id = ${org.metrics[0]}`.execute(t.db);
  });

  describe('rules', () => {
    it('creates an alert rule with audit columns from the principal and the database defaults', async () => {
      const alerts = alertRepository(t.db, owner);
      const created = await alerts.create(
        rule({
          notification_channels: ['email', 'webhook'],
          recipient_users: [org.users[1]!],
          recipient_roles: [org.roles[0]!],
          escalation_config: { steps: [{ after_minutes: 30, severity: 'critical' }] },
        }),
      );
      expect(created).toMatchObject({
        metric_id: org.metrics[0],
        alert_type: 'threshold',
        condition_config: { type: 'threshold', operator: '<', value: 90 },
        severity: 'warning',
        is_active: true,
        check_frequency_minutes: 60,
        cooldown_minutes: 60,
        auto_resolve: true,
        trigger_count: 0,
        last_triggered: null,
        recipient_users: [org.users[1]],
        created_by: org.users[0],
        updated_by: org.users[0],
        organization_id: org.organizationId,
      });
      expect(await alerts.get(created.id)).toEqual(created);
      expect(await alertRepository(t.db, viewer).get(created.id)).toEqual(created);
    });

    it('refuses bad input with an error naming the field and the value, and writes nothing', async () => {
      const alerts = alertRepository(t.db, owner);
      const other = await createTestOrganization(t.db, 1);
      const before = await count(t.db, 'metric_alerts', org.organizationId);
      const cases: [object, string, unknown][] = [
        [rule({ alert_name: '' }), 'metric_alerts.alert_name', ''],
        [rule({ alert_type: 'spike' as never }), 'metric_alerts.alert_type', 'spike'],
        [rule({ alert_type: 'trend' }), 'metric_alerts.condition_config.type', 'threshold'],
        [
          rule({ condition_config: { type: 'threshold', operator: '<' } as never }),
          'metric_alerts.condition_config',
          undefined,
        ],
        [
          rule({
            condition_config: { type: 'threshold', operator: '<', value: 90, recovery_level: 95 } as never,
          }),
          'metric_alerts.condition_config',
          undefined,
        ],
        [
          rule({
            escalation_config: {
              steps: [
                { after_minutes: 30, severity: 'critical' },
                { after_minutes: 10, severity: 'critical' },
              ],
            },
          }),
          'metric_alerts.escalation_config.steps[1].after_minutes',
          10,
        ],
        [rule({ severity: 'urgent' as never }), 'metric_alerts.severity', 'urgent'],
        [rule({ check_frequency_minutes: 0 }), 'metric_alerts.check_frequency_minutes', 0],
        [rule({ cooldown_minutes: -1 }), 'metric_alerts.cooldown_minutes', -1],
        [rule({ notification_channels: ['email', ''] }), 'metric_alerts.notification_channels[1]', ''],
        [rule({ recipient_users: ['alice'] }), 'metric_alerts.recipient_users[0]', 'alice'],
        [rule({ recipient_users: [other.users[0]!] }), 'metric_alerts.recipient_users[0]', other.users[0]],
        [rule({ recipient_roles: [org.users[0]!] }), 'metric_alerts.recipient_roles[0]', org.users[0]],
        [rule({ metric_id: 'm1' }), 'metric_alerts.metric_id', 'm1'],
        [rule({ metric_id: other.metrics[0]! }), 'metric_alerts.metric_id', other.metrics[0]],
        [{ ...rule(), trigger_count: 5 }, 'metric_alerts.trigger_count', 5],
        [{ ...rule(), last_triggered: new Date() }, 'metric_alerts.last_triggered', undefined],
        [{ ...rule(), created_by: org.users[1] }, 'metric_alerts.created_by', org.users[1]],
        [
          { alert_name: 'x', metric_id: org.metrics[0], alert_type: 'trend' },
          'metric_alerts.condition_config',
          undefined,
        ],
      ];
      for (const [input, field, value] of cases) {
        const error = await alerts.create(input as never).catch((e: unknown) => e);
        expect(error, JSON.stringify(input)).toBeInstanceOf(StoreValidationError);
        const got = error as StoreValidationError;
        expect(got.field.startsWith(field), `${got.field} for ${JSON.stringify(input)}`).toBe(true);
        if (value !== undefined) expect(got.value).toEqual(value);
        expect(got.message).toContain('allowed:');
      }
      expect(await count(t.db, 'metric_alerts', org.organizationId)).toBe(before);
    });

    it('changes a rule, recording who changed it, and checks alert_type and condition together', async () => {
      const alerts = alertRepository(t.db, owner);
      const a = await alerts.create(rule());
      const changed = await alerts.update(a.id, {
        severity: 'critical',
        cooldown_minutes: 0,
        is_active: false,
      });
      expect(changed).toMatchObject({ severity: 'critical', cooldown_minutes: 0, is_active: false });
      expect(changed.updated_at.getTime()).toBeGreaterThanOrEqual(a.updated_at.getTime());
      await expect(alerts.update(a.id, { alert_type: 'trend' })).rejects.toThrow(
        /metric_alerts\.condition_config\.type: got "threshold"; allowed: "trend", the alert_type/,
      );
      await expect(alerts.update(a.id, { condition_config: { type: 'trend', periods: 3 } })).rejects.toThrow(
        /condition_config\.type/,
      );
      const trend = await alerts.update(a.id, {
        alert_type: 'trend',
        condition_config: { type: 'trend', periods: 3 },
      });
      expect(trend).toMatchObject({ alert_type: 'trend', condition_config: { type: 'trend', periods: 3 } });
      await expect(alerts.update(a.id, { metric_id: org.metrics[1] } as never)).rejects.toThrow(
        /metric_alerts\.metric_id/,
      );
      expect((await alerts.get(a.id)).metric_id).toBe(org.metrics[0]);
    });

    it('lists the rules of the metrics the principal can see, filtered and paginated', async () => {
      const o = await createTestOrganization(t.db, 2);
      await sql`UPDATE metric_definitions SET owner_id = ${o.users[0]} WHERE organization_id = ${o.organizationId}`.execute(
        t.db,
      );
      await sql`UPDATE metric_definitions SET is_public = true WHERE id = ${o.metrics[0]}`.execute(t.db);
      const alerts = alertRepository(t.db, o.principal(0));
      await alerts.create(rule({ alert_name: 'b', metric_id: o.metrics[0]! }));
      await alerts.create(rule({ alert_name: 'a', metric_id: o.metrics[0]!, is_active: false }));
      await alerts.create(rule({ alert_name: 'c (private metric)', metric_id: o.metrics[1]! }));
      expect((await alerts.list()).map((a) => a.alert_name)).toEqual(['a', 'b', 'c (private metric)']);
      expect((await alerts.list({ isActive: true })).map((a) => a.alert_name)).toEqual([
        'b',
        'c (private metric)',
      ]);
      expect((await alerts.list({ metricId: o.metrics[1]! })).map((a) => a.alert_name)).toEqual([
        'c (private metric)',
      ]);
      expect((await alerts.list({ limit: 1, offset: 1 })).map((a) => a.alert_name)).toEqual(['b']);
      expect((await alertRepository(t.db, o.principal(1)).list()).map((a) => a.alert_name)).toEqual([
        'a',
        'b',
      ]);
    });

    it('lets whoever sees the metric read and handle its alerts, and only who may change the metric change them', async () => {
      const alerts = alertRepository(t.db, owner);
      const visible = await alerts.create(rule());
      const hidden = await alerts.create(rule({ metric_id: org.metrics[1]! }));
      const { history } = await alerts.recordTrigger(visible.id, { metric_value: 80 });
      const asViewer = alertRepository(t.db, viewer);
      await expect(asViewer.get(visible.id)).resolves.toMatchObject({ id: visible.id });
      await expect(asViewer.listHistory(visible.id)).resolves.toHaveLength(1);
      await expect(asViewer.acknowledge(history.id)).resolves.toMatchObject({
        acknowledged_by: org.users[1],
      });
      await expect(asViewer.resolve(history.id)).resolves.toMatchObject({ auto_resolved: false });
      await expect(asViewer.create(rule())).rejects.toBeInstanceOf(PermissionDeniedError);
      await expect(asViewer.update(visible.id, { severity: 'info' })).rejects.toBeInstanceOf(
        PermissionDeniedError,
      );
      await expect(asViewer.delete(visible.id)).rejects.toBeInstanceOf(PermissionDeniedError);
      await expect(asViewer.recordTrigger(visible.id)).rejects.toBeInstanceOf(PermissionDeniedError);
      for (const call of [
        () => asViewer.get(hidden.id),
        () => asViewer.update(hidden.id, { severity: 'info' }),
        () => asViewer.delete(hidden.id),
        () => asViewer.recordTrigger(hidden.id),
        () => asViewer.listHistory(hidden.id),
      ]) {
        await expect(call()).rejects.toBeInstanceOf(NotFoundError);
      }
      await expect(asViewer.create(rule({ metric_id: org.metrics[1]! }))).rejects.toThrow(
        /metric_alerts\.metric_id/,
      );
      expect((await alerts.get(visible.id)).severity).toBe('warning');
      expect((await alerts.get(hidden.id)).trigger_count).toBe(0);
    });

    it('hides the alerts of a soft-deleted metric', async () => {
      const o = await createTestOrganization(t.db, 1);
      await sql`UPDATE metric_definitions SET owner_id = ${o.users[0]} WHERE id = ${o.metrics[0]}`.execute(
        t.db,
      );
      const alerts = alertRepository(t.db, o.principal(0));
      const a = await alerts.create(rule({ metric_id: o.metrics[0]! }));
      const { history } = await alerts.recordTrigger(a.id);
      await sql`UPDATE metric_definitions SET deleted_at = now() WHERE id = ${o.metrics[0]}`.execute(t.db);
      await expect(alerts.get(a.id)).rejects.toBeInstanceOf(NotFoundError);
      await expect(alerts.getHistory(history.id)).rejects.toBeInstanceOf(NotFoundError);
      expect(await alerts.list()).toEqual([]);
      expect(await alerts.listUnacknowledged()).toEqual([]);
    });

    it('deletes a rule together with its history', async () => {
      const alerts = alertRepository(t.db, owner);
      const a = await alerts.create(rule());
      const { history } = await alerts.recordTrigger(a.id);
      await alerts.delete(a.id);
      await expect(alerts.get(a.id)).rejects.toBeInstanceOf(NotFoundError);
      await expect(alerts.getHistory(history.id)).rejects.toBeInstanceOf(NotFoundError);
      const left = await t.db
        .selectFrom('metric_alert_history')
        .select('id')
        .where('alert_id', '=', a.id)
        .execute();
      expect(left).toEqual([]);
    });

    it('answers not found for ids that are not UUIDs', async () => {
      const alerts = alertRepository(t.db, owner);
      for (const call of [
        () => alerts.get('a1'),
        () => alerts.update('a1', {}),
        () => alerts.delete('a1'),
        () => alerts.recordTrigger('a1'),
        () => alerts.acknowledge('h1'),
        () => alerts.resolve('h1'),
        () => alerts.getHistory('h1'),
        () => alerts.listHistory('a1'),
        () => alerts.listUnacknowledged({ alertId: 'a1' }),
      ]) {
        await expect(call()).rejects.toBeInstanceOf(NotFoundError);
      }
      expect(await alerts.list({ metricId: 'm1' })).toEqual([]);
    });
  });

  describe('history', () => {
    it('appends a trigger and moves the counters in the same step', async () => {
      const alerts = alertRepository(t.db, owner);
      const a = await alerts.create(rule({ severity: 'critical' }));
      const first = await alerts.recordTrigger(a.id, {
        metric_value: 87.5,
        threshold_value: 90,
        condition_details: { operator: '<', observed: 87.5 },
        notifications_sent: 2,
      });
      expect(first.alert).toMatchObject({ trigger_count: 1 });
      expect(first.alert.last_triggered?.getTime()).toBe(first.history.triggered_at.getTime());
      expect(first.history).toMatchObject({
        alert_id: a.id,
        metric_value: 87.5,
        threshold_value: 90,
        condition_details: { operator: '<', observed: 87.5 },
        severity_at_trigger: 'critical',
        notifications_sent: 2,
        acknowledged_at: null,
        resolved_at: null,
        auto_resolved: false,
      });
      const at = new Date('2020-01-01T00:00:00Z');
      const late = await alerts.recordTrigger(a.id, { triggered_at: at, severity_at_trigger: 'info' });
      expect(late.history).toMatchObject({ triggered_at: at, severity_at_trigger: 'info' });
      // An older trigger recorded late counts, but does not move last_triggered back.
      expect(late.alert.trigger_count).toBe(2);
      expect(late.alert.last_triggered).toEqual(first.alert.last_triggered);
      expect((await alerts.listHistory(a.id)).map((h) => h.id)).toEqual([first.history.id, late.history.id]);
      expect(await alerts.listHistory(a.id, { limit: 1 })).toHaveLength(1);
    });

    it('counts every one of many concurrent triggers exactly once', async () => {
      const second = engine === 'postgres' ? await createDatabase({ url: t.url }) : t.db;
      try {
        const a = await alertRepository(t.db, owner).create(rule({ alert_name: 'busy' }));
        const n = 24;
        await Promise.all(
          Array.from({ length: n }, (_, i) =>
            alertRepository(i % 2 ? second : t.db, owner).recordTrigger(a.id, { metric_value: i }),
          ),
        );
        const now = await alertRepository(t.db, owner).get(a.id);
        expect(now.trigger_count).toBe(n);
        expect(await alertRepository(t.db, owner).listHistory(a.id, { limit: 500 })).toHaveLength(n);
        const { max } = await t.db
          .selectFrom('metric_alert_history')
          .select((eb) => eb.fn.max('triggered_at').as('max'))
          .where('alert_id', '=', a.id)
          .executeTakeFirstOrThrow();
        expect(now.last_triggered).toEqual(max);
      } finally {
        if (second !== t.db) await second.destroy();
      }
    });

    it('leaves the counters untouched when the history row cannot be written', async () => {
      // A failure injected in the database, after the counters were updated in the same transaction.
      await sql
        .raw(`CREATE OR REPLACE FUNCTION arion_test_refuse_666() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.metric_value = 666 THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$`)
        .execute(t.db);
      await sql
        .raw(`CREATE TRIGGER arion_test_refuse_666 BEFORE INSERT ON metric_alert_history
        FOR EACH ROW EXECUTE FUNCTION arion_test_refuse_666()`)
        .execute(t.db);
      const alerts = alertRepository(t.db, owner);
      const a = await alerts.create(rule({ alert_name: 'atomic' }));
      await alerts.recordTrigger(a.id, { metric_value: 1 });
      const before = await alerts.get(a.id);
      await expect(alerts.recordTrigger(a.id, { metric_value: 666 })).rejects.toThrow(/injected failure/);
      expect(await alerts.get(a.id)).toEqual(before);
      expect(await alerts.listHistory(a.id)).toHaveLength(1);
    });

    it('refuses a bad trigger with an error naming the field and the value, and writes nothing', async () => {
      const alerts = alertRepository(t.db, owner);
      const a = await alerts.create(rule({ alert_name: 'bad triggers' }));
      const cases: [object, string, unknown][] = [
        [{ metric_value: Number.NaN }, 'metric_alert_history.metric_value', Number.NaN],
        [{ metric_value: 1e12 }, 'metric_alert_history.metric_value', 1e12],
        [{ threshold_value: '90' }, 'metric_alert_history.threshold_value', '90'],
        [{ condition_details: [1, 2] }, 'metric_alert_history.condition_details', [1, 2]],
        [{ severity_at_trigger: 'urgent' }, 'metric_alert_history.severity_at_trigger', 'urgent'],
        [{ notifications_sent: -1 }, 'metric_alert_history.notifications_sent', -1],
        [{ triggered_at: 'yesterday' }, 'metric_alert_history.triggered_at', 'yesterday'],
        [{ acknowledged_by: org.users[0] }, 'metric_alert_history.acknowledged_by', org.users[0]],
      ];
      for (const [input, field, value] of cases) {
        const error = await alerts.recordTrigger(a.id, input as never).catch((e: unknown) => e);
        expect(error, JSON.stringify(input)).toBeInstanceOf(StoreValidationError);
        expect((error as StoreValidationError).field).toBe(field);
        expect((error as StoreValidationError).value).toEqual(value);
      }
      expect(await alerts.get(a.id)).toMatchObject({ trigger_count: 0, last_triggered: null });
      expect(await alerts.listHistory(a.id)).toEqual([]);
    });

    it('records who acknowledged and when, with the note, and refuses a second acknowledgement', async () => {
      const alerts = alertRepository(t.db, owner);
      const a = await alerts.create(rule({ alert_name: 'ack' }));
      const { history } = await alerts.recordTrigger(a.id);
      const acked = await alertRepository(t.db, viewer).acknowledge(history.id, { note: 'Looking into it' });
      expect(acked).toMatchObject({
        acknowledged_by: org.users[1],
        acknowledgement_note: 'Looking into it',
        resolution_notes: null,
        resolved_by: null,
      });
      expect(acked.acknowledged_at).toBeInstanceOf(Date);
      const again = await alerts.acknowledge(history.id).catch((e: unknown) => e);
      expect(again).toBeInstanceOf(StoreValidationError);
      expect((again as Error).message).toContain(`acknowledged by user ${org.users[1]}`);
      expect(await alerts.getHistory(history.id)).toEqual(acked);
      await expect(alerts.acknowledge(history.id, { note: '' })).rejects.toThrow(/acknowledgement_note/);
      // Without a note the column stays null.
      const other = (await alerts.recordTrigger(a.id)).history;
      expect(await alerts.acknowledge(other.id)).toMatchObject({
        acknowledged_by: org.users[0],
        acknowledgement_note: null,
      });
    });

    it('resolves by hand (recording who) or automatically (nobody), with its note apart from the acknowledgement note, and refuses a second resolution', async () => {
      const alerts = alertRepository(t.db, owner);
      const a = await alerts.create(rule({ alert_name: 'resolve' }));
      const manual = (await alerts.recordTrigger(a.id)).history;
      await alerts.acknowledge(manual.id, { note: 'On it' });
      const resolved = await alertRepository(t.db, viewer).resolve(manual.id, {
        note: 'Restarted the collector',
      });
      expect(resolved).toMatchObject({
        auto_resolved: false,
        resolved_by: org.users[1],
        acknowledged_by: org.users[0],
        acknowledgement_note: 'On it',
        resolution_notes: 'Restarted the collector',
      });
      expect(resolved.resolved_at).toBeInstanceOf(Date);
      await expect(alerts.resolve(manual.id)).rejects.toThrow(/metric_alert_history\.resolved_at/);
      const auto = (await alerts.recordTrigger(a.id)).history;
      expect(await alerts.resolve(auto.id, { auto: true })).toMatchObject({
        auto_resolved: true,
        resolved_by: null,
        resolution_notes: null,
        acknowledged_at: null,
      });
      await expect(alerts.resolve(auto.id, { auto: 'yes' as never })).rejects.toThrow(/auto_resolved/);
    });

    it('lists the open unacknowledged triggers newest first, and the resolved ones on request', async () => {
      const o = await createTestOrganization(t.db, 2);
      await sql`UPDATE metric_definitions SET owner_id = ${o.users[0]} WHERE organization_id = ${o.organizationId}`.execute(
        t.db,
      );
      const alerts = alertRepository(t.db, o.principal(0));
      const a = await alerts.create(rule({ metric_id: o.metrics[0]! }));
      const b = await alerts.create(rule({ alert_name: 'b', metric_id: o.metrics[1]! }));
      const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute));
      const h1 = (await alerts.recordTrigger(a.id, { triggered_at: at(1) })).history;
      const h2 = (await alerts.recordTrigger(b.id, { triggered_at: at(2) })).history;
      const h3 = (await alerts.recordTrigger(a.id, { triggered_at: at(3) })).history;
      const h4 = (await alerts.recordTrigger(a.id, { triggered_at: at(4) })).history;
      await alerts.acknowledge(h3.id);
      await alerts.resolve(h4.id, { auto: true });
      const open = await alerts.listUnacknowledged();
      expect(open.map((h) => h.id)).toEqual([h2.id, h1.id]);
      expect(open[0]).toMatchObject({ alert_name: 'b', metric_id: o.metrics[1], alert_severity: 'warning' });
      expect((await alerts.listUnacknowledged({ includeResolved: true })).map((h) => h.id)).toEqual([
        h4.id,
        h2.id,
        h1.id,
      ]);
      expect((await alerts.listUnacknowledged({ alertId: a.id })).map((h) => h.id)).toEqual([h1.id]);
      expect(await alerts.listUnacknowledged({ limit: 1 })).toHaveLength(1);
      // users[1] sees neither metric (both private, owned by users[0]).
      expect(await alertRepository(t.db, o.principal(1)).listUnacknowledged()).toEqual([]);
    });

    it('reads unacknowledged triggers through the partial index idx_alert_history_unack', async () => {
      const o = await createTestOrganization(t.db, 1);
      await sql`UPDATE metric_definitions SET owner_id = ${o.users[0]} WHERE id = ${o.metrics[0]}`.execute(
        t.db,
      );
      const alerts = alertRepository(t.db, o.principal(0));
      const a = await alerts.create(rule({ metric_id: o.metrics[0]! }));
      // 20,000 acknowledged triggers and a handful of open ones: the partial index holds only those.
      await sql`INSERT INTO metric_alert_history (alert_id, organization_id, triggered_at, acknowledged_at, acknowledged_by)
        SELECT ${a.id}, ${o.organizationId}, now() - make_interval(mins => g), now(), ${o.users[0]}
        FROM generate_series(1, 20000) g`.execute(t.db);
      for (let i = 0; i < 5; i++) await alerts.recordTrigger(a.id);
      await sql`ANALYZE metric_alert_history`.execute(t.db);
      const plan = (await unacknowledgedQuery(t.db, o.principal(0)).explain())
        .map((row) => String(Object.values(row)[0]))
        .join('\n');
      expect(plan).toContain('idx_alert_history_unack');
      expect(await alerts.listUnacknowledged()).toHaveLength(5);
    });
  });
});
