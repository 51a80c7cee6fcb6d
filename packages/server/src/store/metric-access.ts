/**
 * Who may see and change a metric definition — the one place the rule is written, as SQL
 * expressions used by every metric query (get, list, calculations, snapshots, relationships).
 *
 * The rule (also in the README, "Metric visibility"), for a live metric of the principal's
 * organization:
 * - **see** it when it is `is_public`; or the principal is its owner (`owner_id`) or creator
 *   (`created_by`); or holds a role listed in `organizations.settings.metrics.admin_role_ids`; or
 *   can see (any permission) a live dashboard with a visible widget that shows it (`metric_ids`);
 * - **change** it (update, delete, restore, relationships, calculations, snapshots) when the
 *   principal is its owner, or its creator while it has no owner, or holds a metric admin role.
 * An embed principal sees only the metrics of its dashboard's visible widgets and changes none.
 * A metric the principal cannot see is reported as not found, exactly like a missing one or one of
 * another organization; one it can see but not change gives a PermissionDeniedError.
 */
import type { Database, MetricDefinitionRow } from '@arion-metrics/core';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { permissionSql } from './dashboard-access';
import { hasServicePermission, isUuid, type Principal, type ServicePermission } from './principal';
import { NotFoundError, PermissionDeniedError } from './store-errors';

/** What a check is for. */
export type MetricNeed = 'view' | 'edit';

/** SQL: the principal holds one of the organization's metric admin roles. */
export function metricAdminSql(principal: Principal): RawBuilder<boolean> {
  if (principal.embed || principal.roleIds.length === 0) return sql<boolean>`false`;
  const roles = principal.roleIds.map((r) => r.toLowerCase());
  return sql<boolean>`EXISTS (SELECT 1 FROM organizations o
     WHERE o.id = ${principal.organizationId}::uuid
       AND jsonb_typeof(o.settings -> 'metrics' -> 'admin_role_ids') = 'array'
       AND (o.settings -> 'metrics' -> 'admin_role_ids') ?| ${roles}::text[])`;
}

/** SQL: the principal may change the metric row aliased `alias`. */
export function metricEditableSql(principal: Principal, alias = 'm'): RawBuilder<boolean> {
  const m = (column: string) => sql.ref(`${alias}.${column}`);
  if (principal.embed) return sql<boolean>`false`;
  return sql<boolean>`(${m('owner_id')} = ${principal.userId}::uuid
    OR (${m('owner_id')} IS NULL AND ${m('created_by')} = ${principal.userId}::uuid)
    OR ${metricAdminSql(principal)})`;
}

/** SQL: true when `principal` is a service principal holding `permission` (see `SERVICE_PERMISSIONS`). */
export function servicePermitsSql(principal: Principal, permission: ServicePermission): RawBuilder<boolean> {
  return hasServicePermission(principal, permission) ? sql<boolean>`true` : sql<boolean>`false`;
}

/** SQL: the principal may see the metric row aliased `alias` (soft deletion is the caller's filter). */
export function metricVisibleSql(principal: Principal, alias = 'm'): RawBuilder<boolean> {
  const m = (column: string) => sql.ref(`${alias}.${column}`);
  if (principal.embed) return widgetShowsMetricSql(principal, m('organization_id'), m('id'));
  const service = (principal.servicePermissions?.length ?? 0) > 0;
  return sql<boolean>`(${m('is_public')}
    OR ${service ? sql`true` : sql`false`}
    OR ${m('owner_id')} = ${principal.userId}::uuid
    OR ${m('created_by')} = ${principal.userId}::uuid
    OR ${metricAdminSql(principal)}
    OR ${widgetShowsMetricSql(principal, m('organization_id'), m('id'))})`;
}

/** SQL: a visible widget of a live dashboard the principal can see shows the metric. */
function widgetShowsMetricSql(
  principal: Principal,
  organizationId: RawBuilder<unknown>,
  metricId: RawBuilder<unknown>,
): RawBuilder<boolean> {
  return sql<boolean>`EXISTS (SELECT 1 FROM dashboard_widgets w
                 JOIN analytics_dashboards d ON d.organization_id = w.organization_id AND d.id = w.dashboard_id
                WHERE w.organization_id = ${organizationId}
                  AND w.is_visible
                  AND ${metricId} = ANY (w.metric_ids)
                  AND d.deleted_at IS NULL
                  AND ${permissionSql(principal, 'd')} IS NOT NULL)`;
}

/** A metric row with whether the principal may change it. */
export type MetricWithAccess = MetricDefinitionRow & {
  /** Whether the principal may change this metric (see the module's rule). */
  readonly can_edit: boolean;
};

/**
 * Loads a metric of the principal's organization that the principal can see, and checks that it
 * may be changed when `need` is `'edit'`. Throws NotFoundError when the id is not a UUID or the
 * metric is missing, of another organization, invisible to the principal, or (unless
 * `deleted: true`, which looks only at soft-deleted ones) soft-deleted. `forUpdate` locks the row
 * until the surrounding transaction ends.
 */
export async function requireMetric(
  db: Kysely<Database>,
  principal: Principal,
  metricId: unknown,
  need: MetricNeed,
  action: string,
  options: { readonly deleted?: boolean; readonly forUpdate?: boolean } = {},
): Promise<MetricWithAccess> {
  const entity = options.deleted ? 'deleted metric' : 'metric';
  if (!isUuid(metricId)) throw new NotFoundError(entity, String(metricId));
  let query = db
    .selectFrom('metric_definitions as m')
    .selectAll('m')
    .select(metricEditableSql(principal).as('can_edit'))
    .where('m.organization_id', '=', principal.organizationId)
    .where('m.id', '=', metricId)
    .where('m.deleted_at', options.deleted ? 'is not' : 'is', null)
    .where(metricVisibleSql(principal));
  if (options.forUpdate) query = query.forUpdate('m');
  const row = await query.executeTakeFirst();
  if (!row) throw new NotFoundError(entity, metricId);
  if (need === 'edit' && !row.can_edit) {
    throw new PermissionDeniedError(
      `metric ${JSON.stringify(metricId)}: to ${action} you must be its owner, its creator while it has no owner, or hold a metric admin role of the organization`,
    );
  }
  return row;
}
