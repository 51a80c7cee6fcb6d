/**
 * The compliance demo's metric catalogue: 33 metrics over every `metric_category`, `metric_type`
 * and `calculation_method` of the schema. Measured metrics carry a synthetic model (where their
 * daily values sit and how they move); derived ones (the scores and the `function` metrics) are
 * calculated by core from their children and say which ones.
 */
import type { MetricCategory, MetricType, RelationshipType } from '@arion-metrics/core';
import type { MetricInput } from '@arion-metrics/server';

/** How a measured metric's synthetic daily records behave (see `synthetic-days.ts`). */
export interface SyntheticModel {
  /** Typical daily value in the metric's unit (a percentage in 0–100). */
  readonly center: number;
  /** Day-to-day spread, as a fraction of `center`. */
  readonly spread: number;
  /** Change over the two years towards "better", as a fraction of `center` (negative: worse). */
  readonly improvement: number;
  /** Records behind a day's value: the denominator of a percentage or ratio, the count of an average. */
  readonly records: number;
}

/** One metric of the catalogue. */
export interface ComplianceMetricSpec {
  /** `metric_name`. */
  readonly name: string;
  readonly input: MetricInput;
  /** Synthetic source records, or null for a metric core derives from its children. */
  readonly model: SyntheticModel | null;
  /** Edges to other metrics (by `metric_name`) where this metric is the parent. */
  readonly children: readonly {
    readonly child: string;
    readonly type: RelationshipType;
    readonly weight: number;
  }[];
}

/** Aggregation level of the organization-wide rows (`aggregation_id` null). */
export const ORGANIZATION_LEVEL = 'organization';
/** Aggregation level of the department rows (`aggregation_id` = the department's id). */
export const DEPARTMENT_LEVEL = 'department';
/** Aggregation level of the country offices (`aggregation_id` = the office's department id). */
export const COUNTRY_LEVEL = 'country';

/** Metrics also calculated per country office (for the map widgets). */
export const COUNTRY_METRICS: ReadonlySet<string> = new Set([
  'patch_compliance',
  'training_completion',
  'incidents_per_1k_endpoints',
]);

interface Shape {
  readonly name: string;
  readonly display: string;
  readonly description: string;
  readonly category: MetricCategory;
  readonly type: MetricType;
  readonly method: MetricInput['calculation_method'];
  readonly unit: string;
  readonly direction: 'higher_better' | 'lower_better';
  readonly target: number;
  readonly warning: number;
  readonly critical: number;
  readonly sources: readonly string[];
  readonly model?: SyntheticModel;
  readonly children?: ComplianceMetricSpec['children'];
  readonly formula?: string;
  readonly parameters?: Readonly<Record<string, number | string>>;
}

function metric(s: Shape): ComplianceMetricSpec {
  return {
    name: s.name,
    model: s.model ?? null,
    children: s.children ?? [],
    input: {
      metric_name: s.name,
      display_name: s.display,
      description: s.description,
      metric_category: s.category,
      metric_type: s.type,
      unit_of_measure: s.unit,
      calculation_method: s.method,
      ...(s.formula === undefined ? {} : { calculation_formula: s.formula }),
      ...(s.parameters === undefined ? {} : { parameters: s.parameters }),
      data_sources: { tables: [...s.sources] },
      target_value: s.target,
      threshold_config: { warning: s.warning, critical: s.critical },
      direction: s.direction,
      refresh_frequency: 'daily',
      aggregation_levels: [
        ORGANIZATION_LEVEL,
        DEPARTMENT_LEVEL,
        ...(COUNTRY_METRICS.has(s.name) ? [COUNTRY_LEVEL] : []),
      ],
      time_windows: ['daily', 'monthly'],
      is_public: true,
      tags: [s.category, 'demo'],
    },
  };
}

const m = (center: number, spread: number, improvement: number, records = 1): SyntheticModel => ({
  center,
  spread,
  improvement,
  records,
});
const higher = 'higher_better' as const;
const lower = 'lower_better' as const;

