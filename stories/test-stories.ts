/**
 * `pnpm test:stories`: builds Storybook and checks every story in real Chromium
 * (screenshot-stories.ts). Without Chromium it says what it skips, in one line, and succeeds,
 * like the browser project of `vitest run`; CI installs Chromium so nothing is skipped there.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromiumPath)) {
  console.warn(
    `[arion-metrics] Skipping the story checks in Chromium: no Chromium at ${chromiumPath} (apt-get install -y chromium).`,
  );
  process.exit(0);
}

const run = (args: string[]) => {
  const result = spawnSync('pnpm', args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
run(['build-storybook', '--quiet']);
run(['exec', 'node', '--import', 'tsx', 'stories/screenshot-stories.ts']);
