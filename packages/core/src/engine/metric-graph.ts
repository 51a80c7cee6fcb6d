import { parseFormula } from '../formula/parser';
import type { RelationshipType } from '../schema/enums';
import type { EngineMetricDefinition } from './calculation-types';
import { NUMERIC_COLUMN_RANGES } from './column-guards';

/** The columns of a `metric_relationships` row the engine reads. */
export interface EngineRelationship {
  readonly parent_metric_id: string;
  readonly child_metric_id: string;
  readonly relationship_type: RelationshipType;
  /** DECIMAL(5,4), default 1. */
  readonly weight: number;
  /** Whole periods, default 0: the parent at period t reads the child at period t − lag_periods. */
  readonly lag_periods: number;
}

/**
 * Relationship types whose child must be calculated before the parent. `correlates_with` is for analysis
 * only and never orders a calculation; `depends_on` orders (and is used by alert inhibition) but feeds no value.
 */
export const ORDERING_RELATIONSHIPS: ReadonlySet<RelationshipType> = new Set([
  'derives_from',
  'contributes_to',
  'depends_on',
]);

/** Relationship types whose child's value feeds the parent's calculation. */
export const VALUE_RELATIONSHIPS: ReadonlySet<RelationshipType> = new Set(['derives_from', 'contributes_to']);

/** Thrown by `calculationOrder` when the graph has a cycle; `cycle` lists the metric names, first repeated last. */
export class MetricCycleError extends Error {
  override readonly name = 'MetricCycleError';
  constructor(
    readonly cycle: readonly string[],
    readonly edges: readonly string[],
  ) {
    super(
      `metric relationships form a cycle, so no calculation order exists: ${cycle.join(' -> ')} (${edges.join(', ')}); remove or reverse one of these relationships`,
    );
  }
}

/** One dependency edge: `from` needs `to` first; `via` says why (a relationship type or "formula"). */
interface Edge {
  readonly to: string;
  readonly via: string;
}

/**
 * Checks relationship rows one by one: known metrics, no self relationship, weight within DECIMAL(5,4),
 * lag_periods a whole number ≥ 0, one row per parent/child pair. Returns the problems (empty when valid),
 * each naming the field, the value and what is allowed.
 */
export function validateRelationships(
  relationships: readonly EngineRelationship[],
  metricIds?: ReadonlySet<string>,
): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const limit = NUMERIC_COLUMN_RANGES.weight.max;
  relationships.forEach((r, i) => {
    const at = `relationship ${i} (${r.parent_metric_id} -> ${r.child_metric_id})`;
    if (r.parent_metric_id === r.child_metric_id)
      problems.push(`${at}: a metric cannot be related to itself`);
    if (metricIds !== undefined) {
      for (const id of [r.parent_metric_id, r.child_metric_id]) {
        if (!metricIds.has(id))
          problems.push(`${at}: metric ${id} is not among the metric definitions given`);
      }
    }
    if (!Number.isFinite(r.weight) || Math.abs(r.weight) > limit) {
      problems.push(`${at}: weight ${r.weight} is outside DECIMAL(5,4) (allowed -${limit} to ${limit})`);
    }
    if (!Number.isInteger(r.lag_periods) || r.lag_periods < 0) {
      problems.push(`${at}: lag_periods ${r.lag_periods} must be a whole number of 0 or more`);
    }
    const pair = `${r.parent_metric_id}\u0000${r.child_metric_id}`;
    if (seen.has(pair)) problems.push(`${at}: a second relationship for the same parent and child`);
    seen.add(pair);
  });
  return problems;
}

function dependencyEdges(
  definitions: readonly EngineMetricDefinition[],
  relationships: readonly EngineRelationship[],
): Map<string, Edge[]> {
  const edges = new Map<string, Edge[]>(definitions.map((d) => [d.id, []]));
  const add = (from: string, edge: Edge) => {
    let list = edges.get(from);
    if (list === undefined) {
      list = [];
      edges.set(from, list);
    }
    if (!edges.has(edge.to)) edges.set(edge.to, []);
    list.push(edge);
  };
  for (const r of relationships) {
    if (ORDERING_RELATIONSHIPS.has(r.relationship_type)) {
      add(r.parent_metric_id, { to: r.child_metric_id, via: r.relationship_type });
    }
  }
  // A formula that names another metric depends on it, relationship or not.
  const byName = new Map(definitions.map((d) => [d.metric_name, d.id]));
  for (const d of definitions) {
    if (d.calculation_method !== 'function' || !d.calculation_formula) continue;
    const parsed = parseFormula(d.calculation_formula);
    if (!parsed.ok) continue;
    for (const name of parsed.formula.metrics) {
      const id = byName.get(name);
      if (id !== undefined) add(d.id, { to: id, via: 'formula' });
    }
  }
  return edges;
}