/** The catalogue, measured metrics first; derived ones after the metrics they read. */
export const COMPLIANCE_METRICS: readonly ComplianceMetricSpec[] = [
  // compliance
  metric({
    name: 'control_test_pass_rate',
    display: 'Control test pass rate',
    description: 'Share of control tests passed that day.',
    category: 'compliance',
    type: 'percentage',
    method: 'sql',
    unit: '%',
    direction: higher,
    target: 95,
    warning: 93,
    critical: 88,
    sources: ['control_tests'],
    model: m(93, 0.03, 0.03, 60),
  }),
  metric({
    name: 'policy_attestation_rate',
    display: 'Policy attestation rate',
    description: 'Staff who attested the current policies.',
    category: 'compliance',
    type: 'percentage',
    method: 'aggregation',
    unit: '%',
    direction: higher,
    target: 98,
    warning: 95,
    critical: 90,
    sources: ['attestations'],
    model: m(95, 0.02, 0.02, 200),
  }),
  metric({
    name: 'open_audit_findings',
    display: 'Open audit findings',
    description: 'Audit findings not yet closed at day end.',
    category: 'compliance',
    type: 'count',
    method: 'sql',
    unit: 'count',
    direction: lower,
    target: 10,
    warning: 14,
    critical: 20,
    sources: ['audit_findings'],
    model: m(12, 0.2, 0.3),
  }),
  metric({
    name: 'overdue_remediations',
    display: 'Overdue remediations',
    description: 'Remediation actions past their due date.',
    category: 'compliance',
    type: 'count',
    method: 'aggregation',
    unit: 'count',
    direction: lower,
    target: 5,
    warning: 8,
    critical: 12,
    sources: ['remediations'],
    model: m(7, 0.3, 0.4),
  }),
  metric({
    name: 'training_completion',
    display: 'Training completion',
    description: 'Mandatory trainings completed on time (from the LMS).',
    category: 'compliance',
    type: 'percentage',
    method: 'external',
    unit: '%',
    direction: higher,
    target: 95,
    warning: 90,
    critical: 80,
    sources: ['lms.trainings'],
    model: m(90, 0.04, 0.05, 120),
  }),
  metric({
    name: 'regulatory_change_backlog',
    display: 'Regulatory change backlog',
    description: 'Regulatory changes not yet assessed (entered by the compliance office).',
    category: 'compliance',
    type: 'count',
    method: 'manual',
    unit: 'count',
    direction: lower,
    target: 8,
    warning: 12,
    critical: 18,
    sources: [],
    model: m(10, 0.25, 0.2),
  }),
  // risk
  metric({
    name: 'critical_risks_open',
    display: 'Open critical risks',
    description: 'Critical risks open in the risk register at day end.',
    category: 'risk',
    type: 'count',
    method: 'sql',
    unit: 'count',
    direction: lower,
    target: 4,
    warning: 6,
    critical: 9,
    sources: ['risks'],
    model: m(5, 0.3, 0.2),
  }),
  metric({
    name: 'risk_exposure_eur',
    display: 'Risk exposure',
    description: 'Expected loss of the open risks, summed.',
    category: 'risk',
    type: 'sum',
    method: 'sql',
    unit: 'EUR',
    direction: lower,
    target: 400_000,
    warning: 500_000,
    critical: 650_000,
    sources: ['risks'],
    model: m(450_000, 0.1, 0.15, 3),
  }),
  metric({
    name: 'avg_residual_risk',
    display: 'Average residual risk',
    description: 'Mean residual risk rating (1–25) of the open risks.',
    category: 'risk',
    type: 'average',
    method: 'aggregation',
    unit: 'points',
    direction: lower,
    target: 8,
    warning: 10,
    critical: 12,
    sources: ['risks'],
    model: m(9, 0.15, 0.1, 8),
  }),
  metric({
    name: 'risk_assessment_timeliness',
    display: 'Risk assessments on time',
    description: 'Risk assessments reviewed within their cycle.',
    category: 'risk',
    type: 'percentage',
    method: 'aggregation',
    unit: '%',
    direction: higher,
    target: 90,
    warning: 85,
    critical: 75,
    sources: ['risk_assessments'],
    model: m(86, 0.05, 0.05, 40),
  }),
  metric({
    name: 'vendor_risk_rating',
    display: 'Vendor risk rating',
    description: 'Mean third-party rating of the critical vendors (external rating service).',
    category: 'risk',
    type: 'average',
    method: 'external',
    unit: 'points',
    direction: lower,
    target: 40,
    warning: 50,
    critical: 60,
    sources: ['vendors'],
    model: m(44, 0.1, 0.1, 6),
  }),
  metric({
    name: 'key_risk_indicator_trend',
    display: 'Key risk indicator trend',
    description: 'Slope of the intraday key risk indicator readings (points per day).',
    category: 'risk',
    type: 'trend',
    method: 'aggregation',
    unit: 'per day',
    direction: lower,
    target: 0,
    warning: 0.5,
    critical: 1.5,
    sources: ['kri_readings'],
    model: m(0, 1, 0, 6),
  }),
  // security
  metric({
    name: 'patch_compliance',
    display: 'Patch compliance',
    description: 'Assets patched within the SLA.',
    category: 'security',
    type: 'percentage',
    method: 'sql',
    unit: '%',
    direction: higher,
    target: 95,
    warning: 93,
    critical: 85,
    sources: ['vulnerability_scans'],
    model: m(92, 0.03, 0.04, 150),
  }),
  metric({
    name: 'mttr_critical',
    display: 'Time to remediate critical findings',
    description: 'Mean time from detection to fix of the critical findings closed that day.',
    category: 'security',
    type: 'duration',
    method: 'sql',
    unit: 'hours',
    direction: lower,
    target: 72,
    warning: 96,
    critical: 120,
    sources: ['findings'],
    model: m(80, 0.2, 0.2, 5),
  }),
  metric({
    name: 'phishing_click_rate',
    display: 'Phishing click rate',
    description: 'Staff who clicked the simulated phishing mail (simulation vendor).',
    category: 'security',
    type: 'percentage',
    method: 'external',
    unit: '%',
    direction: lower,
    target: 5,
    warning: 8,
    critical: 12,
    sources: ['phishing_simulations'],
    model: m(7, 0.25, 0.3, 100),
  }),
  metric({
    name: 'incidents_per_1k_endpoints',
    display: 'Incidents per 1k endpoints',
    description: 'Security incidents per 1,000 endpoints.',
    category: 'security',
    type: 'ratio',
    method: 'aggregation',
    unit: 'per 1k',
    direction: lower,
    target: 1.5,
    warning: 2,
    critical: 3,
    sources: ['incidents', 'endpoints'],
    model: m(1.7, 0.3, 0.2, 4),
  }),
  metric({
    name: 'security_incidents',
    display: 'Security incidents',
    description: 'Security incidents opened that day.',
    category: 'security',
    type: 'count',
    method: 'sql',
    unit: 'count',
    direction: lower,
    target: 3,
    warning: 5,
    critical: 8,
    sources: ['incidents'],
    model: m(3, 0.5, 0.2),
  }),
  // operational
  metric({
    name: 'sla_attainment',
    display: 'SLA attainment',
    description: 'Service requests resolved within their SLA.',
    category: 'operational',
    type: 'percentage',
    method: 'aggregation',
    unit: '%',
    direction: higher,
    target: 98,
    warning: 96,
    critical: 93,
    sources: ['tickets'],
    model: m(97, 0.015, 0.01, 300),
  }),
  metric({
    name: 'mean_time_to_resolve',
    display: 'Mean time to resolve',
    description: 'Mean time to resolve the tickets closed that day.',
    category: 'operational',
    type: 'duration',
    method: 'aggregation',
    unit: 'hours',
    direction: lower,
    target: 8,
    warning: 12,
    critical: 24,
    sources: ['tickets'],
    model: m(10, 0.2, 0.15, 8),
  }),
  metric({
    name: 'ticket_backlog',
    display: 'Ticket backlog',
    description: 'Open tickets at day end (from the ITSM tool).',
    category: 'operational',
    type: 'count',
    method: 'external',
    unit: 'count',
    direction: lower,
    target: 50,
    warning: 70,
    critical: 100,
    sources: ['itsm.tickets'],
    model: m(60, 0.15, 0.15),
  }),
  metric({
    name: 'change_success_rate',
    display: 'Change success rate',
    description: 'Changes implemented without incident or rollback.',
    category: 'operational',
    type: 'percentage',
    method: 'sql',
    unit: '%',
    direction: higher,
    target: 97,
    warning: 95,
    critical: 90,
    sources: ['changes'],
    model: m(96, 0.02, 0.01, 30),
  }),
  // financial
  metric({
    name: 'compliance_cost_eur',
    display: 'Compliance cost',
    description: 'Daily cost of the compliance function (booked by finance).',
    category: 'financial',
    type: 'sum',
    method: 'manual',
    unit: 'EUR',
    direction: lower,
    target: 40_000,
    warning: 45_000,
    critical: 55_000,
    sources: [],
    model: m(42_000, 0.08, 0.05, 4),
  }),
  metric({
    name: 'fines_and_penalties_eur',
    display: 'Fines and penalties',
    description: 'Regulatory fines and penalties booked that day (from the ledger).',
    category: 'financial',
    type: 'sum',
    method: 'external',
    unit: 'EUR',
    direction: lower,
    target: 0,
    warning: 1_000,
    critical: 10_000,
    sources: ['ledger'],
    model: m(300, 1, 0.5, 1),
  }),
  metric({
    name: 'cost_per_control_eur',
    display: 'Cost per control',
    description: 'Compliance cost divided by the controls in scope.',
    category: 'financial',
    type: 'ratio',
    method: 'function',
    unit: 'EUR',
    direction: lower,
    target: 95,
    warning: 105,
    critical: 120,
    sources: [],
    formula: 'compliance_cost_eur / $controls_in_scope',
    parameters: { controls_in_scope: 420 },
    children: [{ child: 'compliance_cost_eur', type: 'derives_from', weight: 1 }],
  }),
  // quality
  metric({
    name: 'data_quality_index',
    display: 'Data quality index',
    description: 'Mean data quality rating (0–100) of the GRC records checked.',
    category: 'quality',
    type: 'average',
    method: 'aggregation',
    unit: 'points',
    direction: higher,
    target: 95,
    warning: 92,
    critical: 85,
    sources: ['quality_checks'],
    model: m(93, 0.03, 0.02, 10),
  }),
  metric({
    name: 'evidence_completeness',
    display: 'Evidence completeness',
    description: 'Controls with complete evidence on file (reviewed by hand).',
    category: 'quality',
    type: 'percentage',
    method: 'manual',
    unit: '%',
    direction: higher,
    target: 98,
    warning: 95,
    critical: 90,
    sources: [],
    model: m(95, 0.02, 0.02, 80),
  }),
  metric({
    name: 'duplicate_record_ratio',
    display: 'Duplicate records',
    description: 'Duplicate GRC records per 1,000 records.',
    category: 'quality',
    type: 'ratio',
    method: 'sql',
    unit: 'per 1k',
    direction: lower,
    target: 2,
    warning: 3,
    critical: 5,
    sources: ['grc_records'],
    model: m(2.4, 0.25, 0.3, 10),
  }),
  // performance
  metric({
    name: 'report_on_time_rate',
    display: 'Reports on time',
    description: 'Regulatory reports filed by their deadline.',
    category: 'performance',
    type: 'percentage',
    method: 'aggregation',
    unit: '%',
    direction: higher,
    target: 95,
    warning: 90,
    critical: 85,
    sources: ['regulatory_reports'],
    model: m(93, 0.04, 0.03, 20),
  }),
  metric({
    name: 'control_test_duration',
    display: 'Control test duration',
    description: 'Mean duration of an automated control test run (from the test runner).',
    category: 'performance',
    type: 'duration',
    method: 'external',
    unit: 'minutes',
    direction: lower,
    target: 30,
    warning: 45,
    critical: 60,
    sources: ['test_runs'],
    model: m(34, 0.15, 0.2, 6),
  }),
  // scores, derived by core from their children
  metric({
    name: 'compliance_index',
    display: 'Compliance index',
    description: 'Weighted attainment (0–100) of the compliance metrics against their targets.',
    category: 'compliance',
    type: 'score',
    method: 'aggregation',
    unit: 'points',
    direction: higher,
    target: 90,
    warning: 85,
    critical: 75,
    sources: [],
    children: [
      { child: 'control_test_pass_rate', type: 'contributes_to', weight: 0.4 },
      { child: 'policy_attestation_rate', type: 'contributes_to', weight: 0.2 },
      { child: 'training_completion', type: 'contributes_to', weight: 0.2 },
      { child: 'open_audit_findings', type: 'contributes_to', weight: 0.2 },
    ],
  }),
  metric({
    name: 'risk_score',
    display: 'Risk score',
    description: 'Weighted attainment (0–100) of the risk metrics against their targets.',
    category: 'risk',
    type: 'score',
    method: 'aggregation',
    unit: 'points',
    direction: higher,
    target: 85,
    warning: 80,
    critical: 70,
    sources: [],
    children: [
      { child: 'critical_risks_open', type: 'contributes_to', weight: 0.4 },
      { child: 'avg_residual_risk', type: 'contributes_to', weight: 0.3 },
      { child: 'risk_assessment_timeliness', type: 'contributes_to', weight: 0.3 },
    ],
  }),
  metric({
    name: 'security_score',
    display: 'Security score',
    description: 'Weighted attainment (0–100) of the security metrics against their targets.',
    category: 'security',
    type: 'score',
    method: 'aggregation',
    unit: 'points',
    direction: higher,
    target: 85,
    warning: 80,
    critical: 70,
    sources: [],
    children: [
      { child: 'patch_compliance', type: 'contributes_to', weight: 0.35 },
      { child: 'mttr_critical', type: 'contributes_to', weight: 0.25 },
      { child: 'phishing_click_rate', type: 'contributes_to', weight: 0.2 },
      { child: 'incidents_per_1k_endpoints', type: 'contributes_to', weight: 0.2 },
    ],
  }),
  metric({
    name: 'grc_health_score',
    display: 'GRC health score',
    description: 'The board’s headline: 40 % compliance index, 30 % risk score, 30 % security score.',
    category: 'performance',
    type: 'score',
    method: 'function',
    unit: 'points',
    direction: higher,
    target: 88,
    warning: 82,
    critical: 72,
    sources: [],
    formula: '0.4 * compliance_index + 0.3 * risk_score + 0.3 * security_score',
    children: [
      { child: 'compliance_index', type: 'derives_from', weight: 1 },
      { child: 'risk_score', type: 'derives_from', weight: 1 },
      { child: 'security_score', type: 'derives_from', weight: 1 },
    ],
  }),
];

/** Relationships that carry no value but document how metrics move together. */
export const CORRELATIONS: readonly {
  readonly parent: string;
  readonly child: string;
  readonly type: RelationshipType;
}[] = [
  { parent: 'security_incidents', child: 'patch_compliance', type: 'correlates_with' },
  { parent: 'sla_attainment', child: 'ticket_backlog', type: 'depends_on' },
];
