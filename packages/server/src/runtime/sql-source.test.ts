import { randomUUID } from 'node:crypto';
import { testSize } from '@arion-metrics/core/testing';
import { CompiledQuery } from 'kysely';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checksumAllTables,
  createSourceTables,
  dropSandboxRole,
  insertSourceEvents,
  type SourceEvent,
  sandboxRoleFor,
  TEST_RELATIONS,
} from '../testing/source-tables';
import { TEST_ENGINES, useTestDatabase } from '../testing/test-database';
import type { SourceMetric, SourceRequest } from './source-types';
import { setupSqlSandbox } from './sql-sandbox';
import { type ObservationSource, sqlSource } from './sql-source';

const DAY = 86_400_000;
const START = new Date('2026-03-01T00:00:00Z');
const DAYS = 3;
const PERIODS = Array.from({ length: DAYS }, (_, i) => ({
  start: new Date(START.getTime() + i * DAY),
  end: new Date(START.getTime() + (i + 1) * DAY),
}));
const ORG = randomUUID();
const OTHER = randomUUID();
const UNITS = [randomUUID(), randomUUID(), randomUUID(), null];
/** Every value of the other organization is at least this: any of them in a result is a leak. */
const FOREIGN = 1_000_000;
const MAX_ROWS = 50;

const ROW_COLUMNS = `unit_id AS aggregation_id, occurred_at AS period_start`;
const OK_SELECT = `SELECT ${ROW_COLUMNS}, amount AS value FROM events`;

function metric(formula: string, parameters: Record<string, unknown> | null = null): SourceMetric {
  return { id: randomUUID(), metric_name: 'm', calculation_formula: formula, parameters };
}

const request: SourceRequest = { organizationId: ORG, aggregationLevel: 'team', periods: PERIODS };

