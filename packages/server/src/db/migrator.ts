import {
  type Migration,
  type MigrationProvider,
  type MigrationResult,
  Migrator,
  NO_MIGRATIONS,
} from 'kysely';
import type { AnyKysely } from './any-kysely';
import * as initialSchema from './migrations/0001-initial-schema';
import * as metricVersionsAndApprovals from './migrations/0002-metric-versions-and-approvals';
import * as alertHistoryAcknowledgementAndResolver from './migrations/0003-alert-history-acknowledgement-and-resolver';
import * as approvalRecordingOrder from './migrations/0004-approval-recording-order';
import * as runtimeAlertStateAndDelivery from './migrations/0005-runtime-alert-state-and-delivery';
import * as directoryExternalIds from './migrations/0006-directory-external-ids';

/**
 * Every migration of the package, in order. Names sort alphabetically in the order they must
 * run (Kysely's rule); a migration is never edited once released — add a new one instead.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '2026_11_25_0001_initial_schema': initialSchema,
  '2026_11_25_0002_metric_versions_and_approvals': metricVersionsAndApprovals,
  '2026_11_25_0003_alert_history_acknowledgement_and_resolver': alertHistoryAcknowledgementAndResolver,
  '2026_12_05_0004_approval_recording_order': approvalRecordingOrder,
  '2026_12_06_0005_runtime_alert_state_and_delivery': runtimeAlertStateAndDelivery,
  '2026_12_06_0006_directory_external_ids': directoryExternalIds,
};

/** A MigrationProvider over the bundled migrations (no file system access, works when bundled). */
export const bundledMigrationProvider: MigrationProvider = {
  getMigrations: async () => ({ ...MIGRATIONS }),
};

/** Name of the table where Kysely records applied migrations. */
export const MIGRATION_TABLE = 'arion_migrations';
/** Name of the lock table Kysely uses so two processes never migrate at once. */
export const MIGRATION_LOCK_TABLE = 'arion_migrations_lock';

function migratorFor(db: AnyKysely): Migrator {
  return new Migrator({
    db,
    provider: bundledMigrationProvider,
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
  });
}

/** Outcome of a migration run: one entry per migration touched, as data. */
export interface MigrationReport {
  readonly results: readonly MigrationResult[];
}

/** Thrown when a migration fails; `results` says which ran, which failed and which did not run. */
export class MigrationError extends Error {
  readonly results: readonly MigrationResult[];
  constructor(cause: unknown, results: readonly MigrationResult[]) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName ?? '(before any migration ran)';
    super(`Migration ${failed} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'MigrationError';
    this.results = results;
  }
}

/** Applies every pending migration in one run. Migrating an up-to-date database is a no-op. */
export async function migrateToLatest(db: AnyKysely): Promise<MigrationReport> {
  const { error, results = [] } = await migratorFor(db).migrateToLatest();
  if (error) throw new MigrationError(error, results);
  return { results };
}

/** Reverts the last applied migration (or all of them with `{ all: true }`). */
export async function migrateDown(db: AnyKysely, options: { all?: boolean } = {}): Promise<MigrationReport> {
  const migrator = migratorFor(db);
  const { error, results = [] } = options.all
    ? await migrator.migrateTo(NO_MIGRATIONS)
    : await migrator.migrateDown();
  if (error) throw new MigrationError(error, results);
  return { results };
}
