/**
 * The main job of the README (`pnpm demo`): on the embedded database (PGlite in `.arion-data/demo`,
 * or `ARION_DATA_DIR`), or on PostgreSQL when `DATABASE_URL` is set, it seeds the compliance demo
 * when it is not there yet, fills the last 90 days of daily history, serves the dashboards and the
 * API at `http://127.0.0.1:PORT/` (`PORT`, default 4173) and fills the rest of the two years in the
 * background until stopped (Ctrl-C). `pnpm demo --report` runs the text report instead
 * (`run-demo.ts` and `report.ts`).
 */
import { fileURLToPath } from 'node:url';
import { createDatabase } from '@arion-metrics/server';
import { renderReport } from './report';
import { runDemo } from './run-demo';
import { PortInUseError, startDemoServer } from './serve/demo-server';
import { prepareComplianceDemo } from './serve/prepare-compliance-demo';

const url = process.env.DATABASE_URL || undefined;
const dataDir =
  process.env.ARION_DATA_DIR ?? fileURLToPath(new URL('../../.arion-data/demo', import.meta.url));
const database = url === undefined ? `embedded PGlite in ${dataDir}` : 'PostgreSQL from DATABASE_URL';
const db = await createDatabase(url === undefined ? { dataDir } : { url });
/** Seconds from process start to the database being open. */
const openedAt = performance.now();

/** Prints the error and leaves with exit code 1. */
function fail(error: unknown): void {
  const text =
    error instanceof PortInUseError
      ? error.message
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
  console.error(`demo failed: ${text}`);
  process.exitCode = 1;
}

if (process.argv.includes('--report')) {
  try {
    console.log(renderReport(await runDemo(db), { database }).join('\n'));
  } catch (error) {
    fail(error);
  } finally {
    await db.destroy();
  }
} else {
  await serve();
}

async function serve(): Promise<void> {
  const port = Number(process.env.PORT ?? 4173);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    fail(new Error(`PORT is ${JSON.stringify(process.env.PORT)}; allowed: a TCP port number, 0 to 65535`));
    await db.destroy();
    return;
  }
  console.log(`Arion Metrics demo on ${database}`);
  let server: Awaited<ReturnType<typeof startDemoServer>>;
  let demo: Awaited<ReturnType<typeof prepareComplianceDemo>>;
  try {
    demo = await prepareComplianceDemo(db);
    server = await startDemoServer({ db, principals: demo.organization.principals, port });
  } catch (error) {
    fail(error);
    await db.destroy();
    return;
  }
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const ready = performance.now();
  console.log(
    `Ready ${s(ready)} after start: database open ${s(openedAt)}, ` +
      `${demo.resumed ? 'earlier data kept' : 'seed'} + recent 90 days ${s(demo.elapsedMs)}, ` +
      `web server ${s(ready - openedAt - demo.elapsedMs)}.`,
  );
  console.log('Signed in as the seeded admin; add ?as=viewer to the URL to see a viewer. Ctrl-C stops.');
  console.log(`Arion Metrics demo: ${server.url}`);

  const stop = new AbortController();
  const filling = demo.fillHistory(stop.signal).catch((error: unknown) => {
    console.error(`history fill stopped: ${error instanceof Error ? error.message : String(error)}`);
  });
  const shutdown = async () => {
    if (stop.signal.aborted) return;
    stop.abort();
    console.log('\nStopping: finishing the month being filled (a restart resumes the history)…');
    await filling;
    await server.close();
    await db.destroy();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}
