/**
 * Dashboards of one organization, seen by one principal: create, read, list the dashboards the
 * principal can see, update with optimistic concurrency (`version`), one default per
 * organization and `dashboard_type`, soft delete and restore. Permissions: see
 * `dashboard-access.ts`.
 */
import {
  type AnalyticsDashboardsTable,
  analyticsDashboardsTable,
  createDefaultLayoutConfig,
  DASHBOARD_TYPES,
  type DashboardType,
  type Database,
  type FiltersConfig,
  type LayoutConfig,
  writableColumns,
} from '@arion-metrics/core';
import { type Kysely, sql, type Updateable } from 'kysely';
import {
  type DashboardWithPermission,
  permissionSql,
  requireDashboard,
  withPermission,
} from './dashboard-access';
import {
  checkBoolean,
  checkInteger,
  checkPayload,
  checkText,
  checkTextArray,
  requireField,
  translatePrincipalError,
  validateColumns,
} from './input-checks';
import { assertPrincipal, isUuid, type Principal } from './principal';
import { runInTransaction } from './run-in-transaction';
import {
  NotFoundError,
  PermissionDeniedError,
  StoreValidationError,
  translateDatabaseError,
  UniqueViolationError,
  VersionConflictError,
} from './store-errors';

/** The fields a caller may set on a dashboard. Owner, audit columns and `version` are the store's. */
export interface DashboardInput {
  /** Name, unique per owner within the organization (trimmed; at most 200 characters). */
  readonly dashboard_name: string;
  /** What the dashboard is for. */
  readonly description?: string | null;
  /** Kind of dashboard; default `'custom'`. */
  readonly dashboard_type?: DashboardType;
  /** Make this the organization's default dashboard of its type (clears the previous default). */
  readonly is_default?: boolean;
  /** Visible (view) to everyone in the organization. */
  readonly is_public?: boolean;
  /** Grid layout; default: core's `createDefaultLayoutConfig()`. */
  readonly layout_config?: LayoutConfig;
  /** Auto-refresh interval in seconds, or null for none. */
  readonly refresh_interval_seconds?: number | null;
  /** Filters offered to viewers. */
  readonly filters_config?: FiltersConfig | null;
  /** Theme name (e.g. `'light'`, `'dark'`); default `'light'`. */
  readonly theme?: string;
  /** Free tags. */
  readonly tags?: readonly string[] | null;
}

/** A change to a dashboard: any subset of {@link DashboardInput}. */
export type DashboardPatch = Partial<DashboardInput>;

/** Filters and page of {@link DashboardRepository.list}. */
export interface DashboardListOptions {
  /** Only this dashboard type. */
  readonly dashboardType?: DashboardType;
  /** Only dashboards carrying this tag. */
  readonly tag?: string;
  /** Only dashboards the principal owns. */
  readonly ownedOnly?: boolean;
  /** Page size, 1 to 500; default 50. */
  readonly limit?: number;
  /** Rows to skip; default 0. */
  readonly offset?: number;
}

/** One page of dashboards. */
export interface DashboardPage {
  /** The dashboards, by name then id, each with the principal's permission. */
  readonly items: readonly DashboardWithPermission[];
  /** Whether more rows follow this page. */
  readonly hasMore: boolean;
}

/** Dashboards as one principal sees them. */
export interface DashboardRepository {
  /** Creates a dashboard owned by the principal (who is therefore its admin). */
  create(input: DashboardInput): Promise<DashboardWithPermission>;
  /** A live dashboard the principal can see; NotFound otherwise. */
  get(dashboardId: string): Promise<DashboardWithPermission>;
  /** The live dashboards the principal can see (owned, shared, public), paginated. */
  list(options?: DashboardListOptions): Promise<DashboardPage>;
  /**
   * The organization's live default dashboard of `dashboardType`, if the principal can see it;
   * `undefined` otherwise.
   */
  getDefault(dashboardType?: DashboardType): Promise<DashboardWithPermission | undefined>;
  /**
   * Applies `patch` if the dashboard is still at `expectedVersion` (else VersionConflictError),
   * and bumps `version`. Needs edit; changing `is_public` or `is_default`, or the
   * `dashboard_type` of a default dashboard, needs admin.
   */
  update(
    dashboardId: string,
    expectedVersion: number,
    patch: DashboardPatch,
  ): Promise<DashboardWithPermission>;
  /** Soft-deletes the dashboard (it stops being the default). Needs admin. */
  delete(dashboardId: string, expectedVersion?: number): Promise<void>;
  /** Brings back a soft-deleted dashboard. Needs the admin permission the principal had before the deletion. */
  restore(dashboardId: string): Promise<DashboardWithPermission>;
}

