/**
 * Edges of the metric graph (`metric_relationships`) of one organization: add, remove, list, and
 * a metric's upstream and downstream graph.
 *
 * Direction: an edge runs from `parent_metric_id` to `child_metric_id`; the child is an input of
 * the parent (it derives from, contributes to, or is depended on by the parent). So a metric's
 * **upstream** is its children, their children, ... (what it is built from) and its
 * **downstream** is its parents, their parents, ... (what is built from it).
 *
 * The graph of each organization stays acyclic, whatever the relationship type: an edge that
 * would close a cycle is refused with the cycle printed by metric name — a metric the principal
 * cannot see is printed without name or id — (core's graph check,
 * `findGraphCycle`, the one the engine's `calculationOrder` runs). Adding edges is serialized
 * per organization (a transaction-scoped advisory lock), so two concurrent additions cannot close
 * a cycle together. Adding or removing an edge needs the right to change the parent metric and to
 * see the child (`metric-access.ts`).
 */
import {
  type Database,
  findGraphCycle,
  type MetricRelationshipRow,
  metricRelationshipsTable,
  RELATIONSHIP_TYPES,
  type RelationshipType,
  writableColumns,
} from '@arion-metrics/core';
import { type Kysely, sql } from 'kysely';
import { checkDecimal, checkInteger, checkPayload, requireField, validateColumns } from './input-checks';
import { metricVisibleSql, requireMetric } from './metric-access';
import { assertPrincipal, isUuid, type Principal } from './principal';
import { runInTransaction } from './run-in-transaction';
import {
  NotFoundError,
  StoreValidationError,
  translateDatabaseError,
  UniqueViolationError,
} from './store-errors';

/** A new edge. */
export interface RelationshipInput {
  /** The metric built from the child. */
  readonly parent_metric_id: string;
  /** The input metric. */
  readonly child_metric_id: string;
  /** Meaning of the edge. */
  readonly relationship_type: RelationshipType;
  /** Weight of the child in the parent (DECIMAL(5,4)); default 1. */
  readonly weight?: number;
  /** Periods by which the child leads the parent; default 0. */
  readonly lag_periods?: number;
}

/** One metric reached in a graph walk. */
export interface GraphNode {
  /** The metric. */
  readonly metric_id: string;
  /** Its `metric_name`. */
  readonly metric_name: string;
  /** Edges from the start metric (1 for a direct neighbour); the shortest when reached twice. */
  readonly depth: number;
}

/** A metric's upstream or downstream graph. */
export interface MetricGraph {
  /** The metric the walk started from. */
  readonly root: string;
  /** `upstream` (inputs) or `downstream` (consumers). */
  readonly direction: 'upstream' | 'downstream';
  /** Every metric reached, nearest first (live metrics only). */
  readonly nodes: readonly GraphNode[];
  /** Every edge walked. */
  readonly edges: readonly MetricRelationshipRow[];
}

/** The metric graph as one principal sees it. */
export interface RelationshipRepository {
  /** Adds an edge; refuses a self edge, a duplicate pair and an edge that would close a cycle. */
  add(input: RelationshipInput): Promise<MetricRelationshipRow>;
  /** Removes an edge by id. */
  remove(relationshipId: string): Promise<void>;
  /** The edges touching `metricId` (as parent or child), or every edge between metrics the principal can see. */
  list(options?: { readonly metricId?: string }): Promise<readonly MetricRelationshipRow[]>;
  /**
   * Every metric upstream (inputs) or downstream (consumers) of `metricId`, with the edges walked.
   * Only metrics the principal can see are walked: an invisible one and what lies behind it are
   * left out.
   */
  graph(metricId: string, direction: 'upstream' | 'downstream'): Promise<MetricGraph>;
}

const TABLE = 'metric_relationships';
/** How a cycle error shows a metric the principal cannot see (no name, no id). */
const HIDDEN_METRIC = '(a metric you cannot see)';
const WRITABLE = writableColumns(metricRelationshipsTable, 'create');

/**
 * The cycle that adding `added` to the acyclic graph `existing` would close, by metric id, starting
 * and ending at the new edge's parent, with the relationship type of each edge along it; or null.
 * The search is core's graph check (`findGraphCycle`, the one `calculationOrder` runs); every
 * relationship type counts, so the graph the store keeps is acyclic whatever the type.
 */
export function cycleClosedBy(
  existing: readonly { readonly parent: string; readonly child: string; readonly type: string }[],
  added: { readonly parent: string; readonly child: string; readonly type: string },
): { ids: string[]; types: string[] } | null {
  const found = findGraphCycle(
    [...existing, added].map((e) => ({ from: e.parent, to: e.child, via: e.type })),
  );
  if (found === null) return null;
  // The existing graph is acyclic, so the cycle runs through the new edge: start it there.
  const ids = found.ids.slice(0, -1);
  const at = Math.max(
    0,
    ids.findIndex((id, i) => id === added.parent && ids[(i + 1) % ids.length] === added.child),
  );
  const rotated = [...ids.slice(at), ...ids.slice(0, at)];
  const types = [...found.via.slice(at), ...found.via.slice(0, at)];
  return { ids: [...rotated, rotated[0] as string], types };
}

