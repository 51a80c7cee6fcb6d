import {
  CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import type { AnyKysely } from './any-kysely';

/**
 * The slice of a PGlite instance this dialect uses, declared here (Kysely's habit) rather than
 * imported: a host on a real PostgreSQL server then never loads or type-checks PGlite's own
 * declarations. A `PGlite` from `@electric-sql/pglite` satisfies it.
 */
export interface PGliteLike {
  query<R>(
    sql: string,
    params?: unknown[],
  ): Promise<{
    readonly rows: R[];
    readonly affectedRows?: number | undefined;
    readonly command?: string | undefined;
    readonly rowCount?: number | null | undefined;
  }>;
  close(): Promise<void>;
}

/** Options of {@link PGliteDialect}. */
export interface PGliteDialectConfig {
  /** An open PGlite instance, or a function that opens one on first use. */
  readonly database: PGliteLike | (() => Promise<PGliteLike>);
  /** Close the PGlite instance when Kysely is destroyed (default true). */
  readonly closeOnDestroy?: boolean;
}

/**
 * A Kysely dialect over embedded PGlite that behaves like Kysely's `pg` dialect: PostgreSQL
 * adapter, introspector and query compiler, exact affected-row counts, and one connection at a
 * time through a queue, so that a query can never slip into another caller's open transaction.
 */
export class PGliteDialect implements Dialect {
  readonly #config: PGliteDialectConfig;

  constructor(config: PGliteDialectConfig) {
    this.#config = config;
  }

  createDriver(): Driver {
    return new PGliteDriver(this.#config);
  }

  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new PostgresAdapter();
  }

  createIntrospector(db: AnyKysely): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }
}

class PGliteDriver implements Driver {
  readonly #config: PGliteDialectConfig;
  #database: PGliteLike | undefined;
  #connection: PGliteConnection | undefined;
  /** Tail of the queue of callers waiting for the single connection. */
  #queue: Promise<void> = Promise.resolve();
  #release: (() => void) | undefined;

  constructor(config: PGliteDialectConfig) {
    this.#config = config;
  }

  async init(): Promise<void> {
    const source = this.#config.database;
    this.#database = typeof source === 'function' ? await source() : source;
    this.#connection = new PGliteConnection(this.#database);
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.#queue;
    let release!: () => void;
    this.#queue = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    if (!this.#connection) {
      release();
      throw new Error('The PGlite driver has already been destroyed.');
    }
    this.#release = release;
    return this.#connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    let statement = 'begin';
    if (settings.isolationLevel || settings.accessMode) {
      statement = 'start transaction';
      if (settings.isolationLevel) statement += ` isolation level ${settings.isolationLevel}`;
      if (settings.accessMode) statement += ` ${settings.accessMode}`;
    }
    await connection.executeQuery(CompiledQuery.raw(statement));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${quoteIdentifier(name)}`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to savepoint ${quoteIdentifier(name)}`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release savepoint ${quoteIdentifier(name)}`));
  }

  async releaseConnection(): Promise<void> {
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }

  async destroy(): Promise<void> {
    const database = this.#database;
    this.#connection = undefined;
    this.#database = undefined;
    if (database && this.#config.closeOnDestroy !== false) await database.close();
  }
}

class PGliteConnection implements DatabaseConnection {
  readonly #database: PGliteLike;

  constructor(database: PGliteLike) {
    this.#database = database;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.#database.query<R>(compiledQuery.sql, [...compiledQuery.parameters]);
    const command = result.command?.toUpperCase();
    const counted =
      command === 'INSERT' || command === 'UPDATE' || command === 'DELETE' || command === 'MERGE';
    return counted
      ? { rows: result.rows, numAffectedRows: BigInt(result.rowCount ?? result.affectedRows ?? 0) }
      : { rows: result.rows };
  }

  // biome-ignore lint/correctness/useYield: streaming is not offered by PGlite; the error says so.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error(
      'Streaming queries are not supported on embedded PGlite; page with limit/offset instead.',
    );
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
