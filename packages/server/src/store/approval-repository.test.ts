import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENGINES, useTestDatabase } from '../testing/test-database';
import { approvalRepository } from './approval-repository';
import { REAPPROVAL_FIELDS } from './approval-state';
import { type MetricInput, type MetricPatch, metricRepository } from './metric-repository';
import { parseMetricSettings, readMetricSettings, writeMetricSettings } from './metric-settings';
import { PermissionDeniedError, StoreValidationError, VersionConflictError } from './store-errors';
import { createTestOrganization, type TestOrganization } from './test-organization';

const input = (over: Partial<MetricInput> = {}): MetricInput => ({
  metric_name: `metric_${randomUUID().slice(0, 8)}`,
  display_name: 'Control coverage',
  metric_category: 'compliance',
  metric_type: 'percentage',
  calculation_method: 'sql',
  calculation_formula: 'SELECT 100.0 * count(*) FILTER (WHERE tested) / count(*) FROM controls',
  data_sources: { tables: ['controls'] },
  direction: 'higher_better',
  ...over,
});

describe.each(TEST_ENGINES)('the approval workflow on %s', (engine) => {
  const t = useTestDatabase(engine);
  let org: TestOrganization;
  /** users[0] owns metrics; users[1] holds the admin role (roles[0]); users[2] holds none. */
  const owner = () => org.principal(0);
  const reviewer = () => org.principal(1, { roles: [0] });
  const outsider = () => org.principal(2);

  beforeAll(async () => {
    org = await createTestOrganization(t.db);
    await writeMetricSettings(t.db, org.organizationId, {
      required_approvals: ['metric_owner', 'calculation_methodology', 'data_sources'],
      admin_role_ids: [org.roles[0]!],
    });
  });

  async function approveAll(metricId: string, version: number) {
    await approvalRepository(t.db, owner()).approve(metricId, { approval_type: 'metric_owner', version });
    await approvalRepository(t.db, reviewer()).approve(metricId, {
      approval_type: 'calculation_methodology',
      version,
    });
    return approvalRepository(t.db, reviewer()).approve(metricId, {
      approval_type: 'data_sources',
      version,
      note: 'checked',
    });
  }

  it('keeps a new metric a draft, inactive, until every required approval is recorded, then activates it', async () => {
    const metrics = metricRepository(t.db, owner());
    const m = await metrics.create(input());
    expect(m.is_active).toBe(false);
    const approvals = approvalRepository(t.db, reviewer());
    expect(await approvals.status(m.id)).toMatchObject({
      state: 'draft',
      missing: ['metric_owner', 'calculation_methodology', 'data_sources'],
    });
    await approvalRepository(t.db, owner()).approve(m.id, {
      approval_type: 'metric_owner',
      version: 1,
      note: 'mine',
    });
    const partial = await approvals.approve(m.id, { approval_type: 'calculation_methodology', version: 1 });
    expect(partial).toMatchObject({
      state: 'draft',
      approved: ['metric_owner', 'calculation_methodology'],
      missing: ['data_sources'],
    });
    expect((await metrics.get(m.id)).is_active).toBe(false);
    const done = await approvals.approve(m.id, { approval_type: 'data_sources', version: 1 });
    expect(done).toMatchObject({ state: 'approved', missing: [] });
    expect((await metrics.get(m.id)).is_active).toBe(true);
    const decisions = await approvals.decisions(m.id);
    expect(
      decisions.map((d) => [d.approval_type, d.decision, d.decided_by, d.definition_version, d.note]),
    ).toEqual([
      ['metric_owner', 'approved', org.users[0], 1, 'mine'],
      ['calculation_methodology', 'approved', org.users[1], 1, null],
      ['data_sources', 'approved', org.users[1], 1, null],
    ]);
    expect(decisions.every((d) => d.decided_at instanceof Date)).toBe(true);
  });

  it('makes a metric active at creation when the organization requires no approvals', async () => {
    const o = await createTestOrganization(t.db, 1);
    await writeMetricSettings(t.db, o.organizationId, { required_approvals: [] });
    const m = await metricRepository(t.db, o.principal(0)).create(input());
    expect(m.is_active).toBe(true);
    expect(await approvalRepository(t.db, o.principal(0)).status(m.id)).toMatchObject({
      state: 'approved',
      required: [],
    });
  });

  it('records a rejection with its reason and keeps the metric inactive; a later approval of that kind lifts it', async () => {
    const m = await metricRepository(t.db, owner()).create(input());
    const approvals = approvalRepository(t.db, reviewer());
    const rejected = await approvals.reject(m.id, {
      approval_type: 'data_sources',
      version: 1,
      reason: 'reads a staging table',
    });
    expect(rejected.state).toBe('rejected');
    expect(rejected.rejections.map((r) => [r.approval_type, r.note, r.decided_by])).toEqual([
      ['data_sources', 'reads a staging table', org.users[1]],
    ]);
    await approveAll(m.id, 1);
    expect((await approvals.status(m.id)).state).toBe('approved');
    expect((await metricRepository(t.db, owner()).get(m.id)).is_active).toBe(true);
    await approvals.reject(m.id, {
      approval_type: 'calculation_methodology',
      version: 1,
      reason: 'double counts',
    });
    expect((await metricRepository(t.db, owner()).get(m.id)).is_active).toBe(false);
  });

  it('refuses a rejection without a reason, naming the field, and records nothing', async () => {
    const m = await metricRepository(t.db, owner()).create(input());
    const approvals = approvalRepository(t.db, reviewer());
    const error = await approvals
      .reject(m.id, { approval_type: 'data_sources', version: 1, reason: ' ' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreValidationError);
    expect((error as StoreValidationError).field).toBe('reason');
    expect(await approvals.decisions(m.id)).toEqual([]);
  });

  it.each(REAPPROVAL_FIELDS)('sends an approved metric back to draft when %s changes', async (field) => {
    const metrics = metricRepository(t.db, owner());
    const m = await metrics.create(input());
    await approveAll(m.id, 1);
    const patch: MetricPatch = {
      calculation_formula: { calculation_formula: 'SELECT 42' },
      data_sources: { data_sources: { tables: ['controls', 'tests'] } },
      calculation_method: { calculation_method: 'manual' as const },
    }[field];
    const changed = await metrics.update(m.id, 1, patch);
    expect(changed.is_active).toBe(false);
    const status = await approvalRepository(t.db, reviewer()).status(m.id);
    expect(status).toMatchObject({ state: 'draft', round_version: 2, approved: [] });
    const v2 = (await metrics.versions(m.id))[1];
    expect(v2?.requires_approval).toBe(true);
    expect(Object.keys(v2?.changes ?? {}).sort()).toEqual([field, 'is_active'].sort());
    // Approvals of version 1 do not count for version 2; approving version 2 activates it again.
    await approveAll(m.id, 2);
    expect((await metrics.get(m.id)).is_active).toBe(true);
  });

  it('keeps an approved metric approved and active when only its description, tags, target or thresholds change', async () => {
    const metrics = metricRepository(t.db, owner());
    const m = await metrics.create(input());
    await approveAll(m.id, 1);
    const changed = await metrics.update(m.id, 1, {
      description: 'Share of controls tested this quarter',
      tags: ['soc2'],
      target_value: 95,
      display_name: 'Control coverage (%)',
    });
    expect([changed.version, changed.is_active]).toEqual([2, true]);
    expect(await approvalRepository(t.db, reviewer()).status(m.id)).toMatchObject({
      state: 'approved',
      round_version: 1,
    });
    expect((await metrics.versions(m.id))[1]?.requires_approval).toBe(false);
  });

  it('refuses an approval of a version that is no longer current', async () => {
    const metrics = metricRepository(t.db, owner());
    const m = await metrics.create(input());
    await metrics.update(m.id, 1, { description: 'edited while under review' });
    const approvals = approvalRepository(t.db, reviewer());
    const error = await approvals
      .approve(m.id, { approval_type: 'data_sources', version: 1 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VersionConflictError);
    expect(await approvals.decisions(m.id)).toEqual([]);
  });

  it('lets only the owner give the metric_owner approval and only metric admins the others', async () => {
    const m = await metricRepository(t.db, owner()).create(input({ is_public: true }));
    const byReviewer = await approvalRepository(t.db, reviewer())
      .approve(m.id, { approval_type: 'metric_owner', version: 1 })
      .catch((e: unknown) => e);
    expect(byReviewer).toBeInstanceOf(PermissionDeniedError);
    expect((byReviewer as Error).message).toContain('the metric owner');
    const byOutsider = await approvalRepository(t.db, outsider())
      .approve(m.id, { approval_type: 'calculation_methodology', version: 1 })
      .catch((e: unknown) => e);
    expect(byOutsider).toBeInstanceOf(PermissionDeniedError);
    expect(await approvalRepository(t.db, owner()).decisions(m.id)).toEqual([]);
  });

  it('refuses a kind the organization does not require, and an unknown kind, naming approval_type', async () => {
    const m = await metricRepository(t.db, owner()).create(input());
    for (const kind of ['business_alignment', 'ceo_signoff']) {
      const error = await approvalRepository(t.db, reviewer())
        .approve(m.id, { approval_type: kind as never, version: 1 })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreValidationError);
      expect((error as StoreValidationError).field).toBe('approval_type');
    }
  });

  it('refuses is_active: true on a draft, naming the missing approvals', async () => {
    const metrics = metricRepository(t.db, owner());
    const m = await metrics.create(input());
    const error = await metrics.update(m.id, 1, { is_active: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreValidationError);
    expect((error as StoreValidationError).field).toBe('metric_definitions.is_active');
    expect((error as Error).message).toContain(
      'missing: metric_owner, calculation_methodology, data_sources',
    );
    expect((await metrics.get(m.id)).version).toBe(1);
  });

  it('reads and writes the organization settings, refusing bad ones with the field named', async () => {
    expect((await readMetricSettings(t.db, org.organizationId)).required_approvals).toEqual([
      'metric_owner',
      'calculation_methodology',
      'data_sources',
    ]);
    const fresh = await createTestOrganization(t.db, 1);
    expect((await readMetricSettings(t.db, fresh.organizationId)).required_approvals).toHaveLength(4);
    for (const [value, field] of [
      [{ required_approvals: ['owner'] }, 'organizations.settings.metrics.required_approvals[0]'],
      [{ required_approvals: 'metric_owner' }, 'organizations.settings.metrics.required_approvals'],
      [{ admin_role_ids: ['admins'] }, 'organizations.settings.metrics.admin_role_ids[0]'],
      [{ approvers: [] }, 'organizations.settings.metrics.approvers'],
    ] as const) {
      expect(() => parseMetricSettings(value)).toThrow(StoreValidationError);
      try {
        parseMetricSettings(value);
      } catch (e) {
        expect((e as StoreValidationError).field).toBe(field);
      }
    }
  });

  it('lets the last recorded decision of a kind stand when several are recorded in one transaction', async () => {
    const m = await metricRepository(t.db, owner()).create(input());
    // In one transaction now() is one instant for every statement: only the recording order can
    // tell these six decisions apart.
    const sequence = ['approved', 'rejected', 'approved', 'rejected', 'approved', 'rejected'] as const;
    await t.db.transaction().execute(async (trx) => {
      const approvals = approvalRepository(trx, owner());
      for (const [i, decision] of sequence.entries()) {
        const kind = { approval_type: 'metric_owner', version: 1 } as const;
        if (decision === 'approved') await approvals.approve(m.id, { ...kind, note: `step ${i}` });
        else await approvals.reject(m.id, { ...kind, reason: `step ${i}` });
      }
    });
    const approvals = approvalRepository(t.db, owner());
    expect((await approvals.decisions(m.id)).map((d) => d.note)).toEqual(sequence.map((_, i) => `step ${i}`));
    const status = await approvals.status(m.id);
    expect(status.state).toBe('rejected');
    expect(status.rejections.map((r) => r.note)).toEqual(['step 5']);
  });

  // Two connections at once: PGlite has one, so this runs on PostgreSQL only (the test above covers
  // the recording order on both engines).
  if (engine === 'postgres')
    it('lets a rejection recorded in a transaction that began before a committed approval stand over it', async () => {
      const m = await metricRepository(t.db, owner()).create(input());
      await t.db.transaction().execute(async (trx) => {
        await trx.selectNoFrom((eb) => eb.lit(1).as('begun')).execute();
        // Meanwhile, on another connection, the owner approves and commits.
        await approvalRepository(t.db, owner()).approve(m.id, { approval_type: 'metric_owner', version: 1 });
        // Then the rejection is recorded, in the transaction that began before the approval.
        await approvalRepository(trx, owner()).reject(m.id, {
          approval_type: 'metric_owner',
          version: 1,
          reason: 'found a flaw after approving',
        });
      });
      const status = await approvalRepository(t.db, owner()).status(m.id);
      expect(status.state).toBe('rejected');
      expect(status.rejections.map((r) => r.note)).toEqual(['found a flaw after approving']);
      expect(status.decisions.map((d) => d.decision)).toEqual(['approved', 'rejected']);
      expect((await metricRepository(t.db, owner()).get(m.id)).is_active).toBe(false);
    });
});
