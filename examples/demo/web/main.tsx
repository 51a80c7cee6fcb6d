/**
 * The demo's browser page: the four dashboards as tabs, the chosen one's widgets laid out by
 * their `position` on a 24-column grid, all data from one `GET /api/dashboards/:id/data`.
 * `?as=viewer` in the page's URL is passed on to the API (the demo's sign-in).
 */
import '@arion-metrics/react/styles.css';
import { type ReactElement, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { DemoWidget, type MetricRow, type WidgetRow, type WidgetSlot } from './demo-widget';

interface DashboardRow {
  readonly id: string;
  readonly dashboard_name: string;
  readonly description: string | null;
  readonly is_default: boolean;
}

const as = new URLSearchParams(window.location.search).get('as');

async function api<T>(path: string): Promise<T> {
  const url = `/api${path}${as ? `${path.includes('?') ? '&' : '?'}as=${encodeURIComponent(as)}` : ''}`;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

function Dashboard(props: { readonly id: string; readonly metrics: ReadonlyMap<string, MetricRow> }) {
  const [widgets, setWidgets] = useState<readonly WidgetRow[]>([]);
  const [slots, setSlots] = useState<ReadonlyMap<string, WidgetSlot>>(new Map());
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setWidgets([]);
    setSlots(new Map());
    api<{ items: WidgetRow[] }>(`/dashboards/${props.id}/widgets`)
      .then((page) => setWidgets(page.items))
      .catch((e: Error) => setError(e.message));
    api<{ widgets: WidgetSlot[] }>(`/dashboards/${props.id}/data`)
      .then((data) => setSlots(new Map(data.widgets.map((w) => [w.widgetId, w]))))
      .catch((e: Error) => setError(e.message));
  }, [props.id]);
  if (error) return <p role="alert">{error}</p>;
  return (
    <div className="demo-grid">
      {widgets.map((w) => (
        <section
          key={w.id}
          className="demo-cell"
          style={{
            gridColumn: `${w.position.x + 1} / span ${w.position.w}`,
            gridRow: `${w.position.y + 1} / span ${w.position.h}`,
          }}
        >
          <DemoWidget widget={w} slot={slots.get(w.id)} metrics={props.metrics} />
        </section>
      ))}
    </div>
  );
}

function App(): ReactElement {
  const [dashboards, setDashboards] = useState<readonly DashboardRow[]>([]);
  const [metrics, setMetrics] = useState<ReadonlyMap<string, MetricRow>>(new Map());
  const [chosen, setChosen] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<{ items: DashboardRow[] }>('/dashboards')
      .then((page) => {
        setDashboards(page.items);
        setChosen((page.items.find((d) => d.is_default) ?? page.items[0])?.id ?? null);
      })
      .catch((e: Error) => setError(e.message));
    api<{ items: MetricRow[] }>('/metrics?limit=200')
      .then((page) => setMetrics(new Map(page.items.map((m) => [m.id, m]))))
      .catch((e: Error) => setError(e.message));
  }, []);
  return (
    <main data-arion-theme="light">
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
      {chosen && <Dashboard id={chosen} metrics={metrics} />}
    </main>
  );
}

const style = document.createElement('style');
style.textContent = `
  body { margin: 0; font-family: system-ui, sans-serif; background: #f4f6f8; }
  .demo-header { padding: 12px 24px; }
  .demo-header h1 { margin: 0 0 4px; font-size: 1.4rem; }
  .demo-header nav { display: flex; gap: 8px; }
  .demo-header button[aria-pressed='true'] { font-weight: bold; }
  .demo-grid { display: grid; grid-template-columns: repeat(24, 1fr); grid-auto-rows: 40px; gap: 8px; padding: 0 24px 24px; }
  .demo-cell { background: #fff; border-radius: 6px; overflow: hidden; padding: 8px; min-width: 0; }
  @media (max-width: 800px) { .demo-grid { display: block; } .demo-cell { height: 320px; margin-bottom: 8px; } }
`;
document.head.append(style);
createRoot(document.getElementById('root')!).render(<App />);