/**
 * The order in which to calculate metrics so that every metric comes after the metrics it needs
 * (children of derives_from / contributes_to / depends_on, and metrics its formula names). Ties are broken
 * by metric name, so the order is stable. Throws `MetricCycleError`, printing the cycle path by metric
 * name, when no such order exists.
 */
export function calculationOrder(
  definitions: readonly EngineMetricDefinition[],
  relationships: readonly EngineRelationship[],
): string[] {
  const edges = dependencyEdges(definitions, relationships);
  const names = new Map(definitions.map((d) => [d.id, d.metric_name]));
  const nameOf = (id: string) => names.get(id) ?? id;
  const cycle = findCycle(edges);
  if (cycle !== null) {
    throw new MetricCycleError(
      cycle.ids.map(nameOf),
      cycle.via.map(
        (via, i) => `${nameOf(cycle.ids[i] as string)} ${via} ${nameOf(cycle.ids[i + 1] as string)}`,
      ),
    );
  }
  // Kahn's algorithm on "needs" edges, children first.
  const pending = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const [from, list] of edges) {
    const targets = new Set(list.map((e) => e.to));
    pending.set(from, targets.size);
    for (const to of targets) {
      let d = dependents.get(to);
      if (d === undefined) {
        d = [];
        dependents.set(to, d);
      }
      d.push(from);
    }
  }
  const byName = (a: string, b: string) => (nameOf(a) < nameOf(b) ? -1 : nameOf(a) > nameOf(b) ? 1 : 0);
  const ready = [...pending].filter(([, n]) => n === 0).map(([id]) => id);
  const order: string[] = [];
  while (ready.length > 0) {
    ready.sort(byName);
    const id = ready.shift() as string;
    order.push(id);
    for (const parent of dependents.get(id) ?? []) {
      const left = (pending.get(parent) as number) - 1;
      pending.set(parent, left);
      if (left === 0) ready.push(parent);
    }
  }
  return order;
}

/** A directed edge of a metric graph: `from` points at (needs, is built from) `to`; `via` labels it. */
export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  /** What the edge means, e.g. a relationship type or `formula`; printed along a cycle. */
  readonly via: string;
}

/**
 * One cycle of the directed graph `edges`, or `null` when it has none: `ids` lists the nodes with
 * the first repeated last, `via` the labels of the edges along it. The check `calculationOrder`
 * runs, for callers (the server's store) that keep a graph acyclic edge by edge.
 *
 * @example
 * findGraphCycle([{ from: 'a', to: 'b', via: 'depends_on' }, { from: 'b', to: 'a', via: 'derives_from' }]);
 * // { ids: ['a', 'b', 'a'], via: ['depends_on', 'derives_from'] }
 */
export function findGraphCycle(edges: readonly GraphEdge[]): { ids: string[]; via: string[] } | null {
  const byNode = new Map<string, Edge[]>();
  for (const e of edges) {
    const list = byNode.get(e.from);
    if (list === undefined) byNode.set(e.from, [{ to: e.to, via: e.via }]);
    else list.push({ to: e.to, via: e.via });
    if (!byNode.has(e.to)) byNode.set(e.to, []);
  }
  return findCycle(byNode);
}

/** Finds one cycle (iterative DFS), as ids with the first repeated last, and the edge labels along it. */
function findCycle(edges: ReadonlyMap<string, readonly Edge[]>): { ids: string[]; via: string[] } | null {
  const state = new Map<string, 1 | 2>(); // 1 = on the stack, 2 = done
  const roots = [...edges.keys()].sort();
  for (const root of roots) {
    if (state.has(root)) continue;
    const stack: { id: string; next: number; via: string }[] = [{ id: root, next: 0, via: '' }];
    state.set(root, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { id: string; next: number; via: string };
      const list = edges.get(top.id) ?? [];
      if (top.next >= list.length) {
        state.set(top.id, 2);
        stack.pop();
        continue;
      }
      const edge = list[top.next++] as Edge;
      const s = state.get(edge.to);
      if (s === 1) {
        const start = stack.findIndex((f) => f.id === edge.to);
        const path = stack.slice(start);
        return {
          ids: [...path.map((f) => f.id), edge.to],
          via: [...path.slice(1).map((f) => f.via), edge.via],
        };
      }
      if (s === undefined) {
        state.set(edge.to, 1);
        stack.push({ id: edge.to, next: 0, via: edge.via });
      }
    }
  }
  return null;
}