const TABLE = 'analytics_dashboards';
const WRITABLE = writableColumns(analyticsDashboardsTable, 'create');
const MAX_PAGE = 500;

type DashboardValues = Updateable<AnalyticsDashboardsTable>;

/** Checks and normalises the writable fields present in `payload` (before any SQL). */
function checkDashboardFields(payload: unknown): DashboardValues {
  const raw = checkPayload(TABLE, payload, WRITABLE);
  const out: Record<string, unknown> = validateColumns(TABLE, raw);
  const field = (name: string) => `${TABLE}.${name}`;
  if ('dashboard_name' in raw)
    out.dashboard_name = checkText(field('dashboard_name'), raw.dashboard_name, { max: 200 });
  if ('description' in raw)
    out.description = checkText(field('description'), raw.description, { max: 5000, nullable: true });
  if ('is_default' in raw) out.is_default = checkBoolean(field('is_default'), raw.is_default);
  if ('is_public' in raw) out.is_public = checkBoolean(field('is_public'), raw.is_public);
  if ('refresh_interval_seconds' in raw)
    out.refresh_interval_seconds = checkInteger(
      field('refresh_interval_seconds'),
      raw.refresh_interval_seconds,
      {
        min: 1,
        nullable: true,
      },
    );
  if ('theme' in raw) out.theme = checkText(field('theme'), raw.theme, { max: 64 });
  if ('tags' in raw) out.tags = checkTextArray(field('tags'), raw.tags);
  return out as DashboardValues;
}

/**
 * Turns the dashboard unique keys' violations into errors that say what clashed — in words that
 * reveal nothing the caller cannot read: the dashboard holding a name may be one the caller cannot
 * see (an editor renaming someone else's dashboard) or a deleted one, so the error is the same in
 * every case and names only the caller's own input, never the other dashboard, its id or state.
 */
function translateDashboardError(error: unknown, values: DashboardValues, principal: Principal): unknown {
  const pgError = error as { code?: string; constraint?: string };
  if (pgError?.code === '23505' && pgError.constraint === 'analytics_dashboards_dashboard_name_owner_key') {
    return new UniqueViolationError(
      pgError.constraint,
      `${TABLE}.dashboard_name`,
      values.dashboard_name,
      `${TABLE}.dashboard_name ${JSON.stringify(values.dashboard_name)} is not available for this dashboard: names are unique among the dashboards of one owner; choose another name`,
    );
  }
  if (pgError?.code === '23505' && pgError.constraint === 'idx_dashboards_one_default') {
    return new UniqueViolationError(
      pgError.constraint,
      `${TABLE}.is_default`,
      true,
      `another dashboard became the default of this type at the same moment; try again`,
    );
  }
  return translateDatabaseError(error, principal);
}

/**
 * Makes `dashboardId` the only live default of its type: takes a transaction-scoped advisory lock
 * on (organization, type) so that two concurrent "make default" calls run one after the other,
 * then clears the previous default. Run inside the transaction that sets `is_default`.
 */
