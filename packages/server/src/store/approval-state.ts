/**
 * The approval state of a metric, derived from its recorded decisions (a pure function).
 *
 * The rule (also in the README, "Approval workflow"):
 * - an **approval round** starts at creation and at every version that changed the formula,
 *   the data sources or the calculation method ({@link REAPPROVAL_FIELDS}); only decisions on
 *   versions of the current round count;
 * - within the round, the latest recorded decision of each approval kind stands (a kind rejected
 *   and later approved is approved); "latest" is the recording order (`recorded_seq`), never the
 *   time a transaction began;
 * - the metric is `rejected` while a required kind's standing decision is a rejection, `approved`
 *   when every required kind has a standing approval (at once when none is required), `draft`
 *   otherwise.
 */
import type { ApprovalDecision, MetricApprovalRow, MetricApprovalType } from './metric-history-tables';

/** Fields whose change sends an approved metric back for approval (a new approval round). */
export const REAPPROVAL_FIELDS = ['calculation_formula', 'data_sources', 'calculation_method'] as const;

/** Where a metric stands in the approval workflow. */
export type ApprovalState = 'draft' | 'approved' | 'rejected';

/** A metric's approval state and how it got there. */
export interface ApprovalStatus {
  /** The metric. */
  readonly metric_id: string;
  /** Its current definition version. */
  readonly version: number;
  /** The version that started the current approval round. */
  readonly round_version: number;
  /** `draft` until every required kind is approved; `rejected` while a required kind stands rejected. */
  readonly state: ApprovalState;
  /** The kinds the organization requires. */
  readonly required: readonly MetricApprovalType[];
  /** Required kinds whose standing decision in this round is an approval. */
  readonly approved: readonly MetricApprovalType[];
  /** Required kinds with no standing approval in this round (rejected ones included). */
  readonly missing: readonly MetricApprovalType[];
  /** Standing rejections of this round, with their reasons. */
  readonly rejections: readonly MetricApprovalRow[];
  /** Every decision of this round, in the order they were recorded. */
  readonly decisions: readonly MetricApprovalRow[];
}

/**
 * Derives the {@link ApprovalStatus} from the decisions recorded since `roundVersion`
 * (`decisions` in any order; ones before the round are ignored).
 */
export function deriveApprovalStatus(input: {
  readonly metricId: string;
  readonly version: number;
  readonly roundVersion: number;
  readonly required: readonly MetricApprovalType[];
  readonly decisions: readonly MetricApprovalRow[];
}): ApprovalStatus {
  const inRound = input.decisions
    .filter((d) => d.definition_version >= input.roundVersion)
    .sort((a, b) => a.recorded_seq - b.recorded_seq);
  const standing = new Map<MetricApprovalType, MetricApprovalRow>();
  for (const d of inRound) standing.set(d.approval_type, d);
  const decisionOf = (t: MetricApprovalType): ApprovalDecision | undefined => standing.get(t)?.decision;
  const approved = input.required.filter((t) => decisionOf(t) === 'approved');
  const missing = input.required.filter((t) => decisionOf(t) !== 'approved');
  const rejections = input.required.flatMap((t) => {
    const d = standing.get(t);
    return d?.decision === 'rejected' ? [d] : [];
  });
  const state: ApprovalState =
    rejections.length > 0 ? 'rejected' : missing.length === 0 ? 'approved' : 'draft';
  return {
    metric_id: input.metricId,
    version: input.version,
    round_version: input.roundVersion,
    state,
    required: [...input.required],
    approved,
    missing,
    rejections,
    decisions: inRound,
  };
}
