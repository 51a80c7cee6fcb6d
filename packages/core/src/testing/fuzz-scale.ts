/**
 * One size setting for fuzz and property tests (test-only). `ARION_FUZZ_SCALE=full` (the default)
 * runs every property at its written size; `smoke` runs a tenth (at least one run), for a quick
 * look on a busy machine. Any other value is refused, so a typo never silently shrinks the suite.
 */

/** The sizes a fuzz test can run at. */
export type FuzzScale = 'full' | 'smoke';

/** The scale named by `ARION_FUZZ_SCALE` (`full` when unset or empty). */
export function fuzzScale(): FuzzScale {
  const raw = (process.env.ARION_FUZZ_SCALE ?? '').trim();
  if (raw === '' || raw === 'full') return 'full';
  if (raw === 'smoke') return 'smoke';
  throw new RangeError(
    `ARION_FUZZ_SCALE is ${JSON.stringify(raw)}; expected 'full' (the default) or 'smoke'`,
  );
}

/**
 * The number of runs (or items) a test should use for a written `full` size, and a line saying so
 * in the test output: `fuzzRuns(2000, 'formula inputs')` is 2000 at `full`, 200 at `smoke`.
 */
export function fuzzRuns(full: number, what: string): number {
  const scale = fuzzScale();
  const runs = scale === 'full' ? full : Math.max(1, Math.ceil(full / 10));
  console.info(`[arion-metrics] ${what}: ${runs} runs (ARION_FUZZ_SCALE=${scale})`);
  return runs;
}
