import type { FormulaChild } from '../formula/evaluate';
import { pearson, spearman } from '../stats';
import { calculateMetric, directionSpecOf } from './calculate';
import type { CalculationResult, EngineMetricDefinition, ScoreComponent } from './calculation-types';
import { calculationOrder, type EngineRelationship, VALUE_RELATIONSHIPS } from './metric-graph';

/** Formula used for a derived metric that has children but no formula of its own. */
export const DEFAULT_DERIVED_FORMULA = 'weighted_sum(children)';

/** Everything `calculateDerivedMetrics` needs for one aggregation unit over consecutive periods. */
export interface DerivedMetricsInput {
  /** All metrics involved: the base ones (with values in `baseValues`) and the derived ones. */
  readonly definitions: readonly EngineMetricDefinition[];
  readonly relationships: readonly EngineRelationship[];
  /** Consecutive periods, oldest first; index t − lag_periods addresses the lagged child value. */
  readonly periods: readonly { readonly start: Date; readonly end: Date }[];
  /** Already calculated metrics: metric id → metric_value per period (null where missing). */
  readonly baseValues: ReadonlyMap<string, readonly (number | null)[]>;
  readonly aggregationLevel: string;
  readonly aggregationId?: string | null;
  readonly calculatedAt: Date;
}

/** The calculation order used, a row per derived metric and period, and every metric's values. */
export interface DerivedMetricsResult {
  readonly order: readonly string[];
  readonly rows: readonly CalculationResult[];
  readonly values: ReadonlyMap<string, readonly (number | null)[]>;
}

/**
 * Calculates every metric that has no base values, in topological order (children first), period by
 * period. A parent at period t reads each child at t − lag_periods (missing before the first period).
 * - `score` metrics: weighted attainment of their `contributes_to` / `derives_from` children, each against
 *   the child's own target and direction, weighted by the relationship `weight`.
 * - `calculation_method = 'function'`: the formula, with the lagged children by metric_name, the
 *   `children` list (with weights) and the definition's parameters.
 * - any other metric with children: `weighted_sum(children)` (Σ weight × child value).
 * Each row goes through `calculateMetric`, so it has the same statuses, notes and guarded columns as any
 * other calculation; `previous_value` is the metric's own value one period earlier.
 * Throws `MetricCycleError` when the relationships (or formulas) form a cycle.
 */
export function calculateDerivedMetrics(input: DerivedMetricsInput): DerivedMetricsResult {
  const order = calculationOrder(input.definitions, input.relationships);
  const byId = new Map(input.definitions.map((d) => [d.id, d]));
  const values = new Map<string, (number | null)[]>();
  for (const [id, series] of input.baseValues) values.set(id, [...series]);
  const rows: CalculationResult[] = [];
  const periods = input.periods;

  for (const id of order) {
    if (values.has(id)) continue;
    const definition = byId.get(id);
    if (definition === undefined) continue;
    const children = input.relationships.filter(
      (r) => r.parent_metric_id === id && VALUE_RELATIONSHIPS.has(r.relationship_type),
    );
    const series: (number | null)[] = [];
    const childValue = (r: EngineRelationship, t: number): number | null => {
      const at = t - r.lag_periods;
      return at < 0 ? null : (values.get(r.child_metric_id)?.[at] ?? null);
    };
    for (let t = 0; t < periods.length; t++) {
      const period = periods[t] as { start: Date; end: Date };
      const common = {
        periodStart: period.start,
        periodEnd: period.end,
        aggregationLevel: input.aggregationLevel,
        aggregationId: input.aggregationId ?? null,
        calculatedAt: input.calculatedAt,
        previousValue: t > 0 ? (series[t - 1] ?? null) : null,
      };
      let row: CalculationResult;
      if (definition.metric_type === 'score' && definition.calculation_method !== 'function') {
        const components: ScoreComponent[] = children.map((r) => {
          const child = byId.get(r.child_metric_id);
          const spec = child === undefined ? { direction: 'higher_better' as const } : directionSpecOf(child);
          return { metric_id: r.child_metric_id, value: childValue(r, t), weight: r.weight, ...spec };
        });
        row = calculateMetric({ definition, components, ...common });
      } else {
        const formulaChildren: FormulaChild[] = children.map((r) => ({
          name: byId.get(r.child_metric_id)?.metric_name ?? r.child_metric_id,
          value: childValue(r, t),
          weight: r.weight,
        }));
        // Metrics by name: every metric calculated so far at t, with lagged values for the children.
        const metrics = new Map<string, number | null>();
        for (const [otherId, otherSeries] of values) {
          const other = byId.get(otherId);
          if (other !== undefined) metrics.set(other.metric_name, otherSeries[t] ?? null);
        }
        for (const child of formulaChildren) metrics.set(child.name, child.value);
        const usesOwnFormula = definition.calculation_method === 'function';
        const effective: EngineMetricDefinition = usesOwnFormula
          ? definition
          : { ...definition, calculation_method: 'function', calculation_formula: DEFAULT_DERIVED_FORMULA };
        row = calculateMetric({
          definition: effective,
          formulaScope: { metrics, children: formulaChildren },
          ...common,
        });
        if (!usesOwnFormula) {
          row = {
            ...row,
            metadata: { ...row.metadata, calculation_method: definition.calculation_method },
          };
        }
      }
      rows.push(row);
      series.push(row.metadata.value_available ? row.metric_value : null);
    }
    values.set(id, series);
  }
  return { order, rows, values };
}

/** Lagged Pearson and Spearman correlation between two series. */
export interface LaggedCorrelation {
  readonly lag: number;
  /** Number of periods where both the parent (at t) and the child (at t − lag) have a value. */
  readonly pairs: number;
  readonly pearson: number | null;
  readonly spearman: number | null;
}

/**
 * Correlates `parent[t]` with `child[t − lag]` over the periods where both exist (PostgreSQL `corr()` for
 * Pearson; Spearman is Pearson over average ranks). Null when fewer than 3 pairs or a series is constant.
 */
export function laggedCorrelation(
  parent: readonly (number | null)[],
  child: readonly (number | null)[],
  lag: number,
): LaggedCorrelation {
  const pairs: (readonly [number, number])[] = [];
  for (let t = Math.max(0, lag); t < parent.length; t++) {
    const p = parent[t];
    const c = child[t - lag];
    if (typeof p === 'number' && Number.isFinite(p) && typeof c === 'number' && Number.isFinite(c)) {
      pairs.push([p, c]);
    }
  }
  if (pairs.length < 3) return { lag, pairs: pairs.length, pearson: null, spearman: null };
  return {
    lag,
    pairs: pairs.length,
    pearson: pearson(pairs) ?? null,
    spearman: spearman(pairs) ?? null,
  };
}

/** `laggedCorrelation` for every `correlates_with` relationship whose two series are given. */
export function correlateRelationships(
  relationships: readonly EngineRelationship[],
  series: ReadonlyMap<string, readonly (number | null)[]>,
): (LaggedCorrelation & { readonly parent_metric_id: string; readonly child_metric_id: string })[] {
  const out: (LaggedCorrelation & { parent_metric_id: string; child_metric_id: string })[] = [];
  for (const r of relationships) {
    if (r.relationship_type !== 'correlates_with') continue;
    const parent = series.get(r.parent_metric_id);
    const child = series.get(r.child_metric_id);
    if (parent === undefined || child === undefined) continue;
    out.push({
      parent_metric_id: r.parent_metric_id,
      child_metric_id: r.child_metric_id,
      ...laggedCorrelation(parent, child, r.lag_periods),
    });
  }
  return out;
}