async function clearOtherDefaults(
  trx: Kysely<Database>,
  organizationId: string,
  dashboardType: DashboardType,
  exceptId: string | null,
  userId: string,
): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`arion:default-dashboard:${organizationId}:${dashboardType}`}))`.execute(
    trx,
  );
  let clear = trx
    .updateTable(TABLE)
    .set({ is_default: false, updated_by: userId, updated_at: sql`now()`, version: sql`version + 1` })
    .where('organization_id', '=', organizationId)
    .where('dashboard_type', '=', dashboardType)
    .where('is_default', '=', true)
    .where('deleted_at', 'is', null);
  if (exceptId) clear = clear.where('id', '<>', exceptId);
  await clear.execute();
}

/**
 * Opens the dashboards of `principal.organizationId` for `principal`.
 *
 * @example
 * const dashboards = dashboardRepository(db, principal);
 * const d = await dashboards.create({ dashboard_name: 'Compliance overview', is_default: true });
 * await dashboards.update(d.id, d.version, { theme: 'dark' });
 */
export function dashboardRepository(db: Kysely<Database>, principal: Principal): DashboardRepository {
  const p = assertPrincipal(principal);
  const org = p.organizationId;
  /** Runs a write atomically; an audit-column FK failure says the principal's user is wrong. */
  const write = <T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T> =>
    runInTransaction(db, work).catch((error: unknown) => {
      throw translatePrincipalError(error, p);
    });

  async function reload(trx: Kysely<Database>, id: string): Promise<DashboardWithPermission> {
    return requireDashboard(trx, p, id, { level: 'view', action: 'read it' });
  }

  return {
    async create(input) {
      const values = checkDashboardFields(input);
      requireField(TABLE, values as Record<string, unknown>, 'dashboard_name', 'a non-empty string');
      const dashboardType = (values.dashboard_type ?? 'custom') as DashboardType;
      try {
        return await write(async (trx) => {
          if (values.is_default) await clearOtherDefaults(trx, org, dashboardType, null, p.userId);
          const { id } = await trx
            .insertInto(TABLE)
            .values({
              ...values,
              layout_config: values.layout_config ?? createDefaultLayoutConfig(),
              dashboard_name: values.dashboard_name as string,
              dashboard_type: dashboardType,
              owner_id: p.userId,
              organization_id: org,
              created_by: p.userId,
              updated_by: p.userId,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          return reload(trx, id);
        });
      } catch (error) {
        throw translateDashboardError(error, values, p);
      }
    },

    get(dashboardId) {
      return reload(db, dashboardId);
    },

    async list(options = {}) {
      const limit = checkInteger('limit', options.limit ?? 50, { min: 1, max: MAX_PAGE }) as number;
      const offset = checkInteger('offset', options.offset ?? 0, { min: 0 }) as number;
      if (options.dashboardType !== undefined && !DASHBOARD_TYPES.includes(options.dashboardType)) {
        throw new StoreValidationError(
          'dashboardType',
          options.dashboardType,
          `one of ${DASHBOARD_TYPES.join(', ')}`,
        );
      }
      const rank = permissionSql(p);
      let query = db
        .selectFrom('analytics_dashboards as d')
        .selectAll('d')
        .select(rank.as('permission_rank'))
        .where('d.organization_id', '=', org)
        .where('d.deleted_at', 'is', null)
        .where(rank, 'is not', null);
      if (options.dashboardType) query = query.where('d.dashboard_type', '=', options.dashboardType);
      if (options.tag !== undefined) {
        const tag = checkText('tag', options.tag, { max: 100 }) as string;
        query = query.where(sql<boolean>`${tag} = ANY(d.tags)`);
      }
      if (options.ownedOnly) query = query.where('d.owner_id', '=', p.userId);
      const rows = await query
        .orderBy('d.dashboard_name')
        .orderBy('d.id')
        .limit(limit + 1)
        .offset(offset)
        .execute();
      return { items: rows.slice(0, limit).map(withPermission), hasMore: rows.length > limit };
    },

    async getDefault(dashboardType = 'custom') {
      if (!DASHBOARD_TYPES.includes(dashboardType)) {
        throw new StoreValidationError(
          'dashboardType',
          dashboardType,
          `one of ${DASHBOARD_TYPES.join(', ')}`,
        );
      }
      const rank = permissionSql(p);
      const row = await db
        .selectFrom('analytics_dashboards as d')
        .selectAll('d')
        .select(rank.as('permission_rank'))
        .where('d.organization_id', '=', org)
        .where('d.dashboard_type', '=', dashboardType)
        .where('d.is_default', '=', true)
        .where('d.deleted_at', 'is', null)
        .where(rank, 'is not', null)
        .executeTakeFirst();
      return row ? withPermission(row) : undefined;
    },

    async update(dashboardId, expectedVersion, patch) {
      if (!isUuid(dashboardId)) throw new NotFoundError('dashboard', String(dashboardId));
      checkInteger('expectedVersion', expectedVersion, { min: 1 });
      const values = checkDashboardFields(patch);
      const needsAdmin = 'is_public' in values || 'is_default' in values;
      const changed = Object.keys(values).join(', ') || 'nothing';
      try {
        return await write(async (trx) => {
          const current = await requireDashboard(trx, p, dashboardId, {
            level: needsAdmin ? 'admin' : 'edit',
            action: `change ${changed}`,
          });
          if (current.version !== expectedVersion) {
            throw new VersionConflictError('dashboard', dashboardId, expectedVersion, current.version);
          }
          const type = (values.dashboard_type ?? current.dashboard_type) as DashboardType;
          const willBeDefault = values.is_default ?? current.is_default;
          // A default dashboard that changes type changes two defaults: its old type loses its
          // default and its new type's default is cleared. Defaults are the admin's, like is_default.
          if (willBeDefault && type !== current.dashboard_type && current.permission !== 'admin') {
            throw new PermissionDeniedError(
              `dashboard ${JSON.stringify(current.id)}: to change dashboard_type of a default dashboard (it changes which dashboard is the default of each type) you need admin permission; you have ${current.permission}`,
            );
          }
          if (willBeDefault && (values.is_default === true || type !== current.dashboard_type)) {
            await clearOtherDefaults(trx, org, type, dashboardId, p.userId);
          }
          const updated = await trx
            .updateTable(TABLE)
            .set({
              ...values,
              updated_by: p.userId,
              updated_at: sql`now()`,
              version: sql`version + 1`,
            })
            .where('organization_id', '=', org)
            .where('id', '=', dashboardId)
            .where('deleted_at', 'is', null)
            .where('version', '=', expectedVersion)
            .returning('id')
            .executeTakeFirst();
          if (!updated) {
            // Someone else's update committed after our read: report the version it left.
            const now = await trx
              .selectFrom(TABLE)
              .select('version')
              .where('organization_id', '=', org)
              .where('id', '=', dashboardId)
              .executeTakeFirst();
            throw new VersionConflictError('dashboard', dashboardId, expectedVersion, now?.version);
          }
          return reload(trx, dashboardId);
        });
      } catch (error) {
        throw translateDashboardError(error, values, p);
      }
    },

    async delete(dashboardId, expectedVersion) {
      if (expectedVersion !== undefined) checkInteger('expectedVersion', expectedVersion, { min: 1 });
      await write(async (trx) => {
        const current = await requireDashboard(trx, p, dashboardId, { level: 'admin', action: 'delete it' });
        const id = current.id;
        let query = trx
          .updateTable(TABLE)
          .set({
            deleted_at: sql`now()`,
            deleted_by: p.userId,
            is_default: false,
            updated_by: p.userId,
            updated_at: sql`now()`,
            version: sql`version + 1`,
          })
          .where('organization_id', '=', org)
          .where('id', '=', id)
          .where('deleted_at', 'is', null);
        if (expectedVersion !== undefined) query = query.where('version', '=', expectedVersion);
        const done = await query.returning('id').executeTakeFirst();
        if (!done) {
          const now = await trx.selectFrom(TABLE).select('version').where('id', '=', id).executeTakeFirst();
          throw new VersionConflictError('dashboard', id, expectedVersion ?? current.version, now?.version);
        }
      });
    },

    async restore(dashboardId) {
      return write(async (trx) => {
        const current = await requireDashboard(
          trx,
          p,
          dashboardId,
          { level: 'admin', action: 'restore it' },
          { deleted: true },
        );
        await trx
          .updateTable(TABLE)
          .set({
            deleted_at: null,
            deleted_by: null,
            updated_by: p.userId,
            updated_at: sql`now()`,
            version: sql`version + 1`,
          })
          .where('organization_id', '=', org)
          .where('id', '=', current.id)
          .execute();
        return reload(trx, current.id);
      });
    },
  };
}
