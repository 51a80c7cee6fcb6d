/**
 * The compliance demo's four dashboards — executive, compliance, risk, operations — created
 * through the store as the admin and shared with the other roles. Between them their widgets use
 * every `widget_type`; each `data_config` names its series (with labels: department names, or ISO
 * country codes for the map) so the dashboard-data route can answer every widget.
 */
import type { DashboardType, DataConfig, MetricDefinitionRow, WidgetType } from '@arion-metrics/core';
import type { Store, WidgetInput } from '@arion-metrics/server';
import { COUNTRY_LEVEL, DEPARTMENT_LEVEL, ORGANIZATION_LEVEL } from './compliance-metrics';
import type { ComplianceOrganization } from './compliance-organization';

/** Columns of the dashboards' grid (the `layout_config` default). */
const GRID_COLUMNS = 24;

/** A widget before it is placed: its size on the grid and everything but `position`. */
type Draft = Omit<WidgetInput, 'position'> & { readonly w: number; readonly h: number };

/** Builds the widgets of the demo dashboards from metric names. */
class WidgetKit {
  constructor(
    private readonly organization: ComplianceOrganization,
    private readonly metrics: ReadonlyMap<string, MetricDefinitionRow>,
  ) {}

  private metric(name: string): MetricDefinitionRow {
    const metric = this.metrics.get(name);
    if (metric === undefined) throw new Error(`demo dashboards: no metric named "${name}"`);
    return metric;
  }

  private orgSeries(name: string) {
    return { metricId: this.metric(name).id, aggregationLevel: ORGANIZATION_LEVEL };
  }

  private departmentSeries(name: string) {
    return this.organization.departments.map((d) => ({
      metricId: this.metric(name).id,
      label: d.name,
      aggregationLevel: DEPARTMENT_LEVEL,
      aggregationId: d.id,
    }));
  }

  card(name: string): Draft {
    const m = this.metric(name);
    return {
      widget_name: m.display_name,
      widget_type: 'metric_card',
      w: 6,
      h: 5,
      metric_ids: [m.id],
      visualization_config: { showSparkline: true, showTarget: true, deltaDisplay: 'percent' },
      data_config: { series: [this.orgSeries(name)], timeRange: 'last_30_days' },
    };
  }

  gauge(name: string): Draft {
    const m = this.metric(name);
    return {
      widget_name: m.display_name,
      widget_type: 'gauge',
      w: 6,
      h: 5,
      metric_ids: [m.id],
      visualization_config: { showBands: true, showTarget: true },
      data_config: { series: [this.orgSeries(name)], timeRange: 'last_30_days' },
    };
  }

  /** Organization-wide daily lines of `names`; `snapshots`: the monthly rollups over a year instead. */
  line(title: string, names: readonly string[], snapshots = false): Draft {
    const config: DataConfig = {
      series: names.map((n) => ({ ...this.orgSeries(n), label: this.metric(n).display_name })),
      timeRange: snapshots ? 'last_12_months' : 'last_90_days',
      ...(snapshots ? { snapshotType: 'monthly' as const } : {}),
    };
    return {
      widget_name: title,
      widget_type: 'line_chart',
      w: 12,
      h: 8,
      metric_ids: names.map((n) => this.metric(n).id),
      visualization_config: { showLegend: names.length > 1, showTarget: names.length === 1 },
      data_config: config,
    };
  }

  /** One metric per department, as a line chart (daily) or a breakdown (latest day). */
  byDepartment(type: 'line_chart' | 'bar_chart' | 'pie_chart', name: string): Draft {
    const m = this.metric(name);
    const visualization =
      type === 'bar_chart'
        ? { showValues: true, orientation: 'horizontal' as const }
        : type === 'pie_chart'
          ? { variant: 'donut' as const }
          : { showLegend: true };
    return {
      widget_name: `${m.display_name} by department`,
      widget_type: type,
      w: 12,
      h: 8,
      metric_ids: [m.id],
      visualization_config: visualization,
      data_config: {
        series: this.departmentSeries(name),
        timeRange: type === 'line_chart' ? 'last_90_days' : 'last_30_days',
      },
    } as Draft;
  }

