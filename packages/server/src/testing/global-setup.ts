/**
 * Vitest global setup for the server tests: migrate ONCE per run, then every test file starts
 * from a copy (TOOLCHAIN.md: a PGlite start + migration takes seconds; a template copy is fast).
 * - PGlite: a migrated data directory is dumped to a temp file; files load it.
 * - PostgreSQL (when TEST_DATABASE_URL is set): a migrated template database; each test file
 *   gets its own `CREATE DATABASE ... TEMPLATE` copy, dropped at the end.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrateToLatest } from '../db/migrator';
import { PGliteDialect } from '../db/pglite-dialect';
import { adminUrl, databaseUrl } from './postgres-urls';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Path of a dumped, migrated PGlite data directory. */
    pgliteTemplatePath: string;
    /** Name of the migrated template database on TEST_DATABASE_URL's server, or '' when absent. */
    postgresTemplate: string;
    /** Base URL of the PostgreSQL server used for tests, or '' when absent. */
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const folder = await mkdtemp(join(tmpdir(), 'arion-test-'));
  const pgliteTemplatePath = join(folder, 'pglite-migrated.tar');
  const pglite = await PGlite.create();
  const embedded = new Kysely({ dialect: new PGliteDialect({ database: pglite }) });
  await migrateToLatest(embedded);
  const dump = await pglite.dumpDataDir('none');
  await writeFile(pgliteTemplatePath, Buffer.from(await dump.arrayBuffer()));
  await embedded.destroy();
  project.provide('pgliteTemplatePath', pgliteTemplatePath);

  const url = process.env.TEST_DATABASE_URL ?? '';
  let postgresTemplate = '';
  if (url) {
    postgresTemplate = `arion_test_tmpl_${process.pid}`;
    const admin = new pg.Client({ connectionString: adminUrl(url) });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${postgresTemplate}`);
    await admin.query(`CREATE DATABASE ${postgresTemplate}`);
    await admin.end();
    const db = new Kysely({
      dialect: new PostgresDialect({
        pool: new pg.Pool({ connectionString: databaseUrl(url, postgresTemplate), max: 1 }),
      }),
    });
    await migrateToLatest(db);
    await db.destroy();
  } else {
    console.warn(
      '[arion-metrics] TEST_DATABASE_URL is not set: server tests run on embedded PGlite only; the real-PostgreSQL half is skipped. (.ci/run sets it.)',
    );
  }
  project.provide('postgresTemplate', postgresTemplate);
  project.provide('postgresUrl', url);

  return async () => {
    await rm(folder, { recursive: true, force: true });
    if (url) {
      const admin = new pg.Client({ connectionString: adminUrl(url) });
      await admin.connect();
      const { rows } = await admin.query<{ datname: string }>(
        'SELECT datname FROM pg_database WHERE datname LIKE $1',
        [`arion_test_%_${process.pid}%`],
      );
      for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      await admin.end();
    }
  };
}
