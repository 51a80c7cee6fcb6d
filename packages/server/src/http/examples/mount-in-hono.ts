import { createMetricsHandler, type MetricsHandlerOptions } from '@arion-metrics/server';
import { Hono } from 'hono';

/** The host's Hono app, with the metrics API under /api/metrics. */
export function hostApp(options: Pick<MetricsHandlerOptions, 'db' | 'authenticate'>): Hono {
  const handle = createMetricsHandler({ ...options, basePath: '/api/metrics' });
  const app = new Hono();
  app.get('/', (c) => c.text('the host app'));
  app.all('/api/metrics/*', (c) => handle(c.req.raw));
  return app;
}
