/**
 * Core's engine output goes into the store as it is: `calculateMetric` rows (with their
 * `organization_id` and `metadata.definition_version`) and `buildSnapshot` rows, without an
 * adapter or a cast. What the store accepts of those two fields, and what it refuses.
 */
import { randomUUID } from 'node:crypto';
import {
  buildSnapshot,
  type CalculationResult,
  calculateMetric,
  type Database,
  type EngineMetricDefinition,
  type MetricDefinitionRow,
  type Observation,
} from '@arion-metrics/core';
import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENGINES, useTestDatabase } from '../testing/test-database';
import { calculationRepository } from './calculation-repository';
import { metricRepository } from './metric-repository';
import { writeMetricSettings } from './metric-settings';
import { snapshotRepository } from './snapshot-repository';
import { StoreValidationError } from './store-errors';
import { createTestOrganization, type TestOrganization } from './test-organization';

const month = (m: number) => new Date(Date.UTC(2025, m, 1));

/** Twelve observations of a month, some missing, with timestamps inside it. */
function observations(m: number): Observation[] {
  return Array.from({ length: 12 }, (_, k) => ({
    value: k === 5 ? null : 10 + ((m * 7 + k * 3) % 11) + k / 8,
    observed_at: new Date(month(m).getTime() + (k + 1) * 3_600_000),
  }));
}

/** The engine's row for month `m` of `definition`. */
function engineRow(
  definition: EngineMetricDefinition,
  m: number,
  unit: string | null = null,
): CalculationResult {
  return calculateMetric({
    definition,
    periodStart: month(m),
    periodEnd: month(m + 1),
    aggregationLevel: unit === null ? 'organization' : 'business_unit',
    aggregationId: unit,
    calculatedAt: new Date(Date.UTC(2025, 11, 31)),
    observations: observations(m),
    expectedCount: 12,
  });
}

async function storedRows(db: Kysely<Database>, metricId: string) {
  return db
    .selectFrom('metric_calculations')
    .selectAll()
    .where('metric_id', '=', metricId)
    .orderBy('period_start')
    .execute();
}

