/**
 * The approval rule lives in core (`@arion-metrics/core`, `approvals/`); this module only names
 * its types with the server's approval rows.
 */
import type { ApprovalStatus as CoreApprovalStatus } from '@arion-metrics/core';
import type { MetricApprovalRow, MetricApprovalType } from './metric-history-tables';

export { type ApprovalState, deriveApprovalStatus, REAPPROVAL_FIELDS } from '@arion-metrics/core';

/** A metric's approval state over the server's approval rows. */
export type ApprovalStatus = CoreApprovalStatus<MetricApprovalType, MetricApprovalRow>;
