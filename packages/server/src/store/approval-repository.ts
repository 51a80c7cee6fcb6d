/**
 * The approval workflow of metric definitions (spec: "Approval Requirements"): record approvals
 * and rejections per approval kind against the definition version the reviewer saw, and read a
 * metric's approval state. The state rule and who may decide are core's (`approvals/`); which kinds are required is the
 * organization's choice (`metric-settings.ts`).
 *
 * Who may decide: the `metric_owner` kind only the metric's owner (or, for a metric without owner,
 * a metric admin); the other kinds a metric admin when the organization lists admin roles,
 * otherwise anyone who can see the metric. Every decision locks the metric row, so decisions and
 * updates of one metric happen one after the other; `is_active` follows the state each time a
 * decision is recorded (active when approved, inactive otherwise).
 */
import { approvalEffects, checkApprovalRequest, type Database } from '@arion-metrics/core';
import { type Kysely, sql } from 'kysely';
import { type ApprovalStatus, deriveApprovalStatus } from './approval-state';
import { checkInteger, checkText, translatePrincipalError } from './input-checks';
import { metricAdminSql, requireMetric } from './metric-access';
import {
  type ApprovalDecision,
  METRIC_APPROVAL_TYPES,
  type MetricApprovalRow,
  type MetricApprovalType,
  withMetricHistory,
} from './metric-history-tables';
import { readMetricSettings } from './metric-settings';
import { assertPrincipal, type Principal } from './principal';
import { runInTransaction } from './run-in-transaction';
import {
  PermissionDeniedError,
  StoreValidationError,
  translateDatabaseError,
  VersionConflictError,
} from './store-errors';

/** An approval: which kind, on which version (the one the reviewer saw), with an optional note. */
export interface ApprovalInput {
  /** The approval kind given. */
  readonly approval_type: MetricApprovalType;
  /** The definition version approved; must be the metric's current version. */
  readonly version: number;
  /** A note for the record. */
  readonly note?: string | null;
}

/** A rejection: which kind, on which version, and why (required). */
export interface RejectionInput {
  /** The approval kind refused. */
  readonly approval_type: MetricApprovalType;
  /** The definition version rejected; must be the metric's current version. */
  readonly version: number;
  /** Why: shown to the metric's owner. */
  readonly reason: string;
}

/** The approval workflow as one principal sees it. */
export interface ApprovalRepository {
  /** The metric's approval state (draft, approved, rejected) with what is approved and missing. */
  status(metricId: string): Promise<ApprovalStatus>;
  /** Records an approval; the metric becomes active when it completes the required set. */
  approve(metricId: string, input: ApprovalInput): Promise<ApprovalStatus>;
  /** Records a rejection with its reason; the metric is inactive while a rejection stands. */
  reject(metricId: string, input: RejectionInput): Promise<ApprovalStatus>;
  /** Every decision ever recorded for the metric (all rounds), in the order they were recorded. */
  decisions(metricId: string): Promise<readonly MetricApprovalRow[]>;
}

/**
 * Loads the approval state of a metric at `version` (inside the caller's transaction when it
 * holds one): the round start from the version history, then the decisions of the round.
 */
export async function loadApprovalStatus(
  db: Kysely<Database>,
  organizationId: string,
  metricId: string,
  version: number,
  required: readonly MetricApprovalType[],
): Promise<ApprovalStatus> {
  const h = withMetricHistory(db);
  const round = await h
    .selectFrom('metric_definition_versions')
    .select((eb) => eb.fn.max('version').as('round'))
    .where('organization_id', '=', organizationId)
    .where('metric_id', '=', metricId)
    .where('requires_approval', '=', true)
    .executeTakeFirst();
  const roundVersion = round?.round ?? 1;
  const decisions = await h
    .selectFrom('metric_approvals')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('metric_id', '=', metricId)
    .where('definition_version', '>=', roundVersion)
    .execute();
  return deriveApprovalStatus({ metricId, version, roundVersion, required, decisions });
}

