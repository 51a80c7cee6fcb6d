// Test helpers shared by the thresholds tests (imported only from *.test.ts files; not exported by the barrel).
import type { AlertMetric, ConditionInput, LatestCalculation } from './alert-conditions';
import type { AlertRule } from './alert-state-machine';

export const T0 = new Date('2026-03-02T00:00:00Z');

/** `T0` plus `minutes`. */
export const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);

/** A higher_better metric with warning 90 / critical 80 bands and a target of 95. */
export const metric: AlertMetric = {
  direction: 'higher_better',
  threshold_config: { warning: { value: 90, recovery: 92 }, critical: 80 },
  target_value: 95,
  refresh_frequency: 'hourly',
};

/** An alert rule on `metric` with two channels; `overrides` replace fields. */
export function makeRule(overrides: Partial<AlertRule> = {}): AlertRule {
  return {
    id: 'alert-1',
    alert_name: 'Compliance below target',
    metric_id: 'metric-1',
    alert_type: 'threshold',
    condition_config: { type: 'threshold' },
    severity: 'warning',
    is_active: true,
    check_frequency_minutes: 5,
    cooldown_minutes: 60,
    notification_channels: ['email', 'webhook'],
    recipient_users: ['user-1'],
    recipient_roles: ['role-ops'],
    escalation_config: null,
    auto_resolve: true,
    ...overrides,
  };
}

/** A successful calculation of `value` at `when`. */
export function calc(value: number, when: Date, extra: Partial<LatestCalculation> = {}): LatestCalculation {
  return {
    metric_value: value,
    calculation_timestamp: when,
    sample_size: 100,
    data_quality_score: 0.95,
    target_value: null,
    calculation_status: 'success',
    ...extra,
  };
}

/** Condition input for `value` at `when` on `m` (default `metric`). */
export function inputOf(
  value: number | null,
  when: Date,
  opts: { metric?: AlertMetric; history?: readonly number[]; extra?: Partial<LatestCalculation> } = {},
): ConditionInput {
  return {
    metric: opts.metric ?? metric,
    latest: value === null ? null : calc(value, when, opts.extra),
    ...(opts.history === undefined ? {} : { history: opts.history }),
  };
}
