/**
 * Reads and writes the organization's metric rules (`organizations.settings.metrics`); what they
 * mean and how they are checked is core's (`approvals/metric-settings.ts`).
 */
import {
  type MetricSettings as CoreMetricSettings,
  type Database,
  FieldError,
  type JsonObject,
  type JsonValue,
  parseMetricSettings as parseCoreMetricSettings,
} from '@arion-metrics/core';
import { type Kysely, sql } from 'kysely';
import { METRIC_APPROVAL_TYPES, type MetricApprovalType } from './metric-history-tables';
import { StoreValidationError } from './store-errors';

/** The metric rules of one organization (the rule is core's `parseMetricSettings`). */
export type MetricSettings = CoreMetricSettings<MetricApprovalType>;

/** The rules that apply when an organization has set none. */
export const DEFAULT_METRIC_SETTINGS: MetricSettings = parseCoreMetricSettings(
  undefined,
  METRIC_APPROVAL_TYPES,
);

/**
 * Checks a `settings.metrics` value (or a part of one) with core's rule and returns it complete,
 * defaults filled; a refusal is a {@link StoreValidationError} naming the field, value and rule.
 */
export function parseMetricSettings(value: unknown): MetricSettings {
  try {
    return parseCoreMetricSettings(value, METRIC_APPROVAL_TYPES);
  } catch (error) {
    if (error instanceof FieldError) {
      throw new StoreValidationError(error.field, error.value, error.allowed, { cause: error });
    }
    throw error;
  }
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
