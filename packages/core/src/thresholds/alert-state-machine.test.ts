import { describe, expect, it } from 'vitest';
import {
  type AlertEffect,
  type AlertRule,
  type AlertState,
  type AlertTransition,
  type InhibitionCause,
  initialAlertState,
  isAlertDue,
  transitionAlert,
} from './alert-state-machine';
import { at, inputOf, makeRule } from './testing-fixtures';

function evalAt(
  rule: AlertRule,
  state: AlertState,
  value: number | null,
  minute: number,
  opts: Parameters<typeof inputOf>[2] & { inhibitedBy?: readonly InhibitionCause[] } = {},
): AlertTransition {
  const { inhibitedBy, ...inputOpts } = opts;
  return transitionAlert(
    rule,
    state,
    {
      type: 'evaluate',
      input: inputOf(value, at(minute), inputOpts),
      ...(inhibitedBy === undefined ? {} : { inhibitedBy }),
    },
    at(minute),
  );
}

/** Runs values at the given minutes, returning every transition. */
function run(rule: AlertRule, steps: readonly [number, number | null][], start = initialAlertState()) {
  const out: AlertTransition[] = [];
  let state = start;
  for (const [minute, value] of steps) {
    const t = evalAt(rule, state, value, minute);
    out.push(t);
    state = t.state;
  }
  return out;
}

const types = (effects: readonly AlertEffect[]) => effects.map((e) => e.type);
const notifies = (effects: readonly AlertEffect[]) =>
  effects.flatMap((e) => (e.type === 'notify' ? [[e.kind, e.channel, e.severity]] : []));

const firingRule = makeRule();
const firing = () => evalAt(firingRule, initialAlertState(), 85, 0);

