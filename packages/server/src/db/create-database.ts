import { mkdir } from 'node:fs/promises';
import type { Database } from '@arion-metrics/core';
import { CompiledQuery, type DatabaseConnection, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { AnyKysely } from './any-kysely';
import { NumRangePlugin } from './numrange-plugin';
import { PGliteDialect } from './pglite-dialect';
import { VALUE_PARSERS } from './value-types';

/** Options of {@link createDatabase}. */
export interface CreateDatabaseOptions {
  /**
   * A PostgreSQL connection string (`postgres://user@host:5432/db`). When absent the embedded
   * PGlite engine is used: no server to install.
   */
  readonly url?: string | undefined;
  /**
   * Embedded engine only: the folder that holds the data. Absent means in memory (gone when the
   * process ends).
   */
  readonly dataDir?: string | undefined;
  /** Embedded engine only: start from a data directory dump made by `PGlite.dumpDataDir()`. */
  readonly loadDataDir?: Blob | File | undefined;
  /** PostgreSQL only: the most connections the pool opens (default 10). */
  readonly maxConnections?: number | undefined;
  /**
   * PostgreSQL only: called when an idle pooled connection is lost (server restart, admin
   * termination). The pool drops that connection and opens a new one on the next query; without
   * a handler Node would crash on the unhandled `error` event. Default: a one-line warning.
   */
  readonly onIdleConnectionError?: ((error: Error) => void) | undefined;
}

/** Which engine a database handle runs on. */
export type DatabaseEngine = 'pglite' | 'postgres';

const engines = new WeakMap<Kysely<Database>, DatabaseEngine>();
/** The `pg` client behind each Kysely connection of a PostgreSQL handle (for COPY, see {@link pgClientOf}). */
const pgClients = new WeakMap<DatabaseConnection, pg.PoolClient>();
/** The statement by which a new Kysely connection finds its `pg` client (see {@link createDatabase}). */
const PAIRING_QUERY = 'SELECT 1 AS arion_pairing';
/** The Kysely connection whose pairing statement is being sent, during that synchronous call only. */
let pairing: DatabaseConnection | undefined;

/** The 'error' listener every pooled `pg` client carries (see {@link createDatabase}). */
function ignoreErrorEventOfCheckedOutClient(): void {}

/**
 * Opens the Arion Metrics database and returns a typed Kysely instance.
 *
 * With `url` it connects to PostgreSQL through `pg`; without, it starts embedded PGlite (in
 * memory, or in `dataDir`). Both engines return the same JavaScript values (see
 * `value-types.ts`). Close it with `db.destroy()`.
 *
 * @example
 * const db = await createDatabase({ url: process.env.DATABASE_URL });
 * await migrateToLatest(db);
 */
export async function createDatabase(options: CreateDatabaseOptions = {}): Promise<Kysely<Database>> {
  if (options.url) {
    const parsers = VALUE_PARSERS;
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.maxConnections ?? 10,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
          const parser = parsers[oid];
          if (parser && (format ?? 'text') === 'text') return parser;
          return pg.types.getTypeParser(oid, format ?? 'text');
        }) as typeof pg.types.getTypeParser,
      },
    });
    pool.on(
      'error',
      options.onIdleConnectionError ??
        ((error: Error) =>
          console.warn(`[arion-metrics] an idle PostgreSQL connection was lost: ${error.message}`)),
    );
    // Kysely hides the `pg` client of its connections. Each new client watches for the pairing
    // statement; a new Kysely connection sends it, and Kysely hands it to the connection's own
    // client in the same synchronous call (no await in between), so the client that sees it while
    // `pairing` is set is that connection's. Nothing here asks the server, so a pooler in front
    // of it cannot mislead the pairing; if a later Kysely deferred the call, nothing would be
    // paired and the store would fall back to its UNNEST path.
    // Once paired, the client's own `query` is removed again (its class's is used, as before).
    pool.on('connect', (client) => {
      // A connection lost while checked out (a query or a transaction in flight) is reported to
      // the query in flight (which rejects), then emitted as 'error' on the client, where the
      // pool listens only while the client is idle: without this listener Node would end the
      // process on the unhandled event. The error is not lost: the call in flight rejects with it,
      // and a later query on the broken client is refused; Kysely then releases the client, and
      // the pool discards it (it is no longer queryable) and opens a new one when needed.
      client.on('error', ignoreErrorEventOfCheckedOutClient);
      const inherited = () => Object.getPrototypeOf(client).query as (...a: unknown[]) => unknown;
      client.query = function (this: pg.PoolClient, ...args: unknown[]) {
        if (args[0] === PAIRING_QUERY && pairing) {
          pgClients.set(pairing, client);
          pairing = undefined;
          delete (client as { query?: unknown }).query;
        }
        return inherited().apply(this, args);
      } as typeof client.query;
    });
    const db = new Kysely<Database>({
      dialect: new PostgresDialect({
        pool,
        onCreateConnection: async (connection) => {
          pairing = connection;
          const probe = connection.executeQuery(CompiledQuery.raw(PAIRING_QUERY));
          pairing = undefined;
          await probe;
        },
      }),
      plugins: [new NumRangePlugin()],
    });
    engines.set(db, 'postgres');
    return db;
  }
  if (options.dataDir !== undefined) await mkdir(options.dataDir, { recursive: true });
  // Loaded only here, so a host on a real PostgreSQL server never loads the embedded engine.
  const { PGlite } = await import('@electric-sql/pglite');
  const pglite = await PGlite.create({
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    ...(options.loadDataDir === undefined ? {} : { loadDataDir: options.loadDataDir }),
    parsers: VALUE_PARSERS,
  });
  const db = new Kysely<Database>({
    dialect: new PGliteDialect({ database: pglite }),
    plugins: [new NumRangePlugin()],
  });
  engines.set(db, 'pglite');
  return db;
}

/**
 * The `pg` client under `db`'s connection — for a transaction, the one it runs on — or undefined
 * on PGlite (or a handle not made by {@link createDatabase}). Queries sent on it join the
 * transaction; the store streams COPY through it.
 */
export async function pgClientOf(db: AnyKysely): Promise<pg.PoolClient | undefined> {
  return db.getExecutor().provideConnection(async (connection) => pgClients.get(connection));
}

/** The engine a handle from {@link createDatabase} runs on. */
export function databaseEngine(db: AnyKysely): DatabaseEngine {
  const engine = engines.get(db);
  if (!engine) throw new Error('This Kysely instance was not made by createDatabase().');
  return engine;
}