  /** A table: one row per department, one column per metric (latest day). */
  scorecard(title: string, names: readonly string[]): Draft {
    return {
      widget_name: title,
      widget_type: 'table',
      w: 24,
      h: 8,
      metric_ids: names.map((n) => this.metric(n).id),
      visualization_config: {
        columns: [
          { key: 'label', label: 'Department' },
          ...names.map((n) => ({
            key: this.metric(n).id,
            label: this.metric(n).display_name,
            unit: this.metric(n).unit_of_measure ?? '',
          })),
        ],
        pageSize: 10,
      },
      data_config: { series: names.flatMap((n) => this.departmentSeries(n)), timeRange: 'last_30_days' },
    };
  }

  calendar(name: string): Draft {
    const m = this.metric(name);
    return {
      widget_name: `${m.display_name}, daily`,
      widget_type: 'heatmap',
      w: 24,
      h: 7,
      metric_ids: [m.id],
      visualization_config: { variant: 'calendar', showLegend: true },
      data_config: { series: [this.orgSeries(name)], timeRange: 'last_12_months' },
    };
  }

  /** A choropleth of the country offices: each series is labelled with its ISO country code. */
  map(name: string): Draft {
    const m = this.metric(name);
    return {
      widget_name: `${m.display_name} by country`,
      widget_type: 'map',
      w: 12,
      h: 8,
      metric_ids: [m.id],
      visualization_config: { showLegend: true },
      data_config: {
        series: this.organization.countries.map((c) => ({
          metricId: m.id,
          label: c.code,
          aggregationLevel: COUNTRY_LEVEL,
          aggregationId: c.id,
        })),
        timeRange: 'last_30_days',
      },
    };
  }

  text(title: string, markdown: string): Draft {
    return { widget_name: title, widget_type: 'text', w: 12, h: 5, visualization_config: { markdown } };
  }

  image(): Draft {
    return {
      widget_name: 'Arion Compliance',
      widget_type: 'image',
      w: 6,
      h: 5,
      visualization_config: {
        src: '/arion-logo.svg',
        alt: 'The Arion Compliance logo: a shield with a rising line',
        fit: 'contain',
      },
    };
  }
}

/** One dashboard to create. */
interface DashboardPlan {
  readonly name: string;
  readonly type: DashboardType;
  readonly description: string;
  readonly widgets: (k: WidgetKit) => Draft[];
}

const ABOUT = `**Live demo data.** Daily values for two years, calculated by \`@arion-metrics/core\` from
synthetic source records and stored through \`@arion-metrics/server\`. Targets and threshold bands
come from each metric's definition.`;

