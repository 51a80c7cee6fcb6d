// The README's "Runtime" example, run as written: `pnpm tsx src/runtime/readme-example.ts` in packages/server.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { createDatabase, migrateToLatest, sqlSource } from '../index';

const db = await createDatabase(); // embedded PGlite
await migrateToLatest(db);
await sql`CREATE TABLE incidents (organization_id uuid NOT NULL, team_id uuid, opened_at timestamptz NOT NULL, severity int NOT NULL)`.execute(
  db,
);
const org = randomUUID();
const team = randomUUID();
await sql`INSERT INTO incidents VALUES (${org}, ${team}, '2026-03-01T10:00Z', 3), (${org}, ${team}, '2026-03-02T09:00Z', 5), (${randomUUID()}, ${team}, '2026-03-01T11:00Z', 9)`.execute(
  db,
);

const source = sqlSource({
  db,
  relations: [{ name: 'incidents', columns: ['team_id', 'opened_at', 'severity'] }],
});
const values = await source.observe(
  {
    id: randomUUID(),
    metric_name: 'severe_incidents',
    calculation_formula: `SELECT team_id AS aggregation_id, opened_at AS period_start, severity AS value
                            FROM incidents
                           WHERE opened_at >= :period_start AND opened_at < :period_end AND severity >= :min_severity`,
    parameters: { min_severity: 3 },
  },
  {
    organizationId: org,
    aggregationLevel: 'team',
    periods: [
      { start: new Date('2026-03-01T00:00Z'), end: new Date('2026-03-02T00:00Z') },
      { start: new Date('2026-03-02T00:00Z'), end: new Date('2026-03-03T00:00Z') },
    ],
  },
);
console.log(values.map((v) => `${v.period}: ${v.observation.value}`).join(', ')); // 0: 3, 1: 5 (the other organization's 9 is never seen)
await db.destroy();
