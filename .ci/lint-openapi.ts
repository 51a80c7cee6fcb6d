/**
 * `pnpm check:openapi` (part of `pnpm check`): the OpenAPI 3.1 document the HTTP handler serves,
 * linted by Redocly CLI with its recommended rules (`redocly.yaml`). The document is the one a
 * host gets from `GET /openapi.json`: the handler is created on an in-memory PGlite database and
 * asked for it, so a route that describes itself badly fails the check.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createDatabase, createMetricsHandler } from '@arion-metrics/server';

const root = resolve(import.meta.dirname, '..');
const db = await createDatabase();
try {
  const handle = createMetricsHandler({ db, authenticate: () => null });
  const response = await handle(new Request('http://localhost/openapi.json'));
  if (response.status !== 200) throw new Error(`GET /openapi.json answered ${response.status}`);
  const dir = mkdtempSync(join(tmpdir(), 'arion-openapi-'));
  const file = join(dir, 'openapi.json');
  writeFileSync(file, JSON.stringify(await response.json(), null, 2));
  const lint = spawnSync(
    join(root, 'node_modules/.bin/redocly'),
    ['lint', file, '--config', join(root, 'redocly.yaml'), '--format', 'stylish'],
    {
      stdio: 'inherit',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    },
  );
  rmSync(dir, { recursive: true, force: true });
  process.exitCode = lint.status ?? 1;
} finally {
  await db.destroy();
}