describe.each(TEST_ENGINES)("core's engine output into the store on %s", (engine) => {
  const t = useTestDatabase(engine);
  let org: TestOrganization;
  let other: TestOrganization;

  beforeAll(async () => {
    org = await createTestOrganization(t.db);
    other = await createTestOrganization(t.db);
    await writeMetricSettings(t.db, org.organizationId, { required_approvals: [] });
  });

  async function createMetric(): Promise<MetricDefinitionRow> {
    return metricRepository(t.db, org.principal(0)).create({
      metric_name: `engine_${randomUUID().slice(0, 8)}`,
      display_name: 'Mean time to patch',
      metric_category: 'operational',
      metric_type: 'average',
      unit_of_measure: 'hours',
      calculation_method: 'aggregation',
      data_sources: { tables: ['patches'] },
      target_value: 14,
      direction: 'lower_better',
      refresh_frequency: 'monthly',
    });
  }

  it('stores calculateMetric rows as they are, with their metadata and definition version', async () => {
    const definition = await createMetric();
    const rows = [engineRow(definition, 0), engineRow(definition, 1), engineRow(definition, 1, randomUUID())];
    expect(rows[0]!.organization_id).toBe(org.organizationId);
    expect(rows[0]!.metadata.definition_version).toBe(definition.version);
    const calculations = calculationRepository(t.db, org.principal(0));
    await expect(calculations.upsert(rows)).resolves.toEqual({ written: 3, statements: 1 });
    // Again: idempotent, the engine's rows replace themselves.
    await expect(calculations.upsert(rows)).resolves.toMatchObject({ written: 3 });

    const stored = await storedRows(t.db, definition.id);
    expect(stored).toHaveLength(3);
    for (const row of rows) {
      const found = stored.find(
        (s) =>
          s.period_start.getTime() === row.period_start.getTime() && s.aggregation_id === row.aggregation_id,
      );
      const { metadata, ...columns } = row;
      expect(found).toMatchObject(columns);
      // The metadata is the engine's JSON object (undefined keys dropped, as JSON does).
      expect(found?.metadata).toEqual(JSON.parse(JSON.stringify(metadata)));
    }
  });

  it('stores buildSnapshot rows as they are', async () => {
    const definition = await createMetric();
    const monthly = [0, 1, 2].map((m) => engineRow(definition, m));
    await calculationRepository(t.db, org.principal(0)).upsert(monthly);
    const { row } = buildSnapshot({
      definition,
      snapshotType: 'quarterly',
      snapshotDate: '2025-01-01',
      aggregationLevel: 'organization',
      values: monthly,
    });
    expect(row).not.toBeNull();
    const snapshots = snapshotRepository(t.db, org.principal(0));
    await expect(snapshots.upsert([row!])).resolves.toMatchObject({ written: 1 });
    const [stored] = await snapshots.series({
      metric_id: definition.id,
      snapshot_type: 'quarterly',
      aggregation_level: 'organization',
      from: '2025-01-01',
      to: '2025-12-31',
    });
    expect(stored).toMatchObject(row!);
  });

  it("refuses an engine row computed with an older definition unless the row names that version; a null version gets the metric's", async () => {
    const definition = await createMetric();
    const current = await metricRepository(t.db, org.principal(0)).update(definition.id, 1, {
      target_value: 12,
    });
    expect(current.version).toBe(2);
    const old = engineRow(definition, 3);
    const calculations = calculationRepository(t.db, org.principal(0));
    const error = await calculations.upsert([engineRow(current, 2), old]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreValidationError);
    expect((error as StoreValidationError).field).toBe('metric_calculations[1].metadata.definition_version');
    expect((error as StoreValidationError).value).toBe(1);
    expect((error as Error).message).toContain('2');
    expect(await storedRows(t.db, definition.id)).toEqual([]);

    const unversioned = engineRow({ ...definition, version: null }, 4);
    expect(unversioned.metadata.definition_version).toBeNull();
    await calculations.upsert([{ ...old, definition_version: 1 }, unversioned]);
    const stored = await storedRows(t.db, definition.id);
    expect(stored.map((r) => r.metadata?.definition_version)).toEqual([1, 2]);
  });

  it("accepts the principal's organization_id in any letter case and refuses another, naming the field and value, writing nothing", async () => {
    const definition = await createMetric();
    const calculations = calculationRepository(t.db, org.principal(0));
    const upper = { ...engineRow(definition, 5), organization_id: org.organizationId.toUpperCase() };
    await expect(calculations.upsert([upper])).resolves.toMatchObject({ written: 1 });
    const before = await storedRows(t.db, definition.id);
    for (const organization_id of [other.organizationId, 'not-an-organization']) {
      const error = await calculations
        .upsert([engineRow(definition, 6), { ...engineRow(definition, 7), organization_id }])
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreValidationError);
      expect((error as StoreValidationError).field).toBe('metric_calculations[1].organization_id');
      expect((error as StoreValidationError).value).toBe(organization_id);
      expect((error as Error).message).toContain(organization_id);
    }
    expect(await storedRows(t.db, definition.id)).toEqual(before);

    const snapshot = {
      snapshot_date: '2025-06-01',
      snapshot_type: 'monthly' as const,
      metric_id: definition.id,
      aggregation_level: 'organization',
      metric_value: 3,
    };
    const snapshots = snapshotRepository(t.db, org.principal(0));
    const refused = await snapshots
      .upsert([{ ...snapshot, organization_id: other.organizationId }])
      .catch((e: unknown) => e);
    expect((refused as StoreValidationError).field).toBe('metric_snapshots[0].organization_id');
    await expect(
      snapshots.upsert([{ ...snapshot, organization_id: org.organizationId }]),
    ).resolves.toMatchObject({ written: 1 });
  });
});
