/**
 * The demo's metric catalogue: four measured metrics of different `metric_type` and `direction`,
 * and a weighted security score over them. Each entry is a plain `MetricInput` for the store plus
 * the weight with which it contributes to the score.
 */
import type { MetricInput } from '@arion-metrics/server';

/** Machine names of the demo metrics. */
export type DemoMetricKey =
  | 'patch_compliance'
  | 'open_critical_risks'
  | 'mean_time_to_remediate'
  | 'incident_rate'
  | 'security_score';

/** One demo metric: its definition and its weight in the security score (null for the score itself). */
export interface DemoMetricSpec {
  readonly key: DemoMetricKey;
  readonly input: MetricInput;
  readonly scoreWeight: number | null;
}

/** Aggregation levels every demo metric is calculated at. */
const LEVELS = ['organization', 'business_unit'];
/** Time windows every demo metric is kept at. */
const WINDOWS = ['monthly', 'quarterly'] as const;

/** The measured metrics first, the score (computed from them) last. */
export const DEMO_METRICS: readonly DemoMetricSpec[] = [
  {
    key: 'patch_compliance',
    scoreWeight: 0.35,
    input: {
      metric_name: 'patch_compliance',
      display_name: 'Patch compliance',
      description:
        'Share of assets patched within the SLA at month end (one yes/no record per asset scanned).',
      metric_category: 'compliance',
      metric_type: 'percentage',
      unit_of_measure: '%',
      calculation_method: 'aggregation',
      data_sources: { tables: ['vulnerability_scans'] },
      target_value: 95,
      threshold_config: { warning: { value: 95, recovery: 96 }, critical: 85 },
      direction: 'higher_better',
      refresh_frequency: 'monthly',
      aggregation_levels: LEVELS,
      time_windows: [...WINDOWS],
      tags: ['security', 'demo'],
    },
  },
  {
    key: 'open_critical_risks',
    scoreWeight: 0.25,
    input: {
      metric_name: 'open_critical_risks',
      display_name: 'Open critical risks',
      description: 'Critical risks open at month end, summed over the risk registers of each unit (a stock).',
      metric_category: 'risk',
      metric_type: 'count',
      unit_of_measure: 'count',
      calculation_method: 'aggregation',
      data_sources: { tables: ['risk_register'] },
      // A stock: a quarter's value is its last month's, not the sum of three month ends.
      parameters: { time_aggregation: 'last' },
      target_value: 20,
      threshold_config: { warning: 24, critical: 32 },
      direction: 'lower_better',
      refresh_frequency: 'monthly',
      aggregation_levels: LEVELS,
      time_windows: [...WINDOWS],
      tags: ['risk', 'demo'],
    },
  },
  {
    key: 'mean_time_to_remediate',
    scoreWeight: 0.25,
    input: {
      metric_name: 'mean_time_to_remediate',
      display_name: 'Mean time to remediate',
      description: 'Mean time from detection to fix of the critical and high findings closed in the month.',
      metric_category: 'security',
      metric_type: 'duration',
      unit_of_measure: 'hours',
      calculation_method: 'aggregation',
      data_sources: { tables: ['findings'] },
      target_value: 72,
      threshold_config: { warning: 72, critical: 120 },
      direction: 'lower_better',
      refresh_frequency: 'monthly',
      aggregation_levels: LEVELS,
      time_windows: [...WINDOWS],
      tags: ['security', 'demo'],
    },
  },
  {
    key: 'incident_rate',
    scoreWeight: 0.15,
    input: {
      metric_name: 'incident_rate',
      display_name: 'Incidents per 1k endpoints',
      description: 'Security incidents per 1,000 endpoints in the month (ratio of sums over the sites).',
      metric_category: 'security',
      metric_type: 'ratio',
      unit_of_measure: 'per 1k',
      calculation_method: 'aggregation',
      data_sources: { tables: ['incidents', 'endpoint_inventory'] },
      target_value: 1.5,
      threshold_config: { warning: 1.5, critical: 3 },
      direction: 'lower_better',
      refresh_frequency: 'monthly',
      aggregation_levels: LEVELS,
      time_windows: [...WINDOWS],
      tags: ['security', 'demo'],
    },
  },
  {
    key: 'security_score',
    scoreWeight: null,
    input: {
      metric_name: 'security_score',
      display_name: 'Security score',
      description: 'Weighted attainment (0-100) of the four metrics above against their own targets.',
      metric_category: 'security',
      metric_type: 'score',
      unit_of_measure: 'points',
      calculation_method: 'aggregation',
      data_sources: { tables: [] },
      target_value: 85,
      threshold_config: { warning: 85, critical: 70 },
      direction: 'higher_better',
      refresh_frequency: 'monthly',
      aggregation_levels: LEVELS,
      time_windows: [...WINDOWS],
      is_public: true,
      tags: ['security', 'demo'],
    },
  },
];
