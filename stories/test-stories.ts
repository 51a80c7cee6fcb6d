/**
 * `pnpm test:stories`: builds Storybook and checks every story in real Chromium
 * (screenshot-stories.ts). Without Chromium it says what it skips, in one line, and succeeds,
 * like the browser project of `vitest run`; CI installs Chromium so nothing is skipped there.
 */
import { spawnSync } from 'node:child_process';
import { CHROMIUM_PATH, hasChromium } from './chromium';

if (!hasChromium) {
  console.warn(
    `[arion-metrics] Skipping the story checks in Chromium: no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium).`,
  );
  process.exit(0);
}

const run = (args: string[]) => {
  const result = spawnSync('pnpm', args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
run(['build-storybook', '--quiet']);
run(['exec', 'node', '--import', 'tsx', 'stories/screenshot-stories.ts']);
