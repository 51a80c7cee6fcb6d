/**
 * Who may do what with a dashboard — the one place the rule is written, as one SQL expression
 * used both to answer `effectivePermission` and to filter the dashboards a principal can list.
 *
 * The rule (also in the README, "Dashboard permissions"):
 * - a soft-deleted dashboard gives nothing to anyone (only its restore looks past the deletion);
 * - the owner (`owner_id`) has `admin`;
 * - `is_public` gives `view` to everyone in the organization;
 * - each unexpired grant that matches the principal gives its level: `user` (the principal's
 *   user id), `role` (one of `roleIds`), `department` (one of `departmentIds`), `everyone`;
 *   a grant whose `expires_at` is at or before now counts for nothing;
 * - the highest of these wins (`view` < `edit` < `admin`); none means no access at all, and the
 *   dashboard is then reported as not found;
 * - an embed principal (a signed embed token) has `view` on its one dashboard and nothing on any
 *   other: none of the rules above apply to it.
 */
import {
  type AnalyticsDashboardRow,
  type Database,
  PERMISSION_LEVELS,
  type PermissionLevel,
} from '@arion-metrics/core';
import { type Expression, type Kysely, type RawBuilder, sql } from 'kysely';
import type { Principal } from './principal';
import { isUuid } from './principal';
import { NotFoundError, PermissionDeniedError } from './store-errors';

/** A dashboard row together with what the store's principal may do with it. */
export type DashboardWithPermission = AnalyticsDashboardRow & {
  /** The principal's effective permission on this dashboard. */
  readonly permission: PermissionLevel;
};

/** Rank of a permission level: view 1, edit 2, admin 3. */
export function permissionRank(level: PermissionLevel): number {
  return PERMISSION_LEVELS.indexOf(level) + 1;
}

/** The level of a rank from {@link permissionSql}, or null for no access. */
export function permissionFromRank(rank: number | string | null | undefined): PermissionLevel | null {
  if (rank === null || rank === undefined) return null;
  return PERMISSION_LEVELS[Number(rank) - 1] ?? null;
}

/**
 * SQL for the principal's permission rank (1 view, 2 edit, 3 admin, NULL none) on the dashboard
 * row aliased `alias`, ignoring soft deletion (callers filter `deleted_at`).
 */
export function permissionSql(principal: Principal, alias = 'd'): RawBuilder<number | null> {
  const d = (column: string) => sql.ref(`${alias}.${column}`);
  // An embed principal views its one dashboard and holds nothing else: no owner, public or grant.
  if (principal.embed)
    return sql<
      number | null
    >`CASE WHEN ${d('id')} = ${principal.embed.dashboardId}::uuid THEN ${sql.lit(permissionRank('view'))} END`;
  const levels = sql.raw(PERMISSION_LEVELS.map((level, i) => `WHEN '${level}' THEN ${i + 1}`).join(' '));
  return sql<number | null>`GREATEST(
    CASE WHEN ${d('owner_id')} = ${principal.userId}::uuid THEN ${sql.lit(permissionRank('admin'))} END,
    CASE WHEN ${d('is_public')} THEN ${sql.lit(permissionRank('view'))} END,
    (SELECT max(CASE s.permission_level ${levels} END)
       FROM dashboard_sharing s
      WHERE s.organization_id = ${d('organization_id')}
        AND s.dashboard_id = ${d('id')}
        AND (s.expires_at IS NULL OR s.expires_at > now())
        AND (s.shared_with_type = 'everyone'
          OR (s.shared_with_type = 'user' AND s.shared_with_id = ${principal.userId}::uuid)
          OR (s.shared_with_type = 'role' AND s.shared_with_id = ANY(${uuidArray(principal.roleIds)}))
          OR (s.shared_with_type = 'department' AND s.shared_with_id = ANY(${uuidArray(principal.departmentIds)})))))`;
}

/** A UUID[] parameter, written as an array literal so both drivers send it the same way. */
function uuidArray(ids: readonly string[]): Expression<string[]> {
  return sql<string[]>`${`{${ids.join(',')}}`}::uuid[]`;
}

/** Splits the selected rank column off a row. */
export function withPermission(
  row: AnalyticsDashboardRow & { permission_rank: number | string | null },
): DashboardWithPermission {
  const { permission_rank, ...dashboard } = row;
  const permission = permissionFromRank(permission_rank);
  if (!permission) throw new Error('withPermission: a row without access was selected');
  return { ...dashboard, permission };
}

/** What an access check is for, for the error message. */
export interface AccessNeed {
  /** The least level needed. */
  readonly level: PermissionLevel;
  /** The action, in words, e.g. `change dashboard_name`. */
  readonly action: string;
}

/**
 * Loads a live dashboard of the principal's organization and checks the principal's permission.
 * Throws {@link NotFoundError} when the id is not a UUID, the dashboard is missing, deleted, in
 * another organization or not visible to the principal; {@link PermissionDeniedError} when the
 * principal can see it but holds less than `need.level`.
 * With `deleted: true` it looks only at soft-deleted dashboards and at the permission the
 * principal had before the deletion (used by restore); too little permission is then NotFound too.
 */
export async function requireDashboard(
  db: Kysely<Database>,
  principal: Principal,
  dashboardId: unknown,
  need: AccessNeed,
  options: { readonly deleted?: boolean } = {},
): Promise<DashboardWithPermission> {
  const entity = options.deleted ? 'deleted dashboard' : 'dashboard';
  if (!isUuid(dashboardId)) throw new NotFoundError(entity, String(dashboardId));
  const rank = permissionSql(principal);
  const row = await db
    .selectFrom('analytics_dashboards as d')
    .selectAll('d')
    .select(rank.as('permission_rank'))
    .where('d.organization_id', '=', principal.organizationId)
    .where('d.id', '=', dashboardId)
    .where('d.deleted_at', options.deleted ? 'is not' : 'is', null)
    .where(rank, 'is not', null)
    .executeTakeFirst();
  if (!row) throw new NotFoundError(entity, dashboardId);
  const dashboard = withPermission(row);
  if (permissionRank(dashboard.permission) < permissionRank(need.level)) {
    // A deleted dashboard gives nothing: who may not restore it does not learn it exists.
    if (options.deleted) throw new NotFoundError(entity, dashboardId);
    throw new PermissionDeniedError(
      `dashboard ${JSON.stringify(dashboardId)}: to ${need.action} you need ${need.level} permission; you have ${dashboard.permission}`,
    );
  }
  return dashboard;
}
