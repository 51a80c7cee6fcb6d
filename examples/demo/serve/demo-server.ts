/**
 * The demo's web server on `node:http`: `/api/*` is `createMetricsHandler` (basePath `/api`),
 * everything else the browser page of `examples/demo/web/`, served by Vite in middleware mode
 * with the workspace packages resolved to their sources (nothing needs a build).
 *
 * Authentication is the demo's, not a real one: every request is the seeded admin, or the seeded
 * viewer when the request says `?as=viewer` (or sends the header `x-demo-as: viewer`).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { Database } from '@arion-metrics/core';
import { createMetricsHandler, type Principal } from '@arion-metrics/server';
import { getRequestListener } from '@hono/node-server';
import react from '@vitejs/plugin-react';
import type { Kysely } from 'kysely';
import { createServer as createViteServer, defaultClientConditions, type ViteDevServer } from 'vite';

/** Who the demo signs in as. */
export interface DemoPrincipals {
  /** Every request, unless it asks for the viewer. */
  readonly admin: Principal;
  /** Requests with `?as=viewer` or `x-demo-as: viewer`. */
  readonly viewer: Principal;
}

/** Options of {@link startDemoServer}. */
export interface DemoServerOptions {
  readonly db: Kysely<Database>;
  readonly principals: DemoPrincipals;
  /** TCP port; 0 picks a free one. */
  readonly port: number;
  /** Interface to listen on; default `127.0.0.1`. */
  readonly host?: string;
  /** Serve the browser page too (Vite); default true. */
  readonly web?: boolean;
  /** Vite's log level; default `warn` (tests use `silent`: closing Vite early cuts its dependency scan short). */
  readonly viteLogLevel?: 'warn' | 'silent';
}

/** A running demo server. */
export interface DemoServer {
  /** `http://127.0.0.1:PORT/` */
  readonly url: string;
  readonly port: number;
  /** Stops accepting requests, closes Vite; the database stays open (the caller owns it). */
  close(): Promise<void>;
}

/** Thrown when the port is in use: names the port and how to pick another. */
export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    readonly host: string,
  ) {
    super(
      `port ${port} on ${host} is already in use (another demo still running?): stop that process, ` +
        'or start the demo on another port, e.g. PORT=4180 pnpm demo',
    );
    this.name = 'PortInUseError';
  }
}

const WEB_ROOT = fileURLToPath(new URL('../web/', import.meta.url));
const SOURCE_CONDITION = '@arion-metrics/source';

/** The principal a request signs in as: see the module comment. Null (401) for an unknown `as`. */
export function demoPrincipal(request: Request, principals: DemoPrincipals): Principal | null {
  const as = new URL(request.url).searchParams.get('as') ?? request.headers.get('x-demo-as') ?? 'admin';
  if (as === 'admin') return principals.admin;
  if (as === 'viewer') return principals.viewer;
  return null;
}

/** Starts the server; rejects with {@link PortInUseError} when the port is taken. */
export async function startDemoServer(options: DemoServerOptions): Promise<DemoServer> {
  const host = options.host ?? '127.0.0.1';
  const api = getRequestListener(
    createMetricsHandler({
      db: options.db,
      basePath: '/api',
      authenticate: (request) => demoPrincipal(request, options.principals),
    }),
  );
  const server = createServer();
  let vite: ViteDevServer | null = null;
  if (options.web !== false) {
    vite = await createViteServer({
      root: WEB_ROOT,
      configFile: false,
      appType: 'spa',
      logLevel: options.viteLogLevel ?? 'warn',
      plugins: [react()],
      resolve: { conditions: [SOURCE_CONDITION, ...defaultClientConditions] },
      // Vite's client socket shares the demo's port.
      server: { middlewareMode: true, hmr: { server } },
    });
  }
  const web = vite?.middlewares;
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === '/api' || path.startsWith('/api/')) {
      void api(req, res);
      return;
    }
    if (web === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('the demo serves only /api/* here');
      return;
    }
    web(req, res, () => res.writeHead(404, { 'content-type': 'text/plain' }).end('not found'));
  });
  try {
    await listen(server, options.port, host);
  } catch (error) {
    await vite?.close();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new PortInUseError(options.port, host);
    throw error;
  }
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  return {
    url: `http://${host}:${port}/`,
    port,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await vite?.close();
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