/** Formulas that must be refused before they run, with what the error must say. */
const REFUSED: readonly (readonly [string, string, RegExp])[] = [
  ['DDL: CREATE TABLE', 'CREATE TABLE stolen (a int)', /CreateStmt statement; allowed: one SELECT/],
  ['DDL: DROP TABLE', 'DROP TABLE source_events', /DropStmt statement/],
  ['DDL: ALTER TABLE', 'ALTER TABLE source_events ADD COLUMN x int', /AlterTableStmt statement/],
  ['DDL: TRUNCATE', 'TRUNCATE source_events', /TruncateStmt statement/],
  [
    'DML: INSERT',
    "INSERT INTO source_events (organization_id, occurred_at, amount, kind) VALUES (gen_random_uuid(), now(), 1, 'x')",
    /InsertStmt statement/,
  ],
  ['DML: UPDATE', 'UPDATE source_events SET amount = 0', /UpdateStmt statement/],
  ['DML: DELETE', 'DELETE FROM source_events', /DeleteStmt statement/],
  [
    'several statements',
    `${OK_SELECT}; DELETE FROM source_events`,
    /2 statements; allowed: exactly one SELECT/,
  ],
  [
    'comment trick hiding a second statement',
    `${OK_SELECT} /* harmless */; DROP TABLE source_events --`,
    /2 statements/,
  ],
  [
    'pg_sleep',
    `SELECT NULL::uuid AS aggregation_id, :period_start::timestamptz AS period_start, pg_sleep(30) AS value`,
    /function pg_sleep is not allowed/,
  ],
  ['COPY ... TO PROGRAM', "COPY (SELECT 1) TO PROGRAM 'touch /tmp/arion-pwned'", /CopyStmt statement/],
  [
    'pg_read_file',
    `SELECT NULL::uuid AS aggregation_id, now() AS period_start, length(pg_read_file('/etc/passwd')) AS value`,
    /function pg_read_file is not allowed/,
  ],
  [
    'lo_import',
    `SELECT NULL::uuid AS aggregation_id, now() AS period_start, lo_import('/etc/passwd') AS value`,
    /function lo_import is not allowed/,
  ],
  ['SET ROLE', 'SET ROLE postgres', /VariableSetStmt statement/],
  ['RESET', 'RESET ALL', /VariableSetStmt statement/],
  ['SET statement_timeout', 'SET statement_timeout = 0', /VariableSetStmt statement/],
  [
    'set_config of the timeout',
    `SELECT NULL::uuid AS aggregation_id, now() AS period_start, length(set_config('statement_timeout', '0', false)) AS value`,
    /function set_config is not allowed/,
  ],
  [
    'set_config of the organization',
    `SELECT NULL::uuid AS aggregation_id, now() AS period_start, length(set_config('arion.organization_id', '${OTHER}', true)) AS value`,
    /function set_config is not allowed/,
  ],
  [
    'current_setting',
    `SELECT NULL::uuid AS aggregation_id, now() AS period_start, length(current_setting('arion.organization_id')) AS value`,
    /function current_setting is not allowed/,
  ],
  [
    'dblink',
    `SELECT NULL::uuid AS aggregation_id, now() AS period_start, 1 AS value FROM dblink('dbname=postgres', 'DELETE FROM source_events') AS t(x int)`,
    /function in FROM is not allowed/,
  ],
  [
    'side effect: nextval',
    `SELECT NULL::uuid AS aggregation_id, now() AS period_start, nextval('source_events_id_seq') AS value`,
    /function nextval is not allowed/,
  ],
  [
    'side effect: advisory lock',
    `SELECT NULL::uuid AS aggregation_id, now() AS period_start, pg_advisory_lock(1) AS value`,
    /function pg_advisory_lock is not allowed/,
  ],
  [
    'side effect: pg_notify',
    `SELECT NULL::uuid AS aggregation_id, now() AS period_start, pg_notify('x', 'y') AS value`,
    /function pg_notify is not allowed/,
  ],
  [
    'side effect: pg_terminate_backend',
    `SELECT NULL::uuid AS aggregation_id, now() AS period_start, pg_terminate_backend(1) AS value`,
    /function pg_terminate_backend is not allowed/,
  ],
  [
    'schema-qualified function',
    `SELECT NULL::uuid AS aggregation_id, now() AS period_start, public.abs(1) AS value`,
    /function public.abs is not allowed/,
  ],
  [
    'qualified table bypassing the scoping',
    `SELECT ${ROW_COLUMNS}, amount AS value FROM public.source_events`,
    /relation public.source_events is qualified/,
  ],
  [
    'unregistered table',
    `SELECT NULL::uuid AS aggregation_id, now() AS period_start, length(note) AS value FROM secret_notes`,
    /relation secret_notes is not registered/,
  ],
  [
    'quoted real name of a registered table',
    `SELECT ${ROW_COLUMNS}, amount AS value FROM "source_events"`,
    /relation source_events is not registered/,
  ],
  [
    'quoted upper-case name',
    `SELECT ${ROW_COLUMNS}, amount AS value FROM "EVENTS"`,
    /relation EVENTS is not registered/,
  ],
  [
    'system catalog',
    'SELECT NULL::uuid AS aggregation_id, now() AS period_start, 1 AS value FROM pg_authid',
    /relation pg_authid is not registered/,
  ],
  [
    'catalog in a subquery',
    `${OK_SELECT} WHERE EXISTS (SELECT 1 FROM pg_stat_activity)`,
    /relation pg_stat_activity is not registered/,
  ],
  [
    'unregistered table in a UNION',
    `${OK_SELECT} UNION ALL SELECT NULL::uuid, now(), 1 FROM secret_notes`,
    /relation secret_notes is not registered/,
  ],
  [
    'CTE named like a table it reads',
    'WITH secret_notes AS (SELECT * FROM secret_notes) SELECT NULL::uuid AS aggregation_id, now() AS period_start, 1 AS value FROM secret_notes',
    /relation secret_notes is not registered/,
  ],
  [
    'data-modifying CTE',
    `WITH gone AS (DELETE FROM source_events RETURNING amount) SELECT NULL::uuid AS aggregation_id, now() AS period_start, amount AS value FROM gone`,
    /a CTE holding a DeleteStmt statement \(a data-modifying CTE\)/,
  ],
  [
    'deep recursion: recursive CTE',
    'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT NULL::uuid AS aggregation_id, now() AS period_start, n AS value FROM r',
    /WITH RECURSIVE/,
  ],
  [
    'deep nesting',
    `SELECT NULL::uuid AS aggregation_id, now() AS period_start, ${'(SELECT '.repeat(300)}1${')'.repeat(300)} AS value`,
    /nested deeper than|does not parse/,
  ],
  ['SELECT INTO', 'SELECT amount INTO stolen FROM events', /SELECT INTO/],
  ['FOR UPDATE', `${OK_SELECT} FOR UPDATE`, /FOR UPDATE\/SHARE/],
  [
    'function in FROM: generate_series',
    'SELECT NULL::uuid AS aggregation_id, now() AS period_start, g AS value FROM generate_series(1, 1000000000) g',
    /function in FROM/,
  ],
  [
    'cast to regproc',
    `SELECT NULL::uuid AS aggregation_id, now() AS period_start, 'pg_read_file'::regproc::int AS value`,
    /type regproc is not allowed/,
  ],
  [
    'qualified operator',
    `SELECT NULL::uuid AS aggregation_id, now() AS period_start, 1 OPERATOR(pg_catalog.+) 1 AS value`,
    /operator pg_catalog.\+ is not allowed/,
  ],
  ['EXPLAIN ANALYZE running a DELETE', 'EXPLAIN ANALYZE DELETE FROM source_events', /ExplainStmt statement/],
  ['DO block', 'DO $$ BEGIN DELETE FROM source_events; END $$', /DoStmt statement/],
  ['unknown parameter', `${OK_SELECT} WHERE kind = :password`, /unknown parameter :password/],
  [
    'unbalanced quote closing the wrapper',
    `${OK_SELECT}) AS x; DROP TABLE source_events; SELECT (1`,
    /does not parse|statements/,
  ],
];

