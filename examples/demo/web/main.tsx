/**
 * The demo's browser page: the four dashboards as tabs, the chosen one shown by
 * `<DashboardHost>` from `@arion-metrics/react`, reading through the typed client. `?as=viewer`
 * in the page's URL signs the API calls in as the seeded viewer (the demo's sign-in, sent as the
 * `x-demo-as` header).
 */
import { DashboardHost } from '@arion-metrics/react';
import { createMetricsClient } from '@arion-metrics/react/client';
import '@arion-metrics/react/styles.css';
import { QueryClient } from '@tanstack/react-query';
import { type ReactElement, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';

const as = new URLSearchParams(window.location.search).get('as') ?? 'admin';
const client = createMetricsClient({ baseUrl: '/api', headers: { 'x-demo-as': as } });
// One cache for the page: switching tabs back shows the dashboard at once while it refreshes.
const queryClient = new QueryClient();

interface DashboardTab {
  readonly id: string;
  readonly dashboard_name: string;
  readonly is_default: boolean;
}

function App(): ReactElement {
  const [dashboards, setDashboards] = useState<readonly DashboardTab[]>([]);
  const [chosen, setChosen] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    client.dashboards
      .list()
      .then((page) => {
        setDashboards(page.items);
        setChosen((page.items.find((d) => d.is_default) ?? page.items[0])?.id ?? null);
      })
      .catch((e: Error) => setError(e.message));
  }, []);
  return (
    <main className="demo-page">
      <header className="demo-header">
        <h1>Arion Metrics demo</h1>
        <p>Signed in as the seeded {as === 'viewer' ? 'viewer' : 'admin'}.</p>
        <nav aria-label="Dashboards">
          {dashboards.map((d) => (
            <button key={d.id} type="button" aria-pressed={d.id === chosen} onClick={() => setChosen(d.id)}>
              {d.dashboard_name}
            </button>
          ))}
        </nav>
      </header>
      {error && <p role="alert">{error}</p>}
      {chosen && (
        <DashboardHost
          key={chosen}
          client={client}
          dashboardId={chosen}
          queryClient={queryClient}
          timeZone="Europe/Berlin"
        />
      )}
    </main>
  );
}

const style = document.createElement('style');
style.textContent = `
  body { margin: 0; font-family: system-ui, sans-serif; background: #f4f6f8; }
  .demo-page { padding: 0 16px 24px; }
  .demo-header { padding: 12px 8px; }
  .demo-header h1 { margin: 0 0 4px; font-size: 1.4rem; }
  .demo-header nav { display: flex; flex-wrap: wrap; gap: 8px; }
  .demo-header button[aria-pressed='true'] { font-weight: bold; }
`;
document.head.append(style);
createRoot(document.getElementById('root')!).render(<App />);
