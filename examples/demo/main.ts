/**
 * The main job of the README (`pnpm demo`): runs Arion Metrics end to end on the embedded database
 * (PGlite in `.arion-data/demo`, or `ARION_DATA_DIR`), or on PostgreSQL when `DATABASE_URL` is set,
 * and prints a report. The work is in `run-demo.ts`; the text in `report.ts`.
 */
import { fileURLToPath } from 'node:url';
import { createDatabase } from '@arion-metrics/server';
import { renderReport } from './report';
import { runDemo } from './run-demo';

const url = process.env.DATABASE_URL || undefined;
const dataDir =
  process.env.ARION_DATA_DIR ?? fileURLToPath(new URL('../../.arion-data/demo', import.meta.url));
const db = await createDatabase(url === undefined ? { dataDir } : { url });
try {
  const summary = await runDemo(db);
  const database = url === undefined ? `embedded PGlite in ${dataDir}` : 'PostgreSQL from DATABASE_URL';
  console.log(renderReport(summary, { database }).join('\n'));
} catch (error) {
  console.error(`demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
