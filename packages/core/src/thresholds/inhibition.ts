/**
 * Inhibition derived from the metric graph: when an alert fires on a metric that another metric
 * depends on, the dependent metric's alerts are marked inhibited (with the cause) instead of
 * notifying on their own. Only root causes inhibit: a firing alert that is itself explained by a
 * firing alert further upstream is not reported as a cause, and alerts in a depends_on cycle never
 * silence each other.
 */
import type { RelationshipType } from '../schema/enums';
import type { InhibitionCause } from './alert-state-machine';

/** "`dependent` depends on `dependency`": a firing alert on `dependency` inhibits the alerts of `dependent`. */
export interface DependsOnEdge {
  readonly dependent: string;
  readonly dependency: string;
}

/** The `metric_relationships` columns the inhibition reads. */
export interface MetricRelationshipLink {
  readonly parent_metric_id: string;
  readonly child_metric_id: string;
  readonly relationship_type: RelationshipType;
}

/**
 * The depends_on edges of the metric graph. Convention (the same reading as `derives_from`):
 * a row (parent, child, 'depends_on') says the PARENT depends on the CHILD, so a firing alert on
 * the child inhibits the parent's alerts. Other relationship types do not inhibit.
 */
export function dependsOnEdges(relationships: readonly MetricRelationshipLink[]): DependsOnEdge[] {
  return relationships
    .filter((r) => r.relationship_type === 'depends_on')
    .map((r) => ({ dependent: r.parent_metric_id, dependency: r.child_metric_id }));
}

/** Adjacency of a depends_on graph: metric id -> the metrics it depends on directly. */
export type DependencyGraph = ReadonlyMap<string, readonly string[]>;

/** Builds the adjacency used by `inhibitionCauses` (duplicates and self-edges dropped). */
export function dependencyGraph(edges: readonly DependsOnEdge[]): DependencyGraph {
  const graph = new Map<string, string[]>();
  for (const e of edges) {
    if (e.dependent === e.dependency) continue;
    const list = graph.get(e.dependent);
    if (list === undefined) graph.set(e.dependent, [e.dependency]);
    else if (!list.includes(e.dependency)) list.push(e.dependency);
  }
  return graph;
}

/** Paths (breadth-first, shortest first) from `start` to each metric it depends on, `start` excluded. */
function upstream(graph: DependencyGraph, start: string): Map<string, string[]> {
  const paths = new Map<string, string[]>();
  const queue: string[][] = [[start]];
  const seen = new Set([start]);
  for (let i = 0; i < queue.length; i++) {
    const path = queue[i]!;
    for (const next of graph.get(path.at(-1)!) ?? []) {
      if (seen.has(next)) continue;
      seen.add(next);
      const p = [...path, next];
      paths.set(next, p);
      queue.push(p);
    }
  }
  return paths;
}

/**
 * Why the alerts of `metricId` are inhibited: the root-cause firing alerts upstream of it.
 * `firingAlerts(metric)` lists the ids of the firing alerts on a metric. Empty = not inhibited.
 */
export function inhibitionCauses(
  graph: DependencyGraph,
  metricId: string,
  firingAlerts: (metricId: string) => readonly string[],
): InhibitionCause[] {
  if (!graph.has(metricId)) return [];
  const causes: InhibitionCause[] = [];
  for (const [metric, path] of upstream(graph, metricId)) {
    const alerts = firingAlerts(metric);
    if (alerts.length === 0) continue;
    // A root cause has no firing alert upstream of it (itself excluded).
    let explained = false;
    for (const above of upstream(graph, metric).keys()) {
      if (above !== metric && firingAlerts(above).length > 0) {
        explained = true;
        break;
      }
    }
    if (explained) continue;
    for (const alertId of alerts) causes.push({ alert_id: alertId, metric_id: metric, path });
  }
  return causes;
}
