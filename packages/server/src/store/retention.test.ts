import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENGINES, useTestDatabase } from '../testing/test-database';
import { calculationRepository } from './calculation-repository';
import { metricRepository } from './metric-repository';
import { writeMetricSettings } from './metric-settings';
import { retentionRepository } from './retention';
import { snapshotRepository } from './snapshot-repository';
import { PermissionDeniedError, StoreValidationError } from './store-errors';
import { createTestOrganization, type TestOrganization } from './test-organization';

const DAY = 86_400_000;
/** A past instant: retention is never measured from the future. */
const AS_OF = new Date('2026-01-01T12:00:00Z');

describe.each(TEST_ENGINES)('retention on %s', (engine) => {
  const t = useTestDatabase(engine);
  let org: TestOrganization;
  let other: TestOrganization;
  const kept: Record<string, number> = {};

  async function seed(o: TestOrganization, retention: readonly number[]): Promise<string[]> {
    // Role 0 is the organization's metric admin role: purging is an administrative action.
    await writeMetricSettings(t.db, o.organizationId, {
      required_approvals: [],
      admin_role_ids: [o.roles[0]!],
    });
    const ids: string[] = [];
    for (const [i, days] of retention.entries()) {
      const m = await metricRepository(t.db, o.principal(0)).create({
        metric_name: `kept_${days}_${i}`,
        display_name: 'r',
        metric_category: 'operational',
        metric_type: 'count',
        calculation_method: 'manual',
        data_sources: { tables: [] },
        direction: 'higher_better',
        retention_days: days,
      });
      ids.push(m.id);
      // 400 daily periods ending at AS_OF's day, and a daily snapshot for each.
      const end = Date.UTC(2026, 0, 1);
      await calculationRepository(t.db, o.principal(0)).upsert(
        Array.from({ length: 400 }, (_, n) => ({
          metric_id: m.id,
          period_start: new Date(end - (n + 1) * DAY),
          period_end: new Date(end - n * DAY),
          aggregation_level: 'org',
          metric_value: n,
        })),
      );
      await snapshotRepository(t.db, o.principal(0)).upsert(
        Array.from({ length: 400 }, (_, n) => ({
          snapshot_date: new Date(end - (n + 1) * DAY).toISOString().slice(0, 10),
          snapshot_type: 'daily' as const,
          metric_id: m.id,
          aggregation_level: 'org',
          metric_value: n,
        })),
      );
    }
    return ids;
  }

  const admin = () => org.principal(0, { roles: [0] });

  beforeAll(async () => {
    org = await createTestOrganization(t.db, 1);
    other = await createTestOrganization(t.db, 1);
    await seed(org, [30, 365]);
    await seed(other, [30]);
    await sql`UPDATE organizations SET time_zone = 'Pacific/Kiritimati' WHERE id = ${org.organizationId}`.execute(
      t.db,
    );
  });

  /** What PostgreSQL says is past retention, computed independently of the purge's own queries. */
  async function expired(organizationId: string) {
    const { rows } = await sql<{ calculations: number; snapshots: number }>`
      SELECT (SELECT count(*)::int FROM metric_calculations c JOIN metric_definitions m ON m.id = c.metric_id
               WHERE c.organization_id = ${organizationId} AND c.period_end < ${AS_OF}::timestamptz - m.retention_days * interval '1 day') AS calculations,
             (SELECT count(*)::int FROM metric_snapshots s JOIN metric_definitions m ON m.id = s.metric_id
                JOIN organizations o ON o.id = s.organization_id
               WHERE s.organization_id = ${organizationId}
                 AND s.snapshot_date < ((${AS_OF}::timestamptz - m.retention_days * interval '1 day') AT TIME ZONE o.time_zone)::date) AS snapshots`.execute(
      t.db,
    );
    return rows[0]!;
  }

  async function total(organizationId: string) {
    const { rows } = await sql<{ n: number }>`
      SELECT (SELECT count(*)::int FROM metric_calculations WHERE organization_id = ${organizationId})
           + (SELECT count(*)::int FROM metric_snapshots WHERE organization_id = ${organizationId}) AS n`.execute(
      t.db,
    );
    return rows[0]!.n;
  }

  it('deletes exactly the rows past each metric retention, in bounded batches, and nothing of another organization', async () => {
    const reference = await expired(org.organizationId);
    // 30-day metric: 400 - 30 periods ended before the cutoff; 365-day metric: 400 - 365.
    expect(reference.calculations).toBe(370 + 35);
    const before = await total(org.organizationId);
    kept.other = await total(other.organizationId);
    const result = await retentionRepository(t.db, admin()).purge({ asOf: AS_OF, batchSize: 100 });
    expect(result.calculations).toBe(reference.calculations);
    expect(result.snapshots).toBe(reference.snapshots);
    // One DELETE per full batch plus the last, short one, for each (metric, table): the 30-day
    // metric has 370 + 371 expired rows (4 + 4 statements), the 365-day one 35 + 36 (1 + 1), and
    // the organization's fixture metric without data 0 + 0 (1 + 1). The snapshot cutoff is one day
    // later than the calculation one: Kiritimati is UTC+14.
    expect(reference.snapshots).toBe(371 + 36);
    expect(result.statements).toBe(4 + 4 + 1 + 1 + 1 + 1);
    expect(await total(org.organizationId)).toBe(before - result.calculations - result.snapshots);
    expect(await expired(org.organizationId)).toEqual({ calculations: 0, snapshots: 0 });
    expect(await total(other.organizationId)).toBe(kept.other);
  });

  it('finds nothing more to delete on a second run', async () => {
    expect(await retentionRepository(t.db, admin()).purge({ asOf: AS_OF })).toMatchObject({
      calculations: 0,
      snapshots: 0,
    });
  });

  it('refuses a bad batch size or instant, naming the option', async () => {
    const retention = retentionRepository(t.db, admin());
    await expect(retention.purge({ batchSize: 0 })).rejects.toThrow(StoreValidationError);
    const error = await retention.purge({ asOf: 'yesterday' }).catch((e: unknown) => e);
    expect((error as StoreValidationError).field).toBe('asOf');
  });

  it('refuses a purge by a user without a metric admin role, and deletes nothing', async () => {
    const before = await total(org.organizationId);
    // The owner of the organization's metrics, with no role: the finding was that anyone could purge.
    const error = await retentionRepository(t.db, org.principal(0))
      .purge({ asOf: AS_OF })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect((error as Error).message).toMatch(/metric admin role/);
    expect(await total(org.organizationId)).toBe(before);
  });

  it('refuses an asOf after the current time, even for a metric admin, and deletes nothing', async () => {
    const before = await total(org.organizationId);
    expect(before).toBeGreaterThan(0);
    const error = await retentionRepository(t.db, admin())
      .purge({ asOf: '9999-12-31T00:00:00Z' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreValidationError);
    expect((error as StoreValidationError).field).toBe('asOf');
    expect((error as StoreValidationError).allowed).toMatch(/not after the database's current time/);
    expect(await total(org.organizationId)).toBe(before);
  });

  it('purges as of the current time when asOf is absent, keeping what the policy keeps', async () => {
    // Every seeded period ended before 2026-01-01, so as of today (later) the 30-day metric keeps
    // nothing and the 365-day one keeps the periods of its last 365 days before today.
    const { rows } = await sql<{ kept: number }>`
      SELECT count(*)::int AS kept FROM metric_calculations c JOIN metric_definitions m ON m.id = c.metric_id
       WHERE c.organization_id = ${org.organizationId} AND c.period_end >= now() - m.retention_days * interval '1 day'`.execute(
      t.db,
    );
    await retentionRepository(t.db, admin()).purge();
    const { rows: left } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM metric_calculations WHERE organization_id = ${org.organizationId}`.execute(
      t.db,
    );
    expect(left[0]!.n).toBe(rows[0]!.kept);
  });
});
