import type { Database } from '@arion-metrics/core';
import { type Kysely, sql } from 'kysely';
import { ConnectionLostError, isConnectionLoss } from './store-errors';

let savepointCounter = 0;

/**
 * Runs `work` so that it commits or fails as a whole: in a new transaction, or — when `db` is
 * already a transaction (a caller composing several store calls) — inside a savepoint of it, so
 * that a failing step is rolled back without leaving the caller's transaction half-written.
 *
 * A lost database connection becomes a {@link ConnectionLostError} (with the driver's error as
 * its cause) instead of the error of the rollback that could not be sent on the dead connection.
 */
export async function runInTransaction<T>(
  db: Kysely<Database>,
  work: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  let started = false;
  /** The error `work` threw, if it did: then the transaction was never committed. */
  let failure: { error: unknown } | undefined;
  const tracked = async (trx: Kysely<Database>) => {
    started = true;
    try {
      return await work(trx);
    } catch (error) {
      failure = { error };
      throw error;
    }
  };
  try {
    if (!db.isTransaction) return await db.transaction().execute(tracked);
    const name = sql.id(`arion_store_${++savepointCounter}`);
    await sql`SAVEPOINT ${name}`.execute(db);
    let result: T;
    try {
      result = await tracked(db);
    } catch (error) {
      await sql`ROLLBACK TO SAVEPOINT ${name}`.execute(db);
      throw error;
    }
    await sql`RELEASE SAVEPOINT ${name}`.execute(db);
    return result;
  } catch (error) {
    if (failure) {
      if (failure.error instanceof ConnectionLostError) throw failure.error;
      if (isConnectionLoss(failure.error)) throw new ConnectionLostError(false, { cause: failure.error });
      // The work failed for its own reason and the rollback could not be sent: the server rolls
      // back a transaction whose connection is gone, so the work's own error is the one to report.
      if (isConnectionLoss(error)) throw failure.error;
      throw error;
    }
    if (isConnectionLoss(error)) {
      // Lost at BEGIN (or SAVEPOINT) before the work started, or at RELEASE of a savepoint (the
      // caller's transaction commits nothing by itself): nothing was written. Lost at COMMIT: unknown.
      throw new ConnectionLostError(started && !db.isTransaction ? 'unknown' : false, { cause: error });
    }
    throw error;
  }
}
