/**
 * `arion-metrics` command line.
 *
 *   arion-metrics migrate            apply pending migrations, print what was applied and the tables
 *   arion-metrics migrate --down     revert the last migration (--all: every migration)
 *   arion-metrics calculate [--metric ID] --from DATE --to DATE   backfill with a progress line
 *   arion-metrics run-due            compute what is due now
 *
 * The database is the one named by DATABASE_URL, or the embedded PGlite database in
 * ARION_DATA_DIR (default `./.arion-data`) when DATABASE_URL is unset.
 */

import { readCatalog } from './db/catalog';
import { createDatabase } from './db/create-database';
import { type MigrationReport, migrateDown, migrateToLatest } from './db/migrator';
import { createRunner, type MetricOutcome, type RunnerSources } from './runtime/runner';

const USAGE = `Usage: arion-metrics <command>

Commands:
  migrate           apply every pending migration and list the tables
  migrate --down    revert the last applied migration (add --all to revert every one)
  calculate         recompute history: [--metric ID] --from DATE --to DATE (ISO dates, to exclusive)
  run-due           compute every metric that is due now, evaluate its alerts

Exit codes: 0 done, 1 bad usage or error, 2 done but some metric failed.

Environment:
  DATABASE_URL      PostgreSQL connection string; when unset the embedded database is used
  ARION_DATA_DIR    folder of the embedded database (default ./.arion-data)`;

/** Writes where the CLI prints; injectable for tests. */
export interface CliOutput {
  log(line: string): void;
  error(line: string): void;
}

const CALCULATE_USAGE = `Usage: arion-metrics calculate [--metric ID] --from DATE --to DATE

Recomputes every whole period inside [from, to) of one metric (--metric) or of every active metric,
in chunks; periods already stored with the metric's current definition version are skipped, so an
interrupted run resumes where it stopped. DATE: an ISO date or instant (2026-01-01, 2026-01-01T00:00:00Z).`;

const RUN_DUE_USAGE = `Usage: arion-metrics run-due

Computes every active metric that is due by its refresh_frequency, rolls up snapshots and evaluates
alerts; on_demand and real_time metrics are left to calculate / the host's signal.`;

/** What a host embedding the CLI may add: the sources of its sql, aggregation and external metrics. */
export interface CliRuntime {
  readonly sources?: RunnerSources;
}

/** Runs the CLI with `argv` (without node and script) and resolves to the exit code. */
export async function main(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
  out: CliOutput = console,
  runtime: CliRuntime = {},
): Promise<number> {
  const [command, ...flags] = argv;
  if (command === undefined || command === '--help' || command === '-h') {
    out.log(USAGE);
    return command === undefined ? 1 : 0;
  }
  if (command === 'calculate' || command === 'run-due')
    return runtimeCommand(command, flags, env, out, runtime);
  if (command !== 'migrate') {
    out.error(
      `Unknown command ${JSON.stringify(command)}; expected one of: migrate, calculate, run-due.\n\n${USAGE}`,
    );
    return 1;
  }
  const unknown = flags.filter((f) => f !== '--down' && f !== '--all');
  if (unknown.length > 0 || (flags.includes('--all') && !flags.includes('--down'))) {
    out.error(
      `Unknown or misplaced flag(s) ${unknown.join(' ') || '--all'} for migrate; allowed: --down [--all].`,
    );
    return 1;
  }
  const db = await openFromEnv(env, out);
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

async function openFromEnv(env: Readonly<Record<string, string | undefined>>, out: CliOutput) {
  const url = env.DATABASE_URL || undefined;
  const dataDir = url ? undefined : (env.ARION_DATA_DIR ?? './.arion-data');
  out.log(url ? `Database: PostgreSQL at ${redact(url)}` : `Database: embedded PGlite in ${dataDir}`);
  return createDatabase({ url, dataDir });
}

/** Reads `--name value` flags; an error message naming the flag, or the values. */
function parseFlags(
  flags: readonly string[],
  allowed: readonly string[],
): { values: Record<string, string> } | { error: string } {
  const values: Record<string, string> = {};
  for (let i = 0; i < flags.length; i += 2) {
    const name = flags[i] as string;
    const value = flags[i + 1];
    if (!allowed.includes(name)) {
      return { error: `Unknown flag ${name}; allowed: ${allowed.join(', ') || 'none'}.` };
    }
    if (value === undefined || value.startsWith('--')) return { error: `Flag ${name} needs a value.` };
    values[name.slice(2)] = value;
  }
  return { values };
}

function parseDate(flag: string, value: string | undefined): Date | string {
  if (value === undefined) return `Flag --${flag} is required (an ISO date such as 2026-01-01).`;
  const date = new Date(value);
  return Number.isNaN(date.getTime())
    ? `Flag --${flag}: got ${JSON.stringify(value)}; allowed: an ISO date or instant such as 2026-01-01.`
    : date;
}

async function runtimeCommand(
  command: 'calculate' | 'run-due',
  flags: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  out: CliOutput,
  runtime: CliRuntime,
): Promise<number> {
  const usage = command === 'calculate' ? CALCULATE_USAGE : RUN_DUE_USAGE;
  if (flags.includes('--help') || flags.includes('-h')) {
    out.log(usage);
    return 0;
  }
  const parsed = parseFlags(flags, command === 'calculate' ? ['--metric', '--from', '--to'] : []);
  if ('error' in parsed) {
    out.error(`${parsed.error}\n\n${usage}`);
    return 1;
  }
  let from: Date | string = '';
  let to: Date | string = '';
  if (command === 'calculate') {
    from = parseDate('from', parsed.values.from);
    to = parseDate('to', parsed.values.to);
    for (const d of [from, to]) {
      if (typeof d === 'string') {
        out.error(`${d}\n\n${usage}`);
        return 1;
      }
    }
    if ((from as Date) >= (to as Date)) {
      out.error(`--from (${parsed.values.from}) must be before --to (${parsed.values.to}).`);
      return 1;
    }
  }
  const db = await openFromEnv(env, out);
  try {
    const runner = createRunner({ db, sources: runtime.sources ?? {} });
    const started = Date.now();
    const result =
      command === 'run-due'
        ? await runner.runDue()
        : await runner.backfill({
            from: from as Date,
            to: to as Date,
            ...(parsed.values.metric ? { metricId: parsed.values.metric } : {}),
            onProgress: (p) => {
              const elapsed = (Date.now() - started) / 1000;
              const eta = p.done === 0 ? 0 : (elapsed / p.done) * (p.total - p.done);
              out.log(
                `Progress: ${p.done}/${p.total} periods (${Math.floor((100 * p.done) / Math.max(1, p.total))}%), ${p.skipped} already stored, ${p.metricName}, ETA ${eta.toFixed(0)} s`,
              );
            },
          });
    for (const o of result.outcomes) out.log(outcomeLine(o));
    const failed = result.outcomes.filter((o) => o.status === 'failed').length;
    out.log(
      `Done: ${result.outcomes.length - failed} metric(s) ok, ${failed} failed, ${result.alerts.length} alert(s) evaluated.`,
    );
    return failed > 0 ? 2 : 0;
  } catch (error) {
    out.error(`${command}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await db.destroy();
  }
}

function outcomeLine(o: MetricOutcome): string {
  return `  ${o.metricName.padEnd(24)} ${o.status.padEnd(8)} ${o.calculations} calculations, ${o.snapshots} snapshots${o.reason ? ` (${o.reason})` : ''}`;
}
