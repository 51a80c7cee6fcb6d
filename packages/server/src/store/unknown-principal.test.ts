import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TEST_ENGINES, useTestDatabase } from '../testing/test-database';
import type { MetricInput } from './metric-repository';
import { openStore } from './open-store';
import { UnknownPrincipalError } from './store-errors';

/** A principal whose ids the database may or may not hold. */
function principalOf(organizationId: string, userId: string) {
  return { organizationId, userId, roleIds: [], departmentIds: [] };
}

const METRIC: MetricInput = {
  metric_name: 'patch_compliance',
  display_name: 'Patch compliance',
  metric_category: 'security',
  metric_type: 'percentage',
  calculation_method: 'manual',
  data_sources: { tables: [] },
  direction: 'higher_better',
};

describe.each(TEST_ENGINES)('a principal the database does not hold, on %s', (engine) => {
  const t = useTestDatabase(engine);

  it('creating a dashboard for an organization that does not exist names the organization and how to provision it', async () => {
    const organizationId = randomUUID();
    const store = openStore(t.db, principalOf(organizationId, randomUUID()));
    const error = await store.dashboards.create({ dashboard_name: 'Risk' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownPrincipalError);
    expect(error).toMatchObject({ code: 'unknown_principal', missing: 'organization', organizationId });
    expect((error as Error).message).toContain(
      `principal.organizationId: organization "${organizationId}" does not exist`,
    );
    expect((error as Error).message).toContain('Provisioning an organization and its users');
    expect((error as Error).message).not.toContain('foreign key');
  });

  it('creating a metric for an organization that does not exist is the same error', async () => {
    const organizationId = randomUUID();
    const error = await openStore(t.db, principalOf(organizationId, randomUUID()))
      .metrics.create(METRIC)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ missing: 'organization', organizationId });
  });

  it('a user missing from an existing organization is named, with the organization', async () => {
    const organizationId = randomUUID();
    await t.db
      .insertInto('organizations')
      .values({ id: organizationId, name: 'Acme', slug: `acme-${organizationId.slice(0, 8)}` })
      .execute();
    const userId = randomUUID();
    const store = openStore(t.db, principalOf(organizationId, userId));
    for (const attempt of [
      () => store.dashboards.create({ dashboard_name: 'Risk' }),
      () => store.metrics.create(METRIC),
    ]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnknownPrincipalError);
      expect(error).toMatchObject({ missing: 'user', organizationId, userId });
      expect((error as Error).message).toContain(
        `principal.userId: user "${userId}" does not exist in organization "${organizationId}"`,
      );
    }
    // Nothing was written by the refused calls.
    const counts = await Promise.all(
      (['analytics_dashboards', 'metric_definitions'] as const).map((table) =>
        t.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('organization_id', '=', organizationId)
          .executeTakeFirstOrThrow(),
      ),
    );
    expect(counts.map((c) => Number(c.n))).toEqual([0, 0]);
  });

  it('once the host inserts the user, the same call succeeds', async () => {
    const organizationId = randomUUID();
    const userId = randomUUID();
    await t.db
      .insertInto('organizations')
      .values({ id: organizationId, name: 'Acme', slug: `acme-${organizationId.slice(0, 8)}` })
      .execute();
    await t.db
      .insertInto('users')
      .values({ id: userId, organization_id: organizationId, email: 'a@acme.example' })
      .execute();
    const dashboard = await openStore(t.db, principalOf(organizationId, userId)).dashboards.create({
      dashboard_name: 'Risk',
    });
    expect(dashboard.owner_id).toBe(userId);
  });
});