/**
 * Opens the approval workflow of `principal.organizationId` for `principal`.
 *
 * @example
 * const approvals = approvalRepository(db, reviewer);
 * await approvals.approve(metric.id, { approval_type: 'calculation_methodology', version: metric.version });
 * await approvals.reject(metric.id, { approval_type: 'data_sources', version: metric.version, reason: 'uses a staging table' });
 */
export function approvalRepository(db: Kysely<Database>, principal: Principal): ApprovalRepository {
  const p = assertPrincipal(principal);
  const org = p.organizationId;

  async function decide(
    metricId: string,
    decision: ApprovalDecision,
    input: { approval_type: unknown; version: unknown; note: string | null },
  ): Promise<ApprovalStatus> {
    const type = input.approval_type as MetricApprovalType;
    if (!METRIC_APPROVAL_TYPES.includes(type)) {
      throw new StoreValidationError(
        'approval_type',
        input.approval_type,
        `one of ${METRIC_APPROVAL_TYPES.join(', ')}`,
      );
    }
    const version = checkInteger('version', input.version, { min: 1 }) as number;
    try {
      return await runInTransaction(db, async (trx) => {
        const metric = await requireMetric(
          trx,
          p,
          metricId,
          'view',
          `${decision === 'approved' ? 'approve' : 'reject'} it`,
          {
            forUpdate: true,
          },
        );
        if (metric.version !== version) {
          throw new VersionConflictError('metric', metric.id, version, metric.version);
        }
        const settings = await readMetricSettings(trx, org);
        const { admin } = await trx.selectNoFrom(metricAdminSql(p).as('admin')).executeTakeFirstOrThrow();
        const check = checkApprovalRequest({
          kind: type,
          decision,
          required: settings.required_approvals,
          adminRolesSet: settings.admin_role_ids.length > 0,
          principalIsAdmin: Boolean(admin),
          principalUserId: p.userId,
          ownerId: metric.owner_id,
        });
        if (!check.allowed && check.refusal === 'kind_not_required') {
          throw new StoreValidationError('approval_type', type, check.expected);
        }
        if (!check.allowed) {
          throw new PermissionDeniedError(
            `metric ${JSON.stringify(metric.id)}: the ${type} ${decision === 'approved' ? 'approval' : 'rejection'} must come from ${check.expected}`,
          );
        }
        await withMetricHistory(trx)
          .insertInto('metric_approvals')
          .values({
            metric_id: metric.id,
            definition_version: metric.version,
            approval_type: type,
            decision,
            note: input.note,
            decided_by: p.userId,
            organization_id: org,
          })
          .execute();
        const status = await loadApprovalStatus(
          trx,
          org,
          metric.id,
          metric.version,
          settings.required_approvals,
        );
        for (const effect of approvalEffects(status, metric.is_active)) {
          await trx
            .updateTable('metric_definitions')
            .set({ is_active: effect.active, updated_by: p.userId, updated_at: sql`now()` })
            .where('organization_id', '=', org)
            .where('id', '=', metric.id)
            .execute();
        }
        return status;
      });
    } catch (error) {
      throw translateDatabaseError(translatePrincipalError(error, p));
    }
  }

  return {
    async status(metricId) {
      const metric = await requireMetric(db, p, metricId, 'view', 'read it');
      const settings = await readMetricSettings(db, org);
      return loadApprovalStatus(db, org, metric.id, metric.version, settings.required_approvals);
    },

    async approve(metricId, input) {
      const note = checkText('note', input?.note ?? null, { max: 5000, nullable: true });
      return decide(metricId, 'approved', {
        approval_type: input?.approval_type,
        version: input?.version,
        note,
      });
    },

    async reject(metricId, input) {
      const reason = checkText('reason', input?.reason, { max: 5000 });
      return decide(metricId, 'rejected', {
        approval_type: input?.approval_type,
        version: input?.version,
        note: reason,
      });
    },

    async decisions(metricId) {
      const metric = await requireMetric(db, p, metricId, 'view', 'read it');
      return withMetricHistory(db)
        .selectFrom('metric_approvals')
        .selectAll()
        .where('organization_id', '=', org)
        .where('metric_id', '=', metric.id)
        .orderBy('recorded_seq')
        .execute();
    },
  };
}
