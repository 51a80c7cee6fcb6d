/**
 * The store against hand-written `pg`, side by side in one run on real PostgreSQL:
 *
 * 1. Upserting 100,000 calculation rows through `calculations.upsert` (on PostgreSQL, per batch:
 *    COPY straight into the table when a probe finds that none of its keys can exist — the empty
 *    table — otherwise COPY into a temporary table and one statement that UPDATEs the keys that
 *    exist and INSERTs the others — every row conflicting; one transaction),
 *    into an empty table and again where every row conflicts, against the anchor: a hand-written multi-row `INSERT ... VALUES (...), (...)
 *    ON CONFLICT DO UPDATE` through `pg` in batches of 1,000 rows, also in one transaction.
 *    Same table, same indexes and foreign keys, same rows (built outside the timing), same
 *    stored values (checked by a digest). Rows/s and the ratio store / anchor (target: >= 1.4).
 *    The store's other path (UNNEST of array literals, PGlite's) is timed beside it, on a Kysely
 *    handle not made by `createDatabase`, where the store cannot reach the `pg` client for COPY.
 *    The server's own cost of the anchor's statement is printed too: the same rows upserted by
 *    `INSERT ... SELECT ... ON CONFLICT DO UPDATE` from a server-side table, no client at all —
 *    the floor of any client that writes through ON CONFLICT (the store's UPDATE + plain INSERT
 *    can go below it).
 * 2. Reading a 12-series dashboard (365 daily points each) from a table of 5,000,000 calculation
 *    rows through `calculations.seriesMany` (access check + one statement), against the same read
 *    written by hand as one `pg` query. p50 / p95 and the ratio store / anchor (target: <= 1.2).
 *
 * It creates its own database on TEST_DATABASE_URL's server (default
 * postgres://postgres@127.0.0.1:5432/postgres) and drops it at the end.
 *
 *   pnpm bench store             # ROWS=20000 READ_ROWS=1000000 pnpm bench store for a quick run;
 *                               # READ_ROWS=0 for the upserts only
 */
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { type Database, metricCalculationsTable, writableColumns } from '@arion-metrics/core';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import {
  type CalculationInput,
  createDatabase,
  migrateToLatest,
  openStore,
  VALUE_PARSERS,
  writeMetricSettings,
} from '../packages/server/src/index';

const BASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ROWS = Number(process.env.ROWS ?? 100_000);
const READ_ROWS = Number(process.env.READ_ROWS ?? 5_000_000);
const REPS = Number(process.env.REPS ?? 5);
const READS = Number(process.env.READS ?? 200);
const BASELINE_BATCH = 1000;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

