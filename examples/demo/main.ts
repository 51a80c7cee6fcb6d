/**
 * The main job of the README: runs Arion Metrics on the embedded database (no server needed).
 * For now it migrates an embedded PGlite database in `.arion-data/demo` and prints the tables it
 * created; later issues grow it into the full demo (seeded metrics, calculations, dashboard).
 */
import { fileURLToPath } from 'node:url';
import { runCli } from '@arion-metrics/server';

const dataDir =
  process.env.ARION_DATA_DIR ?? fileURLToPath(new URL('../../.arion-data/demo', import.meta.url));
const code = await runCli(['migrate'], {
  ...process.env,
  DATABASE_URL: process.env.DATABASE_URL ?? '',
  ARION_DATA_DIR: dataDir,
});
process.exit(code);
