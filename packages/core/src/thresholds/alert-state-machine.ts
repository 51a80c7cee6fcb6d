/**
 * The alert lifecycle as a pure state machine: (rule, state, event, now) -> (state, effects).
 * No clock reads and no IO: the server stores the state, writes the history rows and sends the
 * notifications the effects describe. See the README section "Thresholds and alerts" for the diagram.
 */
import type { AlertStatus, AlertType, Severity } from '../schema/enums';
import type { ConditionConfig, EscalationConfig } from '../schema/jsonb/threshold-configs';
import {
  type ConditionDetails,
  type ConditionInput,
  type ConditionMemory,
  type ConditionVerdict,
  evaluateAlertCondition,
} from './alert-conditions';

/** The `metric_alerts` columns the engine reads (a `SELECT *` row fits). */
export interface AlertRule {
  readonly id: string;
  readonly alert_name: string;
  readonly metric_id: string;
  readonly alert_type: AlertType;
  readonly condition_config: ConditionConfig;
  readonly severity: Severity;
  readonly is_active: boolean;
  readonly check_frequency_minutes: number;
  readonly cooldown_minutes: number;
  readonly notification_channels: readonly string[] | null;
  readonly recipient_users: readonly string[] | null;
  readonly recipient_roles: readonly string[] | null;
  readonly escalation_config: EscalationConfig | null;
  readonly auto_resolve: boolean;
}

/** Why an alert is inhibited: an alert on a metric it depends on (directly or through others) is firing. */
export interface InhibitionCause {
  /** The firing alert that explains this one. */
  readonly alert_id: string;
  /** Its metric. */
  readonly metric_id: string;
  /** Metric ids from the inhibited alert's metric to `metric_id`, following depends_on. */
  readonly path: readonly string[];
}

/** An open firing episode: one `metric_alert_history` row, identified by (alert_id, triggered_at). */
export interface AlertEpisode {
  readonly triggeredAt: Date;
  /** Current severity: the trigger severity, raised by the condition or by escalation steps, never lowered. */
  readonly severity: Severity;
  /** Number of escalation steps applied. */
  readonly escalationLevel: number;
  readonly acknowledgedAt: Date | null;
  readonly acknowledgedBy: string | null;
  /** The condition cleared but `auto_resolve` is off: waiting for someone to resolve it. */
  readonly awaitingManualResolve: boolean;
}

/** What was last notified (cooldown and "has this already been said" both come from it). */
export interface LastNotification {
  readonly kind: NotificationKind;
  readonly severity: Severity;
  readonly escalationLevel: number;
  readonly at: Date;
}

/** The state of one alert between evaluations; plain data, store it as JSON (dates as ISO strings). */
export interface AlertState {
  readonly status: AlertStatus;
  readonly condition: ConditionMemory;
  /** Consecutive met evaluations and when the first of them happened, while pending. */
  readonly pending: { readonly since: Date; readonly count: number } | null;
  readonly episode: AlertEpisode | null;
  /** `triggered_at` of the latest episode, open or closed. */
  readonly lastTriggeredAt: Date | null;
  readonly lastEvaluatedAt: Date | null;
  readonly lastNotification: LastNotification | null;
  readonly inhibitedBy: readonly InhibitionCause[];
}

/** Kinds of notification. */
export const NOTIFICATION_KINDS = ['firing', 'escalated', 'resolved', 'no_data', 'error'] as const;
/** What a notification announces. */
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** A new `metric_alert_history` row (organization_id and id are added by the server). */
export interface AlertHistoryInsert {
  readonly alert_id: string;
  readonly triggered_at: Date;
  readonly metric_value: number | null;
  readonly threshold_value: number | null;
  readonly condition_details: ConditionDetails;
  readonly severity_at_trigger: Severity;
  readonly notifications_sent: 0;
}

/** Columns of an existing `metric_alert_history` row to update. */
export interface AlertHistoryUpdate {
  readonly acknowledged_by?: string | null;
  readonly acknowledged_at?: Date;
  readonly resolved_at?: Date;
  readonly auto_resolved?: boolean;
  readonly resolution_notes?: string | null;
}

