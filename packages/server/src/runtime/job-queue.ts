/**
 * The slice of a job queue the runtime needs, shaped after pg-boss (`send` with a singleton key,
 * `work` with retries) so that a pg-boss 10.4.2 implementation can slot in later. On embedded PGlite
 * jobs run in process through {@link inProcessJobQueue}. Delivery is at least once: every handler
 * must be idempotent.
 */

/** One job as a handler sees it. */
export interface Job<T = unknown> {
  readonly id: string;
  readonly name: string;
  readonly data: T;
  /** 1 on the first try. */
  readonly attempt: number;
}

/** Options of {@link JobQueue.send}. */
export interface SendOptions {
  /** While a job with this key and name waits or runs, another `send` with it is dropped (returns null). */
  readonly singletonKey?: string;
}

/** Options of {@link JobQueue.work}. */
export interface WorkOptions {
  /** Tries before a job is dead (default 3). */
  readonly maxAttempts?: number;
}

/** What became of one job. */
export interface JobOutcome {
  readonly id: string;
  readonly name: string;
  readonly status: 'completed' | 'failed';
  readonly attempts: number;
  /** The last error's message, for `failed`. */
  readonly error?: string;
}

/** A job queue. */
export interface JobQueue {
  /** Queues a job; its id, or null when a singleton with the same key is already queued or running. */
  send<T>(name: string, data: T, options?: SendOptions): Promise<string | null>;
  /** Registers the handler of `name` (one per name); a throw retries the job up to `maxAttempts`. */
  work<T>(name: string, handler: (job: Job<T>) => Promise<void>, options?: WorkOptions): void;
}

/** The in-process queue: jobs wait until {@link InProcessJobQueue.drain} runs them, one at a time, in order. */
export interface InProcessJobQueue extends JobQueue {
  /** Runs every queued job (and the jobs they queue) until none is left; the outcome of each, in finishing order. */
  drain(): Promise<JobOutcome[]>;
}

interface Queued {
  readonly id: string;
  readonly name: string;
  readonly data: unknown;
  readonly key: string | undefined;
  attempts: number;
}

/** Creates an {@link InProcessJobQueue}. A job whose name has no handler fails with a note naming it. */
export function inProcessJobQueue(): InProcessJobQueue {
  const waiting: Queued[] = [];
  const handlers = new Map<string, { run: (job: Job<unknown>) => Promise<void>; maxAttempts: number }>();
  const keys = new Set<string>();
  let next = 0;
  return {
    async send(name, data, options = {}) {
      const key = options.singletonKey === undefined ? undefined : `${name}\u0000${options.singletonKey}`;
      if (key !== undefined) {
        if (keys.has(key)) return null;
        keys.add(key);
      }
      next += 1;
      const id = `job-${next}`;
      waiting.push({ id, name, data, key, attempts: 0 });
      return id;
    },
    work(name, handler, options = {}) {
      const maxAttempts = options.maxAttempts ?? 3;
      if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
        throw new TypeError(
          `options.maxAttempts: got ${JSON.stringify(maxAttempts)}; allowed: an integer >= 1`,
        );
      }
      if (handlers.has(name))
        throw new TypeError(`work: a handler for ${JSON.stringify(name)} is already registered`);
      handlers.set(name, { run: handler as (job: Job<unknown>) => Promise<void>, maxAttempts });
    },
    async drain() {
      const outcomes: JobOutcome[] = [];
      for (let job = waiting.shift(); job; job = waiting.shift()) {
        const handler = handlers.get(job.name);
        job.attempts += 1;
        let error: string | undefined;
        if (!handler)
          error = `no handler for job ${JSON.stringify(job.name)}; call work(${JSON.stringify(job.name)}, ...) first`;
        else {
          try {
            await handler.run({ id: job.id, name: job.name, data: job.data, attempt: job.attempts });
          } catch (e) {
            error = e instanceof Error ? e.message : String(e);
          }
        }
        if (error !== undefined && handler && job.attempts < handler.maxAttempts) {
          waiting.push(job);
          continue;
        }
        if (job.key !== undefined) keys.delete(job.key);
        outcomes.push({
          id: job.id,
          name: job.name,
          status: error === undefined ? 'completed' : 'failed',
          attempts: job.attempts,
          ...(error === undefined ? {} : { error }),
        });
      }
      return outcomes;
    },
  };
}
