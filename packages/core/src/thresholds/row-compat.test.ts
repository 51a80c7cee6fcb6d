import { describe, expect, it } from 'vitest';
import type {
  MetricAlertHistoryTable,
  MetricAlertRow,
  MetricCalculationRow,
  MetricDefinitionRow,
  MetricRelationshipRow,
} from '../schema/tables';
import type { AlertMetric, LatestCalculation } from './alert-conditions';
import {
  type AlertHistoryInsert,
  type AlertRule,
  initialAlertState,
  transitionAlert,
} from './alert-state-machine';
import { dependsOnEdges, type MetricRelationshipLink } from './inhibition';
import { at, inputOf, makeRule } from './testing-fixtures';

/** The insert type of a column (what Kysely accepts in `.values()`). */
type InsertOf<C> = C extends { readonly __insert__: infer I } ? I : C;
type HistoryInsert = { [K in keyof MetricAlertHistoryTable]: InsertOf<MetricAlertHistoryTable[K]> };

// Compile-time checks (pnpm typecheck): the engine takes the schema's SELECT rows as they are,
// and its history rows are valid inserts. A drift in either breaks the typecheck.
const asRule = (row: MetricAlertRow): AlertRule => row;
const asMetric = (row: MetricDefinitionRow): AlertMetric => row;
const asLatest = (row: MetricCalculationRow): LatestCalculation => row;
const asLink = (row: MetricRelationshipRow): MetricRelationshipLink => row;
const asInsert = (row: AlertHistoryInsert): Pick<HistoryInsert, keyof AlertHistoryInsert> => row;

describe('rows of the schema', () => {
  it('drive the engine without mapping: a metric_alerts row fires and yields an insertable history row', () => {
    const rule = makeRule();
    const row: MetricAlertRow = {
      ...rule,
      notification_channels: ['email'],
      recipient_users: ['user-1'],
      recipient_roles: null,
      escalation_config: null,
      last_triggered: null,
      trigger_count: 0,
      organization_id: 'org',
      created_by: null,
      created_at: at(0),
      updated_by: null,
      updated_at: at(0),
    };
    const t = transitionAlert(
      asRule(row),
      initialAlertState(),
      { type: 'evaluate', input: inputOf(70, at(0)) },
      at(0),
    );
    const insert = t.effects.find((e) => e.type === 'insert_history');
    expect(insert?.type === 'insert_history' && asInsert(insert.row)).toMatchObject({
      alert_id: row.id,
      severity_at_trigger: 'critical',
    });
    expect([asMetric, asLatest].every((f) => typeof f === 'function')).toBe(true);
    expect(
      dependsOnEdges([
        asLink({
          id: 'r',
          parent_metric_id: 'p',
          child_metric_id: 'c',
          relationship_type: 'depends_on',
          weight: 1,
          lag_periods: 0,
          organization_id: 'org',
          created_at: at(0),
          updated_at: at(0),
        }),
      ]),
    ).toEqual([{ dependent: 'p', dependency: 'c' }]);
  });
});