/** An effect to carry out, as data. */
export type AlertEffect =
  | { readonly type: 'insert_history'; readonly row: AlertHistoryInsert }
  | {
      readonly type: 'update_history';
      readonly alert_id: string;
      readonly triggered_at: Date;
      readonly set: AlertHistoryUpdate;
    }
  | {
      /** Set `metric_alerts.last_triggered` and add 1 to `trigger_count`. */
      readonly type: 'record_trigger';
      readonly alert_id: string;
      readonly last_triggered: Date;
    }
  | {
      /** Send one notification on one channel; the server adds 1 to `notifications_sent` of the history row. */
      readonly type: 'notify';
      readonly alert_id: string;
      /** The history row it belongs to (null for no_data / error outside an episode). */
      readonly triggered_at: Date | null;
      readonly kind: NotificationKind;
      readonly channel: string;
      readonly recipient_users: readonly string[];
      readonly recipient_roles: readonly string[];
      readonly severity: Severity;
      readonly summary: string;
    }
  | {
      /** The alert became inhibited, or stopped being (empty `inhibited_by`). */
      readonly type: 'inhibition_changed';
      readonly alert_id: string;
      readonly triggered_at: Date | null;
      readonly inhibited_by: readonly InhibitionCause[];
    };

/** What happened to the rule. */
export interface AlertOutcome {
  /** `evaluated`: the condition ran; `not_due`, `inactive`: it did not; `ignored`: the event did not apply. */
  readonly result: 'evaluated' | 'not_due' | 'inactive' | 'ignored' | 'acknowledged' | 'resolved' | 'tick';
  /** The condition verdict, when it ran. */
  readonly verdict: ConditionVerdict['kind'] | null;
  /** One-line explanation (suppression, no data and errors say why). */
  readonly reason: string;
  /** Further facts: pending progress, escalations applied, deferred or suppressed notifications. */
  readonly notes: readonly string[];
}

/** Result of one transition. */
export interface AlertTransition {
  readonly state: AlertState;
  readonly effects: readonly AlertEffect[];
  readonly outcome: AlertOutcome;
}

/** Events the machine reacts to. */
export type AlertEvent =
  | {
      readonly type: 'evaluate';
      readonly input: ConditionInput;
      /** Firing alerts upstream in the depends_on graph; empty or absent = not inhibited. */
      readonly inhibitedBy?: readonly InhibitionCause[];
    }
  | { readonly type: 'acknowledge'; readonly by: string | null }
  | { readonly type: 'resolve'; readonly by: string | null; readonly notes?: string | null }
  /** Time passes without new data: escalations and deferred notifications only. */
  | { readonly type: 'tick' };

/** The state of an alert that was never evaluated. */
export function initialAlertState(): AlertState {
  return {
    status: 'normal',
    condition: { met: false, bandStatus: null },
    pending: null,
    episode: null,
    lastTriggeredAt: null,
    lastEvaluatedAt: null,
    lastNotification: null,
    inhibitedBy: [],
  };
}

const MINUTE = 60_000;
const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 0, warning: 1, critical: 2 };
const maxSeverity = (a: Severity, b: Severity | null): Severity =>
  b !== null && SEVERITY_RANK[b] > SEVERITY_RANK[a] ? b : a;

/** Whether the status is one of the three faces of an open episode. */
export function isFiringStatus(status: AlertStatus): status is 'firing' | 'escalated' | 'acknowledged' {
  return status === 'firing' || status === 'escalated' || status === 'acknowledged';
}

/** When the rule should be evaluated next: `check_frequency_minutes` after the last evaluation (at once if never). */
export function nextAlertDueAt(rule: AlertRule, state: AlertState): Date | null {
  return state.lastEvaluatedAt === null
    ? null
    : new Date(state.lastEvaluatedAt.getTime() + rule.check_frequency_minutes * MINUTE);
}

/** Whether the rule is active and due at `now` (its check frequency has elapsed since the last evaluation). */
export function isAlertDue(rule: AlertRule, state: AlertState, now: Date): boolean {
  if (!rule.is_active) return false;
  const last = state.lastEvaluatedAt;
  return last === null || now.getTime() >= last.getTime() + rule.check_frequency_minutes * MINUTE;
}

