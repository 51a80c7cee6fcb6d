/**
 * Widgets of dashboards, seen by one principal. Reading needs view on the widget's dashboard,
 * writing needs edit; a widget of a deleted or invisible dashboard is not found. Every write is
 * validated against core's schemas (position, visualization_config for the widget_type,
 * data_config, interaction_config), and every metric or dashboard id it references must be a
 * live row of the same organization that the principal can see (a widget makes its metrics
 * visible to the dashboard's viewers, see `metric-access.ts`): the database has no
 * foreign key on a UUID[] or inside JSONB, so the store checks and names the offending id.
 * Creating, changing or removing a widget bumps its dashboard's `version` (and `updated_by`,
 * `updated_at`) in the same transaction.
 */
import type {
  DashboardWidgetRow,
  DashboardWidgetsTable,
  Database,
  DataConfig,
  InteractionConfig,
  VisualizationConfigByType,
  WidgetPosition,
  WidgetType,
} from '@arion-metrics/core';
import { dashboardWidgetsTable, writableColumns } from '@arion-metrics/core';
import { type Insertable, type Kysely, sql, type Updateable } from 'kysely';
import { permissionSql, requireDashboard } from './dashboard-access';
import {
  checkBoolean,
  checkInteger,
  checkPayload,
  checkReferences,
  checkText,
  checkUuidArray,
  type ReferencedId,
  requireField,
  translatePrincipalError,
  validateColumns,
} from './input-checks';
import { metricVisibleSql } from './metric-access';
import { assertPrincipal, isUuid, type Principal } from './principal';
import { runInTransaction } from './run-in-transaction';
import { NotFoundError } from './store-errors';

/** The fields a caller may set on a widget. Dashboard, audit columns and ids are the store's. */
export interface WidgetInput<T extends WidgetType = WidgetType> {
  /** Widget title (trimmed; at most 200 characters). */
  readonly widget_name: string;
  /** Kind of widget. */
  readonly widget_type: T;
  /** Grid position `{ x, y, w, h }`. */
  readonly position: WidgetPosition;
  /** Metrics shown: live metrics of this organization. */
  readonly metric_ids?: readonly string[] | null;
  /** Options of the widget type (core's strict schema for `widget_type`); default `{}`. */
  readonly visualization_config?: VisualizationConfigByType[T];
  /** Which data is shown. */
  readonly data_config?: DataConfig | null;
  /** Click actions, drill-down. */
  readonly interaction_config?: InteractionConfig | null;
  /** Refresh interval in seconds overriding the dashboard's, or null. */
  readonly refresh_interval_override?: number | null;
  /** Whether the widget is shown; default true. */
  readonly is_visible?: boolean;
}

/** A change to a widget: any subset of {@link WidgetInput}. A new `widget_type` re-checks the config. */
export type WidgetPatch = Partial<WidgetInput>;

/** Widgets as one principal sees them. */
export interface WidgetRepository {
  /** Adds a widget to a dashboard. Needs edit on the dashboard. */
  create(dashboardId: string, input: WidgetInput): Promise<DashboardWidgetRow>;
  /** A widget of a dashboard the principal can see. */
  get(widgetId: string): Promise<DashboardWidgetRow>;
  /** The widgets of a dashboard, top to bottom then left to right. Needs view. */
  list(dashboardId: string, options?: { readonly visibleOnly?: boolean }): Promise<DashboardWidgetRow[]>;
  /**
   * Changes a widget. Needs edit on its dashboard, and — whatever the patch changes — that the
   * principal can see every metric and dashboard the changed widget references.
   */
  update(widgetId: string, patch: WidgetPatch): Promise<DashboardWidgetRow>;
  /** Removes a widget. Needs edit on its dashboard. */
  delete(widgetId: string): Promise<void>;
}

const TABLE = 'dashboard_widgets';
const WRITABLE = writableColumns(dashboardWidgetsTable, 'create');
const METRIC_ALLOWED = 'the id of a live metric of this organization that you can see';
const DASHBOARD_ALLOWED = 'the id of a live dashboard of this organization that you can see';

type WidgetValues = Updateable<DashboardWidgetsTable>;

/**
 * Checks the writable fields present in `payload`. `current` is the stored widget on update: a
 * change of `widget_type` or `visualization_config` is checked against the resulting pair.
 */
