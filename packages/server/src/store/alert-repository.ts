/**
 * Alert rules (`metric_alerts`) and their history (`metric_alert_history`), seen by one
 * principal. An alert belongs to its metric: it is visible when the metric is live and visible
 * to the principal, and its rule can be created, changed, deleted or triggered by whoever may
 * change the metric (`metric-access.ts`); acknowledging and resolving need only visibility.
 * The store records what core's alert state machine decided — it decides nothing itself.
 */
import type {
  AlertType,
  ConditionConfig,
  Database,
  EscalationConfig,
  JsonObject,
  MetricAlertHistoryRow,
  MetricAlertRow,
  MetricAlertsTable,
  Severity,
} from '@arion-metrics/core';
import { metricAlertHistoryTable, metricAlertsTable, writableColumns } from '@arion-metrics/core';
import { type Insertable, type Kysely, sql, type Updateable } from 'kysely';
import {
  checkBoolean,
  checkDecimal,
  checkInteger,
  checkPayload,
  checkReferences,
  checkText,
  checkTextArray,
  checkTimestamp,
  checkUuidArray,
  type ReferencedId,
  requireField,
  translatePrincipalError,
  validateColumns,
} from './input-checks';
import { metricEditableSql, metricVisibleSql, requireMetric } from './metric-access';
import { assertPrincipal, isUuid, type Principal } from './principal';
import { runInTransaction } from './run-in-transaction';
import { NotFoundError, PermissionDeniedError, StoreValidationError } from './store-errors';

/** The fields a caller may set on an alert rule. Counters and audit columns are the store's. */
export interface AlertInput {
  /** Rule name (trimmed; at most 200 characters). */
  readonly alert_name: string;
  /** The metric watched: a live metric the principal may change. Fixed once created. */
  readonly metric_id: string;
  /** Kind of condition; must equal `condition_config.type`. */
  readonly alert_type: AlertType;
  /** The condition, in core's `conditionConfigSchema` shape for `alert_type`. */
  readonly condition_config: ConditionConfig;
  /** Severity; default `'warning'`. */
  readonly severity?: Severity;
  /** Whether the rule is evaluated; default true. */
  readonly is_active?: boolean;
  /** Minutes between evaluations (at least 1); default 60. */
  readonly check_frequency_minutes?: number;
  /** Minutes of silence after a trigger (at least 0); default 60. */
  readonly cooldown_minutes?: number;
  /** Channel names (`email`, `sms`, `webhook`, ...). */
  readonly notification_channels?: readonly string[] | null;
  /** Users of this organization to notify. */
  readonly recipient_users?: readonly string[] | null;
  /** Roles of this organization to notify. */
  readonly recipient_roles?: readonly string[] | null;
  /** Escalation steps, in core's `escalationConfigSchema` shape. */
  readonly escalation_config?: EscalationConfig | null;
  /** Resolve automatically when the condition clears; default true. */
  readonly auto_resolve?: boolean;
}

/** A change to an alert rule: any field of {@link AlertInput} but `metric_id`. */
export type AlertPatch = Partial<Omit<AlertInput, 'metric_id'>>;

/** Filters and page of {@link AlertRepository.list}. */
export interface AlertListOptions {
  /** Only the alerts of this metric. */
  readonly metricId?: string;
  /** Only active (true) or inactive (false) rules. */
  readonly isActive?: boolean;
  /** Page size, 1 to 500; default 100. */
  readonly limit?: number;
  /** Rows to skip; default 0. */
  readonly offset?: number;
}

/** One trigger to append to an alert's history, as core's state machine reported it. */
export interface AlertTriggerInput {
  /** When the alert fired; default now. */
  readonly triggered_at?: Date | string;
  /** The value that triggered (DECIMAL(15,4)). */
  readonly metric_value?: number | null;
  /** The threshold crossed (DECIMAL(15,4)). */
  readonly threshold_value?: number | null;
  /** What triggered it: any JSON object. */
  readonly condition_details?: JsonObject | null;
  /** Severity at trigger time; default the rule's current severity. */
  readonly severity_at_trigger?: Severity;
  /** Notifications sent for this trigger (at least 0); default 0. */
  readonly notifications_sent?: number;
}