function openStatus(episode: AlertEpisode): 'firing' | 'escalated' | 'acknowledged' {
  if (episode.acknowledgedAt !== null) return 'acknowledged';
  return episode.escalationLevel > 0 ? 'escalated' : 'firing';
}

interface Draft {
  state: AlertState;
  effects: AlertEffect[];
  notes: string[];
}

function fire(
  rule: AlertRule,
  draft: Draft,
  verdict: Extract<ConditionVerdict, { kind: 'met' | 'clear' }> | null,
  reason: string,
  now: Date,
): void {
  const severity = maxSeverity(rule.severity, verdict?.severity ?? null);
  const episode: AlertEpisode = {
    triggeredAt: now,
    severity,
    escalationLevel: 0,
    acknowledgedAt: null,
    acknowledgedBy: null,
    awaitingManualResolve: false,
  };
  const details: ConditionDetails = {
    ...(verdict?.details ?? { alert_type: rule.alert_type }),
    reason,
    ...(draft.state.inhibitedBy.length > 0
      ? { inhibited_by: draft.state.inhibitedBy.map((c) => c.alert_id) }
      : {}),
  };
  draft.effects.push(
    {
      type: 'insert_history',
      row: {
        alert_id: rule.id,
        triggered_at: now,
        metric_value: verdict?.metricValue ?? null,
        threshold_value: verdict?.thresholdValue ?? null,
        condition_details: details,
        severity_at_trigger: severity,
        notifications_sent: 0,
      },
    },
    { type: 'record_trigger', alert_id: rule.id, last_triggered: now },
  );
  draft.state = { ...draft.state, status: 'firing', pending: null, episode, lastTriggeredAt: now };
}

function closeEpisode(rule: AlertRule, draft: Draft, now: Date, auto: boolean, notes: string | null): void {
  const episode = draft.state.episode;
  if (episode === null) return;
  draft.effects.push({
    type: 'update_history',
    alert_id: rule.id,
    triggered_at: episode.triggeredAt,
    set: auto
      ? { resolved_at: now, auto_resolved: true }
      : { resolved_at: now, auto_resolved: false, resolution_notes: notes },
  });
  draft.state = { ...draft.state, status: 'resolved', episode: null, pending: null };
}

/** Applies a met / clear verdict (or one forced by on_no_data / on_error) to the draft. */
function applyVerdict(
  rule: AlertRule,
  draft: Draft,
  met: boolean,
  verdict: Extract<ConditionVerdict, { kind: 'met' | 'clear' }> | null,
  reason: string,
  now: Date,
): void {
  const s = draft.state;
  const bandStatus = verdict?.bandStatus ?? s.condition.bandStatus;
  if (s.condition.met !== met || s.condition.bandStatus !== bandStatus) {
    draft.state = { ...s, condition: { met, bandStatus } };
  }
  const episode = draft.state.episode;
  if (episode !== null) {
    if (met) {
      const raised = maxSeverity(episode.severity, verdict?.severity ?? null);
      if (raised !== episode.severity) draft.notes.push(`severity raised to ${raised} by the condition`);
      const next = { ...episode, severity: raised, awaitingManualResolve: false };
      draft.state = { ...draft.state, episode: next, status: openStatus(next) };
    } else if (rule.auto_resolve) {
      closeEpisode(rule, draft, now, true, null);
      draft.notes.push('auto-resolved: the condition cleared');
    } else {
      const next = { ...episode, awaitingManualResolve: true };
      draft.state = { ...draft.state, episode: next, status: openStatus(next) };
      draft.notes.push('the condition cleared; auto_resolve is off, so the alert stays open until resolved');
    }
    return;
  }
  if (!met) {
    if (draft.state.status !== 'normal' || draft.state.pending !== null) {
      draft.notes.push(`${draft.state.status} -> normal`);
      draft.state = { ...draft.state, status: 'normal', pending: null };
    }
    return;
  }
  const c = rule.condition_config;
  const forEvaluations = c.for_evaluations ?? 1;
  const forMinutes = c.for_minutes ?? 0;
  const pending =
    draft.state.status === 'pending' && draft.state.pending !== null
      ? { since: draft.state.pending.since, count: draft.state.pending.count + 1 }
      : { since: now, count: 1 };
  const heldMinutes = (now.getTime() - pending.since.getTime()) / MINUTE;
  if (pending.count >= forEvaluations && heldMinutes >= forMinutes) {
    fire(rule, draft, verdict, reason, now);
    return;
  }
  draft.notes.push(
    `pending: ${pending.count} of ${forEvaluations} evaluations, ${heldMinutes} of ${forMinutes} minutes`,
  );
  draft.state = { ...draft.state, status: 'pending', pending };
}

