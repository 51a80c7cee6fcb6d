import { sql } from 'kysely';
import type { AnyKysely } from '../any-kysely';

/**
 * Alert history records what an acknowledgement said and who resolved an episode (issue 6,
 * point 8: "acknowledge (who, when, note); resolve (note, auto or manual)"):
 *
 * - `metric_alert_history.acknowledgement_note`: the note given when acknowledging (the spec's
 *   table had only who and when).
 * - `metric_alert_history.resolved_by`: the user who resolved the episode by hand; NULL when it
 *   resolved itself (`auto_resolved`) or is still open. Tenant-composite like every user
 *   reference of 0001: `(organization_id, resolved_by)` references `users (organization_id, id)`,
 *   so a row can never name another organization's user.
 *
 * Both are nullable additions, so existing rows need no backfill. Frozen once released.
 */
export const UP_STATEMENTS: readonly string[] = [
  `ALTER TABLE metric_alert_history
     ADD COLUMN acknowledgement_note TEXT,
     ADD COLUMN resolved_by UUID,
     ADD CONSTRAINT metric_alert_history_resolved_by_fkey FOREIGN KEY (organization_id, resolved_by)
       REFERENCES users (organization_id, id)`,
];

export async function up(db: AnyKysely): Promise<void> {
  for (const statement of UP_STATEMENTS) await sql.raw(statement).execute(db);
}

export async function down(db: AnyKysely): Promise<void> {
  await sql
    .raw(
      `ALTER TABLE metric_alert_history
         DROP CONSTRAINT IF EXISTS metric_alert_history_resolved_by_fkey,
         DROP COLUMN IF EXISTS resolved_by,
         DROP COLUMN IF EXISTS acknowledgement_note`,
    )
    .execute(db);
}
