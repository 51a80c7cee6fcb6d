/**
 * The demo end to end, through the public API of `@arion-metrics/core` and `@arion-metrics/server`
 * only: migrate, provision an organization (as the host app would), define and approve metrics,
 * calculate a year of monthly values and quarterly snapshots, evaluate alerts, build and share a
 * dashboard. Returns a summary object (what `report.ts` prints and the test checks).
 */
import {
  type Database,
  type EngineRelationship,
  type MetricCalculationRow,
  type MetricDefinitionRow,
  type MetricSnapshotRow,
  type Period,
  periodFor,
  periodsBetween,
  previousPeriod,
} from '@arion-metrics/core';
import { migrateToLatest, openStore, type UnacknowledgedTrigger } from '@arion-metrics/server';
import type { Kysely } from 'kysely';
import { buildQuarterlySnapshots, calculateMonthlyRows, ORG_LEVEL, UNIT_LEVEL } from './calculate';
import { type AlertOutcome, runDemoAlerts } from './demo-alerts';
import { createDemoDashboard, type DashboardOutcome } from './demo-dashboard';
import { DEMO_METRICS, type DemoMetricKey } from './demo-metrics';
import { type DemoOrganization, provisionDemoOrganization } from './seed-organization';

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** The demo's clock: the year of data ends with the last complete quarter before it. Default: now. */
  readonly asOf?: Date;
  /** Seed of the synthetic data; default 2026. The same seed gives the same numbers. */
  readonly seed?: number;
  /** Rows per upsert statement (the store batches); default 100. */
  readonly batchSize?: number;
}

/** One metric of the summary. */
export interface MetricSummary {
  readonly key: DemoMetricKey;
  readonly id: string;
  readonly definition: MetricDefinitionRow;
  /** Approval state after the owner's and the metrics office's approvals. */
  readonly approval: string;
}

/** Everything the demo did, for the report and the test. */
export interface DemoSummary {
  /** Migrations applied by this run (empty when the database was up to date). */
  readonly migrationsApplied: readonly string[];
  readonly organization: DemoOrganization;
  readonly metrics: readonly MetricSummary[];
  /** The monthly periods calculated (oldest first) and the quarters they make up. */
  readonly months: readonly Period[];
  readonly quarters: readonly Period[];
  readonly calculations: { readonly written: number; readonly statements: number };
  readonly snapshots: { readonly written: number; readonly statements: number };
  /** Units in report order: the business units, then the organization (id null). */
  readonly units: readonly { readonly name: string; readonly level: string; readonly id: string | null }[];
  /** The latest stored calculation per metric and unit (read back through the store). */
  readonly latest: readonly MetricCalculationRow[];
  /** The organization-wide quarterly snapshots per metric (read back through the store). */
  readonly quarterly: ReadonlyMap<string, readonly MetricSnapshotRow[]>;
  readonly alerts: readonly AlertOutcome[];
  readonly unacknowledged: readonly UnacknowledgedTrigger[];
  readonly dashboard: DashboardOutcome;
  readonly elapsedMs: number;
}

/** The last four complete quarters before `asOf` in `timeZone`, and their twelve months. */
function demoPeriods(asOf: Date, timeZone: string): { months: Period[]; quarters: Period[] } {
  const options = { timeZone };
  const current = periodFor(asOf, 'quarterly', options);
  let first = current;
  for (let i = 0; i < 4; i++) first = previousPeriod(first);
  const range = { start: first.start, end: current.start };
  return {
    months: periodsBetween(range, 'monthly', options),
    quarters: periodsBetween(range, 'quarterly', options),
  };
}

/**
 * Runs the demo on `db` (migrated here if needed). Re-runnable: the demo organization of an earlier
 * run is replaced (see `seed-organization.ts`).
 */