function escalate(rule: AlertRule, draft: Draft, now: Date): void {
  const s = draft.state;
  const config = rule.escalation_config;
  if (config === null || s.episode === null || (s.status !== 'firing' && s.status !== 'escalated')) return;
  if (s.inhibitedBy.length > 0) return;
  const elapsed = (now.getTime() - s.episode.triggeredAt.getTime()) / MINUTE;
  let level = s.episode.escalationLevel;
  let severity = s.episode.severity;
  while (level < config.steps.length && config.steps[level]!.after_minutes <= elapsed) {
    severity = maxSeverity(severity, config.steps[level]!.severity ?? null);
    level++;
  }
  if (level === s.episode.escalationLevel) return;
  draft.notes.push(`escalated to step ${level} of ${config.steps.length} (severity ${severity})`);
  const episode = { ...s.episode, escalationLevel: level, severity };
  draft.state = { ...s, episode, status: openStatus(episode) };
}

/** Channels and recipients for the current escalation level: the rule's plus every applied step's additions. */
export function alertAudience(
  rule: AlertRule,
  escalationLevel: number,
): { channels: string[]; users: string[]; roles: string[] } {
  const channels = new Set(rule.notification_channels ?? []);
  const users = new Set(rule.recipient_users ?? []);
  const roles = new Set(rule.recipient_roles ?? []);
  const steps = rule.escalation_config?.steps ?? [];
  for (let i = 0; i < Math.min(escalationLevel, steps.length); i++) {
    const step = steps[i]!;
    for (const x of step.add_channels ?? []) channels.add(x);
    for (const x of step.add_recipient_users ?? []) users.add(x);
    for (const x of step.add_recipient_roles ?? []) roles.add(x);
  }
  return { channels: [...channels], users: [...users], roles: [...roles] };
}

function desiredNotification(
  rule: AlertRule,
  s: AlertState,
): { kind: NotificationKind; severity: Severity; escalationLevel: number } | null {
  const last = s.lastNotification;
  if (s.status === 'firing' || s.status === 'escalated') {
    const episode = s.episode!;
    const counts = rule.escalation_config?.notify_on_escalation ?? true;
    const level = counts ? episode.escalationLevel : 0;
    return { kind: level > 0 ? 'escalated' : 'firing', severity: episode.severity, escalationLevel: level };
  }
  if (s.status === 'acknowledged') return null;
  if (s.status === 'no_data' || s.status === 'error') {
    return { kind: s.status, severity: s.episode?.severity ?? rule.severity, escalationLevel: 0 };
  }
  // normal, pending, resolved: announce the all-clear once, if a problem was announced.
  if (last !== null && last.kind !== 'resolved') {
    return { kind: 'resolved', severity: last.severity, escalationLevel: 0 };
  }
  return null;
}

const family = (k: NotificationKind) => (k === 'escalated' ? 'firing' : k);

function isNews(
  want: { kind: NotificationKind; severity: Severity; escalationLevel: number },
  last: LastNotification | null,
): boolean {
  if (last === null) return true;
  if (family(want.kind) !== family(last.kind)) return true;
  if (family(want.kind) !== 'firing') return false;
  return (
    SEVERITY_RANK[want.severity] > SEVERITY_RANK[last.severity] || want.escalationLevel > last.escalationLevel
  );
}

