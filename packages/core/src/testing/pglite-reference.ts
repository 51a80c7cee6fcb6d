/**
 * PostgreSQL as the reference in core's tests (test-only: not exported from the package index,
 * uses only devDependencies). Core has no IO; its tests run the same numbers through PostgreSQL's
 * own functions and compare.
 *
 * - `usePglite()`: one embedded PGlite (PostgreSQL 18) for the test file.
 * - `useReferenceEngines(subject)`: PGlite, plus a real PostgreSQL server when TEST_DATABASE_URL
 *   is set (a warning names what is skipped when it is not); tests loop over the engines.
 *
 * Both register `beforeAll` / `afterAll` in the calling test file (or describe block), so call them
 * at module or describe level, before any `beforeAll` that queries.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';

/** Runs one parameterised SQL statement and returns its rows. */
export type ReferenceQuery = <R>(sql: string, params: unknown[]) => Promise<R[]>;

/** One PostgreSQL engine a test compares against. */
export interface ReferenceEngine {
  /** `PGlite` or `PostgreSQL`, for assertion messages. */
  readonly name: 'PGlite' | 'PostgreSQL';
  /** Runs a query on this engine. */
  readonly query: ReferenceQuery;
  /** Closes the connection (done by the `afterAll` hook). */
  close(): Promise<void>;
}

/** Starting PGlite loads its WebAssembly; on a busy machine that can take many seconds. */
const START_TIMEOUT_MS = 60_000;

/**
 * Opens one PGlite before the tests of the calling file and closes it after them; returns a getter
 * (the database exists only once `beforeAll` has run).
 *
 * @example const db = usePglite(); it('…', async () => { await db().query('SELECT 1'); });
 */
export function usePglite(): () => PGlite {
  let db: PGlite | undefined;
  beforeAll(async () => {
    db = await PGlite.create();
  }, START_TIMEOUT_MS);
  afterAll(async () => {
    await db?.close();
  });
  return () => {
    if (db === undefined)
      throw new Error('usePglite: the database is opened in beforeAll; use it inside a test or hook');
    return db;
  };
}

/**
 * The reference engines for the calling test file: PGlite always, and a real PostgreSQL server
 * when TEST_DATABASE_URL is set (otherwise a warning says that `subject` is checked against PGlite
 * only). The returned array is filled by `beforeAll` and emptied of connections by `afterAll`.
 * Only run SELECTs through it: the server is shared, nothing may be created there.
 */
export function useReferenceEngines(subject: string): ReferenceEngine[] {
  const engines: ReferenceEngine[] = [];
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    console.warn(
      `[arion-metrics] TEST_DATABASE_URL is not set: ${subject} are checked against PGlite only (real PostgreSQL skipped).`,
    );
  }
  beforeAll(async () => {
    const lite = await PGlite.create();
    engines.push({
      name: 'PGlite',
      query: async <R>(sql: string, params: unknown[]) => (await lite.query<R>(sql, params)).rows,
      close: () => lite.close(),
    });
    if (url) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      engines.push({
        name: 'PostgreSQL',
        query: async <R>(sql: string, params: unknown[]) => (await client.query(sql, params)).rows as R[],
        close: () => client.end(),
      });
    }
  }, START_TIMEOUT_MS);
  afterAll(async () => {
    for (const engine of engines) await engine.close();
  });
  return engines;
}
