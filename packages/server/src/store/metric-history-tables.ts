/**
 * Row types of the two tables added by migration 0002 (`metric_definition_versions`,
 * `metric_approvals`) and the Kysely schema the metric repositories run against: core's
 * `Database` plus these two. Core describes the spec's tables; these two belong to the store's
 * version history and approval workflow.
 */
import type {
  Database,
  Generated,
  GeneratedJsonbColumn,
  GeneratedTimestamp,
  JsonbColumn,
  JsonObject,
  Selected,
} from '@arion-metrics/core';
import type { Kysely } from 'kysely';

/**
 * The approval kinds of the spec's "Approval Requirements", in the order they are usually given:
 * metric owner approval, calculation methodology validation, data source verification, business
 * alignment confirmation. An organization chooses which of them a metric needs.
 */
export const METRIC_APPROVAL_TYPES = [
  'metric_owner',
  'calculation_methodology',
  'data_sources',
  'business_alignment',
] as const;
/** One approval kind (see {@link METRIC_APPROVAL_TYPES}). */
export type MetricApprovalType = (typeof METRIC_APPROVAL_TYPES)[number];

/** A reviewer's decision on one approval kind. */
export const APPROVAL_DECISIONS = ['approved', 'rejected'] as const;
/** `'approved'` or `'rejected'`. */
export type ApprovalDecision = (typeof APPROVAL_DECISIONS)[number];

/** A field that changed between two versions: its value before and after. */
export interface FieldChange {
  /** Value in the previous version (JSON). */
  readonly from: unknown;
  /** Value in this version (JSON). */
  readonly to: unknown;
}

/** `metric_definition_versions`: one row per version of a metric definition. */
export interface MetricDefinitionVersionsTable {
  /** Primary key. */
  id: Generated<string>;
  /** The metric. */
  metric_id: string;
  /** The definition version this row describes (1 at creation, +1 per update). */
  version: number;
  /** The whole definition at this version (the writable fields of `metric_definitions`). */
  definition: JsonbColumn<JsonObject>;
  /** Fields changed against the previous version, `{ field: { from, to } }`; `{}` for version 1. */
  changes: GeneratedJsonbColumn<Record<string, FieldChange>>;
  /** Whether this version started a new approval round (creation, or a change of formula, data sources or method). */
  requires_approval: Generated<boolean>;
  /** Who made this version. */
  changed_by: string | null;
  /** When this version was made. */
  changed_at: GeneratedTimestamp;
  /** Owning organization. */
  organization_id: string;
}

/** `metric_approvals`: every approval or rejection recorded for a metric. */
export interface MetricApprovalsTable {
  /** Primary key. */
  id: Generated<string>;
  /** The metric. */
  metric_id: string;
  /** The definition version the reviewer decided on. */
  definition_version: number;
  /** Which approval this decision gives or refuses. */
  approval_type: MetricApprovalType;
  /** The decision. */
  decision: ApprovalDecision;
  /** The reviewer's note; a rejection's reason (required for rejections). */
  note: string | null;
  /** Who decided. */
  decided_by: string | null;
  /** When the decision was recorded (the time the row was written, not its transaction's start). */
  decided_at: GeneratedTimestamp;
  /** Owning organization. */
  organization_id: string;
  /**
   * The order in which decisions were recorded (an identity): of two decisions of one metric the
   * later recorded has the higher number, and of each kind the highest stands.
   */
  recorded_seq: Generated<number>;
}

/** A selected `metric_definition_versions` row. */
export type MetricDefinitionVersionRow = Selected<MetricDefinitionVersionsTable>;
/** A selected `metric_approvals` row. */
export type MetricApprovalRow = Selected<MetricApprovalsTable>;

/** Core's tables plus the store's history tables. */
export interface MetricStoreDatabase extends Database {
  /** Versions of metric definitions. */
  metric_definition_versions: MetricDefinitionVersionsTable;
  /** Approval decisions. */
  metric_approvals: MetricApprovalsTable;
}

/** The same handle typed with the history tables (no new connection: Kysely's `withTables`). */
export function withMetricHistory(db: Kysely<Database>): Kysely<MetricStoreDatabase> {
  return db.withTables<{
    metric_definition_versions: MetricDefinitionVersionsTable;
    metric_approvals: MetricApprovalsTable;
  }>() as Kysely<MetricStoreDatabase>;
}