function notify(rule: AlertRule, draft: Draft, now: Date, reason: string): void {
  const s = draft.state;
  const want = desiredNotification(rule, s);
  if (want === null || !isNews(want, s.lastNotification)) return;
  if (s.inhibitedBy.length > 0 && want.kind !== 'resolved') {
    draft.notes.push(
      `notification (${want.kind}) suppressed: inhibited by firing alert ${s.inhibitedBy.map((c) => c.alert_id).join(', ')}`,
    );
    return;
  }
  const last = s.lastNotification;
  if (last !== null) {
    const until = last.at.getTime() + rule.cooldown_minutes * MINUTE;
    if (now.getTime() < until) {
      draft.notes.push(
        `notification (${want.kind}) deferred by cooldown until ${new Date(until).toISOString()}`,
      );
      return;
    }
  }
  const audience = alertAudience(rule, s.episode?.escalationLevel ?? 0);
  if (audience.channels.length === 0) {
    draft.notes.push(`notification (${want.kind}) not sent: the rule has no notification_channels`);
    return;
  }
  const triggeredAt = s.episode?.triggeredAt ?? (want.kind === 'resolved' ? s.lastTriggeredAt : null);
  const summary = `[${want.severity}] ${rule.alert_name}: ${want.kind.replace('_', ' ')} - ${reason}`;
  for (const channel of audience.channels) {
    draft.effects.push({
      type: 'notify',
      alert_id: rule.id,
      triggered_at: triggeredAt,
      kind: want.kind,
      channel,
      recipient_users: audience.users,
      recipient_roles: audience.roles,
      severity: want.severity,
      summary,
    });
  }
  draft.state = { ...s, lastNotification: { ...want, at: now } };
}

function sameCauses(a: readonly InhibitionCause[], b: readonly InhibitionCause[]): boolean {
  if (a.length !== b.length) return false;
  const ids = new Set(a.map((c) => c.alert_id));
  return b.every((c) => ids.has(c.alert_id));
}

function markInhibition(
  rule: AlertRule,
  draft: Draft,
  before: readonly InhibitionCause[],
  after: readonly InhibitionCause[],
): void {
  if (sameCauses(before, after)) return;
  draft.state = { ...draft.state, inhibitedBy: after };
  draft.effects.push({
    type: 'inhibition_changed',
    alert_id: rule.id,
    triggered_at: draft.state.episode?.triggeredAt ?? null,
    inhibited_by: after,
  });
  draft.notes.push(
    after.length > 0
      ? `inhibited by ${after.map((c) => `${c.alert_id} (metric path ${c.path.join(' -> ')})`).join(', ')}`
      : 'no longer inhibited',
  );
}

function finish(
  rule: AlertRule,
  draft: Draft,
  now: Date,
  result: AlertOutcome['result'],
  verdict: ConditionVerdict['kind'] | null,
  reason: string,
  inhibitedBy: readonly InhibitionCause[] | undefined,
): AlertTransition {
  if (inhibitedBy !== undefined) markInhibition(rule, draft, draft.state.inhibitedBy, inhibitedBy);
  escalate(rule, draft, now);
  notify(rule, draft, now, reason);
  return {
    state: draft.state,
    effects: draft.effects,
    outcome: { result, verdict, reason, notes: draft.notes },
  };
}