/** A trigger and the rule's counters after it. */
export interface RecordedTrigger {
  /** The rule, with `trigger_count` and `last_triggered` updated. */
  readonly alert: MetricAlertRow;
  /** The new history row. */
  readonly history: MetricAlertHistoryRow;
}

/** An unacknowledged trigger with the rule it belongs to. */
export type UnacknowledgedTrigger = MetricAlertHistoryRow & {
  /** The rule's name. */
  readonly alert_name: string;
  /** The metric the rule watches. */
  readonly metric_id: string;
  /** The rule's current severity. */
  readonly alert_severity: Severity;
};

/** Options of {@link AlertRepository.listUnacknowledged}. */
export interface UnacknowledgedOptions {
  /** Only this alert's triggers. */
  readonly alertId?: string;
  /** Also list triggers resolved (e.g. auto-resolved) without acknowledgement; default false. */
  readonly includeResolved?: boolean;
  /** Most rows, 1 to 500; default 100. */
  readonly limit?: number;
}

/** Alert rules and history as one principal sees them. */
export interface AlertRepository {
  /** Creates an alert rule. Needs permission to change the metric. */
  create(input: AlertInput): Promise<MetricAlertRow>;
  /** An alert rule of a metric the principal can see. */
  get(alertId: string): Promise<MetricAlertRow>;
  /** The alert rules of metrics the principal can see, by name. */
  list(options?: AlertListOptions): Promise<MetricAlertRow[]>;
  /** Changes an alert rule. Needs permission to change the metric. */
  update(alertId: string, patch: AlertPatch): Promise<MetricAlertRow>;
  /** Deletes an alert rule and its history. Needs permission to change the metric. */
  delete(alertId: string): Promise<void>;
  /**
   * Appends a trigger to the history and, in the same transaction, adds one to `trigger_count`
   * and moves `last_triggered` forward. Needs permission to change the metric.
   */
  recordTrigger(alertId: string, trigger?: AlertTriggerInput): Promise<RecordedTrigger>;
  /** Records who acknowledged a trigger and when, with an optional note (`acknowledgement_note`). */
  acknowledge(historyId: string, options?: { readonly note?: string }): Promise<MetricAlertHistoryRow>;
  /**
   * Records that a trigger is resolved, automatically or by hand, with an optional note (added to
   * `resolution_notes`); by hand, `resolved_by` is the principal's user, automatically it is null.
   */
  resolve(
    historyId: string,
    options?: { readonly note?: string; readonly auto?: boolean },
  ): Promise<MetricAlertHistoryRow>;
  /** One history row. */
  getHistory(historyId: string): Promise<MetricAlertHistoryRow>;
  /** An alert's history, newest first. */
  listHistory(alertId: string, options?: { readonly limit?: number }): Promise<MetricAlertHistoryRow[]>;
  /** Triggers nobody has acknowledged yet (still open unless `includeResolved`), newest first. */
  listUnacknowledged(options?: UnacknowledgedOptions): Promise<UnacknowledgedTrigger[]>;
}

const TABLE = 'metric_alerts';
const HISTORY = 'metric_alert_history';
const CREATE_FIELDS = writableColumns(metricAlertsTable, 'create');
const PATCH_FIELDS = writableColumns(metricAlertsTable, 'update');
const TRIGGER_FIELDS = writableColumns(metricAlertHistoryTable, 'create');
const MAX_NOTE = 5000;

type AlertValues = Updateable<MetricAlertsTable>;

/**
 * Checks the rule fields present in `payload` against core's schemas. `current` is the stored
 * rule on update, so that `alert_type` and `condition_config.type` are checked as the pair they
 * will become.
 */
