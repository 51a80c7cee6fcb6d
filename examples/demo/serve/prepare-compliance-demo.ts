/**
 * Gets the compliance demo's database ready to serve: migrates, seeds the organization when it is
 * not there yet (or keeps the one a previous run left, and says so), fills the most recent 90
 * days, and hands back the fill of the older history to run in the background while serving.
 */
import type { Database } from '@arion-metrics/core';
import { migrateToLatest, openStore } from '@arion-metrics/server';
import type { Kysely } from 'kysely';
import { seedComplianceAlerts } from './compliance-alerts';
import { createComplianceDashboards } from './compliance-dashboards';
import {
  type ComplianceOrganization,
  findComplianceOrganization,
  markSeeded,
  provisionComplianceOrganization,
} from './compliance-organization';
import { loadCatalog, seedCatalog } from './compliance-seed';
import { doneMonths, fillMonth, type HistoryContext, planHistory } from './daily-history';
import { createProgressBar, type ProgressStream } from './progress-bar';

/** Options of {@link prepareComplianceDemo}. */
export interface PrepareOptions {
  /** The demo's clock; default now. */
  readonly now?: Date;
  /** Days filled before serving (the rest in the background); default 90. */
  readonly recentDays?: number;
  /** Where messages and progress go; default `process.stdout`. */
  readonly output?: ProgressStream;
}

/** The prepared demo: who to sign in as, and the rest of the history to fill. */
export interface PreparedDemo {
  readonly organization: ComplianceOrganization;
  /** True when the organization of a previous run was kept (nothing was seeded). */
  readonly resumed: boolean;
  /** Milliseconds spent, seeding and the recent 90 days included. */
  readonly elapsedMs: number;
  /** Months of the older history still to fill. */
  readonly pendingMonths: number;
  /**
   * Fills the older months, newest first, with a progress bar; resolves when done. `signal` stops
   * it between months (a month is never half written: a restart recalculates it).
   */
  fillHistory(signal?: AbortSignal): Promise<void>;
}

/** Migrates `db` and gets the compliance demo ready; see the module comment. */
export async function prepareComplianceDemo(
  db: Kysely<Database>,
  options: PrepareOptions = {},
): Promise<PreparedDemo> {
  const started = performance.now();
  const now = options.now ?? new Date();
  const output = options.output ?? process.stdout;
  const say = (line: string) => output.write(`${line}\n`);
  const seconds = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;

  const migration = await migrateToLatest(db);
  if (migration.results.length > 0) say(`Migrated the database (${migration.results.length} migrations).`);

  let organization = await findComplianceOrganization(db);
  const resumed = organization !== null;
  if (organization === null) {
    organization = await provisionComplianceOrganization(db);
    say(`Seeding "${organization.name}" (${organization.timeZone}): departments, teams, users, metrics…`);
  } else {
    say(
      `Keeping "${organization.name}" from ${organization.createdAt.toISOString()} and its data ` +
        '(delete the data folder to start afresh).',
    );
  }
  const store = openStore(db, organization.principals.admin);
  const catalog = resumed ? await loadCatalog(store) : await seedCatalog(store);
  if (!resumed) {
    const dashboards = await createComplianceDashboards(store, organization, catalog.metrics);
    say(
      `Created ${catalog.metrics.size} metrics, ${catalog.relationships.length} relationships and ` +
        `${dashboards.length} dashboards (${seconds()}).`,
    );
  }

  const context: HistoryContext = { organization, ...catalog, now };
  const recentDays = options.recentDays ?? 90;
  const plan = planHistory(now, organization.timeZone, recentDays);
  const recentBar = createProgressBar(
    output,
    `recent months (the last ${recentDays} days)`,
    plan.recent.length,
  );
  let rows = 0;
  for (const [i, month] of plan.recent.entries()) {
    const written = await fillMonth(store, context, plan, month);
    rows += written.calculations;
    recentBar.update(i + 1, `${month.startDate.slice(0, 7)} (${written.calculations} daily values)`);
  }
  recentBar.finish(`Recent ${recentDays} days ready: ${rows} daily values (${seconds()}).`);

  if (!resumed) {
    const alerts = await seedComplianceAlerts(store, organization, catalog.metrics, now);
    say(`Alert rules: ${alerts.length}, firing now: ${alerts.filter((a) => a.fired).length}.`);
    await markSeeded(db, organization.organizationId);
  }

  const done = await doneMonths(store, context, plan);
  const pending = plan.older.filter((m) => !done.has(m.startDate));
  if (resumed)
    say(
      `History: ${plan.older.length - pending.length} of ${plan.older.length} older months were already filled.`,
    );

  return {
    organization,
    resumed,
    elapsedMs: performance.now() - started,
    pendingMonths: pending.length,
    async fillHistory(signal) {
      if (pending.length === 0) return;
      const bar = createProgressBar(output, 'history (two years, in the background)', pending.length);
      const fillStarted = performance.now();
      for (const [i, month] of pending.entries()) {
        if (signal?.aborted) return;
        const written = await fillMonth(store, context, plan, month);
        bar.update(i + 1, `${month.startDate.slice(0, 7)} (${written.calculations} daily values)`);
      }
      bar.finish(
        `Two years of daily history filled (${((performance.now() - fillStarted) / 1000).toFixed(1)} s).`,
      );
    },
  };
}