function checkWidgetFields(payload: unknown, current?: DashboardWidgetRow): WidgetValues {
  const raw = checkPayload(TABLE, payload, WRITABLE);
  const field = (name: string) => `${TABLE}.${name}`;
  const forSchema: Record<string, unknown> = { ...raw };
  if (current && ('widget_type' in raw || 'visualization_config' in raw)) {
    forSchema.widget_type = raw.widget_type ?? current.widget_type;
    forSchema.visualization_config = raw.visualization_config ?? current.visualization_config;
  }
  const checked: Record<string, unknown> = validateColumns(TABLE, forSchema);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(raw)) out[key] = checked[key];
  if (current && 'widget_type' in raw && !('visualization_config' in raw)) {
    out.visualization_config = checked.visualization_config;
  }
  if ('widget_name' in raw) out.widget_name = checkText(field('widget_name'), raw.widget_name, { max: 200 });
  if ('metric_ids' in raw) out.metric_ids = checkUuidArray(field('metric_ids'), raw.metric_ids);
  if ('refresh_interval_override' in raw)
    out.refresh_interval_override = checkInteger(
      field('refresh_interval_override'),
      raw.refresh_interval_override,
      {
        min: 1,
        nullable: true,
      },
    );
  if ('is_visible' in raw) out.is_visible = checkBoolean(field('is_visible'), raw.is_visible);
  return out as WidgetValues;
}

/** The metric and dashboard ids a widget's values reference, each with its field. */
function referencedIds(values: WidgetValues): { metrics: ReferencedId[]; dashboards: ReferencedId[] } {
  const metrics: ReferencedId[] = (values.metric_ids ?? []).map((id, i) => ({
    field: `${TABLE}.metric_ids[${i}]`,
    id,
  }));
  const series = (values.data_config as DataConfig | null | undefined)?.series ?? [];
  series.forEach((s, i) => {
    metrics.push({ field: `${TABLE}.data_config.series[${i}].metricId`, id: s.metricId });
  });
  const click = (values.interaction_config as InteractionConfig | null | undefined)?.click;
  const dashboards: ReferencedId[] =
    click?.action === 'drill_down'
      ? [{ field: `${TABLE}.interaction_config.click.dashboardId`, id: click.dashboardId }]
      : [];
  return { metrics, dashboards };
}

/**
 * Opens the widgets of `principal.organizationId` for `principal`.
 *
 * @example
 * const widgets = widgetRepository(db, principal);
 * await widgets.create(dashboardId, {
 *   widget_name: 'Open findings', widget_type: 'metric_card',
 *   position: { x: 0, y: 0, w: 3, h: 2 }, metric_ids: [metricId],
 * });
 */
