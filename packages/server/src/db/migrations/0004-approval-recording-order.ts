import { sql } from 'kysely';
import type { AnyKysely } from '../any-kysely';

/**
 * Approval decisions are ordered by when they were recorded, not by when their transaction began
 * (issue 13, finding 6): `decided_at` defaulted to `now()`, the start of the transaction, so a
 * rejection recorded inside a longer transaction could carry an earlier time than an approval
 * committed meanwhile, and lose to it.
 *
 * - `recorded_seq`: an identity column, the order in which decisions were recorded. Decisions of
 *   one metric are recorded under a lock on the metric row, so a later decision always draws a
 *   higher number; the standing decision of a kind is the one with the highest. Existing rows are
 *   numbered in their old order (`decided_at`, then `id`), and the identity continues after them.
 * - `decided_at` defaults to `clock_timestamp()`, the time the row is written.
 *
 * Frozen once released.
 */
export const UP_STATEMENTS: readonly string[] = [
  'ALTER TABLE metric_approvals ALTER COLUMN decided_at SET DEFAULT clock_timestamp()',
  'ALTER TABLE metric_approvals ADD COLUMN recorded_seq BIGINT',
  `UPDATE metric_approvals a SET recorded_seq = o.n
     FROM (SELECT id, row_number() OVER (ORDER BY decided_at, id) AS n FROM metric_approvals) o
    WHERE o.id = a.id`,
  'ALTER TABLE metric_approvals ALTER COLUMN recorded_seq SET NOT NULL',
  'ALTER TABLE metric_approvals ALTER COLUMN recorded_seq ADD GENERATED ALWAYS AS IDENTITY',
  `SELECT setval(pg_get_serial_sequence('metric_approvals', 'recorded_seq'),
                 coalesce((SELECT max(recorded_seq) FROM metric_approvals), 0) + 1, false)`,
  'CREATE INDEX idx_metric_approvals_recorded ON metric_approvals (metric_id, recorded_seq)',
];

export async function up(db: AnyKysely): Promise<void> {
  for (const statement of UP_STATEMENTS) await sql.raw(statement).execute(db);
}

export async function down(db: AnyKysely): Promise<void> {
  await sql.raw('DROP INDEX IF EXISTS idx_metric_approvals_recorded').execute(db);
  await sql.raw('ALTER TABLE metric_approvals DROP COLUMN IF EXISTS recorded_seq').execute(db);
  await sql.raw('ALTER TABLE metric_approvals ALTER COLUMN decided_at SET DEFAULT now()').execute(db);
}
