// @vitest-environment node
/**
 * The host in a server render (Next.js App Router's first pass): importing the package touches
 * no `window`, and rendering gives the loading state without a request.
 */
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';

describe('DashboardHost on the server', () => {
  it('imports without a window and renders its loading state', async () => {
    expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
    const { DashboardHost, createMetricsClient } = {
      ...(await import('../index')),
      ...(await import('../client/index')),
    };
    const requests: string[] = [];
    const client = createMetricsClient({
      baseUrl: '/api',
      fetch: async (input) => {
        requests.push(String(input));
        return new Response('{}');
      },
    });
    const html = renderToString(<DashboardHost client={client} dashboardId="d1" />);
    expect(html).toContain('Loading dashboard');
    expect(requests).toEqual([]);
  });
});