/** Formulas that run but must be stopped: by the scoping (no foreign row), the row cap or the result shape. */
const STOPPED: readonly (readonly [string, string, RegExp | 'no foreign rows'])[] = [
  ['another organization by id', `${OK_SELECT} WHERE organization_id = '${OTHER}'`, 'no foreign rows'],
  [
    'another organization through the view',
    `SELECT ${ROW_COLUMNS}, amount AS value FROM events_view WHERE organization_id = '${OTHER}'`,
    'no foreign rows',
  ],
  [
    'another organization in a subquery',
    `SELECT NULL::uuid AS aggregation_id, :period_start AS period_start, (SELECT max(amount) FROM events_view) AS value`,
    'no foreign rows',
  ],
  [
    'every organization through the view',
    `SELECT ${ROW_COLUMNS}, amount AS value FROM events_view WHERE organization_id <> :organization_id OR true`,
    'no foreign rows',
  ],
  [
    'a CTE shadowing the scoped table',
    `WITH events AS (SELECT * FROM events) ${OK_SELECT}`,
    'no foreign rows',
  ],
  [
    'huge result set: a cross join',
    `SELECT a.unit_id AS aggregation_id, a.occurred_at AS period_start, a.amount AS value FROM events a, events b, events c`,
    /more than 50 rows/,
  ],
  [
    'dollar-quoted statement as a value',
    'SELECT NULL::uuid AS aggregation_id, :period_start AS period_start, $$; DROP TABLE source_events; $$ AS value',
    /column value is "; DROP TABLE source_events; "/,
  ],
  ['wrong result shape', 'SELECT amount AS value FROM events LIMIT 5', /no column aggregation_id/],
];

