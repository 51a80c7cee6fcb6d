/**
 * The README's "Dashboard host" example is `examples/compliance-dashboard.tsx`, word for word;
 * the test checks that the two agree and renders the example against the API mocked by msw.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { render, screen, waitFor } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_ID, sampleDashboard, sampleDashboardData } from '../testing/sample-dashboard';
import { ComplianceDashboard } from './examples/compliance-dashboard';

const server = setupServer(
  http.get(`/api/metrics/dashboards/${DASHBOARD_ID}`, ({ request }) =>
    request.headers.get('authorization') === 'Bearer t0ken'
      ? HttpResponse.json(sampleDashboard())
      : HttpResponse.json({ status: 401 }, { status: 401 }),
  ),
  http.get(`/api/metrics/dashboards/${DASHBOARD_ID}/data`, () => HttpResponse.json(sampleDashboardData())),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

describe('README: Dashboard host', () => {
  it('shows examples/compliance-dashboard.tsx as written', () => {
    const read = (path: string) => readFileSync(fileURLToPath(new URL(path, import.meta.url)), 'utf8');
    const readme = read('../../README.md');
    const source = read('./examples/compliance-dashboard.tsx');
    expect(readme).toContain(`\`\`\`tsx\n${source}\`\`\``);
  });

  it('renders the dashboard with the session token', async () => {
    sessionStorage.setItem('metrics-token', 't0ken');
    const { container } = render(<ComplianceDashboard dashboardId={DASHBOARD_ID} />);
    expect(await screen.findByRole('heading', { name: 'Compliance overview' })).toBeInTheDocument();
    await waitFor(() => expect(container.querySelectorAll('[data-status="ready"]')).toHaveLength(4));
  });
});
