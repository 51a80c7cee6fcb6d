/**
 * One scheduler tick: evaluating 100,000 alert rules against their latest values with
 * `evaluateAlertRules` (conditions, lifecycle, effects, inhibition over a depends_on graph), printed
 * as rules per second next to an anchor measured in the same run: a plain loop that compares each
 * latest value with a fixed limit and allocates one result object per rule (the least any
 * implementation must do). The ratio says what the engine's rules cost over that floor.
 *
 *   pnpm bench alerts            # RULES=20000 pnpm bench alerts for a quick run
 */
import { loadavg } from 'node:os';
import {
  type AlertMetric,
  type AlertRule,
  type AlertState,
  type AlertTickItem,
  type ConditionConfig,
  type DependsOnEdge,
  evaluateAlertRules,
  initialAlertState,
  type LatestCalculation,
} from '../packages/core/src/index';

const RULES = Number(process.env.RULES ?? 100_000);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const HISTORY = 60;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

// Deterministic data (xorshift).
let seed = 0x2545f491;
const random = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 4_294_967_296;
};

const now = new Date('2026-03-02T12:00:00Z');
const metrics: AlertMetric[] = [
  {
    direction: 'higher_better',
    threshold_config: { warning: { value: 90, recovery: 92 }, critical: 80 },
    target_value: 95,
    refresh_frequency: 'hourly',
  },
  {
    direction: 'lower_better',
    threshold_config: { basis: 'target_percent', warning: 110, critical: 130 },
    target_value: 50,
    refresh_frequency: 'daily',
  },
  {
    direction: 'target_range',
    threshold_config: { warning: { low: 40, high: 60 }, critical: { low: 30, high: 70 } },
    target_value: 50,
    refresh_frequency: 'hourly',
  },
];
// The mix of a realistic installation: mostly thresholds, some of every other alert_type.
const conditions: readonly [number, ConditionConfig][] = [
  [0.45, { type: 'threshold' }],
  [0.2, { type: 'threshold', operator: '>', value: 85, recovery: 80, for_evaluations: 2 }],
  [0.1, { type: 'target_variance', max_percent: 10 }],
  [0.1, { type: 'data_quality', max_staleness_minutes: 'refresh', min_quality_score: 0.7 }],
  [0.08, { type: 'trend', periods: 3 }],
  [0.04, { type: 'anomaly' }],
  [0.03, { type: 'anomaly', method: 'seasonal_mad', season_length: 7 }],
];
const pickCondition = (): ConditionConfig => {
  let r = random();
  for (const [share, c] of conditions) {
    r -= share;
    if (r < 0) return c;
  }
  return conditions[0]![1];
};

const metricCount = Math.max(1, Math.floor(RULES / 2));
const items: AlertTickItem[] = [];
const limits = new Float64Array(RULES);
const values = new Float64Array(RULES);
for (let i = 0; i < RULES; i++) {
  const metric = metrics[i % metrics.length]!;
  // Healthy values for most rules (about 3% breach their levels), as in a normal tick.
  const centre = metric.direction === 'higher_better' ? 96 : metric.direction === 'lower_better' ? 45 : 50;
  const wobble = () => (random() - 0.5) * 8;
  const value =
    random() < 0.03 ? centre + (metric.direction === 'higher_better' ? -25 : 25) : centre + wobble();
  const history = Array.from({ length: HISTORY }, () => centre + wobble());
  const latest: LatestCalculation = {
    metric_value: value,
    calculation_timestamp: new Date(now.getTime() - Math.floor(random() * 50) * 60_000),
    sample_size: 50 + Math.floor(random() * 100),
    data_quality_score: random() < 0.02 ? 0.5 : 0.9 + Math.round(random() * 10) / 100,
    target_value: null,
    calculation_status: 'success',
  };
  const rule: AlertRule = {
    id: `alert-${i}`,
    alert_name: `Rule ${i}`,
    metric_id: `metric-${i % metricCount}`,
    alert_type: 'threshold',
    condition_config: pickCondition(),
    severity: 'warning',
    is_active: true,
    check_frequency_minutes: 5,
    cooldown_minutes: 60,
    notification_channels: ['email', 'webhook'],
    recipient_users: ['user-1'],
    recipient_roles: null,
    escalation_config: i % 10 === 0 ? { steps: [{ after_minutes: 30, severity: 'critical' }] } : null,
    auto_resolve: true,
  };
  items.push({
    rule: { ...rule, alert_type: rule.condition_config.type },
    state: initialAlertState(),
    input: { metric, latest, history },
  });
  limits[i] = centre + 10;
  values[i] = value;
}
// One metric in five depends on another one (a forest of depends_on chains).
const dependencies: DependsOnEdge[] = [];
for (let m = 1; m < metricCount; m++) {
  if (m % 5 === 0)
    dependencies.push({ dependent: `metric-${m}`, dependency: `metric-${Math.floor(random() * m)}` });
}

