/**
 * The `aggregation` source: a declarative spec compiled by Kysely into one grouped query over a
 * registered relation. Every identifier comes from the host's registration; values are bound.
 *
 * The spec is read from `parameters.aggregation` (core's `data_sources` schema is strict and has
 * no place for it yet).
 *
 * @example { "relation": "events", "value": "amount", "time": "occurred_at", "unit": "unit_id",
 *            "aggregate": "sum", "filters": [{ "column": "kind", "op": "=", "value": "incident" }] }
 */
import type { Database } from '@arion-metrics/core';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { observationsFromRows } from './result-shape';
import {
  type CheckedRelation,
  type RelationRegistry,
  registerRelations,
  type SourceRelation,
} from './source-relations';
import { checkSourceRequest } from './source-types';
import type { ObservationSource } from './sql-source';

/** Aggregates a spec may name. `count` counts rows (its `value` column, when given, counts non-null values). */
export const AGGREGATES = ['sum', 'count', 'avg', 'min', 'max'] as const;
/** Comparison operators of a filter. */
export const FILTER_OPERATORS = ['=', '<>', '<', '<=', '>', '>=', 'in'] as const;

/** One filter: `column op value` (`in`: `value` is an array). */
export interface AggregationFilter {
  readonly column: string;
  readonly op: (typeof FILTER_OPERATORS)[number];
  readonly value: string | number | boolean | readonly (string | number | boolean)[];
}

/** The declarative spec of an `aggregation` metric. */
export interface AggregationSpec {
  /** A registered relation's name. */
  readonly relation: string;
  /** The column aggregated (optional for `count`). */
  readonly value?: string;
  /** The timestamp column that places a row in a period. */
  readonly time: string;
  /** The column holding the unit (a UUID) of the aggregation level; absent: the level's total. */
  readonly unit?: string;
  readonly aggregate: (typeof AGGREGATES)[number];
  readonly filters?: readonly AggregationFilter[];
}

/** The `aggregation` source over `relations`. */
export function aggregationSource(options: {
  readonly db: Kysely<Database>;
  readonly relations: readonly SourceRelation[];
}): ObservationSource {
  const registry = registerRelations(options.relations);
  return {
    async observe(metric, request) {
      checkSourceRequest(request);
      const spec = (metric.parameters as { aggregation?: unknown } | null | undefined)?.aggregation;
      const query = compileAggregation(spec, registry, request.organizationId, request.periods);
      const result = await query.execute(options.db);
      return observationsFromRows(result.rows as Record<string, unknown>[], request);
    },
  };
}

function fail(field: string, value: unknown, allowed: string): never {
  throw new TypeError(`parameters.aggregation.${field}: got ${JSON.stringify(value)}; allowed: ${allowed}`);
}

function column(relation: CheckedRelation, field: string, value: unknown): RawBuilder<unknown> {
  if (typeof value !== 'string' || !relation.columns.includes(value)) {
    fail(field, value, `a registered column of ${relation.name} (${relation.columns.join(', ')})`);
  }
  return sql.ref(`r.${value}`);
}

/** Builds the one query of a spec: every unit and period, grouped; the errors name the field. */
export function compileAggregation(
  spec: unknown,
  registry: RelationRegistry,
  organizationId: string,
  periods: readonly { readonly start: Date; readonly end: Date }[],
): RawBuilder<unknown> {
  if (spec === null || typeof spec !== 'object')
    fail('', spec, 'an object (relation, value, time, unit, aggregate, filters)');
  const s = spec as Record<string, unknown>;
  const relation = registry.get(String(s.relation));
  if (!relation) fail('relation', s.relation, [...registry.keys()].join(', ') || 'no relation is registered');
  if (!(AGGREGATES as readonly unknown[]).includes(s.aggregate))
    fail('aggregate', s.aggregate, AGGREGATES.join(', '));
  const time = column(relation, 'time', s.time);
  const unit = s.unit === undefined ? sql`NULL::uuid` : column(relation, 'unit', s.unit);
  const value =
    s.value === undefined && s.aggregate === 'count' ? undefined : column(relation, 'value', s.value);
  const aggregate = value === undefined ? sql`count(*)` : sql`${sql.raw(String(s.aggregate))}(${value})`;
  const filters = s.filters ?? [];
  if (!Array.isArray(filters)) fail('filters', filters, 'an array of { column, op, value }');
  const conditions = filters.map((f: Record<string, unknown>, i: number) => {
    const ref = column(relation, `filters[${i}].column`, f?.column);
    const op = f?.op;
    if (!(FILTER_OPERATORS as readonly unknown[]).includes(op))
      fail(`filters[${i}].op`, op, FILTER_OPERATORS.join(' '));
    const v = f.value;
    const scalar = (x: unknown) => ['string', 'number', 'boolean'].includes(typeof x);
    if (op === 'in') {
      if (!Array.isArray(v) || v.length === 0 || !v.every(scalar))
        fail(`filters[${i}].value`, v, 'a non-empty array of strings, numbers or booleans');
      return sql`${ref} IN (${sql.join(v)})`;
    }
    if (!scalar(v)) fail(`filters[${i}].value`, v, 'a string, number or boolean');
    return sql`${ref} ${sql.raw(op as string)} ${v}`;
  });
  const where = sql.join([sql`r.organization_id = ${organizationId}::uuid`, ...conditions], sql` AND `);
  return sql`
    SELECT ${unit} AS aggregation_id, p.period_start, ${aggregate} AS value
      FROM ${sql.table(`${relation.schema}.${relation.table}`)} AS r
      JOIN (SELECT unnest(${periods.map((p) => p.start.toISOString())}::timestamptz[]) AS period_start,
                   unnest(${periods.map((p) => p.end.toISOString())}::timestamptz[]) AS period_end) AS p
        ON ${time} >= p.period_start AND ${time} < p.period_end
     WHERE ${where}
     GROUP BY 1, 2`;
}
