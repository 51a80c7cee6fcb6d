/**
 * The Kysely schema the metric repositories run against. The version and approval tables
 * (migrations 0002-0004) are described in core with the others and are part of core's
 * `Database`; the names below remain for the code that imported them from here.
 */
import type { Database } from '@arion-metrics/core';
import type { Kysely } from 'kysely';

export {
  APPROVAL_DECISIONS,
  type ApprovalDecision,
  type FieldChange,
  METRIC_APPROVAL_TYPES,
  type MetricApprovalRow,
  type MetricApprovalsTable,
  type MetricApprovalType,
  type MetricDefinitionVersionRow,
  type MetricDefinitionVersionsTable,
} from '@arion-metrics/core';

/** Core's `Database`, which holds the history tables. */
export type MetricStoreDatabase = Database;

/** The same handle: core's `Database` already holds the history tables. */
export function withMetricHistory(db: Kysely<Database>): Kysely<MetricStoreDatabase> {
  return db;
}
