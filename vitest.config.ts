import { defaultClientConditions, defaultServerConditions, defineConfig } from 'vite';
import type { ViteUserConfig } from 'vitest/config';
import { CHROMIUM_PATH, chromiumLaunchOptions, hasChromium } from './stories/chromium';

/** Workspace packages resolve to their `src/` through this export condition (no build needed). */
const SOURCE_CONDITION = '@arion-metrics/source';

const resolve = { conditions: [SOURCE_CONDITION, ...defaultClientConditions] };
const ssr = {
  resolve: {
    conditions: [SOURCE_CONDITION, ...defaultServerConditions],
    externalConditions: [SOURCE_CONDITION],
  },
};

/**
 * Vitest runs global setups (and its own server-side modules) in a Vite environment of its own,
 * `__vitest__`, which does not inherit `ssr.resolve`: it needs the source condition as well.
 */
const environments = { __vitest__: { resolve: ssr.resolve } };

const shared = { resolve, ssr, environments } satisfies ViteUserConfig;

/** Gives fast-check's default run count the size of `ARION_TEST_SIZE` (core's testing/test-size.ts). */
const FAST_CHECK_SIZE = new URL('./packages/core/src/testing/fast-check-size.ts', import.meta.url).pathname;

const projects: NonNullable<NonNullable<ViteUserConfig['test']>['projects']> = [
  {
    ...shared,
    test: {
      name: 'core',
      root: 'packages/core',
      include: ['src/**/*.test.ts'],
      environment: 'node',
      setupFiles: [FAST_CHECK_SIZE],
      testTimeout: 60_000,
      // PGlite reference databases start in beforeAll: seconds on a busy 2-core machine.
      hookTimeout: 120_000,
    },
  },
  {
    ...shared,
    test: {
      name: 'server',
      root: 'packages/server',
      include: ['src/**/*.test.ts'],
      environment: 'node',
      globalSetup: ['./src/testing/global-setup.ts'],
      setupFiles: [FAST_CHECK_SIZE],
      testTimeout: 120_000,
      hookTimeout: 120_000,
    },
  },
  {
    ...shared,
    esbuild: { jsx: 'automatic' },
    test: {
      name: 'react',
      root: 'packages/react',
      include: ['src/**/*.test.tsx', 'src/**/*.test.ts'],
      exclude: ['src/**/*.browser.test.tsx'],
      environment: 'jsdom',
      setupFiles: ['./src/testing/setup-jsdom.ts', FAST_CHECK_SIZE],
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  },
  {
    ...shared,
    test: {
      name: 'examples',
      root: 'examples',
      include: ['demo/**/*.test.ts'],
      environment: 'node',
      setupFiles: [FAST_CHECK_SIZE],
      // The demo runs twice on a fresh PGlite database in beforeAll: seconds on a busy machine.
      testTimeout: 60_000,
      hookTimeout: 120_000,
    },
  },
];

if (hasChromium) {
  const { playwright } = await import('@vitest/browser-playwright');
  projects.push({
    ...shared,
    esbuild: { jsx: 'automatic' },
    test: {
      name: 'browser',
      root: 'packages/react',
      include: ['src/**/*.browser.test.tsx'],
      testTimeout: 60_000,
      hookTimeout: 60_000,
      browser: {
        enabled: true,
        headless: true,
        provider: playwright({
          launchOptions: chromiumLaunchOptions,
        }),
        instances: [{ browser: 'chromium' }],
      },
    },
  });
} else {
  console.warn(
    `[arion-metrics] Skipping browser tests: no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium).`,
  );
}

// The root config resolves the source condition too: Vitest loads global setups through it.
export default defineConfig({ ...shared, test: { projects } } as ViteUserConfig);
