/**
 * The runner: decides what is due, gets observations from each metric's source, computes with
 * core's engine, stores through the store as the organization's service principal, rolls up
 * snapshots and evaluates the metric's alerts. Every run returns per-metric outcomes as data; a
 * source that throws or hangs fails only its own metric.
 */
import {
  type CalculationResult,
  calculationOrder,
  type Database,
  type EngineMetricDefinition,
  MetricCycleError,
  type MetricDefinitionRow,
  type Period,
  type PeriodOptions,
  periodFor,
  periodsBetween,
  REFRESH_INTERVAL_MINUTES,
  type SnapshotType,
} from '@arion-metrics/core';
import type { Kysely } from 'kysely';
import { openStore } from '../store/open-store';
import type { Principal } from '../store/principal';
import { type AlertRunOutcome, evaluateMetricAlerts } from './alert-evaluation';
import { calculatePeriods, storedFormulaInputs, storedPrevious } from './metric-calculation';
import { servicePrincipal } from './service-principal';
import { rollUpSnapshots } from './snapshot-rollup';
import type { ObservedValue, SourcePeriod } from './source-types';
import type { ObservationSource } from './sql-source';

/** Sources by calculation method (`manual` and `function` need none). */
export interface RunnerSources {
  readonly sql?: ObservationSource;
  readonly aggregation?: ObservationSource;
  readonly external?: ObservationSource;
}

/** Options of {@link createRunner}. */
export interface RunnerOptions {
  readonly db: Kysely<Database>;
  readonly sources: RunnerSources;
  /** The clock when `runDue` is called without `now` (default the system clock). */
  readonly now?: () => Date;
  /** How long one source call may take before its metric fails (default 60,000 ms). */
  readonly sourceTimeoutMs?: number;
}

/** What became of one metric in a run. */
export interface MetricOutcome {
  readonly organizationId: string;
  readonly metricId: string;
  readonly metricName: string;
  readonly status: 'computed' | 'skipped' | 'failed';
  /** Why it was skipped or failed; null when computed. */
  readonly reason: string | null;
  /** Calculation rows written. */
  readonly calculations: number;
  /** Snapshot rows written. */
  readonly snapshots: number;
}

/** The result of a run. */
export interface RunResult {
  readonly outcomes: readonly MetricOutcome[];
  readonly alerts: readonly AlertRunOutcome[];
}

/** Options of {@link Runner.runDue}. */
export interface RunDueOptions {
  /** Compute these metrics now whatever their frequency (on_demand ones only this way). */
  readonly metricIds?: readonly string[];
  /** `real_time` metrics whose source changed: computed now. */
  readonly changed?: readonly string[];
  /** Only this organization. */
  readonly organizationId?: string;
}

/** Progress of a backfill, after each chunk. */
export interface BackfillProgress {
  readonly metricId: string;
  readonly metricName: string;
  /** Periods handled so far (computed or skipped as already stored), over all metrics. */
  readonly done: number;
  readonly total: number;
  /** Periods skipped because they were stored with the current definition version. */
  readonly skipped: number;
}

/** Options of {@link Runner.backfill}. */
export interface BackfillOptions {
  readonly metricId?: string;
  readonly organizationId?: string;
  readonly from: Date;
  readonly to: Date;
  /** Periods per source call and transaction (default 31). */
  readonly chunkSize?: number;
  readonly onProgress?: (progress: BackfillProgress) => void;
}

/** The runner. */
export interface Runner {
  /** Computes every active metric that is due at `now` (see the README's "Runtime" section). */
  runDue(now?: Date, options?: RunDueOptions): Promise<RunResult>;
  /**
   * Recomputes `[from, to)` for one or every active metric, chunk by chunk. Resumable: periods
   * stored with the metric's current definition version are skipped. Idempotent: a period's
   * calculation clock is its end, so a re-run writes the same rows.
   */
  backfill(options: BackfillOptions): Promise<RunResult>;
}

type MetricRow = MetricDefinitionRow & { readonly time_zone: string };

const FREQUENCY_WINDOW: Readonly<Record<string, SnapshotType>> = {
  hourly: 'daily',
  daily: 'daily',
  weekly: 'weekly',
  monthly: 'monthly',
  real_time: 'daily',
  on_demand: 'daily',
};

