/**
 * The one size setting of the fuzz, load and property tests (test-only; reached as
 * `@arion-metrics/core/testing` inside the workspace, never published).
 *
 * `ARION_TEST_SIZE=full` (the default) runs every such test at the size its file names;
 * `ARION_TEST_SIZE=smoke` runs a tenth of it (at least one) — `.ci/run` uses it for the second
 * pass of the suite under Node 24, so CI stays well inside its time. Each call prints the size
 * it gave, with the test's name, so a log always says how much was run.
 */
import { expect } from 'vitest';

/** The sizes `ARION_TEST_SIZE` accepts. */
export const TEST_SIZES = ['full', 'smoke'] as const;
/** A value of `ARION_TEST_SIZE`. */
export type TestSizeSetting = (typeof TEST_SIZES)[number];

/** `process.env` where there is one (Node, jsdom), else nothing set. */
function processEnv(): Readonly<Record<string, string | undefined>> {
  return (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {};
}

/** What `ARION_TEST_SIZE` says (default `full`); any other value is refused, naming it. */
export function testSizeSetting(
  env: Readonly<Record<string, string | undefined>> = processEnv(),
): TestSizeSetting {
  const value = env.ARION_TEST_SIZE ?? 'full';
  if ((TEST_SIZES as readonly string[]).includes(value)) return value as TestSizeSetting;
  throw new Error(`ARION_TEST_SIZE is ${JSON.stringify(value)}; allowed: ${TEST_SIZES.join(', ')}.`);
}

/** Smoke runs are this fraction of the full size. */
const SMOKE_FRACTION = 0.1;

/**
 * The size a fuzz, load or property test runs at: `full` as given, or a tenth of it (rounded up,
 * at least 1) under `ARION_TEST_SIZE=smoke`. Prints `size <test name>: <n> (<setting>)`.
 *
 * @example fc.assert(fc.property(...), { numRuns: testSize(300) });
 */
export function testSize(full: number, what?: string): number {
  const setting = testSizeSetting();
  const size = setting === 'full' ? full : Math.max(1, Math.ceil(full * SMOKE_FRACTION));
  const name = what ?? expect.getState().currentTestName ?? 'module scope';
  console.info(`size ${name}: ${size} (ARION_TEST_SIZE=${setting}, full ${full})`);
  return size;
}