function anchor(): number {
  const out = new Array<{ id: string; fired: boolean }>(RULES);
  let fired = 0;
  for (let i = 0; i < RULES; i++) {
    const f = values[i]! > limits[i]!;
    out[i] = { id: items[i]!.rule.id, fired: f };
    if (f) fired++;
  }
  return fired + out.length;
}

function time(fn: () => unknown): number {
  gc();
  const start = performance.now();
  fn();
  return performance.now() - start;
}

function best(fn: () => unknown): number {
  let min = Number.POSITIVE_INFINITY;
  for (let r = 0; r < ROUNDS; r++) min = Math.min(min, time(fn));
  return min;
}

// Warm up on a slice so that the JIT has seen every code path.
evaluateAlertRules(items.slice(0, 2000), { now, dependencies });
anchor();

const tick = (withGraph: boolean) => () => {
  const results = evaluateAlertRules(items, withGraph ? { now, dependencies } : { now });
  return results.length;
};
const fresh = best(tick(false));
const graph = best(tick(true));
const floor = best(anchor);

// A second tick from the states of the first: firing alerts stay firing, cooldowns apply.
const first = evaluateAlertRules(items, { now, dependencies });
const later = new Date(now.getTime() + 5 * 60_000);
const secondItems: AlertTickItem[] = items.map((item, i) => {
  const r = first[i]!;
  const state: AlertState = r.status === 'Success' ? r.state : item.state;
  return { ...item, state };
});
const second = best(() => evaluateAlertRules(secondItems, { now: later, dependencies }).length);
const effects = first.reduce((n, r) => n + (r.status === 'Success' ? r.effects.length : 0), 0);
const firing = first.filter((r) => r.status === 'Success' && r.state.status === 'firing').length;
const inhibited = first.filter((r) => r.status === 'Success' && r.state.inhibitedBy.length > 0).length;
const errors = first.filter((r) => r.status === 'Error').length;

const perSecond = (ms: number) => Math.round((RULES / ms) * 1000).toLocaleString('en-US');
const row = (name: string, ms: number) =>
  console.log(
    `${name.padEnd(46)} ${ms.toFixed(1).padStart(8)} ms  ${perSecond(ms).padStart(12)} rules/s  ${(ms / floor).toFixed(1).padStart(6)} x anchor`,
  );
console.log(
  `${RULES.toLocaleString('en-US')} rules, ${dependencies.length} depends_on edges, best of ${ROUNDS} (load average ${loadavg()[0]!.toFixed(1)})`,
);
row('anchor: value > limit, one result object', floor);
row('evaluateAlertRules, first tick, no graph', fresh);
row('evaluateAlertRules, first tick, depends_on graph', graph);
row('evaluateAlertRules, next tick (states carried over)', second);
console.log(
  `first tick: ${firing.toLocaleString('en-US')} firing, ${inhibited.toLocaleString('en-US')} inhibited, ${effects.toLocaleString('en-US')} effects, ${errors} errors`,
);