const urlFor = (database: string) => {
  const u = new URL(BASE_URL);
  u.pathname = `/${database}`;
  return u.toString();
};
const dbName = `arion_bench_store_${process.pid}`;
const admin = new pg.Client({ connectionString: urlFor('postgres') });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${dbName}`);
await admin.query(`CREATE DATABASE ${dbName}`);
const url = urlFor(dbName);
const db = await createDatabase({ url, maxConnections: 4 });
const parsers = VALUE_PARSERS;
const pool = new pg.Pool({
  connectionString: url,
  max: 4,
  // The same value parsing as the store, so both sides hand out numbers, not strings.
  types: {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      parsers[oid] && (format ?? 'text') === 'text'
        ? parsers[oid]
        : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
  },
});

pool.on('error', (error) => console.error('pg pool:', error.message));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] as number;
};
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

try {
  const t0 = performance.now();
  await migrateToLatest(db);
  const organizationId = randomUUID();
  const userId = randomUUID();
  await sql`INSERT INTO organizations (id, name, slug) VALUES (${organizationId}, 'Bench', ${`bench-${organizationId}`})`.execute(
    db,
  );
  await sql`INSERT INTO users (id, organization_id, email) VALUES (${userId}, ${organizationId}, 'bench@example.com')`.execute(
    db,
  );
  await writeMetricSettings(db, organizationId, { required_approvals: [] });
  const METRICS = 500;
  const { rows: metricRows } = await sql<{ id: string }>`
    INSERT INTO metric_definitions (metric_name, display_name, metric_category, metric_type, calculation_method,
                                    data_sources, direction, owner_id, created_by, updated_by, organization_id)
    SELECT 'bench_' || n, 'Bench ' || n, 'operational', 'average', 'manual', '{"tables":[]}', 'higher_better',
           ${userId}::uuid, ${userId}::uuid, ${userId}::uuid, ${organizationId}::uuid
      FROM generate_series(1, ${METRICS}) AS n
    RETURNING id`.execute(db);
  const metricIds = metricRows.map((r) => r.id);
  // The test server runs with autovacuum off, so nothing would ever ANALYZE the parent tables:
  // the foreign-key checks (one lookup per inserted row) would then plan against empty
  // statistics and scan metric_definitions instead of using its key (about 3x slower per
  // row). Analyze once, as autovacuum would on any real server; both sides benefit alike.
  await sql`ANALYZE`.execute(db);
  const principal = { userId, organizationId, roleIds: [], departmentIds: [] };
  const store = openStore(db, principal);
  // The same store on a handle of its own over the bench's pool: no COPY, the UNNEST path.
  const unnestDb = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const unnestStore = openStore(unnestDb, principal);

  // ---------------------------------------------------------------------------------------------
  // 1. Upserts
  // ---------------------------------------------------------------------------------------------
  const DAYS = 1000;
  const start = Date.UTC(2023, 0, 1);
  const rowsFor = (round: number): CalculationInput[] =>
    Array.from({ length: ROWS }, (_, i) => {
      const metric = metricIds[Math.floor(i / DAYS) % METRICS] as string;
      const d = i % DAYS;
      return {
        metric_id: metric,
        calculation_timestamp: new Date(start + (d + 1) * 86_400_000 + round),
        period_start: new Date(start + d * 86_400_000),
        period_end: new Date(start + (d + 1) * 86_400_000),
        aggregation_level: 'org',
        aggregation_id: null,
        metric_value: ((i * 7919) % 10_000) / 100 + round,
        previous_value: ((i * 104_729) % 10_000) / 100,
        change_percentage: ((i % 200) - 100) / 4,
        sample_size: 100 + (i % 900),
        metadata: { source_rows: 100 + (i % 900) },
      };
    });
  // The anchor writes the columns the generated rows carry, named and ordered by core's descriptor.
  const table = metricCalculationsTable;
  const carried = Object.keys(rowsFor(0)[0] as CalculationInput);
  const COLUMNS = [...writableColumns(table, 'create').filter((c) => carried.includes(c)), table.tenantKey];
  const UPDATE = COLUMNS.filter(
    (c) => !(table.upsertKey.columns as readonly string[]).includes(c) && c !== table.tenantKey,
  )
    .map((c) => `${c} = EXCLUDED.${c}`)
    .join(', ');
  /** One parameter per column; the metric versions the store writes into metadata, the anchor writes the same JSON. */
  const PARAMS = COLUMNS.map((c): ((r: CalculationInput) => unknown) =>
    c === table.tenantKey
      ? () => organizationId
      : c === 'metadata'
        ? (r) => JSON.stringify({ ...r.metadata, definition_version: 1 })
        : (r) => (r as unknown as Record<string, unknown>)[c],
  );
  async function anchorUpsert(rows: readonly CalculationInput[]): Promise<void> {
    const client = await pool.connect();
    try {
      // One transaction, like the store's call: the same all-or-nothing guarantee on both sides.
      await client.query('BEGIN');
      for (let s = 0; s < rows.length; s += BASELINE_BATCH) {
        const batch = rows.slice(s, s + BASELINE_BATCH);
        const params: unknown[] = [];
        const tuples = batch.map((r) => {
          const base = params.length;
          for (const param of PARAMS) params.push(param(r));
          return `(${COLUMNS.map((_, k) => `$${base + k + 1}`).join(', ')})`;
        });
        await client.query(
          `INSERT INTO metric_calculations (${COLUMNS.join(', ')}) VALUES ${tuples.join(', ')}
           ON CONFLICT ON CONSTRAINT ${table.upsertKey.constraint} DO UPDATE SET ${UPDATE}`,
          params,
        );
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }
  const count = async () =>
    Number((await pool.query('SELECT count(*)::int AS n FROM metric_calculations')).rows[0].n);
  const timed = async (work: () => Promise<unknown>) => {
    gc();
    const s = performance.now();
    await work();
    return performance.now() - s;
  };

  const results = {
    anchorInsert: [] as number[],
    anchorUpdate: [] as number[],
    storeInsert: [] as number[],
    storeUpdate: [] as number[],
    unnestInsert: [] as number[],
    unnestUpdate: [] as number[],
  };
  // Warm-up (plans, JIT, connections), then alternate so neither side always runs on a warmer table.
  await anchorUpsert(rowsFor(0).slice(0, 5000));
  await store.calculations.upsert(rowsFor(0).slice(0, 5000));
  await unnestStore.calculations.upsert(rowsFor(0).slice(0, 5000));
  const SIDES = ['anchor', 'store', 'unnest'] as const;
  for (let rep = 0; rep < REPS; rep++) {
    const rows1 = rowsFor(1);
    const rows2 = rowsFor(2);
    for (const side of [...SIDES.slice(rep % 3), ...SIDES.slice(0, rep % 3)]) {
      await pool.query('TRUNCATE metric_calculations');
      await pool.query('VACUUM ANALYZE metric_calculations');
      if (side === 'anchor') {
        results.anchorInsert.push(await timed(() => anchorUpsert(rows1)));
        results.anchorUpdate.push(await timed(() => anchorUpsert(rows2)));
      } else if (side === 'store') {
        results.storeInsert.push(await timed(() => store.calculations.upsert(rows1)));
        results.storeUpdate.push(await timed(() => store.calculations.upsert(rows2)));
      } else {
        results.unnestInsert.push(await timed(() => unnestStore.calculations.upsert(rows1)));
        results.unnestUpdate.push(await timed(() => unnestStore.calculations.upsert(rows2)));
      }
      if ((await count()) !== ROWS)
        throw new Error(`${side}: expected ${ROWS} rows after the upserts, found ${await count()}`);
    }
  }
  // Both sides wrote the same values: compare a digest of the table after each side's second pass.
  const digest = async () =>
    (
      await pool.query(
        `SELECT md5(string_agg(concat_ws(',', metric_id, period_start, period_end, metric_value, previous_value,
                change_percentage, sample_size, metadata::text), '|' ORDER BY metric_id, period_start)) AS d FROM metric_calculations`,
      )
    ).rows[0].d as string;
  const storeDigest = await digest();
  await pool.query('TRUNCATE metric_calculations');
  await anchorUpsert(rowsFor(2));
  if ((await digest()) !== storeDigest) throw new Error('the store and the anchor wrote different values');

  // The server's floor for ON CONFLICT: the same 100,000 rows upserted from a server-side table
  // by one INSERT ... SELECT ... ON CONFLICT DO UPDATE (no client, no parameters): what the
  // anchor's statement costs the server on this machine, whatever the client.
  const floor = { insert: [] as number[], update: [] as number[] };
  await pool.query(
    `CREATE UNLOGGED TABLE bench_floor_rows AS SELECT ${COLUMNS.join(', ')} FROM metric_calculations`,
  );
  const floorUpsert = (bump: number) =>
    pool.query(
      `INSERT INTO metric_calculations (${COLUMNS.join(', ')})
       SELECT ${COLUMNS.map((c) =>
         c === 'metric_value'
           ? `metric_value + ${bump}`
           : c === 'calculation_timestamp'
             ? `calculation_timestamp + interval '${bump} ms'`
             : c,
       ).join(', ')} FROM bench_floor_rows
       ON CONFLICT ON CONSTRAINT ${table.upsertKey.constraint} DO UPDATE SET ${UPDATE}`,
    );
  for (let rep = 0; rep < REPS; rep++) {
    await pool.query('TRUNCATE metric_calculations');
    await pool.query('VACUUM ANALYZE metric_calculations');
    floor.insert.push(await timed(() => floorUpsert(1)));
    floor.update.push(await timed(() => floorUpsert(2)));
  }
  await pool.query('DROP TABLE bench_floor_rows');

  const rate = (ms: number) => (ROWS / ms) * 1000;
  console.log(`Upsert of ${fmt(ROWS)} calculation rows (median of ${REPS}; rows/s):`);
  console.log(
    '  floor of ON CONFLICT: INSERT ... SELECT ... ON CONFLICT DO UPDATE from a server-side table (no client)',
  );
  console.log(`    into an empty table   ${fmt(rate(median(floor.insert))).padStart(9)} rows/s`);
  console.log(`    every row conflicts   ${fmt(rate(median(floor.update))).padStart(9)} rows/s`);
  console.log(
    `  anchor multi-row INSERT ... ON CONFLICT, batches of ${BASELINE_BATCH}, through pg, one transaction`,
  );
  console.log(`    into an empty table   ${fmt(rate(median(results.anchorInsert))).padStart(9)} rows/s`);
  console.log(`    every row conflicts   ${fmt(rate(median(results.anchorUpdate))).padStart(9)} rows/s`);
  const unnestInsertRatio = median(results.anchorInsert) / median(results.unnestInsert);
  const unnestUpdateRatio = median(results.anchorUpdate) / median(results.unnestUpdate);
  console.log(
    "  store's UNNEST path (array literals, one statement per 5,000 rows; PGlite's path, here on PostgreSQL)",
  );
  console.log(
    `    into an empty table   ${fmt(rate(median(results.unnestInsert))).padStart(9)} rows/s   ${unnestInsertRatio.toFixed(2)}x the anchor`,
  );
  console.log(
    `    every row conflicts   ${fmt(rate(median(results.unnestUpdate))).padStart(9)} rows/s   ${unnestUpdateRatio.toFixed(2)}x the anchor`,
  );
  console.log(
    '  store calculations.upsert (PostgreSQL, per 5,000 rows: COPY straight into the table when a probe finds none of the keys can exist, else COPY into a temporary table + UPDATE of the keys that exist + INSERT of the others; next batch prepared while one runs; one transaction)',
  );
  const insertRatio = median(results.anchorInsert) / median(results.storeInsert);
  const updateRatio = median(results.anchorUpdate) / median(results.storeUpdate);
  console.log(
    `    into an empty table   ${fmt(rate(median(results.storeInsert))).padStart(9)} rows/s   ${insertRatio.toFixed(2)}x the anchor (target >= 1.4)`,
  );
  console.log(
    `    every row conflicts   ${fmt(rate(median(results.storeUpdate))).padStart(9)} rows/s   ${updateRatio.toFixed(2)}x the anchor (target >= 1.4)`,
  );

  // READ_ROWS=0 skips the read part (for quick upsert runs).
  if (READ_ROWS > 0) {
    // ---------------------------------------------------------------------------------------------
    // 2. Dashboard read from 5M rows
    // ---------------------------------------------------------------------------------------------
    const loadStart = performance.now();
    await pool.query('TRUNCATE metric_calculations');
    const UNITS = 5; // the organization total and 4 departments
    const days = Math.max(366, Math.ceil(READ_ROWS / (METRICS * UNITS)));
    const units = [null, randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    // Bulk load the usual way: indexes and foreign-key triggers off, rebuilt after.
    const { rows: indexDefs } = await pool.query<{ name: string; def: string; constraint: boolean }>(
      `SELECT i.relname AS name, pg_get_indexdef(x.indexrelid) AS def, c.oid IS NOT NULL AS constraint
         FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
         LEFT JOIN pg_constraint c ON c.conindid = x.indexrelid AND c.conrelid = t.oid
        WHERE t.relname = 'metric_calculations' AND NOT x.indisprimary`,
    );
    const { rows: constraintDefs } = await pool.query<{ name: string; def: string }>(
      `SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
        WHERE conrelid = 'metric_calculations'::regclass AND contype = 'u'`,
    );
    for (const c of constraintDefs)
      await pool.query(`ALTER TABLE metric_calculations DROP CONSTRAINT ${c.name}`);
    for (const i of indexDefs.filter((x) => !x.constraint)) await pool.query(`DROP INDEX ${i.name}`);
    const loader = await pool.connect();
    try {
      await loader.query(`SET session_replication_role = replica`);
      await loader.query(`SET synchronous_commit = off`);
      await loader.query(
        `INSERT INTO metric_calculations (metric_id, calculation_timestamp, period_start, period_end, aggregation_level,
                                          aggregation_id, metric_value, previous_value, change_percentage, sample_size,
                                          metadata, organization_id)
         SELECT m.id, p.end_at, p.end_at - interval '1 day', p.end_at, CASE WHEN u.id IS NULL THEN 'org' ELSE 'department' END,
                u.id, (abs(hashint4((p.d + u.n * 7)::int)) % 10000) / 100.0, NULL, NULL, 100, '{"definition_version":1}', $1
           FROM unnest($2::uuid[]) AS m(id)
          CROSS JOIN unnest($3::uuid[]) WITH ORDINALITY AS u(id, n)
          CROSS JOIN LATERAL (SELECT d, timestamptz '2020-01-01' + (d + 1) * interval '1 day' AS end_at
                                FROM generate_series(0, $4::int - 1) AS d) p`,
        [organizationId, metricIds, units, days],
      );
      await loader.query(`SET maintenance_work_mem = '256MB'`);
      for (const c of constraintDefs)
        await loader.query(`ALTER TABLE metric_calculations ADD CONSTRAINT ${c.name} ${c.def}`);
      for (const i of indexDefs.filter((x) => !x.constraint)) await loader.query(i.def);
      await loader.query('VACUUM ANALYZE metric_calculations');
    } finally {
      loader.release();
    }
    const total = await count();
    console.log(
      `\nLoaded ${fmt(total)} calculation rows (${METRICS} metrics x ${UNITS} units x ${days} days) in ${((performance.now() - loadStart) / 1000).toFixed(0)} s`,
    );

    const chosen = metricIds.slice(100, 112);
    const to = new Date(Date.UTC(2020, 0, 1) + days * 86_400_000);
    const from = new Date(to.getTime() - 364 * 86_400_000);
    const queries = chosen.map((metric_id) => ({
      metric_id,
      aggregation_level: 'org',
      aggregation_id: null,
      from,
      to,
    }));
    const anchorRead = async () => {
      const { rows } = await pool.query(
        `SELECT * FROM metric_calculations
          WHERE organization_id = $1 AND metric_id = ANY($2::uuid[]) AND aggregation_level = 'org' AND aggregation_id IS NULL
            AND period_end >= $3 AND period_end <= $4
          ORDER BY metric_id, period_end`,
        [organizationId, chosen, from, to],
      );
      const bySeries = new Map<string, unknown[]>(chosen.map((id) => [id, []]));
      for (const row of rows) bySeries.get(row.metric_id)?.push(row);
      return [...bySeries.values()];
    };
    const storeRead = () => store.calculations.seriesMany(queries);
    const a = await anchorRead();
    const s = await storeRead();
    if (a.length !== 12 || a.some((x) => x.length !== 365) || s.some((x) => x.length !== 365)) {
      throw new Error(
        `expected 12 series of 365 points; anchor ${a.map((x) => x.length)}, store ${s.map((x) => x.length)}`,
      );
    }
    if (
      JSON.stringify(a.map((x) => x.map((r) => (r as { metric_value: number }).metric_value))) !==
      JSON.stringify(s.map((x) => x.map((r) => r.metric_value)))
    ) {
      throw new Error('the store and the anchor read different values');
    }
    const anchorTimes: number[] = [];
    const storeTimes: number[] = [];
    for (let i = 0; i < 20; i++) {
      await anchorRead();
      await storeRead();
    }
    for (let i = 0; i < READS; i++) {
      for (const side of i % 2 === 0 ? ['anchor', 'store'] : ['store', 'anchor']) {
        const t = performance.now();
        if (side === 'anchor') await anchorRead();
        else await storeRead();
        (side === 'anchor' ? anchorTimes : storeTimes).push(performance.now() - t);
      }
    }
    const p50 = median(storeTimes) / median(anchorTimes);
    const p95 = quantile(storeTimes, 0.95) / quantile(anchorTimes, 0.95);
    console.log(
      `Reading a 12-series dashboard (365 daily points each, ${fmt(12 * 365)} rows) from ${fmt(total)} rows, ${READS} reads each:`,
    );
    console.log(
      `  anchor one hand-written pg query          p50 ${median(anchorTimes).toFixed(2)} ms   p95 ${quantile(anchorTimes, 0.95).toFixed(2)} ms`,
    );
    console.log(
      `  store calculations.seriesMany            p50 ${median(storeTimes).toFixed(2)} ms   p95 ${quantile(storeTimes, 0.95).toFixed(2)} ms   ${p50.toFixed(2)}x / ${p95.toFixed(2)}x the anchor (target <= 1.2)`,
    );
  }
  console.log(
    `\n(${((performance.now() - t0) / 1000).toFixed(0)} s in all; load average ${loadavg()[0]?.toFixed(2)} on this machine)`,
  );
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await db.destroy();
  await pool.end();
  // Every pool is closed; give the server a moment to see the sockets go before dropping.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${dbName}`);
      break;
    } catch (error) {
      if (attempt >= 20) {
        console.error(`could not drop ${dbName}:`, error);
        process.exitCode = 1;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  await admin.end();
}
