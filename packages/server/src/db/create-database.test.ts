import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openTestDatabase, TEST_ENGINES } from '../testing/test-database';
import { createDatabase, databaseEngine, pgClientOf } from './create-database';

describe('createDatabase', () => {
  it('opens embedded PGlite in memory when no url is given', async () => {
    const db = await createDatabase();
    try {
      expect(databaseEngine(db)).toBe('pglite');
      const { rows } = await sql<{ v: string }>`SELECT current_setting('server_version_num') AS v`.execute(
        db,
      );
      expect(Number(rows[0]?.v)).toBeGreaterThanOrEqual(150000);
    } finally {
      await db.destroy();
    }
  });

  it.runIf(TEST_ENGINES.includes('postgres'))(
    "finds the pg client under each transaction's connection, for connections opened at the same time",
    async () => {
      const template = await openTestDatabase('postgres');
      const db = await createDatabase({ url: template.url, maxConnections: 4 });
      try {
        // Four transactions at once: each opens its own new connection; each must find the client
        // that runs its statements (the same server process), never another's.
        const pairs = await Promise.all(
          Array.from({ length: 4 }, () =>
            db.transaction().execute(async (trx) => {
              const { rows } = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(trx);
              const client = await pgClientOf(trx);
              const viaClient = await client?.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
              await new Promise((resolve) => setTimeout(resolve, 50));
              return [rows[0]?.pid, viaClient?.rows[0]?.pid];
            }),
          ),
        );
        expect(new Set(pairs.map(([pid]) => pid)).size).toBe(4);
        for (const [pid, viaClient] of pairs) expect(viaClient).toBe(pid);
      } finally {
        await db.destroy();
        await template.close();
      }
    },
  );

  it.runIf(TEST_ENGINES.includes('postgres'))(
    'survives the server terminating an idle pooled connection and reconnects on the next query',
    async () => {
      const template = await openTestDatabase('postgres');
      const errors: Error[] = [];
      const db = await createDatabase({ url: template.url, onIdleConnectionError: (e) => errors.push(e) });
      const admin = await createDatabase({ url: template.url });
      try {
        expect(databaseEngine(db)).toBe('postgres');
        const { rows } = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(db);
        await sql`SELECT pg_terminate_backend(${rows[0]?.pid})`.execute(admin);
        for (let i = 0; i < 50 && errors.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
        expect(errors.map((e) => (e as Error & { code?: string }).code)).toEqual(['57P01']);
        const again = await sql<{ one: number }>`SELECT 1 AS one`.execute(db);
        expect(again.rows).toEqual([{ one: 1 }]);
      } finally {
        await db.destroy();
        await admin.destroy();
        await template.close();
      }
    },
  );

  it.runIf(TEST_ENGINES.includes('postgres'))(
    'survives the server terminating a connection while a query runs on it: the query rejects, the process lives, the next query runs',
    async () => {
      const template = await openTestDatabase('postgres');
      const db = await createDatabase({ url: template.url, maxConnections: 1 });
      const admin = await createDatabase({ url: template.url });
      // pg emits 'error' on the checked-out client after rejecting the query; unhandled, Node
      // throws it out of the event loop. Record it here (the runner would fail the run too).
      const uncaught: unknown[] = [];
      const record = (error: unknown) => uncaught.push(error);
      process.on('uncaughtException', record);
      try {
        const sleeping = db.transaction().execute(async (trx) => {
          await sql`SELECT pg_sleep(30)`.execute(trx);
        });
        const settled = sleeping.then(
          () => undefined,
          (error: unknown) => error,
        );
        let pid: number | undefined;
        for (let attempt = 0; attempt < 2000 && pid === undefined; attempt++) {
          const { rows } = await sql<{ pid: number }>`
            SELECT pid FROM pg_stat_activity
             WHERE datname = current_database() AND query = 'SELECT pg_sleep(30)' AND state = 'active'`.execute(
            admin,
          );
          pid = rows[0]?.pid;
          if (pid === undefined) await new Promise((resolve) => setTimeout(resolve, 10));
        }
        expect(pid, 'the query is running').toBeDefined();
        await sql`SELECT pg_terminate_backend(${pid})`.execute(admin);
        const error = await settled;
        expect(error).toBeInstanceOf(Error);
        expect(String((error as Error).message)).toMatch(/terminat|not queryable/);
        // The pool's only connection was the broken one: the next query gets a new one.
        const again = await sql<{ one: number }>`SELECT 1 AS one`.execute(db);
        expect(again.rows).toEqual([{ one: 1 }]);
        expect(uncaught).toEqual([]);
      } finally {
        process.off('uncaughtException', record);
        await db.destroy();
        await admin.destroy();
        await template.close();
      }
    },
  );
});