function checkAlertFields(
  payload: unknown,
  allowed: readonly string[],
  current?: MetricAlertRow,
): AlertValues {
  const raw = checkPayload(TABLE, payload, allowed);
  const out: Record<string, unknown> = validateColumns(TABLE, raw);
  const field = (name: string) => `${TABLE}.${name}`;
  if ('alert_name' in raw) out.alert_name = checkText(field('alert_name'), raw.alert_name, { max: 200 });
  if ('metric_id' in raw && !isUuid(raw.metric_id)) {
    throw new StoreValidationError(
      field('metric_id'),
      raw.metric_id,
      'the UUID of a metric of this organization',
    );
  }
  if ('is_active' in raw) out.is_active = checkBoolean(field('is_active'), raw.is_active);
  if ('auto_resolve' in raw) out.auto_resolve = checkBoolean(field('auto_resolve'), raw.auto_resolve);
  if ('check_frequency_minutes' in raw)
    out.check_frequency_minutes = checkInteger(
      field('check_frequency_minutes'),
      raw.check_frequency_minutes,
      {
        min: 1,
      },
    );
  if ('cooldown_minutes' in raw)
    out.cooldown_minutes = checkInteger(field('cooldown_minutes'), raw.cooldown_minutes, { min: 0 });
  if ('notification_channels' in raw)
    out.notification_channels = checkTextArray(field('notification_channels'), raw.notification_channels, 64);
  if ('recipient_users' in raw)
    out.recipient_users = checkUuidArray(field('recipient_users'), raw.recipient_users);
  if ('recipient_roles' in raw)
    out.recipient_roles = checkUuidArray(field('recipient_roles'), raw.recipient_roles);
  const alertType = (out.alert_type ?? current?.alert_type) as AlertType | undefined;
  const condition = (out.condition_config ?? current?.condition_config) as ConditionConfig | undefined;
  if (alertType && condition && condition.type !== alertType) {
    throw new StoreValidationError(
      `${TABLE}.condition_config.type`,
      condition.type,
      `${JSON.stringify(alertType)}, the alert_type (change both together)`,
    );
  }
  return out as AlertValues;
}

/** A note: trimmed text of at most 5000 characters, or undefined. */
function checkNote(field: string, note: unknown): string | undefined {
  if (note === undefined) return undefined;
  return checkText(field, note, { max: MAX_NOTE }) as string;
}

/**
 * The query behind {@link AlertRepository.listUnacknowledged} (exported for the EXPLAIN test):
 * it reads the history through the partial index `idx_alert_history_unack`
 * (`WHERE acknowledged_at IS NULL`).
 */
export function unacknowledgedQuery(
  db: Kysely<Database>,
  principal: Principal,
  options: UnacknowledgedOptions = {},
) {
  const limit = checkInteger('limit', options.limit ?? 100, { min: 1, max: 500 }) as number;
  let query = db
    .selectFrom('metric_alert_history as h')
    .innerJoin('metric_alerts as a', (join) =>
      join.onRef('a.organization_id', '=', 'h.organization_id').onRef('a.id', '=', 'h.alert_id'),
    )
    .innerJoin('metric_definitions as m', (join) =>
      join.onRef('m.organization_id', '=', 'a.organization_id').onRef('m.id', '=', 'a.metric_id'),
    )
    .selectAll('h')
    .select(['a.alert_name', 'a.metric_id', 'a.severity as alert_severity'])
    .where('h.acknowledged_at', 'is', null)
    .where('h.organization_id', '=', principal.organizationId)
    .where('m.deleted_at', 'is', null)
    .where(metricVisibleSql(principal, 'm'));
  if (!options.includeResolved) query = query.where('h.resolved_at', 'is', null);
  if (options.alertId !== undefined) {
    if (!isUuid(options.alertId)) throw new NotFoundError('alert', String(options.alertId));
    query = query.where('h.alert_id', '=', options.alertId);
  }
  return query.orderBy('h.triggered_at', 'desc').orderBy('h.id', 'desc').limit(limit);
}

