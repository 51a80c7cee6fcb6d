/**
 * The compliance demo's alert rules — one of each `alert_type` — created through the store and
 * evaluated by core on the organization-wide daily values of the last 90 days; what fires is
 * recorded in the alert history (the dashboards' open alerts).
 */
import type { MetricDefinitionRow } from '@arion-metrics/core';
import type { AlertInput, Store } from '@arion-metrics/server';
import { type AlertOutcome, evaluateAndRecord } from '../demo-alerts';
import { ORGANIZATION_LEVEL } from './compliance-metrics';
import type { ComplianceOrganization } from './compliance-organization';

/** The rules, by the name of the metric each watches. */
function rules(organization: ComplianceOrganization): (Omit<AlertInput, 'metric_id'> & { metric: string })[] {
  const grc = organization.roles['GRC admin'];
  return [
    {
      metric: 'control_test_pass_rate',
      alert_name: 'Control test pass rate in the warning band',
      alert_type: 'threshold',
      condition_config: { type: 'threshold', level: 'warning' },
      severity: 'warning',
      notification_channels: ['email'],
      recipient_roles: [grc],
    },
    {
      metric: 'critical_risks_open',
      alert_name: 'More than 4 open critical risks',
      alert_type: 'threshold',
      condition_config: { type: 'threshold', operator: '>', value: 4, recovery: 3 },
      severity: 'critical',
      notification_channels: ['email', 'sms'],
      recipient_roles: [organization.roles['Risk team']],
    },
    {
      metric: 'mttr_critical',
      alert_name: 'Remediation slower three days running',
      alert_type: 'trend',
      condition_config: { type: 'trend', method: 'consecutive', periods: 3 },
      severity: 'warning',
      notification_channels: ['email'],
      recipient_roles: [organization.roles['Security team']],
    },
    {
      metric: 'security_incidents',
      alert_name: 'Unusual number of security incidents',
      alert_type: 'anomaly',
      condition_config: { type: 'anomaly', method: 'rolling_mad', window: 28, sensitivity: 3 },
      severity: 'critical',
      notification_channels: ['email'],
      recipient_roles: [organization.roles['Security team']],
    },
    {
      metric: 'training_completion',
      alert_name: 'Training completion more than 3 % off target',
      alert_type: 'target_variance',
      condition_config: { type: 'target_variance', max_percent: 3 },
      severity: 'info',
      notification_channels: ['email'],
      recipient_roles: [grc],
    },
    {
      metric: 'evidence_completeness',
      alert_name: 'Evidence data of poor quality',
      alert_type: 'data_quality',
      condition_config: { type: 'data_quality', min_quality_score: 0.9 },
      severity: 'warning',
      notification_channels: ['email'],
      recipient_roles: [grc],
    },
  ];
}

/** Creates the rules and evaluates them at `now`; returns what each concluded. */
export async function seedComplianceAlerts(
  store: Store,
  organization: ComplianceOrganization,
  metrics: ReadonlyMap<string, MetricDefinitionRow>,
  now: Date,
): Promise<AlertOutcome<string>[]> {
  const items = [];
  for (const { metric: name, ...input } of rules(organization)) {
    const metric = metrics.get(name);
    if (metric === undefined) throw new Error(`demo alerts: no metric named "${name}"`);
    const rule = await store.alerts.create({ ...input, metric_id: metric.id });
    const series = await store.calculations.series({
      metric_id: metric.id,
      aggregation_level: ORGANIZATION_LEVEL,
      aggregation_id: null,
      from: new Date(now.getTime() - 91 * 86_400_000),
      to: now,
    });
    items.push({ key: name, rule, metric, series });
  }
  return evaluateAndRecord(store, items, now);
}
