import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConditionConfig, EscalationConfig } from '../schema/jsonb/threshold-configs';
import { testSize } from '../testing/test-size';
import type { AlertMetric } from './alert-conditions';
import {
  type AlertEvent,
  type AlertRule,
  type AlertState,
  type AlertTransition,
  initialAlertState,
  isFiringStatus,
  transitionAlert,
} from './alert-state-machine';
import { at, inputOf, makeRule, metric } from './testing-fixtures';

// ---------------------------------------------------------------------------
// Model-based test: random command sequences against the real machine, checked against a small model.
// ---------------------------------------------------------------------------

/** What the model remembers, independently of the machine's own state. */
interface Model {
  minute: number;
  /** Minute of the last step that sent notifications. */
  lastNotifiedAt: number | null;
  /** triggered_at (minute) of the episode the machine has open, per the effects seen. */
  openEpisode: number | null;
  /** Whether the open episode was acknowledged, and its escalation level at that moment. */
  acknowledgedAtLevel: number | null;
  /** Every triggered_at written by insert_history. */
  inserted: Set<number>;
}

interface Real {
  readonly rule: AlertRule;
  state: AlertState;
}

const minuteOf = (d: Date) => Math.round((d.getTime() - at(0).getTime()) / 60_000);

function apply(m: Model, r: Real, event: AlertEvent, dt: number): AlertTransition {
  m.minute += dt;
  const before = r.state;
  const t = transitionAlert(r.rule, before, event, at(m.minute));
  r.state = t.state;

  // 1. Never two notifications for one alert within its cooldown (one step may notify several channels).
  const notified = t.effects.some((e) => e.type === 'notify');
  if (notified) {
    if (m.lastNotifiedAt !== null) {
      expect(m.minute - m.lastNotifiedAt).toBeGreaterThanOrEqual(r.rule.cooldown_minutes);
    }
    m.lastNotifiedAt = m.minute;
  }
  for (const e of t.effects) {
    if (e.type === 'insert_history') {
      expect(m.openEpisode).toBeNull();
      m.inserted.add(minuteOf(e.row.triggered_at));
      m.openEpisode = minuteOf(e.row.triggered_at);
      m.acknowledgedAtLevel = null;
    }
    if (e.type === 'update_history' && e.set.resolved_at !== undefined) {
      // 2. Resolved only after firing: the row being resolved is the open episode.
      expect(m.openEpisode).toBe(minuteOf(e.triggered_at));
      m.openEpisode = null;
      m.acknowledgedAtLevel = null;
    }
    if (e.type === 'update_history' && e.set.acknowledged_at !== undefined) {
      expect(m.openEpisode).toBe(minuteOf(e.triggered_at));
      m.acknowledgedAtLevel = before.episode!.escalationLevel;
    }
    if (e.type === 'notify' && e.triggered_at !== null)
      expect(m.inserted.has(minuteOf(e.triggered_at))).toBe(true);
  }
  if (t.state.status === 'resolved' && before.status !== 'resolved') {
    expect(before.episode).not.toBeNull();
  }
  // 3. Acknowledged alerts do not escalate.
  if (m.acknowledgedAtLevel !== null) {
    expect(t.state.episode?.escalationLevel).toBe(m.acknowledgedAtLevel);
    expect(t.effects.some((e) => e.type === 'notify' && e.kind === 'escalated')).toBe(false);
  }
  // The machine's episode and the model's agree.
  expect(t.state.episode === null ? null : minuteOf(t.state.episode.triggeredAt)).toBe(m.openEpisode);
  if (isFiringStatus(t.state.status)) expect(t.state.episode).not.toBeNull();
  return t;
}

class EvaluateCommand implements fc.Command<Model, Real> {
  constructor(
    readonly dt: number,
    readonly value: number | null,
  ) {}
  check(): boolean {
    return true;
  }
  run(m: Model, r: Real): void {
    const when = at(m.minute + this.dt);
    apply(m, r, { type: 'evaluate', input: inputOf(this.value, when) }, this.dt);
  }
  toString(): string {
    return `+${this.dt}m evaluate(${this.value})`;
  }
}

class TickCommand implements fc.Command<Model, Real> {
  constructor(readonly dt: number) {}
  check(): boolean {
    return true;
  }
  run(m: Model, r: Real): void {
    apply(m, r, { type: 'tick' }, this.dt);
  }
  toString(): string {
    return `+${this.dt}m tick`;
  }
}

class AcknowledgeCommand implements fc.Command<Model, Real> {
  constructor(readonly dt: number) {}
  check(): boolean {
    return true;
  }
  run(m: Model, r: Real): void {
    apply(m, r, { type: 'acknowledge', by: 'user-7' }, this.dt);
  }
  toString(): string {
    return `+${this.dt}m acknowledge`;
  }
}

class ResolveCommand implements fc.Command<Model, Real> {
  constructor(readonly dt: number) {}
  check(): boolean {
    return true;
  }
  run(m: Model, r: Real): void {
    apply(m, r, { type: 'resolve', by: 'user-7', notes: 'done' }, this.dt);
  }
  toString(): string {
    return `+${this.dt}m resolve`;
  }
}

