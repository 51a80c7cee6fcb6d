/**
 * The one Chromium every browser check uses: Debian's package (or `CHROMIUM_PATH`), started
 * headless with the same flags by the Vitest browser project, the story checks and the render
 * benchmark. Nothing is downloaded.
 */
import { existsSync } from 'node:fs';

/** Path of the Chromium executable: `CHROMIUM_PATH`, else Debian's `/usr/bin/chromium`. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Whether that Chromium is installed. */
export const hasChromium = existsSync(CHROMIUM_PATH);

/** Playwright launch options: headless, no sandbox, GPU, first-run UI or background network traffic. */
export const chromiumLaunchOptions = {
  executablePath: CHROMIUM_PATH,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};