describe.each(TEST_ENGINES)('the sql source on %s', (engine) => {
  const t = useTestDatabase(engine);
  let source: ObservationSource;
  /** The same source with the default row cap. */
  let big: ObservationSource;
  let sandbox: { role: string; pool: pg.Pool } | undefined;
  let events: SourceEvent[];

  beforeAll(async () => {
    await createSourceTables(t.db);
    const n = testSize(60);
    events = [];
    for (let i = 0; i < n; i++) {
      const at = new Date(START.getTime() + ((i * 7919) % (DAYS * 24)) * 3_600_000 + 60_000);
      events.push({
        organization_id: ORG,
        unit_id: UNITS[i % UNITS.length] ?? null,
        occurred_at: at,
        amount: (i % 13) * 1.25,
        kind: i % 3 === 0 ? 'incident' : 'change',
      });
      events.push({
        organization_id: OTHER,
        unit_id: UNITS[i % UNITS.length] ?? null,
        occurred_at: at,
        amount: FOREIGN + i,
        kind: 'incident',
      });
    }
    await insertSourceEvents(t.db, events);
    await t.db.executeQuery(CompiledQuery.raw(`INSERT INTO secret_notes VALUES ('${ORG}', 'the secret')`));
    if (engine === 'postgres') {
      sandbox = sandboxRoleFor(t.url as string);
      await setupSqlSandbox(t.db, {
        role: sandbox.role,
        relations: TEST_RELATIONS,
        statementTimeoutMs: 2_000,
      });
      // Idempotent: a second run changes nothing and does not fail.
      await setupSqlSandbox(t.db, {
        role: sandbox.role,
        relations: TEST_RELATIONS,
        statementTimeoutMs: 2_000,
      });
    }
    big = sqlSource({ db: t.db, relations: TEST_RELATIONS, ...(sandbox ? { sandbox: sandbox.pool } : {}) });
    source = sqlSource({
      db: t.db,
      relations: TEST_RELATIONS,
      maxRows: MAX_ROWS,
      ...(sandbox ? { sandbox: sandbox.pool, statementTimeoutMs: 500 } : {}),
    });
  });

  afterAll(async () => {
    if (sandbox) {
      await sandbox.pool.end();
      await dropSandboxRole(t.db, sandbox.role);
    }
  });

  it('returns per unit and period what PostgreSQL sums for the same rows, with bound parameters', async () => {
    const formula = `SELECT ${ROW_COLUMNS}, amount AS value, 1 AS weight, occurred_at AS observed_at
      FROM events WHERE occurred_at >= :period_start AND occurred_at < :period_end AND kind = :kind`;
    const observed = await big.observe(metric(formula, { kind: 'incident' }), request);
    const mine = new Map<string, { sum: number; n: number }>();
    for (const o of observed) {
      const key = `${o.aggregation_id}|${o.period}`;
      const entry = mine.get(key) ?? { sum: 0, n: 0 };
      entry.sum += o.observation.value as number;
      entry.n += 1;
      mine.set(key, entry);
      expect(o.observation.denominator).toBe(1);
      expect(o.observation.observed_at).toBeInstanceOf(Date);
    }
    const reference = await t.db.executeQuery<{
      unit_id: string | null;
      period: number;
      total: string;
      n: string | number;
    }>(
      CompiledQuery.raw(
        `SELECT unit_id, floor(extract(epoch FROM occurred_at - $2::timestamptz) / 86400)::int AS period,
                sum(amount)::text AS total, count(*) AS n
           FROM source_events WHERE organization_id = $1 AND kind = 'incident'
            AND occurred_at >= $2::timestamptz AND occurred_at < $3::timestamptz
          GROUP BY 1, 2`,
        [ORG, START.toISOString(), new Date(START.getTime() + DAYS * DAY).toISOString()],
      ),
    );
    expect(reference.rows.length).toBeGreaterThan(0);
    expect(mine.size).toBe(reference.rows.length);
    for (const row of reference.rows) {
      const entry = mine.get(`${row.unit_id}|${row.period}`);
      expect(entry, `unit ${row.unit_id} period ${row.period}`).toBeDefined();
      expect(entry?.n).toBe(Number(row.n));
      expect(entry?.sum).toBe(Number(row.total));
    }
  });

  it('refuses a formula whose result has a column outside the documented shape, naming it', async () => {
    await expect(
      source.observe(metric(`SELECT ${ROW_COLUMNS}, amount AS value, kind FROM events LIMIT 5`), request),
    ).rejects.toThrow(
      /unexpected column kind; allowed: aggregation_id, period_start, value, weight, observed_at/,
    );
  });

  it(`refuses or stops each of the ${REFUSED.length + STOPPED.length} attack formulas, and no table changes`, async () => {
    expect(REFUSED.length + STOPPED.length).toBeGreaterThanOrEqual(30);
    const before = await checksumAllTables(t.db);
    for (const [name, formula, expected] of REFUSED) {
      await expect(source.observe(metric(formula), request), name).rejects.toThrow(expected);
    }
    for (const [name, formula, expected] of STOPPED) {
      if (expected === 'no foreign rows') {
        const rows = await big.observe(metric(formula), request);
        expect(
          rows.filter((r) => (r.observation.value as number) >= FOREIGN),
          name,
        ).toEqual([]);
      } else {
        await expect(source.observe(metric(formula), request), name).rejects.toThrow(expected);
      }
    }
    expect(await checksumAllTables(t.db)).toBe(before);
  });

  if (engine === 'postgres') {
    it('stops a formula that runs past the statement timeout', async () => {
      // Ten self-joins of the six visible events: about 60 million rows to count, seconds of work
      // on any machine against the source's 500 ms timeout (five joins, 7,776 rows, once finished
      // in time on a fast run).
      const before = await checksumAllTables(t.db);
      const slow = `SELECT NULL::uuid AS aggregation_id, :period_start AS period_start, count(*) AS value
        FROM events a, events b, events c, events d, events e, events f, events g, events h, events i, events j`;
      await expect(source.observe(metric(slow), request)).rejects.toThrow(/statement timeout/);
      expect(await checksumAllTables(t.db)).toBe(before);
    });

    it('keeps the sandbox role to its own organization, read-only, even without the allow-list', async () => {
      const pool = sandbox?.pool as pg.Pool;
      const client = await pool.connect();
      try {
        await expect(client.query('SELECT note FROM secret_notes')).rejects.toThrow(/permission denied/);
        await expect(client.query('DELETE FROM source_events')).rejects.toThrow(
          /read-only transaction|permission denied/,
        );
        await expect(client.query("SELECT set_config('role', 'postgres', false)")).rejects.toThrow(
          /permission denied|must be/,
        );
        await client.query('BEGIN');
        await client.query('SELECT set_config($1, $2, true)', ['arion.organization_id', ORG]);
        const rows = await client.query<{ organization_id: string }>(
          'SELECT organization_id FROM source_events_view',
        );
        await client.query('COMMIT');
        expect(new Set(rows.rows.map((r) => r.organization_id))).toEqual(new Set([ORG]));
        const none = await client.query('SELECT count(*)::int AS n FROM source_events');
        expect(none.rows[0].n).toBe(0);
      } finally {
        client.release();
      }
    });
  }
});
