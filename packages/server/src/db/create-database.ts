import { mkdir } from 'node:fs/promises';
import type { Database } from '@arion-metrics/core';
import { PGlite } from '@electric-sql/pglite';
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
/** The server process id of a connected `pg` client (set by `pg`, not in its types). */
const backendPid = (client: pg.PoolClient) => (client as unknown as { processID: number }).processID;

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
    // Kysely hides the `pg` client of its connections; the server process id pairs them once, when
    // Kysely first wraps a client, so that the store can stream COPY on a transaction's connection.
    const byPid = new Map<number, pg.PoolClient>();
    pool.on('connect', (client) => byPid.set(backendPid(client), client));
    pool.on('remove', (client) => byPid.delete(backendPid(client)));
    const db = new Kysely<Database>({
      dialect: new PostgresDialect({
        pool,
        onCreateConnection: async (connection) => {
          const { rows } = await connection.executeQuery<{ pid: number }>(
            CompiledQuery.raw('SELECT pg_backend_pid() AS pid'),
          );
          const client = byPid.get(rows[0]?.pid as number);
          if (client) pgClients.set(connection, client);
        },
      }),
      plugins: [new NumRangePlugin()],
    });
    engines.set(db, 'postgres');
    return db;
  }
  if (options.dataDir !== undefined) await mkdir(options.dataDir, { recursive: true });
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
