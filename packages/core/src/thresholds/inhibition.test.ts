import { describe, expect, it } from 'vitest';
import type { AlertMetric } from './alert-conditions';
import { type AlertState, initialAlertState } from './alert-state-machine';
import { type AlertTickItem, evaluateAlertRules } from './alert-tick';
import { dependencyGraph, dependsOnEdges, inhibitionCauses } from './inhibition';
import { at, inputOf, makeRule, metric } from './testing-fixtures';

describe('dependsOnEdges', () => {
  it('reads (parent, child, depends_on) as "the parent depends on the child" and ignores other types', () => {
    expect(
      dependsOnEdges([
        { parent_metric_id: 'p', child_metric_id: 'c', relationship_type: 'depends_on' },
        { parent_metric_id: 'p', child_metric_id: 'd', relationship_type: 'derives_from' },
        { parent_metric_id: 'x', child_metric_id: 'y', relationship_type: 'correlates_with' },
      ]),
    ).toEqual([{ dependent: 'p', dependency: 'c' }]);
  });
});

describe('inhibitionCauses', () => {
  // app depends on api, api depends on db; report depends on db too.
  const graph = dependencyGraph([
    { dependent: 'app', dependency: 'api' },
    { dependent: 'api', dependency: 'db' },
    { dependent: 'report', dependency: 'db' },
  ]);

  it('names the root cause with its path, not the intermediate firing alerts', () => {
    const firing: Record<string, string[]> = { db: ['db-down'], api: ['api-slow'] };
    const of = (m: string) => firing[m] ?? [];
    expect(inhibitionCauses(graph, 'app', of)).toEqual([
      { alert_id: 'db-down', metric_id: 'db', path: ['app', 'api', 'db'] },
    ]);
    expect(inhibitionCauses(graph, 'api', of)).toEqual([
      { alert_id: 'db-down', metric_id: 'db', path: ['api', 'db'] },
    ]);
    expect(inhibitionCauses(graph, 'db', of)).toEqual([]);
  });

  it('inhibits nothing when nothing upstream fires, and never within a cycle', () => {
    expect(inhibitionCauses(graph, 'app', () => [])).toEqual([]);
    const cycle = dependencyGraph([
      { dependent: 'a', dependency: 'b' },
      { dependent: 'b', dependency: 'a' },
    ]);
    expect(inhibitionCauses(cycle, 'a', () => ['x'])).toEqual([]);
  });
});

describe('evaluateAlertRules (one scheduler tick)', () => {
  const withMetric = (id: string, metricId: string) =>
    makeRule({ id, metric_id: metricId, cooldown_minutes: 0 });
  const item = (
    id: string,
    metricId: string,
    value: number,
    state: AlertState = initialAlertState(),
  ): AlertTickItem => ({
    rule: withMetric(id, metricId),
    state,
    input: inputOf(value, at(0), { metric: metric as AlertMetric }),
  });
  const edges = [
    { dependent: 'app', dependency: 'api' },
    { dependent: 'api', dependency: 'db' },
  ];

  it('evaluates upstream first, so a cause firing in this very tick inhibits its dependents', () => {
    // Input order puts the dependents first on purpose.
    const results = evaluateAlertRules(
      [item('app-alert', 'app', 70), item('api-alert', 'api', 70), item('db-alert', 'db', 70)],
      {
        now: at(0),
        dependencies: edges,
      },
    );
    expect(results.map((r) => r.alertId)).toEqual(['app-alert', 'api-alert', 'db-alert']);
    const byId = Object.fromEntries(results.map((r) => [r.alertId, r]));
    const kinds = (id: string) => {
      const r = byId[id]!;
      return r.status === 'Success' ? r.effects.map((e) => e.type) : [r.error];
    };
    expect(kinds('db-alert')).toEqual(['insert_history', 'record_trigger', 'notify', 'notify']);
    expect(kinds('api-alert')).toEqual(['insert_history', 'record_trigger', 'inhibition_changed']);
    expect(kinds('app-alert')).toEqual(['insert_history', 'record_trigger', 'inhibition_changed']);
    const app = byId['app-alert']!;
    expect(app.status === 'Success' && app.state.inhibitedBy).toEqual([
      { alert_id: 'db-alert', metric_id: 'db', path: ['app', 'api', 'db'] },
    ]);
  });

  it('notifies the dependents that still fire once the cause resolves', () => {
    const first = evaluateAlertRules([item('api-alert', 'api', 70), item('db-alert', 'db', 70)], {
      now: at(0),
      dependencies: edges,
    });
    const states = Object.fromEntries(first.map((r) => [r.alertId, r.status === 'Success' ? r.state : null]));
    const second = evaluateAlertRules(
      [
        { ...item('api-alert', 'api', 70, states['api-alert']!), input: inputOf(70, at(10)) },
        { ...item('db-alert', 'db', 99, states['db-alert']!), input: inputOf(99, at(10)) },
      ],
      { now: at(10), dependencies: edges },
    );
    const api = second[0]!;
    expect(
      api.status === 'Success' && api.effects.map((e) => (e.type === 'notify' ? e.kind : e.type)),
    ).toEqual(['inhibition_changed', 'firing', 'firing']);
  });

  it('reports a rule that throws as an Error result and carries on with the others', () => {
    const broken = {
      ...item('bad', 'x', 70),
      rule: { ...withMetric('bad', 'x'), condition_config: null as never },
    };
    const results = evaluateAlertRules([broken, item('good', 'y', 70)], { now: at(0) });
    expect(results[0]).toMatchObject({ alertId: 'bad', status: 'Error', error: expect.any(String) });
    expect(results[1]).toMatchObject({ alertId: 'good', status: 'Success' });
  });

  it('only ticks the rules that are not due', () => {
    const fired = evaluateAlertRules([item('a', 'm', 70)], { now: at(0) })[0]!;
    const state = fired.status === 'Success' ? fired.state : initialAlertState();
    const again = evaluateAlertRules([item('a', 'm', 99, state)], { now: at(2) })[0]!;
    expect(again).toMatchObject({ status: 'Success', outcome: { result: 'tick' } });
    const forced = evaluateAlertRules([item('a', 'm', 99, state)], { now: at(2), force: true })[0]!;
    expect(forced).toMatchObject({ status: 'Success', outcome: { result: 'evaluated', verdict: 'clear' } });
  });
});
