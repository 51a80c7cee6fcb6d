/**
 * The approval workflow of metric definitions as pure functions, in the style of the alert state
 * machine: the server loads the metric, the organization's settings and the recorded decisions,
 * asks these functions, and writes what they return. The rule (server README, "Approval workflow"):
 * - an approval round starts at creation and at every version that changed one of
 *   {@link REAPPROVAL_FIELDS}; only decisions on versions of the current round count;
 * - within the round the latest recorded decision (by `recorded_seq`) of each kind stands;
 * - the metric is `rejected` while a required kind stands rejected, `approved` when every required
 *   kind stands approved (at once when none is required), `draft` otherwise.
 */

/** Fields whose change sends an approved metric back for approval (a new approval round). */
export const REAPPROVAL_FIELDS = ['calculation_formula', 'data_sources', 'calculation_method'] as const;

/** Where a metric stands in the approval workflow. */
export type ApprovalState = 'draft' | 'approved' | 'rejected';

/** The part of a recorded decision the rule reads; `K` is the approval kind. */
export interface ApprovalDecisionRecord<K extends string = string> {
  readonly approval_type: K;
  readonly decision: 'approved' | 'rejected';
  /** The definition version the reviewer saw. */
  readonly definition_version: number;
  /** Recording order (never the time a transaction began): the later one stands. */
  readonly recorded_seq: number;
}

/** A metric's approval state and how it got there. */
export interface ApprovalStatus<
  K extends string = string,
  D extends ApprovalDecisionRecord<K> = ApprovalDecisionRecord<K>,
> {
  readonly metric_id: string;
  /** The metric's current definition version. */
  readonly version: number;
  /** The version that started the current approval round. */
  readonly round_version: number;
  readonly state: ApprovalState;
  /** The kinds the organization requires. */
  readonly required: readonly K[];
  /** Required kinds whose standing decision in this round is an approval. */
  readonly approved: readonly K[];
  /** Required kinds with no standing approval in this round (rejected ones included). */
  readonly missing: readonly K[];
  /** Standing rejections of this round. */
  readonly rejections: readonly D[];
  /** Every decision of this round, in recording order. */
  readonly decisions: readonly D[];
}

/**
 * Derives the {@link ApprovalStatus} from the decisions recorded since `roundVersion`
 * (`decisions` in any order; ones before the round are ignored).
 */
export function deriveApprovalStatus<K extends string, D extends ApprovalDecisionRecord<K>>(input: {
  readonly metricId: string;
  readonly version: number;
  readonly roundVersion: number;
  readonly required: readonly K[];
  readonly decisions: readonly D[];
}): ApprovalStatus<K, D> {
  const inRound = input.decisions
    .filter((d) => d.definition_version >= input.roundVersion)
    .sort((a, b) => a.recorded_seq - b.recorded_seq);
  const standing = new Map<K, D>();
  for (const d of inRound) standing.set(d.approval_type, d);
  const approved = input.required.filter((t) => standing.get(t)?.decision === 'approved');
  const missing = input.required.filter((t) => standing.get(t)?.decision !== 'approved');
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

/** Who asks to record a decision, and what the organization and the metric say about it. */
export interface ApprovalRequest<K extends string> {
  readonly kind: K;
  readonly decision: 'approved' | 'rejected';
  /** The kinds the organization requires (its `required_approvals`). */
  readonly required: readonly K[];
  /** Whether the organization lists admin roles (`admin_role_ids` not empty). */
  readonly adminRolesSet: boolean;
  /** Whether the principal holds one of those roles. */
  readonly principalIsAdmin: boolean;
  readonly principalUserId: string;
  readonly ownerId: string | null;
}

/**
 * Whether a decision may be recorded: `{ allowed: true }`, or what refuses it. The kind must be
 * required by the organization; `metric_owner` only from the owner (or a metric admin when the
 * metric has no owner); the other kinds from a metric admin when the organization lists admin
 * roles, otherwise from anyone who can see the metric.
 */
export function checkApprovalRequest<K extends string>(
  request: ApprovalRequest<K>,
):
  | { readonly allowed: true }
  | { readonly allowed: false; readonly refusal: 'kind_not_required'; readonly expected: string }
  | { readonly allowed: false; readonly refusal: 'not_permitted'; readonly expected: string } {
  if (!request.required.includes(request.kind)) {
    return {
      allowed: false,
      refusal: 'kind_not_required',
      expected:
        request.required.length === 0
          ? 'nothing: this organization requires no approvals'
          : `one of the kinds this organization requires: ${request.required.join(', ')}`,
    };
  }
  const owner = request.kind === 'metric_owner';
  const permitted = owner
    ? request.ownerId === null
      ? request.principalIsAdmin
      : request.ownerId === request.principalUserId
    : !request.adminRolesSet || request.principalIsAdmin;
  if (permitted) return { allowed: true };
  return {
    allowed: false,
    refusal: 'not_permitted',
    expected: owner
      ? request.ownerId === null
        ? 'a metric admin (the metric has no owner)'
        : 'the metric owner'
      : 'a metric admin of the organization',
  };
}

/** What the store does after a decision: set `is_active` when it no longer matches the state. */
export type ApprovalEffect = { readonly type: 'set_active'; readonly active: boolean };

/**
 * The effects of a new {@link ApprovalStatus} on a metric that is now `isActive`: active exactly
 * when approved, so `[]` or one `set_active`.
 */
export function approvalEffects(
  status: { readonly state: ApprovalState },
  isActive: boolean,
): ApprovalEffect[] {
  const active = status.state === 'approved';
  return active === isActive ? [] : [{ type: 'set_active', active }];
}
