/**
 * `arion-metrics` command line.
 *
 *   arion-metrics migrate            apply pending migrations, print what was applied and the tables
 *   arion-metrics migrate --down     revert the last migration (--all: every migration)
 *
 * The database is the one named by DATABASE_URL, or the embedded PGlite database in
 * ARION_DATA_DIR (default `./.arion-data`) when DATABASE_URL is unset.
 */

import { readCatalog } from './db/catalog';
import { createDatabase } from './db/create-database';
import { type MigrationReport, migrateDown, migrateToLatest } from './db/migrator';

const USAGE = `Usage: arion-metrics <command>

Commands:
  migrate           apply every pending migration and list the tables
  migrate --down    revert the last applied migration (add --all to revert every one)

Environment:
  DATABASE_URL      PostgreSQL connection string; when unset the embedded database is used
  ARION_DATA_DIR    folder of the embedded database (default ./.arion-data)`;

/** Writes where the CLI prints; injectable for tests. */
export interface CliOutput {
  log(line: string): void;
  error(line: string): void;
}

/** Runs the CLI with `argv` (without node and script) and resolves to the exit code. */
export async function main(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
  out: CliOutput = console,
): Promise<number> {
  const [command, ...flags] = argv;
  if (command === undefined || command === '--help' || command === '-h') {
    out.log(USAGE);
    return command === undefined ? 1 : 0;
  }
  if (command !== 'migrate') {
    out.error(`Unknown command ${JSON.stringify(command)}; expected one of: migrate.\n\n${USAGE}`);
    return 1;
  }
  const unknown = flags.filter((f) => f !== '--down' && f !== '--all');
  if (unknown.length > 0 || (flags.includes('--all') && !flags.includes('--down'))) {
    out.error(
      `Unknown or misplaced flag(s) ${unknown.join(' ') || '--all'} for migrate; allowed: --down [--all].`,
    );
    return 1;
  }
  const url = env.DATABASE_URL || undefined;
  const dataDir = url ? undefined : (env.ARION_DATA_DIR ?? './.arion-data');
  out.log(url ? `Database: PostgreSQL at ${redact(url)}` : `Database: embedded PGlite in ${dataDir}`);
  const db = await createDatabase({ url, dataDir });
  try {
    const report = flags.includes('--down')
      ? await migrateDown(db, { all: flags.includes('--all') })
      : await migrateToLatest(db);
    printReport(report, out);
    const { tables } = await readCatalog(db);
    const names = Object.keys(tables).filter((t) => !t.startsWith('arion_migrations'));
    out.log(`Tables (${names.length}):`);
    for (const name of names) {
      const t = tables[name];
      out.log(
        `  ${name.padEnd(22)} ${String(t?.columns.length).padStart(2)} columns, ${t?.constraints.length} constraints, ${t?.indexes.length} indexes`,
      );
    }
    return 0;
  } finally {
    await db.destroy();
  }
}

function printReport(report: MigrationReport, out: CliOutput): void {
  if (report.results.length === 0) {
    out.log('Migrations: nothing to apply, the database is up to date.');
    return;
  }
  for (const r of report.results) out.log(`Migration ${r.migrationName}: ${r.direction} ${r.status}`);
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}
