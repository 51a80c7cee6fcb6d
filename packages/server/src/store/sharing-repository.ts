/**
 * Sharing of dashboards: grant and revoke view / edit / admin to a user, a role, a department or
 * everyone in the organization, optionally until `expires_at`; and the principal's effective
 * permission. Granting, revoking and listing grants need admin on the dashboard. The rule that
 * turns grants into a permission is in `dashboard-access.ts`.
 */
import type { DashboardSharingRow, Database, PermissionLevel, SharedWithType } from '@arion-metrics/core';
import { dashboardSharingTable, writableColumns } from '@arion-metrics/core';
import { type Kysely, sql } from 'kysely';
import { permissionFromRank, permissionSql, requireDashboard } from './dashboard-access';
import {
  checkPayload,
  checkReferences,
  checkTimestamp,
  requireField,
  translatePrincipalError,
  validateColumns,
} from './input-checks';
import { assertPrincipal, isUuid, type Principal } from './principal';
import { runInTransaction } from './run-in-transaction';
import { NotFoundError, StoreValidationError } from './store-errors';

/** Who a grant is for: a user, role or department by id, or everyone in the organization. */
export type Grantee =
  | { readonly shared_with_type: 'everyone'; readonly shared_with_id?: null }
  | { readonly shared_with_type: Exclude<SharedWithType, 'everyone'>; readonly shared_with_id: string };

/** A grant to write. `shared_by` and `shared_at` come from the principal and the clock. */
export type GrantInput = Grantee & {
  /** What the grantee may do; default `'view'`. */
  readonly permission_level?: PermissionLevel;
  /** When the grant lapses (must be in the future); absent or null: never. */
  readonly expires_at?: Date | string | null;
};

/** Grants of dashboards, as one principal manages them. */
export interface SharingRepository {
  /** Grants (or re-grants, replacing level and expiry) access to a dashboard. Needs admin. */
  grant(dashboardId: string, grant: GrantInput): Promise<DashboardSharingRow>;
  /** Removes the grant to `grantee`; false when there was none. Needs admin. */
  revoke(dashboardId: string, grantee: Grantee): Promise<boolean>;
  /**
   * Removes the grant `grantId`. Needs admin on its dashboard; a grant of a dashboard the
   * principal cannot see (or of another organization, or none) is not found.
   */
  revokeById(grantId: string): Promise<void>;
  /** Every grant of a dashboard, expired ones included. Needs admin. */
  list(dashboardId: string): Promise<DashboardSharingRow[]>;
  /**
   * The principal's permission on a dashboard: `'view' | 'edit' | 'admin'`, or null when it gives
   * nothing (missing, soft-deleted, other organization, no matching owner / public / live grant).
   */
  effectivePermission(dashboardId: string): Promise<PermissionLevel | null>;
}

const TABLE = 'dashboard_sharing';
const GRANT_FIELDS = writableColumns(dashboardSharingTable, 'create');
const GRANTEE_FIELDS = ['shared_with_type', 'shared_with_id'] as const;
const GRANTEE_TABLES = { user: 'users', role: 'roles', department: 'departments' } as const;

/** Checks a grantee: the type, and an id exactly when the type is not `everyone` (before any SQL). */
function checkGrantee(row: Record<string, unknown>): { type: SharedWithType; id: string | null } {
  requireField(TABLE, row, 'shared_with_type', "one of 'user', 'role', 'department', 'everyone'");
  const type = validateColumns(TABLE, { shared_with_type: row.shared_with_type })
    .shared_with_type as SharedWithType;
  const id = row.shared_with_id ?? null;
  if (type === 'everyone') {
    if (id !== null) {
      throw new StoreValidationError(
        `${TABLE}.shared_with_id`,
        id,
        "null or absent when shared_with_type is 'everyone'",
      );
    }
    return { type, id: null };
  }
  if (!isUuid(id)) {
    throw new StoreValidationError(
      `${TABLE}.shared_with_id`,
      id,
      `the UUID of a ${type} of this organization`,
    );
  }
  return { type, id: id.toLowerCase() };
}

/**
 * Opens dashboard sharing of `principal.organizationId` for `principal`.
 *
 * @example
 * const sharing = sharingRepository(db, principal);
 * await sharing.grant(dashboardId, { shared_with_type: 'role', shared_with_id: auditorsRoleId, permission_level: 'view' });
 * await sharing.effectivePermission(dashboardId); // 'admin' for the owner
 */
