import { describe, expect, it } from 'vitest';
import {
  type ApprovalDecisionRecord,
  type ApprovalState,
  approvalEffects,
  checkApprovalRequest,
  deriveApprovalStatus,
} from './approval-state';

type Kind = 'owner' | 'method';
const REQUIRED: readonly Kind[] = ['owner', 'method'];

/** One decision per kind that brings the metric to each state, recorded in order. */
const START: Record<ApprovalState, readonly ApprovalDecisionRecord<Kind>[]> = {
  draft: [{ approval_type: 'owner', decision: 'approved', definition_version: 2, recorded_seq: 1 }],
  approved: [
    { approval_type: 'owner', decision: 'approved', definition_version: 2, recorded_seq: 1 },
    { approval_type: 'method', decision: 'approved', definition_version: 2, recorded_seq: 2 },
  ],
  rejected: [
    { approval_type: 'owner', decision: 'approved', definition_version: 2, recorded_seq: 1 },
    { approval_type: 'method', decision: 'rejected', definition_version: 2, recorded_seq: 2 },
  ],
};

const status = (decisions: readonly ApprovalDecisionRecord<Kind>[], roundVersion = 2) =>
  deriveApprovalStatus({ metricId: 'm', version: 3, roundVersion, required: REQUIRED, decisions });

describe('deriveApprovalStatus', () => {
  it.each(Object.keys(START) as ApprovalState[])('starts in %s from its decisions', (state) => {
    expect(status(START[state]).state).toBe(state);
  });

  // every state x event: a later approval or rejection of each required kind
  it.each([
    ['draft', 'owner', 'approved', 'draft'],
    ['draft', 'owner', 'rejected', 'rejected'],
    ['draft', 'method', 'approved', 'approved'],
    ['draft', 'method', 'rejected', 'rejected'],
    ['approved', 'owner', 'approved', 'approved'],
    ['approved', 'owner', 'rejected', 'rejected'],
    ['approved', 'method', 'approved', 'approved'],
    ['approved', 'method', 'rejected', 'rejected'],
    ['rejected', 'owner', 'approved', 'rejected'],
    ['rejected', 'owner', 'rejected', 'rejected'],
    ['rejected', 'method', 'approved', 'approved'],
    ['rejected', 'method', 'rejected', 'rejected'],
  ] as const)('%s + %s %s -> %s', (from, kind, decision, to) => {
    const event = { approval_type: kind, decision, definition_version: 3, recorded_seq: 10 } as const;
    const next = status([event, ...START[from]]);
    expect(next.state).toBe(to);
    expect(next.decisions.at(-1)).toBe(event);
    expect([...next.approved, ...next.missing].sort()).toEqual([...REQUIRED].sort());
  });

  it('ignores decisions of an earlier round, so a new round starts in draft', () => {
    const next = status(START.approved, 3);
    expect(next.state).toBe('draft');
    expect(next.decisions).toEqual([]);
    expect(next.missing).toEqual(REQUIRED);
  });

  it('is approved at once when nothing is required', () => {
    expect(
      deriveApprovalStatus({ metricId: 'm', version: 1, roundVersion: 1, required: [], decisions: [] }).state,
    ).toBe('approved');
  });
});

describe('checkApprovalRequest', () => {
  const base = {
    kind: 'method' as Kind,
    decision: 'approved' as const,
    required: REQUIRED,
    adminRolesSet: false,
    principalIsAdmin: false,
    principalUserId: 'u1',
    ownerId: 'u1' as string | null,
  };

  it('refuses a kind the organization does not require, naming what it requires', () => {
    expect(checkApprovalRequest({ ...base, required: ['owner'] })).toEqual({
      allowed: false,
      refusal: 'kind_not_required',
      expected: 'one of the kinds this organization requires: owner',
    });
    expect(checkApprovalRequest({ ...base, required: [] })).toMatchObject({
      expected: 'nothing: this organization requires no approvals',
    });
  });

  it.each([
    // kind, ownerId, adminRolesSet, principalIsAdmin, allowed
    ['metric_owner', 'u1', false, false, true],
    ['metric_owner', 'u2', false, true, false],
    ['metric_owner', null, false, false, false],
    ['metric_owner', null, true, true, true],
    ['data_sources', 'u2', false, false, true],
    ['data_sources', 'u2', true, false, false],
    ['data_sources', 'u2', true, true, true],
  ] as const)(
    '%s, owner %s, admin roles set %s, principal admin %s: allowed %s',
    (kind, ownerId, set, admin, allowed) => {
      const result = checkApprovalRequest({
        ...base,
        kind,
        required: ['metric_owner', 'data_sources'],
        ownerId,
        adminRolesSet: set,
        principalIsAdmin: admin,
      });
      expect(result.allowed).toBe(allowed);
      if (!result.allowed) expect(result.refusal).toBe('not_permitted');
    },
  );
});

describe('approvalEffects', () => {
  it.each([
    ['approved', false, [{ type: 'set_active', active: true }]],
    ['approved', true, []],
    ['draft', true, [{ type: 'set_active', active: false }]],
    ['draft', false, []],
    ['rejected', true, [{ type: 'set_active', active: false }]],
    ['rejected', false, []],
  ] as const)('%s on a metric active=%s -> %j', (state, active, effects) => {
    expect(approvalEffects({ state }, active)).toEqual(effects);
  });
});
