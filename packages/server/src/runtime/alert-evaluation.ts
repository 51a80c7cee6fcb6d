/**
 * Alert evaluation with stored state: per rule (for the level's total of the metric's first
 * aggregation level) the state machine's state is read from `alert_states` under a row lock,
 * core's `evaluateAlertRules` decides, and the new state, the history rows, the rule's
 * `trigger_count` / `last_triggered`, `notifications_sent` and the queued deliveries are written in
 * one transaction. A restart or a second worker therefore continues the same lifecycle: no second
 * "firing" for one episode, one notification per cooldown.
 */
import {
  type AlertEffect,
  type AlertRule,
  type AlertState,
  type Database,
  evaluateAlertRules,
  initialAlertState,
  type MetricDefinitionRow,
} from '@arion-metrics/core';
import { type Kysely, sql } from 'kysely';
import type { Principal } from '../store/principal';
import { hasServicePermission } from '../store/principal';
import { runInTransaction } from '../store/run-in-transaction';

/** What became of one rule in a run. */
export interface AlertRunOutcome {
  readonly alertId: string;
  readonly status: 'evaluated' | 'failed';
  /** The state after the run (`firing`, `resolved`...). */
  readonly alertStatus: string | null;
  /** Notifications queued for delivery. */
  readonly queued: number;
  readonly reason: string;
}

const HISTORY_VALUES = 30;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Reads a stored state back (dates were written as ISO strings). */
export function decodeAlertState(json: unknown): AlertState {
  return JSON.parse(JSON.stringify(json), (_, v) => (typeof v === 'string' && ISO.test(v) ? new Date(v) : v));
}

