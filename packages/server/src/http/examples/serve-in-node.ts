import { createServer, type Server } from 'node:http';
import { createDatabase, createMetricsHandler, migrateToLatest, type Principal } from '@arion-metrics/server';
import { getRequestListener } from '@hono/node-server';

/** Serves the API at http://localhost:<port>/api/metrics; `authenticate` is the host's own. */
export async function serveMetrics(
  authenticate: (request: Request) => Promise<Principal | null>,
  port = 3000,
): Promise<Server> {
  const db = await createDatabase(); // embedded PGlite; pass { url } for PostgreSQL
  await migrateToLatest(db);
  const handle = createMetricsHandler({ db, basePath: '/api/metrics', authenticate });
  const server = createServer(getRequestListener(handle));
  server.on('close', () => void db.destroy());
  await new Promise<void>((resolve) => server.listen(port, resolve));
  return server;
}
