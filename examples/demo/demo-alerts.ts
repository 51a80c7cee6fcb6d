/**
 * Alerting in the demo: rules created through the store, evaluated by core's alert state machine
 * (`evaluateAlertRules`) on the organization's latest values, and each trigger recorded in the alert
 * history through the store. The store records what core decided; it decides nothing itself.
 */
import {
  type AlertEffect,
  evaluateAlertRules,
  initialAlertState,
  type JsonObject,
  type MetricAlertRow,
  type MetricCalculationRow,
  type MetricDefinitionRow,
} from '@arion-metrics/core';
import type { AlertInput, Store } from '@arion-metrics/server';
import type { DemoMetricKey } from './demo-metrics';

/** What one rule's evaluation concluded. */
export interface AlertOutcome<K extends string = DemoMetricKey> {
  readonly alertId: string;
  readonly alertName: string;
  readonly metricKey: K;
  readonly severity: string;
  /** `met`, `clear`, `suppressed`, `no_data`, `error`, or `failed` when the rule could not be evaluated. */
  readonly verdict: string;
  readonly reason: string;
  /** Whether the evaluation opened an episode (a `metric_alert_history` row). */
  readonly fired: boolean;
  /** Notifications core asked for (channel names); the demo sends none. */
  readonly notifications: readonly string[];
}

/** The alert rules of the demo, on organization-wide values. */
function demoRules(
  metricId: (key: DemoMetricKey) => string,
  roleId: string,
  userId: string,
): (AlertInput & { key: DemoMetricKey })[] {
  return [
    {
      key: 'patch_compliance',
      alert_name: 'Patch compliance in the warning band',
      metric_id: metricId('patch_compliance'),
      alert_type: 'threshold',
      condition_config: { type: 'threshold', level: 'warning' },
      severity: 'warning',
      notification_channels: ['email'],
      recipient_roles: [roleId],
    },
    {
      key: 'open_critical_risks',
      alert_name: 'More than 20 open critical risks',
      metric_id: metricId('open_critical_risks'),
      alert_type: 'threshold',
      condition_config: { type: 'threshold', operator: '>', value: 20, recovery: 18 },
      severity: 'critical',
      notification_channels: ['email', 'sms'],
      recipient_users: [userId],
    },
    {
      key: 'mean_time_to_remediate',
      alert_name: 'Remediation slower three months running',
      metric_id: metricId('mean_time_to_remediate'),
      alert_type: 'trend',
      condition_config: { type: 'trend', method: 'consecutive', periods: 3 },
      severity: 'warning',
      notification_channels: ['email'],
      recipient_roles: [roleId],
    },
  ];
}

/**
 * Creates the demo's alert rules, evaluates them at `now` on the latest organization-wide
 * calculation of each metric (with the earlier months as history, for the trend rule), and records
 * every trigger through `store.alerts.recordTrigger`.
 */
export async function runDemoAlerts(
  store: Store,
  options: {
    readonly metrics: ReadonlyMap<DemoMetricKey, MetricDefinitionRow>;
    readonly orgSeries: ReadonlyMap<string, readonly MetricCalculationRow[]>;
    readonly recipientRoleId: string;
    readonly recipientUserId: string;
    readonly now: Date;
  },
): Promise<AlertOutcome[]> {
  const metricId = (key: DemoMetricKey) => options.metrics.get(key)!.id;
  const rules = [];
  for (const { key, ...input } of demoRules(metricId, options.recipientRoleId, options.recipientUserId)) {
    rules.push({ key, rule: await store.alerts.create(input) });
  }
  const items = rules.map(({ key, rule }) => {
    const series = options.orgSeries.get(rule.metric_id) ?? [];
    return { key, rule, metric: options.metrics.get(key)!, series };
  });
  return evaluateAndRecord(store, items, options.now);
}

/** One rule to evaluate: its stored row, its metric and the metric's series (oldest first). */
export interface RuleToEvaluate<K extends string> {
  readonly key: K;
  readonly rule: MetricAlertRow;
  readonly metric: MetricDefinitionRow;
  readonly series: readonly MetricCalculationRow[];
}

/**
 * Evaluates `rules` at `now` with core's `evaluateAlertRules` on the last value of each series
 * (the earlier ones are the history) from a fresh state, and records every trigger core asks for
 * through `store.alerts.recordTrigger`.
 */
export async function evaluateAndRecord<K extends string>(
  store: Store,
  rules: readonly RuleToEvaluate<K>[],
  now: Date,
): Promise<AlertOutcome<K>[]> {
  const items = rules.map(({ rule, metric, series }) => ({
    rule,
    state: initialAlertState(),
    input: {
      metric,
      latest: series.at(-1) ?? null,
      history: series.slice(0, -1).map((r) => r.metric_value),
    },
  }));
  const results = evaluateAlertRules(items, { now });

  const outcomes: AlertOutcome<K>[] = [];
  for (const [i, result] of results.entries()) {
    const { key, rule } = rules[i]!;
    const base = { alertId: rule.id, alertName: rule.alert_name, metricKey: key, severity: rule.severity };
    if (result.status === 'Error') {
      outcomes.push({ ...base, verdict: 'failed', reason: result.error, fired: false, notifications: [] });
      continue;
    }
    let fired = false;
    for (const effect of result.effects) {
      if (effect.type !== 'insert_history') continue;
      await store.alerts.recordTrigger(effect.row.alert_id, historyRow(effect));
      fired = true;
    }
    outcomes.push({
      ...base,
      verdict: result.outcome.verdict ?? 'not evaluated',
      reason: result.outcome.reason,
      fired,
      notifications: result.effects.flatMap((e) => (e.type === 'notify' ? [e.channel] : [])),
    });
  }
  return outcomes;
}

/** The history row core's `insert_history` effect describes, as the store takes it. */
function historyRow(effect: Extract<AlertEffect, { type: 'insert_history' }>) {
  const { row } = effect;
  return {
    triggered_at: row.triggered_at,
    metric_value: row.metric_value,
    threshold_value: row.threshold_value,
    condition_details: row.condition_details as JsonObject,
    severity_at_trigger: row.severity_at_trigger,
  };
}