/** Evaluates every active rule of `metric` at `now` as `principal` (needs `evaluate_alerts`). */
export async function evaluateMetricAlerts(
  db: Kysely<Database>,
  principal: Principal,
  metric: MetricDefinitionRow,
  now: Date,
): Promise<AlertRunOutcome[]> {
  if (!hasServicePermission(principal, 'evaluate_alerts')) return [];
  const org = principal.organizationId;
  const rules = await db
    .selectFrom('metric_alerts')
    .selectAll()
    .where('organization_id', '=', org)
    .where('metric_id', '=', metric.id)
    .where('is_active', '=', true)
    .orderBy('alert_name')
    .execute();
  const level = metric.aggregation_levels?.[0] ?? 'org';
  const outcomes: AlertRunOutcome[] = [];
  for (const rule of rules) {
    try {
      outcomes.push(
        await runInTransaction(db, (trx) =>
          evaluateRule(trx, principal, metric, rule as AlertRule, level, now),
        ),
      );
    } catch (error) {
      outcomes.push({
        alertId: rule.id,
        status: 'failed',
        alertStatus: null,
        queued: 0,
        reason: `alert ${rule.alert_name}: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  }
  return outcomes;
}

async function evaluateRule(
  trx: Kysely<Database>,
  principal: Principal,
  metric: MetricDefinitionRow,
  rule: AlertRule,
  level: string,
  now: Date,
): Promise<AlertRunOutcome> {
  const org = principal.organizationId;
  await trx
    .insertInto('alert_states')
    .values({
      organization_id: org,
      alert_id: rule.id,
      aggregation_level: level,
      aggregation_id: null,
      status: 'normal',
      state: JSON.parse(JSON.stringify(initialAlertState())),
      updated_by: principal.userId,
    })
    .onConflict((c) => c.constraint('alert_states_unit_key').doNothing())
    .execute();
  const stored = await trx
    .selectFrom('alert_states')
    .select(['id', 'state'])
    .where('organization_id', '=', org)
    .where('alert_id', '=', rule.id)
    .where('aggregation_level', '=', level)
    .where('aggregation_id', 'is', null)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const values = await trx
    .selectFrom('metric_calculations')
    .selectAll()
    .where('organization_id', '=', org)
    .where('metric_id', '=', metric.id)
    .where('aggregation_level', '=', level)
    .where('aggregation_id', 'is', null)
    .orderBy('period_end', 'desc')
    .limit(HISTORY_VALUES + 1)
    .execute();
  const [latest, ...earlier] = values;
  const [result] = evaluateAlertRules(
    [
      {
        rule,
        state: decodeAlertState(stored.state),
        input: {
          metric: {
            direction: metric.direction,
            threshold_config: metric.threshold_config,
            target_value: metric.target_value,
            refresh_frequency: metric.refresh_frequency,
          },
          latest: latest
            ? {
                metric_value: Number(latest.metric_value),
                calculation_timestamp: latest.calculation_timestamp,
                sample_size: latest.sample_size,
                data_quality_score: latest.data_quality_score,
                target_value: latest.target_value,
                calculation_status: latest.calculation_status,
                calculation_notes: latest.calculation_notes,
              }
            : null,
          history: earlier.reverse().map((v) => Number(v.metric_value)),
        },
      },
    ],
    { now },
  );
  if (!result || result.status === 'Error') throw new Error(result?.error ?? 'no result');
  const queued = await applyEffects(trx, principal, result.effects);
  await trx
    .updateTable('alert_states')
    .set({
      state: JSON.parse(JSON.stringify(result.state)),
      status: result.state.status,
      updated_by: principal.userId,
      updated_at: now,
    })
    .where('id', '=', stored.id)
    .execute();
  return {
    alertId: rule.id,
    status: 'evaluated',
    alertStatus: result.state.status,
    queued,
    reason: result.outcome.reason,
  };
}

/** Carries out the effects in the caller's transaction; returns the deliveries queued. */
async function applyEffects(
  trx: Kysely<Database>,
  principal: Principal,
  effects: readonly AlertEffect[],
): Promise<number> {
  const org = principal.organizationId;
  let queued = 0;
  for (const effect of effects) {
    switch (effect.type) {
      case 'insert_history':
        await trx
          .insertInto('metric_alert_history')
          .values({
            ...effect.row,
            condition_details: effect.row.condition_details as Record<string, never>,
            organization_id: org,
          })
          .execute();
        break;
      case 'update_history':
        await trx
          .updateTable('metric_alert_history')
          .set(effect.set)
          .where('organization_id', '=', org)
          .where('alert_id', '=', effect.alert_id)
          .where('triggered_at', '=', effect.triggered_at)
          .execute();
        break;
      case 'record_trigger':
        await trx
          .updateTable('metric_alerts')
          .set({
            last_triggered: effect.last_triggered,
            trigger_count: sql`trigger_count + 1`,
            updated_by: principal.userId,
          })
          .where('organization_id', '=', org)
          .where('id', '=', effect.alert_id)
          .execute();
        break;
      case 'notify': {
        if (effect.triggered_at === null) break;
        const history = await trx
          .updateTable('metric_alert_history')
          .set({ notifications_sent: sql`notifications_sent + 1` })
          .where('organization_id', '=', org)
          .where('alert_id', '=', effect.alert_id)
          .where('triggered_at', '=', effect.triggered_at)
          .returning(['id', 'metric_value', 'threshold_value'])
          .executeTakeFirst();
        if (!history) break;
        const points = await trx
          .selectFrom('contact_points')
          .select('id')
          .where('organization_id', '=', org)
          .where('channel', '=', effect.channel as 'webhook')
          .where('is_active', '=', true)
          .execute();
        for (const point of points) {
          const key = `${history.id}:${effect.channel}:${point.id}:${effect.kind}:${effect.severity}`;
          const inserted = await trx
            .insertInto('notification_deliveries')
            .values({
              organization_id: org,
              idempotency_key: key,
              history_id: history.id,
              contact_point_id: point.id,
              kind: effect.kind,
              payload: {
                alert_id: effect.alert_id,
                history_id: history.id,
                kind: effect.kind,
                severity: effect.severity,
                summary: effect.summary,
                triggered_at: effect.triggered_at.toISOString(),
                metric_value: history.metric_value === null ? null : Number(history.metric_value),
                threshold_value: history.threshold_value === null ? null : Number(history.threshold_value),
              },
              created_by: principal.userId,
            })
            .onConflict((c) => c.constraint('notification_deliveries_idempotency_key').doNothing())
            .executeTakeFirst();
          queued += Number(inserted.numInsertedOrUpdatedRows ?? 0);
        }
        break;
      }
      case 'inhibition_changed':
        break;
    }
  }
  return queued;
}
