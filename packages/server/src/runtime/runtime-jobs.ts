/**
 * The runtime's work as jobs on a {@link JobQueue}: `arion.run-due`, `arion.backfill` (one chunk
 * range per job), `arion.retention` (the store's batched purge as the organization's service
 * principal) and `arion.deliver` (pending webhooks). Every handler is idempotent, as at-least-once
 * delivery requires: a re-run writes the same rows and sends nothing twice.
 */
import type { Database } from '@arion-metrics/core';
import type { Kysely } from 'kysely';
import { openStore } from '../store/open-store';
import type { JobQueue } from './job-queue';
import type { Runner } from './runner';
import { servicePrincipal } from './service-principal';
import { deliverWebhooks, type WebhookDeliveryOptions } from './webhook-delivery';

/** Job names. */
export const RUNTIME_JOBS = {
  runDue: 'arion.run-due',
  backfill: 'arion.backfill',
  retention: 'arion.retention',
  deliver: 'arion.deliver',
} as const;

/** Data of an `arion.backfill` job (dates as ISO strings). */
export interface BackfillJob {
  readonly metricId?: string;
  readonly from: string;
  readonly to: string;
}

/** Registers the runtime's handlers on `queue`. */
export function registerRuntimeJobs(
  queue: JobQueue,
  options: {
    readonly db: Kysely<Database>;
    readonly runner: Runner;
    readonly delivery?: WebhookDeliveryOptions;
  },
): void {
  const { db, runner } = options;
  queue.work<{ readonly now?: string }>(RUNTIME_JOBS.runDue, async (job) => {
    await runner.runDue(job.data.now === undefined ? undefined : new Date(job.data.now));
  });
  queue.work<BackfillJob>(RUNTIME_JOBS.backfill, async (job) => {
    const result = await runner.backfill({
      from: new Date(job.data.from),
      to: new Date(job.data.to),
      ...(job.data.metricId ? { metricId: job.data.metricId } : {}),
    });
    const failed = result.outcomes.filter((o) => o.status === 'failed');
    if (failed.length > 0) throw new Error(failed.map((o) => o.reason).join('; '));
  });
  queue.work<{ readonly organizationId: string }>(RUNTIME_JOBS.retention, async (job) => {
    await openStore(db, await servicePrincipal(db, job.data.organizationId, ['purge'])).retention.purge();
  });
  queue.work(RUNTIME_JOBS.deliver, async () => {
    await deliverWebhooks(db, options.delivery);
  });
}

/** Queues a backfill as one job per `chunkDays` days (singleton per range: queuing twice adds nothing). */
export async function queueBackfill(
  queue: JobQueue,
  range: { readonly metricId?: string; readonly from: Date; readonly to: Date; readonly chunkDays?: number },
): Promise<number> {
  const step = (range.chunkDays ?? 31) * 86_400_000;
  let queued = 0;
  for (let t = range.from.getTime(); t < range.to.getTime(); t += step) {
    const data: BackfillJob = {
      ...(range.metricId ? { metricId: range.metricId } : {}),
      from: new Date(t).toISOString(),
      to: new Date(Math.min(t + step, range.to.getTime())).toISOString(),
    };
    const id = await queue.send(RUNTIME_JOBS.backfill, data, {
      singletonKey: `${data.metricId ?? '*'}:${data.from}:${data.to}`,
    });
    if (id !== null) queued++;
  }
  return queued;
}