const arbDt = fc.integer({ min: 0, max: 90 });
// Values around the bands of `metric` (warning 90 recovering at 92, critical 80), and sometimes no data.
const arbValue = fc.oneof(
  { weight: 10, arbitrary: fc.integer({ min: 700, max: 1000 }).map((x) => x / 10) },
  { weight: 1, arbitrary: fc.constant(null) },
);
const commands = fc.commands(
  [
    fc.tuple(arbDt, arbValue).map(([dt, v]) => new EvaluateCommand(dt, v)),
    arbDt.map((dt) => new TickCommand(dt)),
    arbDt.map((dt) => new AcknowledgeCommand(dt)),
    arbDt.map((dt) => new ResolveCommand(dt)),
  ],
  { maxCommands: 60 },
);

const arbCondition: fc.Arbitrary<ConditionConfig> = fc.oneof(
  fc.record(
    {
      type: fc.constant('threshold' as const),
      for_evaluations: fc.integer({ min: 1, max: 3 }),
      for_minutes: fc.integer({ min: 0, max: 20 }),
      on_no_data: fc.constantFrom('no_data', 'alerting', 'ok', 'keep_state'),
    },
    { requiredKeys: ['type'] },
  ),
  fc.record(
    {
      type: fc.constant('threshold' as const),
      operator: fc.constant('<' as const),
      value: fc.constant(85),
      recovery: fc.constantFrom(85, 88),
      for_evaluations: fc.integer({ min: 1, max: 3 }),
    },
    { requiredKeys: ['type', 'operator', 'value'] },
  ),
);

const arbEscalation: fc.Arbitrary<EscalationConfig | null> = fc.option(
  fc.uniqueArray(fc.integer({ min: 1, max: 240 }), { minLength: 1, maxLength: 3 }).map((mins) => ({
    steps: [...mins]
      .sort((a, b) => a - b)
      .map((after_minutes, i) => ({
        after_minutes,
        ...(i === 0 ? { severity: 'critical' as const } : { add_channels: [`pager-${i}`] }),
      })),
  })),
);

const arbRule: fc.Arbitrary<AlertRule> = fc
  .record({
    cooldown_minutes: fc.integer({ min: 0, max: 180 }),
    check_frequency_minutes: fc.integer({ min: 1, max: 30 }),
    auto_resolve: fc.boolean(),
    condition_config: arbCondition,
    escalation_config: arbEscalation,
  })
  .map((r) => makeRule(r));

describe('alert lifecycle properties (fast-check model-based)', () => {
  it('never notifies twice within the cooldown, resolves only after firing, never escalates once acknowledged', () => {
    fc.assert(
      fc.property(arbRule, commands, (rule, cmds) => {
        fc.modelRun(
          () => ({
            model: {
              minute: 0,
              lastNotifiedAt: null,
              openEpisode: null,
              acknowledgedAtLevel: null,
              inserted: new Set<number>(),
            },
            real: { rule, state: initialAlertState() },
          }),
          cmds,
        );
      }),
      { numRuns: testSize(400) },
    );
  });

  it('does not flap when the value oscillates between the trigger and the recovery level', () => {
    const banded: AlertMetric = metric; // warning 90, recovery 92
    const arbCase = fc.record({
      rule: arbRule.filter(
        (r) => r.condition_config.type === 'threshold' && r.condition_config.operator === undefined,
      ),
      // Below the trigger (fires) or inside [trigger, recovery) (holds): never at or above the recovery level.
      values: fc.array(
        fc.integer({ min: 850, max: 919 }).map((x) => x / 10),
        { minLength: 2, maxLength: 40 },
      ),
      gaps: fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 40, maxLength: 40 }),
    });
    fc.assert(
      fc.property(arbCase, ({ rule, values, gaps }) => {
        let state = initialAlertState();
        let minute = 0;
        // Start in the firing state: enough evaluations below the trigger to pass any pending period.
        for (let i = 0; i < 3 || state.status === 'pending'; i++) {
          minute += 30;
          state = transitionAlert(
            rule,
            state,
            { type: 'evaluate', input: inputOf(85, at(minute), { metric: banded }) },
            at(minute),
          ).state;
        }
        expect(isFiringStatus(state.status)).toBe(true);
        let inserts = 0;
        let resolves = 0;
        let firingNotifications = 0;
        values.forEach((v, i) => {
          minute += Math.max(gaps[i]!, rule.check_frequency_minutes);
          const t = transitionAlert(
            rule,
            state,
            { type: 'evaluate', input: inputOf(v, at(minute), { metric: banded }) },
            at(minute),
          );
          state = t.state;
          inserts += t.effects.filter((e) => e.type === 'insert_history').length;
          resolves += t.effects.filter(
            (e) => e.type === 'update_history' && e.set.resolved_at !== undefined,
          ).length;
          firingNotifications += t.effects.some((e) => e.type === 'notify' && e.kind === 'firing') ? 1 : 0;
          expect(isFiringStatus(state.status)).toBe(true);
        });
        expect(inserts).toBe(0);
        expect(resolves).toBe(0);
        expect(firingNotifications).toBe(0);
      }),
      { numRuns: testSize(300) },
    );
  });

  it('does flap without a recovery level (the property above is not vacuous)', () => {
    const noHysteresis: AlertMetric = { ...metric, threshold_config: { warning: 90, critical: 80 } };
    const rule = makeRule({ cooldown_minutes: 0 });
    let state = initialAlertState();
    let inserts = 0;
    [85, 91, 85, 91, 85].forEach((v, i) => {
      const t = transitionAlert(
        rule,
        state,
        { type: 'evaluate', input: inputOf(v, at(i * 10), { metric: noHysteresis }) },
        at(i * 10),
      );
      state = t.state;
      inserts += t.effects.filter((e) => e.type === 'insert_history').length;
    });
    expect(inserts).toBe(3);
  });
});