describe('alert lifecycle transitions', () => {
  it('normal -> normal when the condition is clear: no effects', () => {
    const t = evalAt(firingRule, initialAlertState(), 95, 0);
    expect(t.state.status).toBe('normal');
    expect(t.effects).toEqual([]);
    expect(t.outcome).toMatchObject({ result: 'evaluated', verdict: 'clear' });
  });

  it('normal -> firing at once: writes the history row, records the trigger and notifies every channel', () => {
    const t = firing();
    expect(t.state.status).toBe('firing');
    expect(t.effects).toEqual([
      {
        type: 'insert_history',
        row: {
          alert_id: 'alert-1',
          triggered_at: at(0),
          metric_value: 85,
          threshold_value: 90,
          condition_details: expect.objectContaining({
            alert_type: 'threshold',
            band_status: 'warning',
            side: 'low',
            reason: expect.stringContaining('warning band'),
          }),
          severity_at_trigger: 'warning',
          notifications_sent: 0,
        },
      },
      { type: 'record_trigger', alert_id: 'alert-1', last_triggered: at(0) },
      expect.objectContaining({ type: 'notify', kind: 'firing', channel: 'email', triggered_at: at(0) }),
      expect.objectContaining({
        type: 'notify',
        kind: 'firing',
        channel: 'webhook',
        recipient_users: ['user-1'],
        recipient_roles: ['role-ops'],
        severity: 'warning',
      }),
    ]);
  });

  it('normal -> pending -> pending -> firing with for_evaluations 3', () => {
    const rule = makeRule({ condition_config: { type: 'threshold', for_evaluations: 3 } });
    const [a, b, c] = run(rule, [
      [0, 85],
      [5, 84],
      [10, 83],
    ]);
    expect(a!.state.status).toBe('pending');
    expect(a!.effects).toEqual([]);
    expect(a!.outcome.notes).toContain('pending: 1 of 3 evaluations, 0 of 0 minutes');
    expect(b!.state.status).toBe('pending');
    expect(b!.effects).toEqual([]);
    expect(c!.state.status).toBe('firing');
    expect(types(c!.effects)).toEqual(['insert_history', 'record_trigger', 'notify', 'notify']);
    expect(c!.state.episode?.triggeredAt).toEqual(at(10));
  });

  it('pending -> firing only once for_minutes have passed as well', () => {
    const rule = makeRule({ condition_config: { type: 'threshold', for_minutes: 12 } });
    const steps = run(rule, [
      [0, 85],
      [5, 85],
      [10, 85],
      [15, 85],
    ]);
    expect(steps.map((s) => s.state.status)).toEqual(['pending', 'pending', 'pending', 'firing']);
    expect(types(steps[3]!.effects)).toContain('insert_history');
  });

  it('pending -> normal when the condition clears before firing: no effects', () => {
    const rule = makeRule({ condition_config: { type: 'threshold', for_evaluations: 2 } });
    const [, b] = run(rule, [
      [0, 85],
      [5, 95],
    ]);
    expect(b!.state.status).toBe('normal');
    expect(b!.effects).toEqual([]);
  });

  it('firing -> firing while the condition holds: no effects', () => {
    const t = evalAt(firingRule, firing().state, 84, 5);
    expect(t.state.status).toBe('firing');
    expect(t.effects).toEqual([]);
  });

  it('firing -> resolved when the condition clears (auto_resolve), and the all-clear waits for the cooldown', () => {
    const t = evalAt(firingRule, firing().state, 95, 5);
    expect(t.state.status).toBe('resolved');
    expect(t.effects).toEqual([
      {
        type: 'update_history',
        alert_id: 'alert-1',
        triggered_at: at(0),
        set: { resolved_at: at(5), auto_resolved: true },
      },
    ]);
    expect(t.outcome.notes.join('\n')).toMatch(/notification \(resolved\) deferred by cooldown until/);
    // After the cooldown the deferred all-clear goes out once.
    const later = transitionAlert(firingRule, t.state, { type: 'tick' }, at(61));
    expect(notifies(later.effects)).toEqual([
      ['resolved', 'email', 'warning'],
      ['resolved', 'webhook', 'warning'],
    ]);
    expect(later.effects[0]).toMatchObject({ triggered_at: at(0) });
    expect(transitionAlert(firingRule, later.state, { type: 'tick' }, at(200)).effects).toEqual([]);
  });

  it('firing -> resolved notifies at once when the cooldown is over', () => {
    const t = evalAt(firingRule, firing().state, 95, 65);
    expect(types(t.effects)).toEqual(['update_history', 'notify', 'notify']);
    expect(notifies(t.effects)[0]).toEqual(['resolved', 'email', 'warning']);
  });

  it('keeps firing in the recovery zone: a value between trigger (90) and recovery (92) does not resolve', () => {
    const t = evalAt(firingRule, firing().state, 91, 5);
    expect(t.state.status).toBe('firing');
    expect(t.effects).toEqual([]);
    expect(evalAt(firingRule, t.state, 92, 10).state.status).toBe('resolved');
  });

  it('firing stays open when auto_resolve is off and the condition clears', () => {
    const rule = makeRule({ auto_resolve: false });
    const first = evalAt(rule, initialAlertState(), 85, 0);
    const t = evalAt(rule, first.state, 95, 5);
    expect(t.state.status).toBe('firing');
    expect(t.state.episode?.awaitingManualResolve).toBe(true);
    expect(t.effects).toEqual([]);
    expect(t.outcome.notes.join()).toMatch(/auto_resolve is off/);
  });

  it('firing -> resolved by hand: writes the notes and auto_resolved false', () => {
    const t = transitionAlert(
      firingRule,
      firing().state,
      { type: 'resolve', by: 'user-2', notes: 'fixed' },
      at(70),
    );
    expect(t.state.status).toBe('resolved');
    expect(t.effects[0]).toEqual({
      type: 'update_history',
      alert_id: 'alert-1',
      triggered_at: at(0),
      set: { resolved_at: at(70), auto_resolved: false, resolution_notes: 'fixed' },
    });
    expect(notifies(t.effects)).toHaveLength(2);
  });

  it('resolved -> normal when still clear, resolved -> firing (a new history row) when met again', () => {
    const resolved = evalAt(firingRule, firing().state, 95, 65).state;
    const calm = evalAt(firingRule, resolved, 96, 70);
    expect(calm.state.status).toBe('normal');
    expect(calm.effects).toEqual([]);
    const again = evalAt(firingRule, resolved, 70, 130);
    expect(again.state.status).toBe('firing');
    expect(again.effects[0]).toMatchObject({
      type: 'insert_history',
      row: { triggered_at: at(130), severity_at_trigger: 'critical', threshold_value: 80 },
    });
  });

  it('firing -> escalated after the step minutes: raises severity, adds channels and recipients, notifies', () => {
    const rule = makeRule({
      cooldown_minutes: 10,
      escalation_config: {
        steps: [
          { after_minutes: 30, severity: 'critical', add_channels: ['sms'], add_recipient_users: ['oncall'] },
          { after_minutes: 90, add_recipient_roles: ['role-cto'] },
        ],
      },
    });
    const first = evalAt(rule, initialAlertState(), 85, 0);
    const early = transitionAlert(rule, first.state, { type: 'tick' }, at(29));
    expect(early.effects).toEqual([]);
    const t = transitionAlert(rule, first.state, { type: 'tick' }, at(30));
    expect(t.state.status).toBe('escalated');
    expect(t.state.episode).toMatchObject({ escalationLevel: 1, severity: 'critical' });
    expect(notifies(t.effects)).toEqual([
      ['escalated', 'email', 'critical'],
      ['escalated', 'webhook', 'critical'],
      ['escalated', 'sms', 'critical'],
    ]);
    expect(t.effects[0]).toMatchObject({
      recipient_users: ['user-1', 'oncall'],
      recipient_roles: ['role-ops'],
    });
    const second = transitionAlert(rule, t.state, { type: 'tick' }, at(95));
    expect(second.state.episode?.escalationLevel).toBe(2);
    expect(second.effects[0]).toMatchObject({
      recipient_roles: ['role-ops', 'role-cto'],
      severity: 'critical',
    });
  });

  it('firing -> acknowledged: records who and when, sends nothing, and stops escalation', () => {
    const rule = makeRule({ escalation_config: { steps: [{ after_minutes: 30, severity: 'critical' }] } });
    const first = evalAt(rule, initialAlertState(), 85, 0);
    const ack = transitionAlert(rule, first.state, { type: 'acknowledge', by: 'user-9' }, at(10));
    expect(ack.state.status).toBe('acknowledged');
    expect(ack.effects).toEqual([
      {
        type: 'update_history',
        alert_id: 'alert-1',
        triggered_at: at(0),
        set: { acknowledged_by: 'user-9', acknowledged_at: at(10) },
      },
    ]);
    const later = transitionAlert(rule, ack.state, { type: 'tick' }, at(300));
    expect(later.state.status).toBe('acknowledged');
    expect(later.effects).toEqual([]);
    // Acknowledged -> resolved when the condition clears.
    const done = evalAt(rule, ack.state, 95, 305);
    expect(done.state.status).toBe('resolved');
    expect(types(done.effects)).toEqual(['update_history', 'notify', 'notify']);
  });

  it('ignores acknowledging an alert that is not open, and resolving one that is normal', () => {
    const ack = transitionAlert(firingRule, initialAlertState(), { type: 'acknowledge', by: 'u' }, at(0));
    expect(ack.outcome).toMatchObject({ result: 'ignored', reason: expect.stringMatching(/only an open/) });
    expect(ack.effects).toEqual([]);
    const res = transitionAlert(firingRule, initialAlertState(), { type: 'resolve', by: 'u' }, at(0));
    expect(res.outcome.result).toBe('ignored');
  });

  it('raises the severity when the value moves into the critical band and notifies the raise', () => {
    const rule = makeRule({ cooldown_minutes: 0 });
    const first = evalAt(rule, initialAlertState(), 85, 0);
    const t = evalAt(rule, first.state, 75, 5);
    expect(t.state.episode?.severity).toBe('critical');
    expect(notifies(t.effects)).toEqual([
      ['firing', 'email', 'critical'],
      ['firing', 'webhook', 'critical'],
    ]);
    // Back to the warning band: severity is never lowered within an episode, nothing is sent.
    expect(evalAt(rule, t.state, 85, 10).effects).toEqual([]);
  });

  it('normal -> no_data when there is no value: notifies no_data; data back and clear -> normal with an all-clear', () => {
    const rule = makeRule({ cooldown_minutes: 0 });
    const nd = evalAt(rule, initialAlertState(), null, 0);
    expect(nd.state.status).toBe('no_data');
    expect(nd.effects).toEqual([
      expect.objectContaining({ type: 'notify', kind: 'no_data', triggered_at: null, channel: 'email' }),
      expect.objectContaining({ type: 'notify', kind: 'no_data', channel: 'webhook' }),
    ]);
    const back = evalAt(rule, nd.state, 95, 5);
    expect(back.state.status).toBe('normal');
    expect(notifies(back.effects).map((n) => n[0])).toEqual(['resolved', 'resolved']);
  });

  it('firing -> no_data keeps the episode open; met again -> firing without a new history row', () => {
    const rule = makeRule({ cooldown_minutes: 0 });
    const first = evalAt(rule, initialAlertState(), 85, 0);
    const nd = evalAt(rule, first.state, null, 5);
    expect(nd.state.status).toBe('no_data');
    expect(nd.state.episode?.triggeredAt).toEqual(at(0));
    const back = evalAt(rule, nd.state, 85, 10);
    expect(back.state.status).toBe('firing');
    expect(types(back.effects)).toEqual(['notify', 'notify']);
    expect(back.effects[0]).toMatchObject({ kind: 'firing', triggered_at: at(0) });
  });

  it.each([
    ['no_data', 'alerting', null, {}, 'firing'],
    ['no_data', 'ok', null, {}, 'normal'],
    ['no_data', 'keep_state', null, {}, 'normal'],
    ['error', 'error', 85, { calculation_status: 'error' }, 'error'],
    ['error', 'alerting', 85, { calculation_status: 'error' }, 'firing'],
    ['error', 'ok', 85, { calculation_status: 'error' }, 'normal'],
  ] as const)('maps %s with on_%s to %#', (kind, mode, value, extra, expected) => {
    const rule = makeRule({
      condition_config:
        kind === 'no_data'
          ? { type: 'threshold', on_no_data: mode as 'ok' }
          : { type: 'threshold', on_error: mode },
    });
    const t = evalAt(rule, initialAlertState(), value, 0, { extra });
    expect(t.state.status).toBe(expected);
    expect(t.outcome.verdict).toBe(kind);
    if (expected === 'firing') expect(types(t.effects)).toContain('insert_history');
    if (expected === 'normal') expect(t.effects).toEqual([]);
    if (expected === 'error') expect(notifies(t.effects).map((n) => n[0])).toEqual(['error', 'error']);
  });

  it('keeps the state when the sample is too small and says so in the reason', () => {
    const rule = makeRule({ condition_config: { type: 'threshold', min_sample_size: 30 } });
    const t = evalAt(rule, firing().state, 95, 5, { extra: { sample_size: 12 } });
    expect(t.state.status).toBe('firing');
    expect(t.effects).toEqual([]);
    expect(t.outcome).toMatchObject({
      verdict: 'suppressed',
      reason: 'suppressed: sample_size 12 is below min_sample_size 30',
    });
    const q = makeRule({ condition_config: { type: 'threshold', min_data_quality: 0.8 } });
    expect(evalAt(q, initialAlertState(), 50, 0, { extra: { data_quality_score: 0.5 } }).outcome.reason).toBe(
      'suppressed: data_quality_score 0.5 is below min_data_quality 0.8',
    );
  });

  it('evaluates only when due (check_frequency_minutes) and never when inactive', () => {
    const first = firing();
    expect(isAlertDue(firingRule, first.state, at(4))).toBe(false);
    expect(isAlertDue(firingRule, first.state, at(5))).toBe(true);
    const early = evalAt(firingRule, first.state, 95, 4);
    expect(early.outcome.result).toBe('not_due');
    expect(early.state.status).toBe('firing');
    const inactive = evalAt(makeRule({ is_active: false }), initialAlertState(), 50, 0);
    expect(inactive.outcome.result).toBe('inactive');
    expect(inactive.effects).toEqual([]);
  });

  it('an inhibited alert fires without notifying, records the cause, and notifies once the cause is gone', () => {
    const cause = { alert_id: 'upstream-alert', metric_id: 'metric-0', path: ['metric-1', 'metric-0'] };
    const t = evalAt(firingRule, initialAlertState(), 85, 0, { inhibitedBy: [cause] });
    expect(t.state.status).toBe('firing');
    expect(types(t.effects)).toEqual(['insert_history', 'record_trigger', 'inhibition_changed']);
    expect(t.effects[0]).toMatchObject({ row: { condition_details: { inhibited_by: ['upstream-alert'] } } });
    expect(t.effects[2]).toEqual({
      type: 'inhibition_changed',
      alert_id: 'alert-1',
      triggered_at: at(0),
      inhibited_by: [cause],
    });
    expect(t.outcome.notes.join()).toMatch(/suppressed: inhibited by firing alert upstream-alert/);
    const freed = evalAt(firingRule, t.state, 85, 5, { inhibitedBy: [] });
    expect(types(freed.effects)).toEqual(['inhibition_changed', 'notify', 'notify']);
  });

  it.each([
    // [name, rule overrides, steps (value per minute; 'ack', 'resolve', 'tick'), expected statuses, expected effect types of the last step]
    [
      'escalated -> acknowledged',
      { escalation_config: { steps: [{ after_minutes: 10, severity: 'critical' as const }] } },
      [
        [0, 85],
        [10, 'tick'],
        [12, 'ack'],
      ],
      ['firing', 'escalated', 'acknowledged'],
      ['update_history'],
    ],
    [
      'error -> normal when the evaluation works again and is clear',
      { cooldown_minutes: 0 },
      [
        [0, 'error'],
        [5, 95],
      ],
      ['error', 'normal'],
      ['notify', 'notify'],
    ],
    [
      'error with an open episode -> firing again, same history row',
      { cooldown_minutes: 0 },
      [
        [0, 85],
        [5, 'error'],
        [10, 85],
      ],
      ['firing', 'error', 'firing'],
      ['notify', 'notify'],
    ],
    [
      'pending -> normal by a manual resolve',
      { condition_config: { type: 'threshold' as const, for_evaluations: 3 } },
      [
        [0, 85],
        [5, 'resolve'],
      ],
      ['pending', 'normal'],
      [],
    ],
    [
      'resolved -> pending when met again with a pending period',
      { condition_config: { type: 'threshold' as const, for_evaluations: 2 }, cooldown_minutes: 0 },
      [
        [0, 85],
        [5, 85],
        [10, 95],
        [15, 85],
      ],
      ['pending', 'firing', 'resolved', 'pending'],
      [],
    ],
  ] as const)('%s', (_name, overrides, steps, statuses, lastEffects) => {
    const rule = makeRule(overrides as Partial<AlertRule>);
    let state = initialAlertState();
    const seen: string[] = [];
    let last: AlertTransition | null = null;
    for (const [minute, what] of steps) {
      last =
        what === 'ack'
          ? transitionAlert(rule, state, { type: 'acknowledge', by: 'user-3' }, at(minute))
          : what === 'resolve'
            ? transitionAlert(rule, state, { type: 'resolve', by: 'user-3' }, at(minute))
            : what === 'tick'
              ? transitionAlert(rule, state, { type: 'tick' }, at(minute))
              : what === 'error'
                ? evalAt(rule, state, 85, minute, { extra: { calculation_status: 'error' } })
                : evalAt(rule, state, what, minute);
      state = last.state;
      seen.push(state.status);
    }
    expect(seen).toEqual(statuses);
    expect(types(last!.effects)).toEqual(lastEffects);
    if (_name.includes('same history row'))
      expect(last!.effects[0]).toMatchObject({ kind: 'firing', triggered_at: at(0) });
  });
});
