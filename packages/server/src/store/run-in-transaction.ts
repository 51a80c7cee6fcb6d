import type { Database } from '@arion-metrics/core';
import { type Kysely, sql } from 'kysely';

let savepointCounter = 0;

/**
 * Runs `work` so that it commits or fails as a whole: in a new transaction, or — when `db` is
 * already a transaction (a caller composing several store calls) — inside a savepoint of it, so
 * that a failing step is rolled back without leaving the caller's transaction half-written.
 */
export async function runInTransaction<T>(
  db: Kysely<Database>,
  work: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  if (!db.isTransaction) return db.transaction().execute(work);
  const name = sql.id(`arion_store_${++savepointCounter}`);
  await sql`SAVEPOINT ${name}`.execute(db);
  try {
    const result = await work(db);
    await sql`RELEASE SAVEPOINT ${name}`.execute(db);
    return result;
  } catch (error) {
    await sql`ROLLBACK TO SAVEPOINT ${name}`.execute(db);
    throw error;
  }
}
