/**
 * The demo's dashboard: a security overview with a card, a gauge, a line chart per business unit,
 * a bar chart and a table, each `visualization_config` in core's strict shape for its widget type;
 * shared with the executive board (view) and the metrics office (edit). Then each demo user's
 * effective permission, and how many metrics each can see, read back through their own store.
 */
import type { Database, MetricDefinitionRow, PermissionLevel } from '@arion-metrics/core';
import { openStore, type Store } from '@arion-metrics/server';
import type { Kysely } from 'kysely';
import { ORG_LEVEL, UNIT_LEVEL } from './calculate';
import type { DemoMetricKey } from './demo-metrics';
import type { DemoOrganization } from './seed-organization';

/** The dashboard as the report shows it. */
export interface DashboardOutcome {
  readonly id: string;
  readonly name: string;
  readonly version: number;
  readonly widgets: readonly { readonly name: string; readonly type: string }[];
  readonly grants: readonly { readonly grantee: string; readonly level: PermissionLevel }[];
  /** Per demo user: the permission on the dashboard (null: cannot see it) and the metrics visible. */
  readonly access: readonly {
    readonly user: string;
    readonly displayName: string;
    readonly permission: PermissionLevel | null;
    readonly visibleMetrics: number;
  }[];
}

/** Creates the dashboard with its widgets as `store`'s principal, shares it, and reads who can see what. */
export async function createDemoDashboard(
  db: Kysely<Database>,
  store: Store,
  organization: DemoOrganization,
  metrics: ReadonlyMap<DemoMetricKey, MetricDefinitionRow>,
): Promise<DashboardOutcome> {
  const id = (key: DemoMetricKey) => metrics.get(key)!.id;
  const dashboard = await store.dashboards.create({
    dashboard_name: 'Security posture',
    description: 'Monthly security metrics of the business units, with the group-wide score.',
    dashboard_type: 'executive',
    filters_config: {
      timeRange: { presets: ['last_12_months', 'year_to_date'], default: 'last_12_months' },
      aggregationLevel: { options: [ORG_LEVEL, UNIT_LEVEL], default: ORG_LEVEL },
    },
    tags: ['security', 'demo'],
  });
  const widgets = [
    await store.widgets.create(dashboard.id, {
      widget_name: 'Security score',
      widget_type: 'metric_card',
      position: { x: 0, y: 0, w: 3, h: 2 },
      metric_ids: [id('security_score')],
      visualization_config: { deltaDisplay: 'absolute', showSparkline: true, showTarget: true },
      data_config: { series: [{ metricId: id('security_score'), aggregationLevel: ORG_LEVEL }] },
    }),
    await store.widgets.create(dashboard.id, {
      widget_name: 'Patch compliance',
      widget_type: 'gauge',
      position: { x: 3, y: 0, w: 3, h: 2 },
      metric_ids: [id('patch_compliance')],
      visualization_config: { min: 80, max: 100, showBands: true, showTarget: true },
      data_config: { series: [{ metricId: id('patch_compliance'), aggregationLevel: ORG_LEVEL }] },
    }),
    await store.widgets.create(dashboard.id, {
      widget_name: 'Patch compliance by unit',
      widget_type: 'line_chart',
      position: { x: 6, y: 0, w: 6, h: 4 },
      metric_ids: [id('patch_compliance')],
      visualization_config: {
        showTarget: true,
        showThresholdBands: true,
        showLegend: true,
        yMin: 80,
        yMax: 100,
      },
      data_config: {
        series: organization.units.map((u) => ({
          metricId: id('patch_compliance'),
          label: u.name,
          aggregationLevel: UNIT_LEVEL,
          aggregationId: u.id,
        })),
        timeRange: 'last_12_months',
      },
    }),
    await store.widgets.create(dashboard.id, {
      widget_name: 'Open critical risks by unit',
      widget_type: 'bar_chart',
      position: { x: 0, y: 2, w: 6, h: 3 },
      metric_ids: [id('open_critical_risks')],
      visualization_config: { orientation: 'horizontal', showValues: true },
      data_config: {
        aggregationLevel: UNIT_LEVEL,
        snapshotType: 'quarterly',
        sort: { by: 'value', direction: 'desc' },
      },
    }),
    await store.widgets.create(dashboard.id, {
      widget_name: 'Remediation and incidents',
      widget_type: 'table',
      position: { x: 0, y: 5, w: 12, h: 3 },
      metric_ids: [id('mean_time_to_remediate'), id('incident_rate')],
      visualization_config: {
        columns: [
          { key: 'label', label: 'Unit' },
          { key: 'mean_time_to_remediate', label: 'MTTR', unit: 'hours' },
          { key: 'incident_rate', label: 'Incidents / 1k endpoints' },
        ],
        pageSize: 10,
        defaultSort: { key: 'mean_time_to_remediate', direction: 'desc' },
      },
      data_config: { aggregationLevel: UNIT_LEVEL },
    }),
  ];

  const board = organization.roles['Executive board'];
  const office = organization.roles['Metric admin'];
  await store.sharing.grant(dashboard.id, {
    shared_with_type: 'role',
    shared_with_id: board,
    permission_level: 'view',
  });
  await store.sharing.grant(dashboard.id, {
    shared_with_type: 'role',
    shared_with_id: office,
    permission_level: 'edit',
  });
  const roleName = new Map(Object.entries(organization.roles).map(([name, roleId]) => [roleId, name]));
  const grants = (await store.sharing.list(dashboard.id)).map((g) => ({
    grantee: `role "${roleName.get(g.shared_with_id ?? '') ?? g.shared_with_id}"`,
    level: g.permission_level,
  }));

  const access = [];
  for (const user of Object.values(organization.users)) {
    const own = openStore(db, user.principal);
    const visible = await own.metrics.list({ limit: 500 });
    access.push({
      user: user.key,
      displayName: user.displayName,
      permission: await own.sharing.effectivePermission(dashboard.id),
      visibleMetrics: visible.items.length,
    });
  }
  const current = await store.dashboards.get(dashboard.id);
  return {
    id: dashboard.id,
    name: dashboard.dashboard_name,
    version: current.version,
    widgets: widgets.map((w) => ({ name: w.widget_name, type: w.widget_type })),
    grants,
    access,
  };
}
