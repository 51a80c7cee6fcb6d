/**
 * Fault injection on PostgreSQL: for every store method that changes data (the table of
 * `testing/store-writes.ts`), the test holds a lock the call needs — where possible one it meets
 * after it has written something — waits until the server shows the call waiting for it, and
 * terminates the call's backend (`pg_terminate_backend`). The call must reject with a
 * ConnectionLostError, the process must live on (a `pg` client that lost its connection while
 * checked out emits 'error'; unhandled, it would end the process and fail the run), nothing of
 * the call may remain, and the next call must succeed on a new connection.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { settle, tenantFingerprint } from '../testing/cross-tenant';
import { actorPrincipal, buildScene, prepareSceneOrganization, STORE_TABLES } from '../testing/store-scene';
import { WRITES } from '../testing/store-writes';
import { TEST_ENGINES, useTestDatabase } from '../testing/test-database';
import { openStore } from './open-store';
import { ConnectionLostError } from './store-errors';
import { createTestOrganization } from './test-organization';

/** Opens a plain `pg` client on `url` (its own connection, outside the store's pool). */
async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/**
 * The backend of this database that waits for a lock, once there is exactly one. Polled from an
 * autocommit connection (each query sees the lock table as it is now); fails if the call settles
 * first, since then it never waited for the lock.
 */
async function waitingBackend(observer: pg.Client, call: Promise<unknown>): Promise<number> {
  let settled = false;
  void call.then(() => {
    settled = true;
  });
  for (let attempt = 0; attempt < 2000; attempt++) {
    const { rows } = await observer.query<{ pid: number }>(
      `SELECT DISTINCT l.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE NOT l.granted AND a.datname = current_database()`,
    );
    if (rows.length === 1) return rows[0]!.pid;
    if (rows.length > 1) throw new Error(`several backends wait for locks: ${rows.map((r) => r.pid)}`);
    if (settled) throw new Error('the call settled without waiting for the lock the test holds');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the call never waited for the lock the test holds');
}

describe.runIf(TEST_ENGINES.includes('postgres'))('a connection lost in the middle of a store write', () => {
  const t = useTestDatabase('postgres');

  for (const [method, row] of Object.entries(WRITES)) {
    const { fault } = row;
    it(`${method}: blocked after ${fault.blockedAfter}, terminated: rejects, leaves nothing, the next call succeeds`, async () => {
      const url = t.url as string;
      const org = await createTestOrganization(t.db, 5);
      await prepareSceneOrganization(t.db, org);
      const scene = await buildScene(t.db, org);
      const context = { org };
      const prepare = fault.prepare ?? row.prepare;
      const call = fault.call ?? row.call;
      const extra = (await prepare?.(openStore(t.db, org.principal(0)), scene, context)) ?? {};
      const fingerprint = () =>
        tenantFingerprint(t.db, org.organizationId, STORE_TABLES, { withSettings: true });
      const before = await fingerprint();
      const store = openStore(t.db, actorPrincipal(fault.actor ?? 'owner', org, org));

      // An 'error' event nobody listens to is thrown out of the event loop: record it here (the
      // test runner records it too and fails the run, but this names the test it belongs to).
      const uncaught: unknown[] = [];
      const record = (error: unknown) => uncaught.push(error);
      process.on('uncaughtException', record);
      const holder = await connect(url);
      const observer = await connect(url);
      try {
        await holder.query('BEGIN');
        await fault.block(holder, scene, extra);
        const pending = settle(call(store, scene, extra, context));
        const pid = await waitingBackend(observer, pending);
        const { rows } = await observer.query<{ done: boolean }>('SELECT pg_terminate_backend($1) AS done', [
          pid,
        ]);
        expect(rows[0]?.done).toBe(true);
        const result = await pending;
        const error = 'error' in result ? result.error : undefined;
        expect(error, `${method} rejects with the connection error`).toBeInstanceOf(ConnectionLostError);
        expect(error).toMatchObject({ code: 'connection_lost', committed: false });
        expect((error as Error).message).toMatch(/connection to the database was lost/);
        await holder.query('ROLLBACK');
      } finally {
        await holder.end();
        await observer.end();
      }
      try {
        expect(await fingerprint(), `nothing of ${method} remains`).toEqual(before);
        await expect(call(store, scene, extra, context)).resolves.not.toThrow();
        expect(uncaught, 'no unhandled error event').toEqual([]);
      } finally {
        process.off('uncaughtException', record);
      }
    });
  }
});
