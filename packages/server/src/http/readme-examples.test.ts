/**
 * The README's mounting example is this package's `examples/serve-in-node.ts`, word for word; the
 * test checks that the two agree and runs the example: a real node:http server on loopback.
 */
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { serveMetrics } from './examples/serve-in-node';

const readme = new URL('../../README.md', import.meta.url);
const example = new URL('./examples/serve-in-node.ts', import.meta.url);

describe('README: mounting the handler in plain Node', () => {
  it('shows examples/serve-in-node.ts as written', async () => {
    const text = await readFile(readme, 'utf8');
    const source = await readFile(example, 'utf8');
    expect(text).toContain(`\`\`\`ts\n${source}\`\`\``);
  });

  it('serves the API over node:http, 401 problem without a principal', async () => {
    const server = await serveMetrics(async () => null, 0);
    try {
      const { port } = server.address() as AddressInfo;
      const openapi = await fetch(`http://127.0.0.1:${port}/api/metrics/openapi.json`);
      expect(openapi.status).toBe(200);
      expect(((await openapi.json()) as { openapi: string }).openapi).toBe('3.1.0');
      const refused = await fetch(`http://127.0.0.1:${port}/api/metrics/dashboards`);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('content-type')).toBe('application/problem+json');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
