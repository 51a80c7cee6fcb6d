/**
 * One scheduler tick over many rules: evaluates every due rule, upstream metrics before the metrics
 * that depend on them, so that an alert firing in this tick already inhibits its dependents.
 * Reports a result per rule (like Kysely's `MigrationResultSet`), never throws for one bad rule.
 */
import type { ConditionInput } from './alert-conditions';
import {
  type AlertRule,
  type AlertState,
  type AlertTransition,
  type InhibitionCause,
  isAlertDue,
  isFiringStatus,
  transitionAlert,
} from './alert-state-machine';
import { type DependencyGraph, type DependsOnEdge, dependencyGraph, inhibitionCauses } from './inhibition';

/** One rule of a tick with its stored state and its fresh inputs. */
export interface AlertTickItem {
  readonly rule: AlertRule;
  readonly state: AlertState;
  readonly input: ConditionInput;
}

/** The result of one rule in a tick. */
export type AlertTickResult =
  | ({ readonly alertId: string; readonly status: 'Success' } & AlertTransition)
  | { readonly alertId: string; readonly status: 'Error'; readonly error: string };

/** Options of a tick. */
export interface AlertTickOptions {
  readonly now: Date;
  /** depends_on edges of the metric graph (see `dependsOnEdges`); without them nothing is inhibited. */
  readonly dependencies?: readonly DependsOnEdge[] | DependencyGraph;
  /** Evaluate rules that are not due yet as well (default false: they only get a `tick`). */
  readonly force?: boolean;
}

const EMPTY_CAUSES: readonly InhibitionCause[] = [];

function topologicalMetrics(metrics: readonly string[], graph: DependencyGraph): string[] {
  // Kahn's algorithm over the metrics present; dependencies first. Cycle members keep input order at the end.
  const present = new Set(metrics);
  const indegree = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const m of metrics) indegree.set(m, 0);
  for (const m of metrics) {
    for (const dep of graph.get(m) ?? []) {
      if (!present.has(dep)) continue;
      indegree.set(m, indegree.get(m)! + 1);
      const list = dependents.get(dep);
      if (list === undefined) dependents.set(dep, [m]);
      else list.push(m);
    }
  }
  const order: string[] = [];
  const queue = metrics.filter((m) => indegree.get(m) === 0);
  for (let i = 0; i < queue.length; i++) {
    const m = queue[i]!;
    order.push(m);
    for (const d of dependents.get(m) ?? []) {
      const left = indegree.get(d)! - 1;
      indegree.set(d, left);
      if (left === 0) queue.push(d);
    }
  }
  if (order.length < metrics.length) {
    const done = new Set(order);
    for (const m of metrics) if (!done.has(m)) order.push(m);
  }
  return order;
}

/**
 * Evaluates a batch of alert rules at `now` (one scheduler tick). Due rules get an `evaluate` event
 * (with their inhibition computed from the graph and the states already updated in this tick); rules
 * that are not due get a `tick` event (escalations, deferred notifications). Results keep input order.
 */
export function evaluateAlertRules(
  items: readonly AlertTickItem[],
  options: AlertTickOptions,
): AlertTickResult[] {
  const { now } = options;
  const deps = options.dependencies;
  const graph: DependencyGraph | null =
    deps === undefined
      ? null
      : Array.isArray(deps)
        ? dependencyGraph(deps as DependsOnEdge[])
        : (deps as DependencyGraph);
  const results = new Array<AlertTickResult>(items.length);
  const EMPTY: readonly string[] = [];

  // Firing alerts per metric (only metrics that have some), from the stored states, updated as the tick goes.
  const firing = new Map<string, string[]>();
  const byMetric = new Map<string, number[]>();
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const m = item.rule.metric_id;
    const list = byMetric.get(m);
    if (list === undefined) byMetric.set(m, [i]);
    else list.push(i);
    if (isFiringStatus(item.state.status)) {
      const f = firing.get(m);
      if (f === undefined) firing.set(m, [item.rule.id]);
      else f.push(item.rule.id);
    }
  }
  const firingAlerts = (metric: string): readonly string[] => firing.get(metric) ?? EMPTY;

  const run = (i: number, inhibitedBy: readonly InhibitionCause[]): void => {
    const item = items[i]!;
    try {
      const due = options.force === true || isAlertDue(item.rule, item.state, now);
      const state = options.force === true ? { ...item.state, lastEvaluatedAt: null } : item.state;
      const t = transitionAlert(
        item.rule,
        state,
        due ? { type: 'evaluate', input: item.input, inhibitedBy } : { type: 'tick' },
        now,
      );
      results[i] = {
        alertId: item.rule.id,
        status: 'Success',
        state: t.state,
        effects: t.effects,
        outcome: t.outcome,
      };
      const was = isFiringStatus(item.state.status);
      const is = isFiringStatus(t.state.status);
      if (was !== is) {
        const m = item.rule.metric_id;
        const list = firing.get(m) ?? [];
        firing.set(m, is ? [...list, item.rule.id] : list.filter((id) => id !== item.rule.id));
      }
    } catch (error) {
      results[i] = {
        alertId: item.rule.id,
        status: 'Error',
        error: error instanceof Error ? error.message : String(error),
      };
    }
  };

  if (graph === null || graph.size === 0) {
    for (let i = 0; i < items.length; i++) run(i, EMPTY_CAUSES);
    return results;
  }
  for (const metric of topologicalMetrics([...byMetric.keys()], graph)) {
    // Upstream metrics are done (topological order), so the causes are computed once per metric.
    const causes = graph.has(metric) ? inhibitionCauses(graph, metric, firingAlerts) : EMPTY_CAUSES;
    for (const i of byMetric.get(metric)!) run(i, causes);
  }
  return results;
}
