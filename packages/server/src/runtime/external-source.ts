/**
 * The `external` source: providers the host registers by name (`data_sources.provider.name`),
 * each an async function returning rows of the `sql` result shape (see `result-shape.ts`).
 * A provider that throws, returns a bad row or does not answer within the timeout fails only its
 * own metric: {@link observeOutcome} turns every error into a `failed` outcome with a note.
 */
import { observationsFromRows } from './result-shape';
import type { ObservedValue, SourceMetric, SourceRequest } from './source-types';
import { checkSourceRequest } from './source-types';
import type { ObservationSource } from './sql-source';

/** What a provider is given besides the request: its options from `data_sources` and an abort signal fired at the timeout. */
export interface ProviderContext {
  readonly options: Readonly<Record<string, unknown>>;
  readonly signal: AbortSignal;
}

/** A host's provider: rows with `aggregation_id`, `period_start`, `value` (and optionally `weight`, `observed_at`). */
export type ExternalProvider = (
  request: SourceRequest,
  context: ProviderContext,
) => Promise<readonly Record<string, unknown>[]>;

/** Options of {@link externalSource}. */
export interface ExternalSourceOptions {
  /** Providers by name. */
  readonly providers: Readonly<Record<string, ExternalProvider>>;
  /** How long a provider may take, in milliseconds (default 30,000). */
  readonly timeoutMs?: number;
}

/** The `external` source (see the module comment). */
export function externalSource(options: ExternalSourceOptions): ObservationSource {
  const timeoutMs = options.timeoutMs ?? 30_000;
  return {
    async observe(metric, request) {
      checkSourceRequest(request);
      const provider = (metric.data_sources as { provider?: { name?: unknown; options?: unknown } } | null)
        ?.provider;
      const name = String(provider?.name ?? '');
      const run = Object.hasOwn(options.providers, name) ? options.providers[name] : undefined;
      if (!run) {
        throw new Error(
          `data_sources.provider.name: got ${JSON.stringify(provider?.name ?? null)}; allowed: a registered provider (${Object.keys(options.providers).join(', ') || 'none'})`,
        );
      }
      const controller = new AbortController();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          // Rejected before the abort, so the race reports the timeout, not the provider's reaction to it.
          reject(new Error(`provider ${name} did not answer within ${timeoutMs} ms`));
          controller.abort();
        }, timeoutMs);
      });
      try {
        const rows = await Promise.race([
          run(request, {
            options: (provider?.options ?? {}) as Record<string, unknown>,
            signal: controller.signal,
          }),
          timeout,
        ]);
        if (!Array.isArray(rows))
          throw new Error(`provider ${name} returned ${typeof rows}; allowed: an array of rows`);
        return observationsFromRows(rows, request);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** A source's answer as data: never an exception. */
export type SourceOutcome =
  | { readonly status: 'computed'; readonly values: readonly ObservedValue[] }
  | { readonly status: 'failed'; readonly reason: string };

/** Runs `source` for `metric`, turning any error (a throw, a bad row, a timeout) into a `failed` outcome naming the metric. */
export async function observeOutcome(
  source: ObservationSource,
  metric: SourceMetric,
  request: SourceRequest,
): Promise<SourceOutcome> {
  try {
    return { status: 'computed', values: await source.observe(metric, request) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { status: 'failed', reason: `metric ${metric.metric_name}: ${message}` };
  }
}