/**
 * Opens the alerts of `principal.organizationId` for `principal`.
 *
 * @example
 * const alerts = alertRepository(db, principal);
 * const rule = await alerts.create({
 *   alert_name: 'Coverage below 90%', metric_id, alert_type: 'threshold',
 *   condition_config: { type: 'threshold', operator: '<', value: 90 },
 * });
 * const { history } = await alerts.recordTrigger(rule.id, { metric_value: 87.5, threshold_value: 90 });
 * await alerts.acknowledge(history.id, { note: 'Looking into it' });
 */
export function alertRepository(db: Kysely<Database>, principal: Principal): AlertRepository {
  const p = assertPrincipal(principal);
  const org = p.organizationId;
  /** Runs a write atomically; an audit-column FK failure says the principal's user is wrong. */
  const write = <T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T> =>
    runInTransaction(db, work).catch((error: unknown) => {
      throw translatePrincipalError(error, p);
    });

  /** An alert whose metric is live and visible; with `edit`, one whose metric the principal may change. */
  async function requireAlert(
    trx: Kysely<Database>,
    alertId: unknown,
    need: 'view' | 'edit',
    action: string,
  ): Promise<MetricAlertRow> {
    if (!isUuid(alertId)) throw new NotFoundError('alert', String(alertId));
    const row = await trx
      .selectFrom('metric_alerts as a')
      .innerJoin('metric_definitions as m', (join) =>
        join.onRef('m.organization_id', '=', 'a.organization_id').onRef('m.id', '=', 'a.metric_id'),
      )
      .selectAll('a')
      .select(metricEditableSql(p, 'm').as('can_edit'))
      .where('a.organization_id', '=', org)
      .where('a.id', '=', alertId)
      .where('m.deleted_at', 'is', null)
      .where(metricVisibleSql(p, 'm'))
      .executeTakeFirst();
    if (!row) throw new NotFoundError('alert', alertId);
    const { can_edit, ...alert } = row;
    if (need === 'edit' && !can_edit) {
      throw new PermissionDeniedError(
        `alert ${JSON.stringify(alertId)}: to ${action} you must be allowed to change its metric (its owner, its creator while it has no owner, or a metric admin)`,
      );
    }
    return alert;
  }

  /** A history row of a visible alert. */
  async function requireHistory(trx: Kysely<Database>, historyId: unknown): Promise<MetricAlertHistoryRow> {
    if (!isUuid(historyId)) throw new NotFoundError('alert history entry', String(historyId));
    const row = await trx
      .selectFrom(HISTORY)
      .selectAll()
      .where('organization_id', '=', org)
      .where('id', '=', historyId)
      .executeTakeFirst();
    if (!row) throw new NotFoundError('alert history entry', historyId);
    try {
      await requireAlert(trx, row.alert_id, 'view', 'read its history');
    } catch (error) {
      if (error instanceof NotFoundError) throw new NotFoundError('alert history entry', historyId);
      throw error;
    }
    return row;
  }

  /** Recipients must be users and roles of this organization. */
  async function checkRecipients(trx: Kysely<Database>, values: AlertValues): Promise<void> {
    const refs = (column: 'recipient_users' | 'recipient_roles'): ReferencedId[] =>
      (values[column] ?? []).map((id, i) => ({ field: `${TABLE}.${column}[${i}]`, id }));
    await checkReferences(
      trx,
      org,
      'users',
      refs('recipient_users'),
      'the id of a user of this organization',
    );
    await checkReferences(
      trx,
      org,
      'roles',
      refs('recipient_roles'),
      'the id of a role of this organization',
    );
  }

  /** Appends `note` to the existing notes, one per line. */
  const appendNote = (note: string | undefined) =>
    note === undefined
      ? sql<string | null>`resolution_notes`
      : sql<string>`CASE WHEN resolution_notes IS NULL THEN ${note}::text ELSE resolution_notes || E'\\n' || ${note}::text END`;

  return {
    async create(input) {
      const values = checkAlertFields(input, CREATE_FIELDS);
      const row = values as Record<string, unknown>;
      requireField(TABLE, row, 'alert_name', 'a non-empty string');
      requireField(TABLE, row, 'metric_id', 'the UUID of a metric of this organization');
      requireField(TABLE, row, 'alert_type', 'an alert type');
      requireField(TABLE, row, 'condition_config', 'a condition for the alert_type');
      return write(async (trx) => {
        try {
          await requireMetric(trx, p, values.metric_id, 'edit', 'add an alert');
        } catch (error) {
          if (!(error instanceof NotFoundError)) throw error;
          throw new StoreValidationError(
            `${TABLE}.metric_id`,
            values.metric_id,
            'the id of a live metric of this organization that you can see',
          );
        }
        await checkRecipients(trx, values);
        return trx
          .insertInto(TABLE)
          .values({
            ...(values as Insertable<MetricAlertsTable>),
            organization_id: org,
            created_by: p.userId,
            updated_by: p.userId,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
      });
    },

    get(alertId) {
      return requireAlert(db, alertId, 'view', 'read it');
    },

    async list(options = {}) {
      const limit = checkInteger('limit', options.limit ?? 100, { min: 1, max: 500 }) as number;
      const offset = checkInteger('offset', options.offset ?? 0, { min: 0 }) as number;
      let query = db
        .selectFrom('metric_alerts as a')
        .innerJoin('metric_definitions as m', (join) =>
          join.onRef('m.organization_id', '=', 'a.organization_id').onRef('m.id', '=', 'a.metric_id'),
        )
        .selectAll('a')
        .where('a.organization_id', '=', org)
        .where('m.deleted_at', 'is', null)
        .where(metricVisibleSql(p, 'm'));
      if (options.metricId !== undefined) {
        if (!isUuid(options.metricId)) return [];
        query = query.where('a.metric_id', '=', options.metricId);
      }
      if (options.isActive !== undefined) {
        query = query.where('a.is_active', '=', checkBoolean('isActive', options.isActive));
      }
      return query.orderBy('a.alert_name').orderBy('a.id').limit(limit).offset(offset).execute();
    },

    async update(alertId, patch) {
      if (!isUuid(alertId)) throw new NotFoundError('alert', String(alertId));
      checkPayload(TABLE, patch, PATCH_FIELDS);
      return write(async (trx) => {
        const current = await requireAlert(trx, alertId, 'edit', 'change it');
        const values = checkAlertFields(patch, PATCH_FIELDS, current);
        await checkRecipients(trx, values);
        return trx
          .updateTable(TABLE)
          .set({ ...values, updated_by: p.userId, updated_at: sql`now()` })
          .where('organization_id', '=', org)
          .where('id', '=', current.id)
          .returningAll()
          .executeTakeFirstOrThrow();
      });
    },

    async delete(alertId) {
      await write(async (trx) => {
        const current = await requireAlert(trx, alertId, 'edit', 'delete it');
        await trx.deleteFrom(TABLE).where('organization_id', '=', org).where('id', '=', current.id).execute();
      });
    },

    async recordTrigger(alertId, trigger = {}) {
      if (!isUuid(alertId)) throw new NotFoundError('alert', String(alertId));
      const raw = checkPayload(HISTORY, trigger, TRIGGER_FIELDS);
      const checked: Record<string, unknown> = validateColumns(HISTORY, raw);
      const field = (name: string) => `${HISTORY}.${name}`;
      const triggeredAt =
        raw.triggered_at === undefined ? null : checkTimestamp(field('triggered_at'), raw.triggered_at);
      const metricValue = checkDecimal(field('metric_value'), 'metric_value', raw.metric_value ?? null);
      const thresholdValue = checkDecimal(
        field('threshold_value'),
        'metric_value',
        raw.threshold_value ?? null,
      );
      const notificationsSent = checkInteger(field('notifications_sent'), raw.notifications_sent ?? 0, {
        min: 0,
      });
      return write(async (trx) => {
        const current = await requireAlert(trx, alertId, 'edit', 'record a trigger');
        const at = triggeredAt ?? sql<Date>`now()`;
        // The row lock taken here orders concurrent triggers of the same alert.
        const alert = await trx
          .updateTable(TABLE)
          .set({
            trigger_count: sql`trigger_count + 1`,
            last_triggered: sql`GREATEST(last_triggered, ${at}::timestamptz)`,
          })
          .where('organization_id', '=', org)
          .where('id', '=', current.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        const history = await trx
          .insertInto(HISTORY)
          .values({
            alert_id: current.id,
            organization_id: org,
            triggered_at: at,
            metric_value: metricValue,
            threshold_value: thresholdValue,
            condition_details: (checked.condition_details ?? null) as JsonObject | null,
            severity_at_trigger: (checked.severity_at_trigger ?? alert.severity) as Severity,
            notifications_sent: notificationsSent as number,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return { alert, history };
      });
    },

    async acknowledge(historyId, options = {}) {
      const note = checkNote(`${HISTORY}.acknowledgement_note`, options.note);
      return write(async (trx) => {
        const current = await requireHistory(trx, historyId);
        const row = await trx
          .updateTable(HISTORY)
          .set({ acknowledged_by: p.userId, acknowledged_at: sql`now()`, acknowledgement_note: note ?? null })
          .where('organization_id', '=', org)
          .where('id', '=', current.id)
          .where('acknowledged_at', 'is', null)
          .returningAll()
          .executeTakeFirst();
        if (row) return row;
        const now = await trx
          .selectFrom(HISTORY)
          .selectAll()
          .where('id', '=', current.id)
          .executeTakeFirstOrThrow();
        throw new StoreValidationError(
          `${HISTORY}.acknowledged_at`,
          now.acknowledged_at,
          `a trigger not yet acknowledged (this one was acknowledged by user ${now.acknowledged_by})`,
        );
      });
    },

    async resolve(historyId, options = {}) {
      const note = checkNote(`${HISTORY}.resolution_notes`, options.note);
      const auto =
        options.auto === undefined ? false : checkBoolean(`${HISTORY}.auto_resolved`, options.auto);
      return write(async (trx) => {
        const current = await requireHistory(trx, historyId);
        const row = await trx
          .updateTable(HISTORY)
          .set({
            resolved_at: sql`now()`,
            auto_resolved: auto,
            resolved_by: auto ? null : p.userId,
            resolution_notes: appendNote(note),
          })
          .where('organization_id', '=', org)
          .where('id', '=', current.id)
          .where('resolved_at', 'is', null)
          .returningAll()
          .executeTakeFirst();
        if (row) return row;
        const now = await trx
          .selectFrom(HISTORY)
          .selectAll()
          .where('id', '=', current.id)
          .executeTakeFirstOrThrow();
        throw new StoreValidationError(
          `${HISTORY}.resolved_at`,
          now.resolved_at,
          'a trigger not yet resolved',
        );
      });
    },

    getHistory(historyId) {
      return requireHistory(db, historyId);
    },

    async listHistory(alertId, options = {}) {
      const limit = checkInteger('limit', options.limit ?? 100, { min: 1, max: 500 }) as number;
      const alert = await requireAlert(db, alertId, 'view', 'read its history');
      return db
        .selectFrom(HISTORY)
        .selectAll()
        .where('organization_id', '=', org)
        .where('alert_id', '=', alert.id)
        .orderBy('triggered_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
    },

    async listUnacknowledged(options = {}) {
      return unacknowledgedQuery(db, p, options).execute();
    },
  };
}
