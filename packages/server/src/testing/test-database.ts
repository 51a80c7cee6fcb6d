/**
 * Per-test-file databases on both engines. Usage:
 *
 *   describe.each(TEST_ENGINES)('on %s', (engine) => {
 *     const t = useTestDatabase(engine);
 *     it('...', async () => { await t.db.selectFrom(...) });
 *   });
 */

import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Database } from '@arion-metrics/core';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { createDatabase, type DatabaseEngine } from '../db/create-database';
import { adminUrl, databaseUrl } from './postgres-urls';

/** The engines this run tests on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const TEST_ENGINES: readonly DatabaseEngine[] = inject('postgresUrl')
  ? ['pglite', 'postgres']
  : ['pglite'];

/** A migrated database of its own for one test file. */
export interface TestDatabase {
  readonly db: Kysely<Database>;
  /** The connection string (PostgreSQL) or undefined (PGlite). */
  readonly url: string | undefined;
}

/** Opens a fresh, migrated database on `engine`. Prefer {@link useTestDatabase} in test files. */
export async function openTestDatabase(
  engine: DatabaseEngine,
): Promise<TestDatabase & { close(): Promise<void> }> {
  if (engine === 'pglite') {
    const bytes = await readFile(inject('pgliteTemplatePath'));
    const db = await createDatabase({ loadDataDir: new Blob([bytes]) });
    return { db, url: undefined, close: () => db.destroy() };
  }
  const base = inject('postgresUrl');
  const template = inject('postgresTemplate');
  const name = `${template.replace('tmpl_', '')}_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  await withAdmin(base, (admin) => admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  const url = databaseUrl(base, name);
  const db = await createDatabase({ url });
  return {
    db,
    url,
    close: async () => {
      await db.destroy();
      await withAdmin(base, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** Opens a database for the enclosing describe block and closes it after. */
export function useTestDatabase(engine: DatabaseEngine): TestDatabase {
  let opened: (TestDatabase & { close(): Promise<void> }) | undefined;
  beforeAll(async () => {
    opened = await openTestDatabase(engine);
  });
  afterAll(async () => {
    await opened?.close();
  });
  return {
    get db() {
      if (!opened)
        throw new Error('useTestDatabase: the database is opened in beforeAll; use it inside tests.');
      return opened.db;
    },
    get url() {
      return opened?.url;
    },
  };
}

async function withAdmin<T>(url: string, work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: adminUrl(url) });
  await admin.connect();
  try {
    // Two files copying the same template at the same instant can collide; retry briefly.
    for (let attempt = 0; ; attempt++) {
      try {
        return await work(admin);
      } catch (error) {
        if (attempt >= 20 || !String(error).includes('being accessed by other users')) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 + attempt * 50));
      }
    }
  } finally {
    await admin.end();
  }
}