const DASHBOARDS: readonly DashboardPlan[] = [
  {
    name: 'Executive overview',
    type: 'executive',
    description: 'The board’s view: headline scores, trends and where attention is needed.',
    widgets: (k) => [
      k.card('grc_health_score'),
      k.card('compliance_index'),
      k.card('risk_score'),
      k.card('security_score'),
      k.gauge('control_test_pass_rate'),
      k.gauge('sla_attainment'),
      k.image(),
      k.card('fines_and_penalties_eur'),
      k.line('Headline scores, last 90 days', ['compliance_index', 'risk_score', 'security_score']),
      k.line('GRC health score, monthly', ['grc_health_score'], true),
      k.byDepartment('bar_chart', 'open_audit_findings'),
      k.byDepartment('pie_chart', 'risk_exposure_eur'),
      k.map('training_completion'),
      k.text('About this dashboard', ABOUT),
      k.scorecard('Department scorecard', ['compliance_index', 'risk_score', 'security_score']),
      k.calendar('grc_health_score'),
    ],
  },
  {
    name: 'Compliance',
    type: 'compliance',
    description: 'Control testing, attestations, training and audit findings.',
    widgets: (k) => [
      k.card('control_test_pass_rate'),
      k.card('policy_attestation_rate'),
      k.gauge('training_completion'),
      k.card('regulatory_change_backlog'),
      k.byDepartment('line_chart', 'control_test_pass_rate'),
      k.byDepartment('bar_chart', 'overdue_remediations'),
      k.map('training_completion'),
      k.text('How to read this', ABOUT),
      k.scorecard('Compliance by department', [
        'control_test_pass_rate',
        'open_audit_findings',
        'evidence_completeness',
      ]),
      k.calendar('evidence_completeness'),
    ],
  },
  {
    name: 'Risk',
    type: 'risk',
    description: 'The risk register, third parties and key risk indicators.',
    widgets: (k) => [
      k.card('critical_risks_open'),
      k.card('risk_exposure_eur'),
      k.gauge('risk_assessment_timeliness'),
      k.card('key_risk_indicator_trend'),
      k.line('Vendor risk and residual risk', ['vendor_risk_rating', 'avg_residual_risk']),
      k.byDepartment('pie_chart', 'risk_exposure_eur'),
      k.byDepartment('bar_chart', 'critical_risks_open'),
      k.scorecard('Risk by department', ['critical_risks_open', 'avg_residual_risk', 'risk_score']),
      k.calendar('risk_score'),
    ],
  },
  {
    name: 'Operations',
    type: 'operational',
    description: 'Service levels, tickets, changes, security operations, data quality and cost.',
    widgets: (k) => [
      k.gauge('sla_attainment'),
      k.card('ticket_backlog'),
      k.card('change_success_rate'),
      k.card('cost_per_control_eur'),
      k.line('Resolution and test times', ['mean_time_to_resolve', 'control_test_duration']),
      k.byDepartment('line_chart', 'mttr_critical'),
      k.line('Security incidents and phishing clicks', ['security_incidents', 'phishing_click_rate']),
      k.map('incidents_per_1k_endpoints'),
      k.scorecard('Data quality by department', [
        'data_quality_index',
        'duplicate_record_ratio',
        'compliance_cost_eur',
      ]),
      k.calendar('patch_compliance'),
    ],
  },
];

/** A created dashboard: its id, name and widget types. */
export interface CreatedDashboard {
  readonly id: string;
  readonly name: string;
  readonly widgetTypes: readonly WidgetType[];
}

/**
 * Creates the four dashboards with their widgets (placed left to right, top to bottom on the
 * 24-column grid) as `store`'s principal, and shares them: every role may view, the GRC admins
 * may edit.
 */
export async function createComplianceDashboards(
  store: Store,
  organization: ComplianceOrganization,
  metrics: ReadonlyMap<string, MetricDefinitionRow>,
): Promise<CreatedDashboard[]> {
  const k = new WidgetKit(organization, metrics);
  const created: CreatedDashboard[] = [];
  for (const [index, plan] of DASHBOARDS.entries()) {
    const dashboard = await store.dashboards.create({
      dashboard_name: plan.name,
      description: plan.description,
      dashboard_type: plan.type,
      is_default: index === 0,
      refresh_interval_seconds: 300,
      // The widgets are placed on GRID_COLUMNS columns (the store's default layout has 12).
      layout_config: { cols: GRID_COLUMNS, rowHeight: 40, margin: [16, 16] },
      filters_config: {
        timeRange: {
          presets: ['last_30_days', 'last_90_days', 'last_12_months', 'year_to_date'],
          default: 'last_30_days',
        },
      },
      tags: ['demo', plan.type],
    });
    const types: WidgetType[] = [];
    let x = 0;
    let y = 0;
    let rowHeight = 0;
    for (const { w, h, ...draft } of plan.widgets(k)) {
      if (x + w > GRID_COLUMNS) {
        x = 0;
        y += rowHeight;
        rowHeight = 0;
      }
      await store.widgets.create(dashboard.id, { ...draft, position: { x, y, w, h } } as WidgetInput);
      types.push(draft.widget_type);
      x += w;
      rowHeight = Math.max(rowHeight, h);
    }
    for (const [role, roleId] of Object.entries(organization.roles)) {
      await store.sharing.grant(dashboard.id, {
        shared_with_type: 'role',
        shared_with_id: roleId,
        permission_level: role === 'GRC admin' ? 'edit' : 'view',
      });
    }
    created.push({ id: dashboard.id, name: plan.name, widgetTypes: types });
  }
  return created;
}
