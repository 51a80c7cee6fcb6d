/**
 * Retention: deletes the calculations and snapshots of one organization that are older than
 * their metric's `retention_days`, in bounded batches — each batch its own short statement and
 * transaction over the metric's index, so a large purge never holds locks on many rows for long
 * and other writers interleave between batches.
 *
 * "Older than" means: a calculation whose `period_end` is before `asOf - retention_days`; a
 * snapshot whose `snapshot_date` is before that instant's date in the organization's time zone.
 * Soft-deleted metrics age like live ones. This is a maintenance task for the runner: it applies
 * the organization's own policy to every metric of the organization and touches nothing else.
 */
import type { Database } from '@arion-metrics/core';
import { type Kysely, sql } from 'kysely';
import { checkInteger, checkTimestamp } from './input-checks';
import { assertPrincipal, type Principal } from './principal';

/** Options of {@link RetentionRepository.purge}. */
export interface PurgeOptions {
  /** The instant retention is measured from; default now. */
  readonly asOf?: Date | string;
  /** Most rows one statement deletes, 1 to 100,000; default 5,000. */
  readonly batchSize?: number;
}

/** What a purge deleted. */
export interface PurgeResult {
  /** Calculation rows deleted. */
  readonly calculations: number;
  /** Snapshot rows deleted. */
  readonly snapshots: number;
  /** DELETE statements run (each deleting at most `batchSize` rows). */
  readonly statements: number;
}

/** Retention of one organization. */
export interface RetentionRepository {
  /** Deletes calculations and snapshots past their metric's retention, batch by batch. */
  purge(options?: PurgeOptions): Promise<PurgeResult>;
}

/**
 * Opens retention for `principal.organizationId`.
 *
 * @example
 * const { calculations, snapshots } = await retentionRepository(db, runner).purge();
 */
export function retentionRepository(db: Kysely<Database>, principal: Principal): RetentionRepository {
  const p = assertPrincipal(principal);
  const org = p.organizationId;

  return {
    async purge(options = {}) {
      const asOf = options.asOf === undefined ? new Date() : (checkTimestamp('asOf', options.asOf) as Date);
      const batchSize = checkInteger('batchSize', options.batchSize ?? 5000, {
        min: 1,
        max: 100_000,
      }) as number;
      const metrics = await db
        .selectFrom('metric_definitions as m')
        .innerJoin('organizations as o', 'o.id', 'm.organization_id')
        .select([
          'm.id',
          sql<Date>`${asOf.toISOString()}::timestamptz - make_interval(days => m.retention_days)`.as(
            'cutoff',
          ),
          sql<string>`((${asOf.toISOString()}::timestamptz - make_interval(days => m.retention_days)) AT TIME ZONE o.time_zone)::date::text`.as(
            'cutoff_date',
          ),
        ])
        .where('m.organization_id', '=', org)
        .orderBy('m.id')
        .execute();
      let calculations = 0;
      let snapshots = 0;
      let statements = 0;
      for (const metric of metrics) {
        for (;;) {
          const result = await sql`
            DELETE FROM metric_calculations WHERE id IN (
              SELECT id FROM metric_calculations
               WHERE organization_id = ${org}::uuid AND metric_id = ${metric.id}::uuid AND period_end < ${metric.cutoff}
               LIMIT ${batchSize})`.execute(db);
          statements++;
          const n = Number(result.numAffectedRows ?? 0);
          calculations += n;
          if (n < batchSize) break;
        }
        for (;;) {
          const result = await sql`
            DELETE FROM metric_snapshots WHERE id IN (
              SELECT id FROM metric_snapshots
               WHERE organization_id = ${org}::uuid AND metric_id = ${metric.id}::uuid AND snapshot_date < ${metric.cutoff_date}::date
               LIMIT ${batchSize})`.execute(db);
          statements++;
          const n = Number(result.numAffectedRows ?? 0);
          snapshots += n;
          if (n < batchSize) break;
        }
      }
      return { calculations, snapshots, statements };
    },
  };
}
