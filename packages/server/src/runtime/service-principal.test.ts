import { describe, expect, it } from 'vitest';
import { openStore } from '../store/open-store';
import { NotFoundError, PermissionDeniedError } from '../store/store-errors';
import { createTestOrganization } from '../store/test-organization';
import { TEST_ENGINES, useTestDatabase } from '../testing/test-database';
import { SERVICE_USER_EMAIL, servicePrincipal } from './service-principal';

const row = (metric_id: string, day: number) => ({
  metric_id,
  period_start: new Date(Date.UTC(2026, 0, day)),
  period_end: new Date(Date.UTC(2026, 0, day + 1)),
  aggregation_level: 'org',
  metric_value: day,
});

describe.each(TEST_ENGINES)('the service principal on %s', (engine) => {
  const t = useTestDatabase(engine);

  it('is one service user per organization, created once', async () => {
    const org = await createTestOrganization(t.db, 1);
    const first = await servicePrincipal(t.db, org.organizationId);
    const second = await servicePrincipal(t.db, org.organizationId);
    expect(second.userId).toBe(first.userId);
    const users = await t.db
      .selectFrom('users')
      .select('id')
      .where('organization_id', '=', org.organizationId)
      .where('email', '=', SERVICE_USER_EMAIL)
      .execute();
    expect(users.map((u) => u.id)).toEqual([first.userId]);
    expect(first.servicePermissions).toEqual(['calculate', 'roll_up', 'evaluate_alerts', 'purge']);
  });

  it('writes calculations and snapshots of metrics a plain user of the organization may not change', async () => {
    const org = await createTestOrganization(t.db, 1);
    const metric = org.metrics[0]!;
    // A private metric without owner is invisible to a plain user: reported as not found.
    await expect(openStore(t.db, org.principal(0)).calculations.upsert([row(metric, 1)])).rejects.toThrow(
      NotFoundError,
    );
    const store = openStore(t.db, await servicePrincipal(t.db, org.organizationId));
    await expect(store.calculations.upsert([row(metric, 1)])).resolves.toMatchObject({ written: 1 });
    await expect(
      store.snapshots.upsert([
        {
          metric_id: metric,
          snapshot_date: '2026-01-01',
          snapshot_type: 'daily',
          aggregation_level: 'org',
          metric_value: 1,
        },
      ]),
    ).resolves.toMatchObject({ written: 1 });
  });

  it('holds only the permissions it is given', async () => {
    const org = await createTestOrganization(t.db, 1);
    const store = openStore(t.db, await servicePrincipal(t.db, org.organizationId, ['roll_up']));
    await expect(store.calculations.upsert([row(org.metrics[0]!, 2)])).rejects.toThrow(PermissionDeniedError);
    await expect(store.retention.purge()).rejects.toThrow(PermissionDeniedError);
    await expect(store.metrics.update(org.metrics[0]!, 1, { display_name: 'x' })).rejects.toThrow(
      PermissionDeniedError,
    );
    const purger = openStore(t.db, await servicePrincipal(t.db, org.organizationId, ['purge']));
    await expect(purger.retention.purge()).resolves.toMatchObject({ calculations: 0 });
  });

  it('cannot see or write another organization', async () => {
    const mine = await createTestOrganization(t.db, 1);
    const other = await createTestOrganization(t.db, 1);
    const store = openStore(t.db, await servicePrincipal(t.db, mine.organizationId));
    await expect(store.calculations.upsert([row(other.metrics[0]!, 3)])).rejects.toThrow(NotFoundError);
    await expect(store.metrics.get(other.metrics[0]!)).rejects.toThrow(NotFoundError);
    const listed = await store.metrics.list({ limit: 100 });
    expect(listed.items.map((m) => m.id).sort()).toEqual([...mine.metrics].sort());
  });

  it('refuses an unknown organization and an unknown permission by name', async () => {
    const org = await createTestOrganization(t.db, 1);
    await expect(servicePrincipal(t.db, '00000000-0000-4000-8000-000000000000')).rejects.toThrow(
      /organizationId: .*existing organization/,
    );
    await expect(servicePrincipal(t.db, org.organizationId, ['drop_tables' as never])).rejects.toThrow(
      /principal.servicePermissions: got \["drop_tables"\]; allowed: an array of calculate, roll_up/,
    );
  });
});
