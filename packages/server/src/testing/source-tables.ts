/**
 * Test helper: host source data for the runtime's sources — a registered table `source_events`
 * (formula name `events`), a registered view over it (`events_view`), and a table nobody registered
 * (`secret_notes`); plus a checksum of every table, to prove an attack changed nothing.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '@arion-metrics/core';
import { CompiledQuery, type Kysely } from 'kysely';
import pg from 'pg';
import type { SourceRelation } from '../runtime/source-relations';

/** The relations the runtime tests register. */
export const TEST_RELATIONS: readonly SourceRelation[] = [
  { name: 'events', table: 'source_events', columns: ['unit_id', 'occurred_at', 'amount', 'kind'] },
  {
    name: 'events_view',
    table: 'source_events_view',
    kind: 'view',
    columns: ['unit_id', 'occurred_at', 'amount', 'kind'],
  },
];

/** Creates the source tables (once per database). */
export async function createSourceTables(db: Kysely<Database>): Promise<void> {
  for (const statement of [
    `CREATE TABLE source_events (
       id SERIAL PRIMARY KEY,
       organization_id UUID NOT NULL,
       unit_id UUID,
       occurred_at TIMESTAMPTZ NOT NULL,
       amount NUMERIC NOT NULL,
       kind TEXT NOT NULL)`,
    'CREATE VIEW source_events_view AS SELECT organization_id, unit_id, occurred_at, amount, kind FROM source_events',
    'CREATE TABLE secret_notes (organization_id UUID NOT NULL, note TEXT NOT NULL)',
  ]) {
    await db.executeQuery(CompiledQuery.raw(statement));
  }
}

/** One seeded source row. */
export interface SourceEvent {
  readonly organization_id: string;
  readonly unit_id: string | null;
  readonly occurred_at: Date;
  readonly amount: number;
  readonly kind: string;
}

/** Inserts `events` into `source_events` in one statement. */
export async function insertSourceEvents(
  db: Kysely<Database>,
  events: readonly SourceEvent[],
): Promise<void> {
  if (events.length === 0) return;
  await db.executeQuery(
    CompiledQuery.raw(
      `INSERT INTO source_events (organization_id, unit_id, occurred_at, amount, kind)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::numeric[], $5::text[])`,
      [
        events.map((e) => e.organization_id),
        events.map((e) => e.unit_id),
        events.map((e) => e.occurred_at.toISOString()),
        events.map((e) => String(e.amount)),
        events.map((e) => e.kind),
      ],
    ),
  );
}

/** An md5 of every row of every table of the public schema (and the list of tables): equal before and after means nothing changed. */
export async function checksumAllTables(db: Kysely<Database>): Promise<string> {
  const tables = await db.executeQuery<{ table_name: string }>(
    CompiledQuery.raw(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name",
    ),
  );
  const parts: string[] = [];
  for (const { table_name } of tables.rows) {
    const sum = await db.executeQuery<{ md5: string; n: string | number }>(
      CompiledQuery.raw(
        `SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS md5, count(*) AS n FROM "${table_name}" t`,
      ),
    );
    parts.push(`${table_name}:${sum.rows[0]?.n}:${sum.rows[0]?.md5}`);
  }
  return parts.join('\n');
}

/** A sandbox role of its own for one test file on PostgreSQL, and a pool that logs in as it. */
export function sandboxRoleFor(url: string): { role: string; pool: pg.Pool } {
  const role = `arion_sandbox_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const target = new URL(url);
  target.username = role;
  target.password = '';
  return { role, pool: new pg.Pool({ connectionString: target.toString(), max: 2 }) };
}

/** Drops a test sandbox role (its policies and grants in `db` first). */
export async function dropSandboxRole(db: Kysely<Database>, role: string): Promise<void> {
  await db.executeQuery(CompiledQuery.raw(`DROP OWNED BY "${role}"`));
  await db.executeQuery(CompiledQuery.raw(`DROP ROLE IF EXISTS "${role}"`));
}