export function sharingRepository(db: Kysely<Database>, principal: Principal): SharingRepository {
  const p = assertPrincipal(principal);
  const org = p.organizationId;
  /** Runs a write atomically; an audit-column FK failure says the principal's user is wrong. */
  const write = <T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T> =>
    runInTransaction(db, work).catch((error: unknown) => {
      throw translatePrincipalError(error, p);
    });

  return {
    async grant(dashboardId, grant) {
      const raw = checkPayload(TABLE, grant, GRANT_FIELDS);
      const grantee = checkGrantee(raw);
      const level = validateColumns(TABLE, { permission_level: raw.permission_level ?? 'view' })
        .permission_level as PermissionLevel;
      const expiresAt = checkTimestamp(`${TABLE}.expires_at`, raw.expires_at ?? null, { nullable: true });
      return write(async (trx) => {
        const dashboard = await requireDashboard(trx, p, dashboardId, { level: 'admin', action: 'share it' });
        if (grantee.type !== 'everyone') {
          await checkReferences(
            trx,
            org,
            GRANTEE_TABLES[grantee.type],
            [{ field: `${TABLE}.shared_with_id`, id: grantee.id as string }],
            `the UUID of a ${grantee.type} of this organization`,
          );
        }
        if (expiresAt) {
          const { past } = await sql<{ past: boolean }>`SELECT ${expiresAt} <= now() AS past`
            .execute(trx)
            .then((r) => r.rows[0]!);
          if (past) {
            throw new StoreValidationError(
              `${TABLE}.expires_at`,
              expiresAt,
              'a time in the future, or null for never',
            );
          }
        }
        return trx
          .insertInto(TABLE)
          .values({
            dashboard_id: dashboard.id,
            shared_with_type: grantee.type,
            shared_with_id: grantee.id,
            permission_level: level,
            expires_at: expiresAt,
            shared_by: p.userId,
            organization_id: org,
          })
          .onConflict((oc) =>
            oc.constraint('dashboard_sharing_grantee_key').doUpdateSet({
              permission_level: level,
              expires_at: expiresAt,
              shared_by: p.userId,
              shared_at: sql`now()`,
            }),
          )
          .returningAll()
          .executeTakeFirstOrThrow();
      });
    },

    async revoke(dashboardId, grantee) {
      const checked = checkGrantee(checkPayload(TABLE, grantee, GRANTEE_FIELDS));
      return write(async (trx) => {
        const dashboard = await requireDashboard(trx, p, dashboardId, {
          level: 'admin',
          action: 'revoke a share',
        });
        const result = await trx
          .deleteFrom(TABLE)
          .where('organization_id', '=', org)
          .where('dashboard_id', '=', dashboard.id)
          .where('shared_with_type', '=', checked.type)
          .where((eb) =>
            checked.id === null ? eb('shared_with_id', 'is', null) : eb('shared_with_id', '=', checked.id),
          )
          .executeTakeFirst();
        return Number(result.numDeletedRows) > 0;
      });
    },

    async revokeById(grantId) {
      if (!isUuid(grantId)) throw new NotFoundError('grant', String(grantId));
      return write(async (trx) => {
        const grant = await trx
          .selectFrom(TABLE)
          .select(['id', 'dashboard_id'])
          .where('organization_id', '=', org)
          .where('id', '=', grantId)
          .forUpdate()
          .executeTakeFirst();
        if (!grant) throw new NotFoundError('grant', grantId);
        try {
          await requireDashboard(trx, p, grant.dashboard_id, { level: 'admin', action: 'revoke a share' });
        } catch (error) {
          // Who cannot see the dashboard does not learn that the grant exists.
          if (error instanceof NotFoundError) throw new NotFoundError('grant', grantId);
          throw error;
        }
        await trx.deleteFrom(TABLE).where('organization_id', '=', org).where('id', '=', grant.id).execute();
      });
    },

    async list(dashboardId) {
      const dashboard = await requireDashboard(db, p, dashboardId, {
        level: 'admin',
        action: 'list its shares',
      });
      return db
        .selectFrom(TABLE)
        .selectAll()
        .where('organization_id', '=', org)
        .where('dashboard_id', '=', dashboard.id)
        .orderBy('shared_at')
        .orderBy('id')
        .execute();
    },

    async effectivePermission(dashboardId) {
      if (!isUuid(dashboardId)) return null;
      const row = await db
        .selectFrom('analytics_dashboards as d')
        .select(permissionSql(p).as('permission_rank'))
        .where('d.organization_id', '=', org)
        .where('d.id', '=', dashboardId)
        .where('d.deleted_at', 'is', null)
        .executeTakeFirst();
      return permissionFromRank(row?.permission_rank);
    },
  };
}
