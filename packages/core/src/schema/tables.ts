/**
 * The row types of every table, derived from the descriptors of `table-descriptors.ts` and usable
 * as Kysely's `Database` (`new Kysely<Database>(...)` in the server). Column types follow the
 * values the server hands out at the driver boundary:
 * UUID → `string`; TEXT → `string`; INTEGER, BIGINT and DECIMAL → `number`; BOOLEAN → `boolean`;
 * TIMESTAMPTZ → `Date` (written as `Date` or ISO string); DATE → `'YYYY-MM-DD'` string;
 * NUMRANGE → {@link NumRange}; TEXT[] / UUID[] → arrays; JSONB → the parsed, validated shape.
 * Columns with a database default are optional on insert (Kysely's `Generated`); nullable
 * columns are `T | null` (optional on insert too).
 */
import type { Selected } from './column-types';
import {
  type alertStatesTable,
  type analyticsDashboardsTable,
  columnNames,
  type contactPointsTable,
  type dashboardSharingTable,
  type dashboardWidgetsTable,
  type departmentsTable,
  type metricAlertHistoryTable,
  type metricAlertsTable,
  type metricApprovalsTable,
  type metricCalculationsTable,
  type metricDefinitionsTable,
  type metricDefinitionVersionsTable,
  type metricRelationshipsTable,
  type metricSnapshotsTable,
  type notificationDeliveriesTable,
  type organizationsTable,
  type rolesTable,
  TABLE_DESCRIPTORS,
  type TableType,
  type usersTable,
} from './table-descriptors';

export type { NumRange } from './table-descriptors';

/** Row interface of `organizationsTable` (see its column docs). */
export type OrganizationsTable = TableType<typeof organizationsTable>;
/** Row interface of `usersTable` (see its column docs). */
export type UsersTable = TableType<typeof usersTable>;
/** Row interface of `rolesTable` (see its column docs). */
export type RolesTable = TableType<typeof rolesTable>;
/** Row interface of `departmentsTable` (see its column docs). */
export type DepartmentsTable = TableType<typeof departmentsTable>;
/** Row interface of `metricDefinitionsTable` (see its column docs). */
export type MetricDefinitionsTable = TableType<typeof metricDefinitionsTable>;
/** Row interface of `metricRelationshipsTable` (see its column docs). */
export type MetricRelationshipsTable = TableType<typeof metricRelationshipsTable>;
/** Row interface of `metricCalculationsTable` (see its column docs). */
export type MetricCalculationsTable = TableType<typeof metricCalculationsTable>;
/** Row interface of `metricSnapshotsTable` (see its column docs). */
export type MetricSnapshotsTable = TableType<typeof metricSnapshotsTable>;
/** Row interface of `analyticsDashboardsTable` (see its column docs). */
export type AnalyticsDashboardsTable = TableType<typeof analyticsDashboardsTable>;
/** Row interface of `dashboardWidgetsTable` (see its column docs). */
export type DashboardWidgetsTable = TableType<typeof dashboardWidgetsTable>;
/** Row interface of `dashboardSharingTable` (see its column docs). */
export type DashboardSharingTable = TableType<typeof dashboardSharingTable>;
/** Row interface of `metricAlertsTable` (see its column docs). */
export type MetricAlertsTable = TableType<typeof metricAlertsTable>;
/** Row interface of `metricAlertHistoryTable` (see its column docs). */
export type MetricAlertHistoryTable = TableType<typeof metricAlertHistoryTable>;
/** Row interface of `metricDefinitionVersionsTable` (see its column docs). */
export type MetricDefinitionVersionsTable = TableType<typeof metricDefinitionVersionsTable>;
/** Row interface of `metricApprovalsTable` (see its column docs). */
export type MetricApprovalsTable = TableType<typeof metricApprovalsTable>;

/** Row interface of `alertStatesTable` (see its column docs). */
export type AlertStatesTable = TableType<typeof alertStatesTable>;
/** Row interface of `contactPointsTable` (see its column docs). */
export type ContactPointsTable = TableType<typeof contactPointsTable>;
/** Row interface of `notificationDeliveriesTable` (see its column docs). */
export type NotificationDeliveriesTable = TableType<typeof notificationDeliveriesTable>;

/** Every table, keyed by name: pass it to Kysely as `Kysely<Database>`. */
export type Database = {
  [D in (typeof TABLE_DESCRIPTORS)[number] as D['name']]: TableType<D>;
};

/** Name of a table of {@link Database}. */
export type TableName = keyof Database;

/** Every table name, parents before children (the order to create them in). */
export const TABLE_NAMES = TABLE_DESCRIPTORS.map((d) => d.name) as readonly TableName[];

/** Every column of every table, in catalog order (the order of the spec, then of the migrations). */
export const TABLE_COLUMNS = Object.fromEntries(
  TABLE_DESCRIPTORS.map((d) => [d.name, columnNames(d)]),
) as unknown as { readonly [T in TableName]: readonly (keyof Database[T] & string)[] };

/** A selected `organizations` row. */
export type OrganizationRow = Selected<OrganizationsTable>;
/** A selected `users` row. */
export type UserRow = Selected<UsersTable>;
/** A selected `roles` row. */
export type RoleRow = Selected<RolesTable>;
/** A selected `departments` row. */
export type DepartmentRow = Selected<DepartmentsTable>;
/** A selected `metric_definitions` row. */
export type MetricDefinitionRow = Selected<MetricDefinitionsTable>;
/** A selected `metric_relationships` row. */
export type MetricRelationshipRow = Selected<MetricRelationshipsTable>;
/** A selected `metric_calculations` row. */
export type MetricCalculationRow = Selected<MetricCalculationsTable>;
/** A selected `metric_snapshots` row. */
export type MetricSnapshotRow = Selected<MetricSnapshotsTable>;
/** A selected `analytics_dashboards` row. */
export type AnalyticsDashboardRow = Selected<AnalyticsDashboardsTable>;
/** A selected `dashboard_widgets` row. */
export type DashboardWidgetRow = Selected<DashboardWidgetsTable>;
/** A selected `dashboard_sharing` row. */
export type DashboardSharingRow = Selected<DashboardSharingTable>;
/** A selected `metric_alerts` row. */
export type MetricAlertRow = Selected<MetricAlertsTable>;
/** A selected `metric_alert_history` row. */
export type MetricAlertHistoryRow = Selected<MetricAlertHistoryTable>;
/** A selected `metric_definition_versions` row. */
export type MetricDefinitionVersionRow = Selected<MetricDefinitionVersionsTable>;
/** A selected `metric_approvals` row. */
export type MetricApprovalRow = Selected<MetricApprovalsTable>;
/** A selected `alert_states` row. */
export type AlertStateRow = Selected<AlertStatesTable>;
/** A selected `contact_points` row. */
export type ContactPointRow = Selected<ContactPointsTable>;
/** A selected `notification_deliveries` row. */
export type NotificationDeliveryRow = Selected<NotificationDeliveriesTable>;
