/**
 * The store: every repository, opened for one principal. Each repository scopes every query by
 * `principal.organizationId` and fills audit columns from `principal.userId`.
 */
import type { Database } from '@arion-metrics/core';
import type { Kysely } from 'kysely';
import { type AlertRepository, alertRepository } from './alert-repository';
import { type ApprovalRepository, approvalRepository } from './approval-repository';
import { type CalculationRepository, calculationRepository } from './calculation-repository';
import { type DashboardRepository, dashboardRepository } from './dashboard-repository';
import { type MetricRepository, metricRepository } from './metric-repository';
import { assertPrincipal, type Principal } from './principal';
import { type RelationshipRepository, relationshipRepository } from './relationship-repository';
import { type RetentionRepository, retentionRepository } from './retention';
import { type SharingRepository, sharingRepository } from './sharing-repository';
import { type SnapshotRepository, snapshotRepository } from './snapshot-repository';
import { type WidgetRepository, widgetRepository } from './widget-repository';

/** Every repository of the store, for one principal. */
export interface Store {
  /** The principal the store acts for (checked and frozen). */
  readonly principal: Principal;
  /** Metric registry: CRUD, soft delete, version history, optimistic concurrency. */
  readonly metrics: MetricRepository;
  /** Approval workflow of metric definitions. */
  readonly approvals: ApprovalRepository;
  /** Edges of the metric graph, upstream and downstream walks. */
  readonly relationships: RelationshipRepository;
  /** Calculated values: batch upserts, series, latest, peers. */
  readonly calculations: CalculationRepository;
  /** Rollups: batch upserts, series, latest. */
  readonly snapshots: SnapshotRepository;
  /** Deletion of values past their metric's retention. */
  readonly retention: RetentionRepository;
  /** Dashboards: CRUD, soft delete, version concurrency, defaults. */
  readonly dashboards: DashboardRepository;
  /** Widgets of dashboards. */
  readonly widgets: WidgetRepository;
  /** Dashboard grants and effective permissions. */
  readonly sharing: SharingRepository;
  /** Alert rules and their history. */
  readonly alerts: AlertRepository;
}

/**
 * Opens the store for `principal`. Pass a transaction (`db.transaction().execute(trx => ...)`) as
 * `db` to run several store calls atomically; each call then runs in a savepoint of it.
 *
 * @example
 * const store = openStore(db, { userId, organizationId, roleIds: [], departmentIds: [] });
 * const dashboard = await store.dashboards.create({ dashboard_name: 'Risk overview' });
 */
export function openStore(db: Kysely<Database>, principal: Principal): Store {
  const p = assertPrincipal(principal);
  return {
    principal: p,
    metrics: metricRepository(db, p),
    approvals: approvalRepository(db, p),
    relationships: relationshipRepository(db, p),
    calculations: calculationRepository(db, p),
    snapshots: snapshotRepository(db, p),
    retention: retentionRepository(db, p),
    dashboards: dashboardRepository(db, p),
    widgets: widgetRepository(db, p),
    sharing: sharingRepository(db, p),
    alerts: alertRepository(db, p),
  };
}