/**
 * Opens the metric graph of `principal.organizationId` for `principal`.
 *
 * @example
 * const relationships = relationshipRepository(db, principal);
 * await relationships.add({ parent_metric_id: riskScore.id, child_metric_id: openFindings.id,
 *   relationship_type: 'contributes_to', weight: 0.4 });
 * const inputs = await relationships.graph(riskScore.id, 'upstream');
 */
export function relationshipRepository(db: Kysely<Database>, principal: Principal): RelationshipRepository {
  const p = assertPrincipal(principal);
  const org = p.organizationId;

  return {
    async add(input) {
      const raw = checkPayload(TABLE, input, WRITABLE);
      for (const field of ['parent_metric_id', 'child_metric_id', 'relationship_type'] as const) {
        requireField(
          TABLE,
          raw,
          field,
          field === 'relationship_type' ? `one of ${RELATIONSHIP_TYPES.join(', ')}` : 'a metric id',
        );
      }
      const values = validateColumns(TABLE, raw);
      const weight = 'weight' in raw ? checkDecimal(`${TABLE}.weight`, 'weight', raw.weight) : undefined;
      if (weight === null)
        throw new StoreValidationError(`${TABLE}.weight`, null, 'a number that fits DECIMAL(5,4)');
      const lag =
        'lag_periods' in raw ? checkInteger(`${TABLE}.lag_periods`, raw.lag_periods, { min: 0 }) : undefined;
      for (const field of ['parent_metric_id', 'child_metric_id'] as const) {
        if (!isUuid(raw[field]))
          throw new StoreValidationError(
            `${TABLE}.${field}`,
            raw[field],
            'the id (UUID) of a metric of this organization',
          );
      }
      const parentId = (raw.parent_metric_id as string).toLowerCase();
      const childId = (raw.child_metric_id as string).toLowerCase();
      if (parentId === childId) {
        throw new StoreValidationError(
          `${TABLE}.child_metric_id`,
          raw.child_metric_id,
          'a metric other than the parent (no self-relationships)',
        );
      }
      try {
        return await runInTransaction(db, async (trx) => {
          await sql`SELECT pg_advisory_xact_lock(hashtext(${`arion:metric-graph:${org}`}))`.execute(trx);
          // Both must be visible before the parent's edit right is judged: an invisible metric is
          // "not found" whatever the principal may do with the other one.
          const parent = await requireMetric(trx, p, parentId, 'view', 'add an input to it');
          const child = await requireMetric(trx, p, childId, 'view', 'use it as an input');
          if (!parent.can_edit) await requireMetric(trx, p, parentId, 'edit', 'add an input to it');
          const edges = await trx
            .selectFrom(TABLE)
            .select(['parent_metric_id as parent', 'child_metric_id as child', 'relationship_type as type'])
            .where('organization_id', '=', org)
            .execute();
          const cycle = cycleClosedBy(edges, {
            parent: parent.id,
            child: child.id,
            type: values.relationship_type as string,
          });
          if (cycle) {
            // The cycle may run through metrics the principal cannot see: those are neither named
            // nor identified, and the edges that touch them are not described.
            const names = new Map(
              (
                await trx
                  .selectFrom('metric_definitions as m')
                  .select(['m.id', 'm.metric_name'])
                  .where('m.organization_id', '=', org)
                  .where('m.id', 'in', cycle.ids)
                  .where('m.deleted_at', 'is', null)
                  .where(metricVisibleSql(p))
                  .execute()
              ).map((r) => [r.id, r.metric_name]),
            );
            const nameOf = (id: string) => names.get(id) ?? HIDDEN_METRIC;
            const path = cycle.ids.map(nameOf).join(' -> ');
            const via = cycle.types
              .flatMap((type, i) => {
                const [from, to] = [cycle.ids[i] as string, cycle.ids[i + 1] as string];
                return names.has(from) && names.has(to) ? [`${nameOf(from)} ${type} ${nameOf(to)}`] : [];
              })
              .join(', ');
            throw new StoreValidationError(
              `${TABLE}.child_metric_id`,
              child.id,
              `a metric that does not lead back to the parent; this edge would close the cycle ${path}${via ? ` (${via})` : ''}`,
            );
          }
          return trx
            .insertInto(TABLE)
            .values({
              parent_metric_id: parent.id,
              child_metric_id: child.id,
              relationship_type: values.relationship_type as RelationshipType,
              ...(weight === undefined ? {} : { weight }),
              ...(lag === undefined || lag === null ? {} : { lag_periods: lag }),
              organization_id: org,
            })
            .returningAll()
            .executeTakeFirstOrThrow();
        });
      } catch (error) {
        const pgError = error as { code?: string; constraint?: string };
        if (
          pgError?.code === '23505' &&
          pgError.constraint === 'metric_relationships_parent_metric_id_child_metric_id_key'
        ) {
          throw new UniqueViolationError(
            pgError.constraint,
            `${TABLE}.parent_metric_id + child_metric_id`,
            { parent_metric_id: parentId, child_metric_id: childId },
            `these two metrics are already related (parent ${parentId}, child ${childId}); remove that relationship first to change its type`,
          );
        }
        throw translateDatabaseError(error, p);
      }
    },

    async remove(relationshipId) {
      if (!isUuid(relationshipId)) throw new NotFoundError('relationship', String(relationshipId));
      await runInTransaction(db, async (trx) => {
        const edge = await trx
          .selectFrom(`${TABLE} as r`)
          .innerJoin('metric_definitions as m', (j) =>
            j.onRef('m.organization_id', '=', 'r.organization_id').onRef('m.id', '=', 'r.child_metric_id'),
          )
          .select(['r.id', 'r.parent_metric_id'])
          .where('r.organization_id', '=', org)
          .where('r.id', '=', relationshipId)
          .where(metricVisibleSql(p, 'm'))
          .executeTakeFirst();
        if (!edge) throw new NotFoundError('relationship', relationshipId);
        try {
          await requireMetric(trx, p, edge.parent_metric_id, 'edit', 'remove one of its inputs');
        } catch (error) {
          if (error instanceof NotFoundError) throw new NotFoundError('relationship', relationshipId);
          throw error;
        }
        await trx.deleteFrom(TABLE).where('organization_id', '=', org).where('id', '=', edge.id).execute();
      });
    },

    async list(options = {}) {
      let query = db
        .selectFrom(`${TABLE} as r`)
        .innerJoin('metric_definitions as pm', (j) =>
          j.onRef('pm.organization_id', '=', 'r.organization_id').onRef('pm.id', '=', 'r.parent_metric_id'),
        )
        .innerJoin('metric_definitions as cm', (j) =>
          j.onRef('cm.organization_id', '=', 'r.organization_id').onRef('cm.id', '=', 'r.child_metric_id'),
        )
        .selectAll('r')
        .where('r.organization_id', '=', org)
        .where('pm.deleted_at', 'is', null)
        .where('cm.deleted_at', 'is', null)
        .where(metricVisibleSql(p, 'pm'))
        .where(metricVisibleSql(p, 'cm'));
      if (options.metricId !== undefined) {
        const metric = await requireMetric(db, p, options.metricId, 'view', 'read it');
        query = query.where((eb) =>
          eb.or([eb('r.parent_metric_id', '=', metric.id), eb('r.child_metric_id', '=', metric.id)]),
        );
      }
      return query.orderBy('r.created_at').orderBy('r.id').execute();
    },

    async graph(metricId, direction) {
      if (direction !== 'upstream' && direction !== 'downstream') {
        throw new StoreValidationError('direction', direction, 'upstream or downstream');
      }
      const root = await requireMetric(db, p, metricId, 'view', 'read it');
      // The walk goes only through metrics the principal can see (like `list`): an invisible
      // metric is neither shown nor walked through, so what lies behind it is not reached.
      const visible = metricVisibleSql(p, 'm');
      const [from, to] =
        direction === 'upstream'
          ? ['parent_metric_id', 'child_metric_id']
          : ['child_metric_id', 'parent_metric_id'];
      const { rows } = await sql<MetricRelationshipRow & { depth: number }>`
        WITH RECURSIVE walk(edge_id, node, depth) AS (
          SELECT r.id, r.${sql.ref(to)}, 1
            FROM metric_relationships r
            JOIN metric_definitions m ON m.organization_id = r.organization_id AND m.id = r.${sql.ref(to)}
           WHERE r.organization_id = ${org} AND r.${sql.ref(from)} = ${root.id} AND m.deleted_at IS NULL
             AND ${visible}
          UNION
          SELECT r.id, r.${sql.ref(to)}, w.depth + 1
            FROM walk w
            JOIN metric_relationships r ON r.organization_id = ${org} AND r.${sql.ref(from)} = w.node
            JOIN metric_definitions m ON m.organization_id = r.organization_id AND m.id = r.${sql.ref(to)}
           WHERE m.deleted_at IS NULL AND ${visible} AND w.depth < 1000
        )
        SELECT r.*, min(w.depth)::int AS depth
          FROM walk w
          JOIN metric_relationships r ON r.id = w.edge_id
         GROUP BY r.id
         ORDER BY depth, r.created_at, r.id`.execute(db);
      const edges = rows.map(({ depth: _depth, ...edge }) => edge as MetricRelationshipRow);
      const depthOf = new Map<string, number>();
      for (const row of rows) {
        const node = direction === 'upstream' ? row.child_metric_id : row.parent_metric_id;
        if (!depthOf.has(node) || (depthOf.get(node) as number) > row.depth) depthOf.set(node, row.depth);
      }
      const names = depthOf.size
        ? await db
            .selectFrom('metric_definitions')
            .select(['id', 'metric_name'])
            .where('organization_id', '=', org)
            .where('id', 'in', [...depthOf.keys()])
            .execute()
        : [];
      const nodes = names
        .map((n) => ({ metric_id: n.id, metric_name: n.metric_name, depth: depthOf.get(n.id) as number }))
        .sort((a, b) => a.depth - b.depth || a.metric_name.localeCompare(b.metric_name));
      return { root: root.id, direction, nodes, edges };
    },
  };
}
