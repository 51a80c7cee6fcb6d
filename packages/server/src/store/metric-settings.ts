/**
 * The organization's rules for metrics, kept in `organizations.settings.metrics`:
 *
 * ```json
 * { "metrics": { "required_approvals": ["metric_owner", "calculation_methodology"],
 *                "admin_role_ids": ["7d0c…"] } }
 * ```
 *
 * - `required_approvals`: the approval kinds a metric needs before it becomes active (a subset of
 *   {@link METRIC_APPROVAL_TYPES}); absent means all four kinds of the spec; `[]` means none
 *   (metrics are active from creation).
 * - `admin_role_ids`: roles whose holders see and edit every metric of the organization and may
 *   record any approval kind; absent means none.
 */
import type { Database, JsonObject, JsonValue } from '@arion-metrics/core';
import { type Kysely, sql } from 'kysely';
import { METRIC_APPROVAL_TYPES, type MetricApprovalType } from './metric-history-tables';
import { isUuid } from './principal';
import { StoreValidationError } from './store-errors';

/** The metric rules of one organization. */
export interface MetricSettings {
  /** Approval kinds a metric needs before it becomes active (empty: none). */
  readonly required_approvals: readonly MetricApprovalType[];
  /** Roles whose holders see and edit every metric and may record any approval. */
  readonly admin_role_ids: readonly string[];
}

/** The rules that apply when an organization has set none. */
export const DEFAULT_METRIC_SETTINGS: MetricSettings = Object.freeze({
  required_approvals: METRIC_APPROVAL_TYPES,
  admin_role_ids: Object.freeze([]),
});

const FIELD = 'organizations.settings.metrics';

/**
 * Checks a `settings.metrics` value (or a part of one) and returns it complete, defaults filled.
 * Errors name the field, the value and what is allowed.
 */
export function parseMetricSettings(value: unknown): MetricSettings {
  if (value === undefined || value === null) return DEFAULT_METRIC_SETTINGS;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new StoreValidationError(FIELD, value, 'an object with required_approvals and/or admin_role_ids');
  }
  const raw = value as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (key !== 'required_approvals' && key !== 'admin_role_ids') {
      throw new StoreValidationError(
        `${FIELD}.${key}`,
        raw[key],
        'no such setting; settings: required_approvals, admin_role_ids',
      );
    }
  }
  let required: readonly MetricApprovalType[] = DEFAULT_METRIC_SETTINGS.required_approvals;
  if (raw.required_approvals !== undefined) {
    const list = raw.required_approvals;
    const allowed = `an array of distinct approval kinds, each one of ${METRIC_APPROVAL_TYPES.join(', ')} ([] for none)`;
    if (!Array.isArray(list)) throw new StoreValidationError(`${FIELD}.required_approvals`, list, allowed);
    list.forEach((item: unknown, i) => {
      if (!METRIC_APPROVAL_TYPES.includes(item as MetricApprovalType) || list.indexOf(item) !== i) {
        throw new StoreValidationError(`${FIELD}.required_approvals[${i}]`, item, allowed);
      }
    });
    required = METRIC_APPROVAL_TYPES.filter((t) => list.includes(t));
  }
  let admins: readonly string[] = DEFAULT_METRIC_SETTINGS.admin_role_ids;
  if (raw.admin_role_ids !== undefined) {
    const list = raw.admin_role_ids;
    const allowed = 'an array of role ids (UUIDs)';
    if (!Array.isArray(list)) throw new StoreValidationError(`${FIELD}.admin_role_ids`, list, allowed);
    list.forEach((item: unknown, i) => {
      if (!isUuid(item)) throw new StoreValidationError(`${FIELD}.admin_role_ids[${i}]`, item, allowed);
    });
    admins = list.map((id: string) => id.toLowerCase());
  }
  return Object.freeze({
    required_approvals: Object.freeze([...required]),
    admin_role_ids: Object.freeze([...admins]),
  });
}

/** Reads the metric rules of `organizationId` (defaults when unset). */
export async function readMetricSettings(
  db: Kysely<Database>,
  organizationId: string,
): Promise<MetricSettings> {
  const row = await db
    .selectFrom('organizations')
    .select(sql<JsonValue | null>`settings -> 'metrics'`.as('metrics'))
    .where('id', '=', organizationId)
    .executeTakeFirst();
  return parseMetricSettings(row?.metrics ?? undefined);
}

/**
 * Replaces the metric rules of `organizationId` (other keys of `settings` are kept). The change
 * applies to approval rounds decided after it: metrics that are already active stay active.
 */
export async function writeMetricSettings(
  db: Kysely<Database>,
  organizationId: string,
  settings: Partial<MetricSettings>,
): Promise<MetricSettings> {
  const parsed = parseMetricSettings(settings);
  const value: JsonObject = {
    required_approvals: [...parsed.required_approvals],
    admin_role_ids: [...parsed.admin_role_ids],
  };
  await db
    .updateTable('organizations')
    .set({
      settings: sql`jsonb_set(settings, '{metrics}', ${JSON.stringify(value)}::jsonb)`,
      updated_at: sql`now()`,
    })
    .where('id', '=', organizationId)
    .execute();
  return parsed;
}
