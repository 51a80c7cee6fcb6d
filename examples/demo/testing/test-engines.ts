/**
 * The database engines the demo's tests run on: embedded PGlite always, and a scratch database on
 * the PostgreSQL server named by `TEST_DATABASE_URL` when it is set (created here, dropped after).
 */
import type { Database } from '@arion-metrics/core';
import { createDatabase } from '@arion-metrics/server';
import { type Kysely, sql } from 'kysely';

const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;

/** `['pglite']`, plus `'postgres'` when `TEST_DATABASE_URL` is set. */
export const TEST_ENGINES: readonly ('pglite' | 'postgres')[] =
  TEST_DATABASE_URL === undefined ? ['pglite'] : ['pglite', 'postgres'];

/** A scratch PostgreSQL database of one test file: its URL, and how to create and drop it. */
export interface ScratchDatabase {
  /** Connection URL of the scratch database. */
  readonly url: string;
  create(): Promise<void>;
  drop(): Promise<void>;
}

/** A scratch database named after `prefix`, the process and the time (so runs never collide). */
export function scratchDatabase(prefix: string): ScratchDatabase {
  if (TEST_DATABASE_URL === undefined) throw new Error('scratchDatabase needs TEST_DATABASE_URL');
  const name = `${prefix}_${process.pid}_${Date.now()}`;
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  const admin = async (statement: ReturnType<typeof sql>) => {
    const db = await createDatabase({ url: TEST_DATABASE_URL, maxConnections: 1 });
    try {
      await statement.execute(db);
    } finally {
      await db.destroy();
    }
  };
  return {
    url: url.toString(),
    create: () => admin(sql`CREATE DATABASE ${sql.id(name)}`),
    drop: () => admin(sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`),
  };
}

/** Opens `engine`: PGlite in `dataDir` (in memory when absent), or the scratch database. */
export function openTestEngine(
  engine: 'pglite' | 'postgres',
  options: { readonly dataDir?: string; readonly scratch?: ScratchDatabase },
): Promise<Kysely<Database>> {
  if (engine === 'postgres') {
    if (options.scratch === undefined) throw new Error('openTestEngine: postgres needs a scratch database');
    return createDatabase({ url: options.scratch.url });
  }
  return createDatabase(options.dataDir === undefined ? {} : { dataDir: options.dataDir });
}