function evaluate(
  rule: AlertRule,
  state: AlertState,
  event: Extract<AlertEvent, { type: 'evaluate' }>,
  now: Date,
): AlertTransition {
  const draft: Draft = { state, effects: [], notes: [] };
  if (!rule.is_active) {
    return {
      state,
      effects: [],
      outcome: {
        result: 'inactive',
        verdict: null,
        reason: 'the rule is not active (is_active = false)',
        notes: [],
      },
    };
  }
  if (!isAlertDue(rule, state, now)) {
    const due = nextAlertDueAt(rule, state)!;
    return finish(
      rule,
      draft,
      now,
      'not_due',
      null,
      `not due until ${due.toISOString()} (check_frequency_minutes ${rule.check_frequency_minutes})`,
      event.inhibitedBy,
    );
  }
  // Inhibition first, so that a history row written now records it.
  if (event.inhibitedBy !== undefined && !sameCauses(event.inhibitedBy, state.inhibitedBy)) {
    draft.state = { ...draft.state, inhibitedBy: event.inhibitedBy };
  }
  const verdict = evaluateAlertCondition(rule.condition_config, event.input, now, state.condition);
  draft.state = { ...draft.state, lastEvaluatedAt: now };
  const c = rule.condition_config;
  const reason = verdict.reason;
  switch (verdict.kind) {
    case 'met':
    case 'clear':
      applyVerdict(rule, draft, verdict.kind === 'met', verdict, reason, now);
      break;
    case 'suppressed':
      draft.notes.push('state unchanged: the evaluation was suppressed');
      break;
    case 'no_data':
    case 'error': {
      const mode =
        verdict.kind === 'no_data'
          ? c.type === 'data_quality'
            ? 'alerting'
            : (c.on_no_data ?? 'no_data')
          : (c.on_error ?? 'error');
      if (mode === 'alerting') applyVerdict(rule, draft, true, null, `${reason} (treated as alerting)`, now);
      else if (mode === 'ok') applyVerdict(rule, draft, false, null, `${reason} (treated as ok)`, now);
      else if (mode === 'keep_state') draft.notes.push(`state kept (on_${verdict.kind} = keep_state)`);
      else {
        if (draft.state.status !== verdict.kind) draft.notes.push(`${draft.state.status} -> ${verdict.kind}`);
        draft.state = { ...draft.state, status: verdict.kind, pending: null };
      }
      break;
    }
  }
  if (event.inhibitedBy !== undefined) markInhibition(rule, draft, state.inhibitedBy, event.inhibitedBy);
  return finish(rule, draft, now, 'evaluated', verdict.kind, reason, undefined);
}

/**
 * The one transition function: given the rule, its current state, an event and the time, returns
 * the next state, the effects to carry out and an outcome explaining what happened. Pure.
 *
 * @example
 * const { state, effects } = transitionAlert(rule, initialAlertState(), { type: 'evaluate', input }, now);
 */
export function transitionAlert(
  rule: AlertRule,
  state: AlertState,
  event: AlertEvent,
  now: Date,
): AlertTransition {
  switch (event.type) {
    case 'evaluate':
      return evaluate(rule, state, event, now);
    case 'tick':
      return finish(rule, { state, effects: [], notes: [] }, now, 'tick', null, 'time passed', undefined);
    case 'acknowledge': {
      const episode = state.episode;
      if (episode === null || episode.acknowledgedAt !== null) {
        return ignored(
          state,
          episode === null
            ? `ignored: only an open (firing) alert can be acknowledged; it is ${state.status}`
            : `ignored: already acknowledged at ${episode.acknowledgedAt!.toISOString()}`,
        );
      }
      const next = { ...episode, acknowledgedAt: now, acknowledgedBy: event.by };
      const draft: Draft = {
        state: {
          ...state,
          episode: next,
          status: isFiringStatus(state.status) ? 'acknowledged' : state.status,
        },
        effects: [
          {
            type: 'update_history',
            alert_id: rule.id,
            triggered_at: episode.triggeredAt,
            set: { acknowledged_by: event.by, acknowledged_at: now },
          },
        ],
        notes: [],
      };
      return finish(
        rule,
        draft,
        now,
        'acknowledged',
        null,
        `acknowledged by ${event.by ?? 'unknown'}`,
        undefined,
      );
    }
    case 'resolve': {
      const draft: Draft = { state, effects: [], notes: [] };
      if (state.episode !== null) {
        closeEpisode(rule, draft, now, false, event.notes ?? null);
      } else if (state.status === 'pending') {
        draft.state = { ...state, status: 'normal', pending: null };
      } else {
        return ignored(state, `ignored: nothing to resolve, the alert is ${state.status}`);
      }
      // A manual resolution says the situation is fine: forget the hysteresis memory.
      draft.state = { ...draft.state, condition: { met: false, bandStatus: null } };
      return finish(rule, draft, now, 'resolved', null, `resolved by ${event.by ?? 'unknown'}`, undefined);
    }
  }
}

function ignored(state: AlertState, reason: string): AlertTransition {
  return { state, effects: [], outcome: { result: 'ignored', verdict: null, reason, notes: [] } };
}
