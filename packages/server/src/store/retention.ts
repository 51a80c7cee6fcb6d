/**
 * Retention: deletes the calculations and snapshots of one organization that are older than
 * their metric's `retention_days`, in bounded batches — each batch its own short statement and
 * transaction over the metric's index, so a large purge never holds locks on many rows for long
 * and other writers interleave between batches.
 *
 * "Older than" means: a calculation whose `period_end` is before `asOf - retention_days`; a
 * snapshot whose `snapshot_date` is before that instant's date in the organization's time zone.
 * Soft-deleted metrics age like live ones. This is an administrative task (the runner's): it
 * applies the organization's own policy to every metric of the organization and touches nothing
 * else, so it needs a metric admin role (`organizations.settings.metrics.admin_role_ids`) or the
 * runtime's service principal with `purge`, and it
 * never deletes more than the policy allows at the database's current time: an `asOf` in the
 * future is refused.
 */
import type { Database } from '@arion-metrics/core';
import { type Kysely, sql } from 'kysely';
import { checkInteger, checkTimestamp } from './input-checks';
import { metricAdminSql, servicePermitsSql } from './metric-access';
import { assertPrincipal, type Principal } from './principal';
import {
  ConnectionLostError,
  isConnectionLoss,
  PermissionDeniedError,
  StoreValidationError,
} from './store-errors';

/** Options of {@link RetentionRepository.purge}. */
export interface PurgeOptions {
  /**
   * The instant retention is measured from; default the database's current time. An instant
   * after the database's current time is refused (it would delete values the policy still keeps).
   */
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
  /**
   * Deletes calculations and snapshots past their metric's retention, batch by batch. Needs a
   * metric admin role; each batch commits on its own, so an interrupted purge leaves only whole
   * batches deleted and the next purge carries on.
   */
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
      const requested =
        options.asOf === undefined ? undefined : (checkTimestamp('asOf', options.asOf) as Date);
      const batchSize = checkInteger('batchSize', options.batchSize ?? 5000, {
        min: 1,
        max: 100_000,
      }) as number;
      try {
        const { admin, now } = await db
          .selectNoFrom([
            sql<boolean>`(${metricAdminSql(p)} OR ${servicePermitsSql(p, 'purge')})`.as('admin'),
            sql<Date>`clock_timestamp()`.as('now'),
          ])
          .executeTakeFirstOrThrow();
        if (!admin) {
          throw new PermissionDeniedError(
            'retention: to purge calculations and snapshots you must hold a metric admin role of the organization (organizations.settings.metrics.admin_role_ids)',
          );
        }
        if (requested && requested.getTime() > now.getTime()) {
          throw new StoreValidationError(
            'asOf',
            options.asOf,
            `an instant not after the database's current time (${now.toISOString()}); omit asOf to purge as of now`,
          );
        }
        const asOf = (requested ?? now).toISOString();
        return await purgeAsOf(asOf, batchSize);
      } catch (error) {
        if (isConnectionLoss(error) && !(error instanceof ConnectionLostError)) {
          // Each batch commits on its own: the batches before the loss are deleted (they were past
          // retention), the one in flight is not; a new purge carries on from there.
          throw new ConnectionLostError(false, {
            cause: error,
            outcome:
              'the batch in flight was rolled back by the server; the batches before it stay deleted (each held only rows past retention); run the purge again to finish',
          });
        }
        throw error;
      }
    },
  };

  async function purgeAsOf(asOf: string, batchSize: number): Promise<PurgeResult> {
    const metrics = await db
      .selectFrom('metric_definitions as m')
      .innerJoin('organizations as o', 'o.id', 'm.organization_id')
      .select([
        'm.id',
        sql<Date>`${asOf}::timestamptz - make_interval(days => m.retention_days)`.as('cutoff'),
        sql<string>`((${asOf}::timestamptz - make_interval(days => m.retention_days)) AT TIME ZONE o.time_zone)::date::text`.as(
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
  }
}