export function widgetRepository(db: Kysely<Database>, principal: Principal): WidgetRepository {
  const p = assertPrincipal(principal);
  const org = p.organizationId;
  /** Runs a write atomically; an audit-column FK failure says the principal's user is wrong. */
  const write = <T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T> =>
    runInTransaction(db, work).catch((error: unknown) => {
      throw translatePrincipalError(error, p);
    });

  async function checkReferencedIds(trx: Kysely<Database>, values: WidgetValues): Promise<void> {
    const { metrics, dashboards } = referencedIds(values);
    // Only metrics the principal can see: a widget makes its metrics visible to the dashboard's viewers.
    await checkReferences(trx, org, 'metric_definitions', metrics, METRIC_ALLOWED, metricVisibleSql(p, 'r'));
    await checkReferences(
      trx,
      org,
      'analytics_dashboards',
      dashboards,
      DASHBOARD_ALLOWED,
      sql<boolean>`${permissionSql(p, 'r')} IS NOT NULL`,
    );
  }

  /**
   * A widget edit is an edit of its dashboard: bump the dashboard's `version` and record who and
   * when, in the widget write's transaction, so that a dashboard update based on the version
   * read before the widget changed gets the conflict error.
   */
  async function touchDashboard(trx: Kysely<Database>, dashboardId: string): Promise<void> {
    await trx
      .updateTable('analytics_dashboards')
      .set({ version: sql`version + 1`, updated_by: p.userId, updated_at: sql`now()` })
      .where('organization_id', '=', org)
      .where('id', '=', dashboardId)
      .execute();
  }

  /** Loads a widget of the organization (NotFound for non-UUIDs and other organizations). */
  async function loadWidget(trx: Kysely<Database>, widgetId: unknown): Promise<DashboardWidgetRow> {
    if (!isUuid(widgetId)) throw new NotFoundError('widget', String(widgetId));
    const row = await trx
      .selectFrom(TABLE)
      .selectAll()
      .where('organization_id', '=', org)
      .where('id', '=', widgetId)
      .executeTakeFirst();
    if (!row) throw new NotFoundError('widget', widgetId);
    return row;
  }

  /** A widget whose dashboard grants the principal `level`; NotFound when the dashboard is not visible. */
  async function widgetWithAccess(
    trx: Kysely<Database>,
    widgetId: unknown,
    level: 'view' | 'edit',
    action: string,
  ): Promise<DashboardWidgetRow> {
    const widget = await loadWidget(trx, widgetId);
    try {
      await requireDashboard(trx, p, widget.dashboard_id, { level, action });
    } catch (error) {
      if (error instanceof NotFoundError) throw new NotFoundError('widget', widget.id);
      throw error;
    }
    return widget;
  }

  return {
    async create(dashboardId, input) {
      const values = checkWidgetFields(input);
      const row = values as Record<string, unknown>;
      requireField(TABLE, row, 'widget_name', 'a non-empty string');
      requireField(TABLE, row, 'widget_type', 'a widget type');
      requireField(TABLE, row, 'position', 'a position { x, y, w, h }');
      if (!('visualization_config' in row)) {
        values.visualization_config = validateColumns(TABLE, {
          widget_type: values.widget_type,
          visualization_config: {},
        }).visualization_config;
      }
      return write(async (trx) => {
        const dashboard = await requireDashboard(trx, p, dashboardId, {
          level: 'edit',
          action: 'add a widget',
        });
        await checkReferencedIds(trx, values);
        await touchDashboard(trx, dashboard.id);
        return trx
          .insertInto(TABLE)
          .values({
            ...(values as Insertable<DashboardWidgetsTable>),
            dashboard_id: dashboard.id,
            organization_id: org,
            created_by: p.userId,
            updated_by: p.userId,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
      });
    },

    get(widgetId) {
      return widgetWithAccess(db, widgetId, 'view', 'read its widgets');
    },

    async list(dashboardId, options = {}) {
      const dashboard = await requireDashboard(db, p, dashboardId, {
        level: 'view',
        action: 'read its widgets',
      });
      let query = db
        .selectFrom(TABLE)
        .selectAll()
        .where('organization_id', '=', org)
        .where('dashboard_id', '=', dashboard.id);
      if (options.visibleOnly) query = query.where('is_visible', '=', true);
      return query
        .orderBy(sql`(position->>'y')::int`)
        .orderBy(sql`(position->>'x')::int`)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
    },

    async update(widgetId, patch) {
      if (!isUuid(widgetId)) throw new NotFoundError('widget', String(widgetId));
      checkPayload(TABLE, patch, WRITABLE);
      return write(async (trx) => {
        const current = await widgetWithAccess(trx, widgetId, 'edit', 'change a widget');
        const values = checkWidgetFields(patch, current);
        // Every change re-checks every id the widget will hold, not only the ids in the patch: a
        // widget that stays or becomes visible shows its metrics to the dashboard's viewers, so
        // un-hiding a widget that holds a metric the editor cannot see must be refused too.
        await checkReferencedIds(trx, {
          metric_ids: 'metric_ids' in values ? values.metric_ids : current.metric_ids,
          data_config: 'data_config' in values ? values.data_config : current.data_config,
          interaction_config:
            'interaction_config' in values ? values.interaction_config : current.interaction_config,
        });
        await touchDashboard(trx, current.dashboard_id);
        return trx
          .updateTable(TABLE)
          .set({ ...values, updated_by: p.userId, updated_at: sql`now()` })
          .where('organization_id', '=', org)
          .where('id', '=', current.id)
          .returningAll()
          .executeTakeFirstOrThrow();
      });
    },

    async delete(widgetId) {
      await write(async (trx) => {
        const current = await widgetWithAccess(trx, widgetId, 'edit', 'remove a widget');
        await trx.deleteFrom(TABLE).where('organization_id', '=', org).where('id', '=', current.id).execute();
        await touchDashboard(trx, current.dashboard_id);
      });
    },
  };
}