const windowsOf = (m: MetricRow): readonly SnapshotType[] =>
  m.time_windows && m.time_windows.length > 0
    ? m.time_windows
    : [FREQUENCY_WINDOW[m.refresh_frequency] ?? 'daily'];
const levelsOf = (m: MetricRow): readonly string[] =>
  m.aggregation_levels && m.aggregation_levels.length > 0 ? m.aggregation_levels : ['org'];
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Creates a runner.
 *
 * @example
 * const runner = createRunner({ db, sources: { aggregation: aggregationSource({ db, relations }) } });
 * const { outcomes } = await runner.runDue();
 */
export function createRunner(options: RunnerOptions): Runner {
  const { db, sources } = options;
  const clock = options.now ?? (() => new Date());
  const timeoutMs = options.sourceTimeoutMs ?? 60_000;

  async function loadMetrics(filter: {
    organizationId?: string;
    metricIds?: readonly string[];
  }): Promise<MetricRow[]> {
    let q = db
      .selectFrom('metric_definitions as m')
      .innerJoin('organizations as o', 'o.id', 'm.organization_id')
      .selectAll('m')
      .select('o.time_zone')
      .where('m.deleted_at', 'is', null)
      .where('m.is_active', '=', true);
    if (filter.organizationId !== undefined) q = q.where('m.organization_id', '=', filter.organizationId);
    if (filter.metricIds !== undefined) {
      if (filter.metricIds.length === 0) return [];
      q = q.where('m.id', 'in', filter.metricIds);
    }
    return (await q.orderBy('m.organization_id').orderBy('m.metric_name').execute()) as MetricRow[];
  }

  /** Metrics of one organization in dependency order (inputs first); a cycle leaves name order. */
  async function ordered(organizationId: string, metrics: MetricRow[]): Promise<MetricRow[]> {
    const relationships = await db
      .selectFrom('metric_relationships')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .execute();
    try {
      const order = calculationOrder(metrics as EngineMetricDefinition[], relationships);
      const rank = new Map(order.map((id, i) => [id, i]));
      return [...metrics].sort((a, b) => (rank.get(a.id) ?? 0) - (rank.get(b.id) ?? 0));
    } catch (error) {
      if (error instanceof MetricCycleError) return metrics;
      throw error;
    }
  }

  async function observe(
    metric: MetricRow,
    level: string,
    periods: readonly SourcePeriod[],
  ): Promise<ObservedValue[]> {
    const source = sources[metric.calculation_method as keyof RunnerSources];
    if (!source) {
      throw new Error(
        `calculation_method ${metric.calculation_method}: no source was given to createRunner (sources.${metric.calculation_method})`,
      );
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the source did not answer within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([
        source.observe(metric, { organizationId: metric.organization_id, aggregationLevel: level, periods }),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Computes and stores one metric for `periodsByWindow`; its outcome, never a throw. */
  async function computeMetric(
    principal: Principal,
    metric: MetricRow,
    periodsByWindow: ReadonlyMap<SnapshotType, readonly Period[]>,
    calculatedAt: (p: SourcePeriod) => Date,
  ): Promise<MetricOutcome> {
    const base = {
      organizationId: metric.organization_id,
      metricId: metric.id,
      metricName: metric.metric_name,
    };
    const periodOptions: PeriodOptions = { timeZone: metric.time_zone };
    const store = openStore(db, principal);
    let calculations = 0;
    let snapshots = 0;
    try {
      for (const level of levelsOf(metric)) {
        const rows: CalculationResult[] = [];
        if (metric.calculation_method !== 'manual') {
          for (const periods of periodsByWindow.values()) {
            if (periods.length === 0) continue;
            const isFunction = metric.calculation_method === 'function';
            const [observed, previous, formulaInputs] = await Promise.all([
              isFunction ? Promise.resolve([]) : observe(metric, level, periods),
              storedPrevious(db, metric.organization_id, metric.id, level, periods[0]!.start),
              isFunction
                ? storedFormulaInputs(db, metric.organization_id, level, periods)
                : Promise.resolve(undefined),
            ]);
            rows.push(
              ...calculatePeriods({
                definition: metric,
                level,
                periods,
                observed,
                previous,
                calculatedAt,
                ...(formulaInputs ? { formulaInputs } : {}),
              }),
            );
          }
          if (rows.length > 0) calculations += (await store.calculations.upsert(rows)).written;
        }
        for (const periods of periodsByWindow.values()) {
          const rolled = await rollUpSnapshots(
            db,
            { ...metric, time_windows: windowsOf(metric) },
            level,
            periods,
            periodOptions,
          );
          if (rolled.length > 0) snapshots += (await store.snapshots.upsert(rolled)).written;
        }
      }
    } catch (error) {
      return {
        ...base,
        status: 'failed',
        reason: `metric ${metric.metric_name}: ${message(error)}`,
        calculations,
        snapshots,
      };
    }
    if (metric.calculation_method === 'manual') {
      return {
        ...base,
        status: 'skipped',
        reason: 'manual: values are entered through the store; snapshots rolled up',
        calculations,
        snapshots,
      };
    }
    return { ...base, status: 'computed', reason: null, calculations, snapshots };
  }

  /** Runs `work` per organization with its service principal, metrics in dependency order. */
  async function perOrganization(
    metrics: MetricRow[],
    work: (principal: Principal, metric: MetricRow) => Promise<MetricOutcome>,
    now: Date,
  ): Promise<RunResult> {
    const outcomes: MetricOutcome[] = [];
    const alerts: AlertRunOutcome[] = [];
    const byOrg = new Map<string, MetricRow[]>();
    for (const m of metrics) byOrg.set(m.organization_id, [...(byOrg.get(m.organization_id) ?? []), m]);
    for (const [org, list] of byOrg) {
      const principal = await servicePrincipal(db, org);
      for (const metric of await ordered(org, list)) {
        const outcome = await work(principal, metric);
        outcomes.push(outcome);
        if (outcome.status !== 'failed')
          alerts.push(...(await evaluateMetricAlerts(db, principal, metric, now)));
      }
    }
    return { outcomes, alerts };
  }

  return {
    async runDue(now = clock(), runOptions = {}) {
      const asked = new Set(runOptions.metricIds ?? []);
      const changed = new Set(runOptions.changed ?? []);
      const metrics = await loadMetrics({
        ...(runOptions.organizationId ? { organizationId: runOptions.organizationId } : {}),
      });
      const latest = await db
        .selectFrom('metric_calculations')
        .select(['metric_id', (eb) => eb.fn.max('calculation_timestamp').as('last')])
        .groupBy('metric_id')
        .execute();
      const last = new Map(latest.map((r) => [r.metric_id, new Date(r.last as Date)]));
      const skipped: MetricOutcome[] = [];
      const due = metrics.filter((m) => {
        if (asked.has(m.id)) return true;
        const minutes = REFRESH_INTERVAL_MINUTES[m.refresh_frequency];
        let reason: string | null = null;
        if (m.refresh_frequency === 'on_demand') reason = 'on_demand: computed only when asked';
        else if (m.refresh_frequency === 'real_time') {
          if (changed.has(m.id)) return true;
          reason = 'real_time: no source-changed signal';
        } else {
          const at = last.get(m.id);
          if (at === undefined || minutes === null || now.getTime() - at.getTime() >= minutes * 60_000)
            return true;
          reason = `${m.refresh_frequency}: last calculated at ${at.toISOString()}, next due at ${new Date(at.getTime() + minutes * 60_000).toISOString()}`;
        }
        skipped.push({
          organizationId: m.organization_id,
          metricId: m.id,
          metricName: m.metric_name,
          status: 'skipped',
          reason,
          calculations: 0,
          snapshots: 0,
        });
        return false;
      });
      const result = await perOrganization(
        due,
        (principal, metric) => {
          // The period in progress and the last complete one of each window.
          const periods = new Map<SnapshotType, readonly Period[]>();
          for (const w of windowsOf(metric)) {
            const current = periodFor(now, w, { timeZone: metric.time_zone });
            const previous = periodFor(new Date(current.start.getTime() - 1), w, {
              timeZone: metric.time_zone,
            });
            periods.set(w, [previous, current]);
          }
          return computeMetric(principal, metric, periods, () => now);
        },
        now,
      );
      return { outcomes: [...result.outcomes, ...skipped], alerts: result.alerts };
    },

    async backfill(backfillOptions) {
      const { from, to } = backfillOptions;
      if (
        !(from instanceof Date) ||
        !(to instanceof Date) ||
        Number.isNaN(from.getTime()) ||
        Number.isNaN(to.getTime()) ||
        from >= to
      ) {
        throw new TypeError(
          `backfill: got from ${String(from)} and to ${String(to)}; allowed: two dates with from before to`,
        );
      }
      const chunkSize = backfillOptions.chunkSize ?? 31;
      if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > 1000) {
        throw new TypeError(
          `backfill.chunkSize: got ${JSON.stringify(chunkSize)}; allowed: an integer from 1 to 1000`,
        );
      }
      const metrics = await loadMetrics({
        ...(backfillOptions.organizationId ? { organizationId: backfillOptions.organizationId } : {}),
        ...(backfillOptions.metricId ? { metricIds: [backfillOptions.metricId] } : {}),
      });
      if (backfillOptions.metricId && metrics.length === 0) {
        throw new TypeError(
          `backfill.metricId: got ${JSON.stringify(backfillOptions.metricId)}; allowed: the id of a live, active metric`,
        );
      }
      // Whole periods inside [from, to) of every window of every metric.
      const plan = new Map<string, Map<SnapshotType, Period[]>>();
      let total = 0;
      for (const m of metrics) {
        const windows = new Map<SnapshotType, Period[]>();
        for (const w of windowsOf(m)) {
          const periods = periodsBetween({ start: from, end: to }, w, { timeZone: m.time_zone }).filter(
            (p) => p.start >= from && p.end <= to,
          );
          windows.set(w, periods);
          total += periods.length;
        }
        plan.set(m.id, windows);
      }
      let done = 0;
      let skippedPeriods = 0;
      return perOrganization(
        metrics,
        async (principal, metric) => {
          const windows = plan.get(metric.id)!;
          const stored = await storedPeriods(metric, from, to);
          let calculations = 0;
          let snapshots = 0;
          for (const [w, periods] of windows) {
            for (let i = 0; i < periods.length; i += chunkSize) {
              const chunk = periods.slice(i, i + chunkSize);
              const todo = chunk.filter((p) => !stored.has(`${p.start.getTime()}-${p.end.getTime()}`));
              skippedPeriods += chunk.length - todo.length;
              if (todo.length > 0) {
                const outcome = await computeMetric(principal, metric, new Map([[w, todo]]), (p) => p.end);
                if (outcome.status === 'failed') return outcome;
                calculations += outcome.calculations;
                snapshots += outcome.snapshots;
              }
              done += chunk.length;
              backfillOptions.onProgress?.({
                metricId: metric.id,
                metricName: metric.metric_name,
                done,
                total,
                skipped: skippedPeriods,
              });
            }
          }
          return {
            organizationId: metric.organization_id,
            metricId: metric.id,
            metricName: metric.metric_name,
            status: metric.calculation_method === 'manual' ? 'skipped' : 'computed',
            reason:
              metric.calculation_method === 'manual'
                ? 'manual: values are entered through the store; snapshots rolled up'
                : null,
            calculations,
            snapshots,
          };
        },
        clock(),
      );
    },
  };

  /** Periods stored for every level with the metric's current definition version (what a resume skips). */
  async function storedPeriods(metric: MetricRow, from: Date, to: Date): Promise<Set<string>> {
    if (metric.calculation_method === 'manual') return new Set();
    const levels = levelsOf(metric);
    const rows = await db
      .selectFrom('metric_calculations')
      .select([
        'period_start',
        'period_end',
        (eb) => eb.fn.count<number>('aggregation_level').distinct().as('levels'),
      ])
      .where('organization_id', '=', metric.organization_id)
      .where('metric_id', '=', metric.id)
      .where('period_start', '>=', from)
      .where('period_end', '<=', to)
      .where('aggregation_level', 'in', levels)
      .where((eb) =>
        eb(eb.cast(eb.ref('metadata', '->>').key('definition_version'), 'integer'), '=', metric.version),
      )
      .groupBy(['period_start', 'period_end'])
      .execute();
    return new Set(
      rows
        .filter((r) => Number(r.levels) >= levels.length)
        .map((r) => `${r.period_start.getTime()}-${r.period_end.getTime()}`),
    );
  }
}