export async function runDemo(db: Kysely<Database>, options: DemoOptions = {}): Promise<DemoSummary> {
  const started = performance.now();
  const asOf = options.asOf ?? new Date();
  const seed = options.seed ?? 2026;
  const batchSize = options.batchSize ?? 100;

  const migration = await migrateToLatest(db);
  const organization = await provisionDemoOrganization(db);
  const { alice, bob } = organization.users;
  const store = openStore(db, alice.principal);
  const office = openStore(db, bob.principal);

  // Metrics: created by Alice (their owner), approved by her and by the metrics office (Bob).
  const metrics = new Map<DemoMetricKey, MetricDefinitionRow>();
  const approvals = new Map<DemoMetricKey, string>();
  for (const spec of DEMO_METRICS) {
    const created = await store.metrics.create(spec.input);
    await store.approvals.approve(created.id, {
      approval_type: 'metric_owner',
      version: created.version,
      note: 'Definition agreed with the security team.',
    });
    const status = await office.approvals.approve(created.id, {
      approval_type: 'calculation_methodology',
      version: created.version,
      note: 'Methodology reviewed.',
    });
    approvals.set(spec.key, status.state);
    metrics.set(spec.key, await store.metrics.get(created.id));
  }
  const score = metrics.get('security_score')!;
  const relationships: EngineRelationship[] = [];
  for (const spec of DEMO_METRICS) {
    if (spec.scoreWeight === null) continue;
    relationships.push(
      await store.relationships.add({
        parent_metric_id: score.id,
        child_metric_id: metrics.get(spec.key)!.id,
        relationship_type: 'contributes_to',
        weight: spec.scoreWeight,
      }),
    );
  }

  // Calculations and snapshots: core computes, the store writes.
  const { months, quarters } = demoPeriods(asOf, organization.timeZone);
  const plan = {
    metrics,
    relationships,
    unitIds: organization.units.map((u) => u.id),
    months,
    calculatedAt: asOf,
    seed,
  };
  const monthly = calculateMonthlyRows(plan);
  const calculations = await store.calculations.upsert(monthly, { batchSize });
  const snapshotRows = buildQuarterlySnapshots(plan, monthly, quarters);
  const snapshots = await store.snapshots.upsert(snapshotRows, { batchSize });

  // Read back through the store what the report shows.
  const metricIds = [...metrics.values()].map((m) => m.id);
  const units = [
    ...organization.units.map((u) => ({ name: u.name, level: UNIT_LEVEL, id: u.id as string | null })),
    { name: 'All units', level: ORG_LEVEL, id: null },
  ];
  const latest: MetricCalculationRow[] = [];
  for (const unit of units) {
    latest.push(
      ...(await store.calculations.latest({
        metric_ids: metricIds,
        aggregation_level: unit.level,
        aggregation_id: unit.id,
      })),
    );
  }
  const orgSeriesList = await store.calculations.seriesMany(
    metricIds.map((metric_id) => ({
      metric_id,
      aggregation_level: ORG_LEVEL,
      aggregation_id: null,
      from: months[0]!.end,
      to: months.at(-1)!.end,
    })),
  );
  const orgSeries = new Map(metricIds.map((id, i) => [id, orgSeriesList[i] ?? []]));
  const quarterly = new Map<string, readonly MetricSnapshotRow[]>();
  for (const id of metricIds) {
    quarterly.set(
      id,
      await store.snapshots.series({
        metric_id: id,
        snapshot_type: 'quarterly',
        aggregation_level: ORG_LEVEL,
        aggregation_id: null,
        from: quarters[0]!.startDate,
        to: quarters.at(-1)!.startDate,
      }),
    );
  }

  const alerts = await runDemoAlerts(store, {
    metrics,
    orgSeries,
    recipientRoleId: organization.roles['Security team'],
    recipientUserId: alice.principal.userId,
    now: asOf,
  });
  const unacknowledged = await store.alerts.listUnacknowledged();
  const dashboard = await createDemoDashboard(db, store, organization, metrics);

  return {
    migrationsApplied: migration.results.map((r) => r.migrationName),
    organization,
    metrics: DEMO_METRICS.map((spec) => ({
      key: spec.key,
      id: metrics.get(spec.key)!.id,
      definition: metrics.get(spec.key)!,
      approval: approvals.get(spec.key)!,
    })),
    months,
    quarters,
    calculations,
    snapshots,
    units,
    latest,
    quarterly,
    alerts,
    unacknowledged,
    dashboard,
    elapsedMs: performance.now() - started,
  };
}
