/**
 * `<DashboardHost>` in jsdom against the HTTP API mocked by msw: layout from positions, narrow
 * stacking, one data request for every widget, filter changes, isolated failures, locked
 * filters, theme, and two hosts that share nothing.
 */
import { QueryClient } from '@tanstack/react-query';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMetricsClient } from '../client/create-metrics-client';
import { DASHBOARD_ID, sampleDashboard, sampleDashboardData, WIDGET_IDS } from '../testing/sample-dashboard';
import { DashboardHost } from './dashboard-host';
import { createDashboardHostStore } from './host-store';
import { defineWidgetAdapter } from './widget-registry';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  vi.unstubAllGlobals();
});
afterAll(() => server.close());

/** Serves the sample dashboard and records every data request's query. */
function serve(options: { failing?: string[]; dashboard?: Record<string, unknown> } = {}) {
  const dataRequests: URLSearchParams[] = [];
  server.use(
    http.get(`/api/dashboards/${DASHBOARD_ID}`, () => HttpResponse.json(sampleDashboard(options.dashboard))),
    http.get(`/api/dashboards/${DASHBOARD_ID}/data`, ({ request }) => {
      const query = new URL(request.url).searchParams;
      dataRequests.push(query);
      const filters = JSON.parse(query.get('filters') ?? '{}') as { aggregationLevel?: string };
      const ids = query.get('widgets')?.split(',');
      return HttpResponse.json(
        sampleDashboardData({
          ...(ids ? { ids } : {}),
          ...(options.failing ? { failing: options.failing } : {}),
          ...(filters.aggregationLevel ? { level: filters.aggregationLevel } : {}),
        }),
      );
    }),
  );
  return dataRequests;
}

const client = () => createMetricsClient({ baseUrl: '/api' });

/** A widget that fails while drawing. */
function Broken(): never {
  throw new Error('bad drawing');
}
const cell = (container: HTMLElement, id: string) =>
  container.querySelector<HTMLElement>(`[data-widget-id="${id}"]`) as HTMLElement;

/** Waits until every widget of the sample dashboard has left its loading state. */
async function settled(container: HTMLElement) {
  await waitFor(() => {
    const cells = container.querySelectorAll('[data-widget-id]');
    expect(cells).toHaveLength(4);
    for (const c of cells) expect(c.getAttribute('data-status')).not.toBe('loading');
  });
}

describe('DashboardHost', () => {
  it('places each widget by its position on a grid of layout_config columns, in reading order', async () => {
    serve();
    const { container } = render(<DashboardHost client={client()} dashboardId={DASHBOARD_ID} />);
    await settled(container);
    const grid = container.querySelector<HTMLElement>('.arion-host-grid');
    expect(grid?.style.gridTemplateColumns).toBe('repeat(24, minmax(0, 1fr))');
    expect(cell(container, WIDGET_IDS.bar).style.gridColumn).toBe('9 / span 10');
    expect(cell(container, WIDGET_IDS.bar).style.gridRow).toBe('1 / span 6');
    expect(cell(container, WIDGET_IDS.line).style.gridColumn).toBe('1 / span 24');
    expect(cell(container, WIDGET_IDS.line).style.gridRow).toBe('7 / span 8');
    const order = [...container.querySelectorAll('[data-widget-id]')].map((e) =>
      e.getAttribute('data-widget-id'),
    );
    expect(order).toEqual([WIDGET_IDS.card, WIDGET_IDS.bar, WIDGET_IDS.notes, WIDGET_IDS.line]);
  });

  it('stacks the widgets in position order when its container is narrow', async () => {
    serve();
    // jsdom has no layout: a ResizeObserver that reports a 400 px wide container.
    vi.stubGlobal(
      'ResizeObserver',
      class {
        constructor(private readonly callback: ResizeObserverCallback) {}
        observe() {
          this.callback([{ contentRect: { width: 400, height: 900 } } as ResizeObserverEntry], this as never);
        }
        disconnect() {}
      },
    );
    const { container } = render(<DashboardHost client={client()} dashboardId={DASHBOARD_ID} />);
    await settled(container);
    expect(container.querySelector('.arion-host')?.getAttribute('data-layout')).toBe('stacked');
    expect(container.querySelector<HTMLElement>('.arion-host-grid')?.style.flexDirection).toBe('column');
    // 6 rows of 40 px and 5 gaps of 16 px.
    expect(cell(container, WIDGET_IDS.card).style.height).toBe('320px');
    expect(cell(container, WIDGET_IDS.card).style.gridColumn).toBe('');
  });

  it('reads every widget’s data in one request', async () => {
    const requests = serve();
    const { container } = render(<DashboardHost client={client()} dashboardId={DASHBOARD_ID} />);
    await settled(container);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.get('widgets')).toBeNull();
    expect(within(cell(container, WIDGET_IDS.card)).getByText('Controls passing')).toBeInTheDocument();
    expect(within(cell(container, WIDGET_IDS.notes)).getByText('weekly')).toBeInTheDocument();
  });

  it('re-requests the data with the new filter when the viewer changes the aggregation level', async () => {
    const requests = serve();
    const { container } = render(<DashboardHost client={client()} dashboardId={DASHBOARD_ID} />);
    await settled(container);
    await userEvent.selectOptions(screen.getByLabelText('Aggregation level'), 'department');
    await waitFor(() => expect(requests).toHaveLength(2));
    expect(JSON.parse(requests[1]?.get('filters') ?? '{}')).toEqual({ aggregationLevel: 'department' });
  });

  it('sends the preset the viewer picks', async () => {
    const requests = serve();
    const { container } = render(<DashboardHost client={client()} dashboardId={DASHBOARD_ID} />);
    await settled(container);
    await userEvent.selectOptions(screen.getByLabelText('Time range'), 'year_to_date');
    await waitFor(() => expect(requests.map((r) => r.get('preset'))).toContain('year_to_date'));
  });

  it('shows one failing widget’s error in its own cell and the others’ data, and retries only that widget', async () => {
    const requests = serve({ failing: [WIDGET_IDS.bar] });
    const { container } = render(<DashboardHost client={client()} dashboardId={DASHBOARD_ID} />);
    await settled(container);
    const bar = cell(container, WIDGET_IDS.bar);
    expect(bar.getAttribute('data-status')).toBe('error');
    expect(within(bar).getByRole('alert')).toHaveTextContent('no values at the level "team"');
    expect(cell(container, WIDGET_IDS.card).getAttribute('data-status')).toBe('ready');
    expect(cell(container, WIDGET_IDS.line).getAttribute('data-status')).toBe('ready');
    await userEvent.click(within(bar).getByRole('button', { name: /retry|try again/i }));
    await waitFor(() => expect(requests).toHaveLength(2));
    expect(requests[1]?.get('widgets')).toBe(WIDGET_IDS.bar);
  });

  it('keeps the other widgets when one widget throws while drawing', async () => {
    serve();
    const { container } = render(
      <DashboardHost
        client={client()}
        dashboardId={DASHBOARD_ID}
        widgets={{ bar_chart: defineWidgetAdapter(Broken, () => ({})) }}
      />,
    );
    await settled(container);
    expect(within(cell(container, WIDGET_IDS.bar)).getByRole('alert')).toHaveTextContent('bad drawing');
    expect(within(cell(container, WIDGET_IDS.card)).getByText('Controls passing')).toBeInTheDocument();
  });

  it('draws a widget type through a renderer the host adds to the registry', async () => {
    serve({
      dashboard: {
        widgets: [{ ...sampleDashboard().widgets[1], widget_type: 'kpi_tile' }],
      },
    });
    render(
      <DashboardHost
        client={client()}
        dashboardId={DASHBOARD_ID}
        widgets={{ kpi_tile: ({ widget }) => <p>Tile: {widget.widget_name}</p> }}
      />,
    );
    expect(await screen.findByText('Tile: Controls passing')).toBeInTheDocument();
  });

  it('names the known widget types when a widget has no renderer', async () => {
    serve({ dashboard: { widgets: [{ ...sampleDashboard().widgets[1], widget_type: 'sankey' }] } });
    render(<DashboardHost client={client()} dashboardId={DASHBOARD_ID} />);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      /No renderer for widget_type "sankey"; allowed: .*metric_card/,
    );
  });

  it('shows a locked filter without letting the viewer change it', async () => {
    const requests = serve();
    const store = createDashboardHostStore({ locked: { aggregationLevel: 'department' } });
    const { container } = render(
      <DashboardHost
        client={client()}
        dashboardId={DASHBOARD_ID}
        store={store}
        lockedFilters={{ aggregationLevel: 'department' }}
      />,
    );
    await settled(container);
    const level = screen.getByLabelText('Aggregation level') as HTMLSelectElement;
    expect(level).toBeDisabled();
    expect(level.value).toBe('department');
    expect(screen.getByText('Locked')).toBeInTheDocument();
    expect(() => store.getState().setFilter('aggregationLevel', 'org')).toThrow(
      /filters\.aggregationLevel: locked to "department"/,
    );
    expect(requests).toHaveLength(1);
  });

  it('shows locked units and keeps them when the viewer changes the level', async () => {
    const requests = serve();
    const { container } = render(
      <DashboardHost
        client={client()}
        dashboardId={DASHBOARD_ID}
        lockedFilters={{ aggregationIds: [WIDGET_IDS.bar] }}
      />,
    );
    await settled(container);
    expect(screen.getByText('1 unit selected')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Clear units' })).toBeNull();
    await userEvent.selectOptions(screen.getByLabelText('Aggregation level'), 'department');
    await waitFor(() => expect(requests).toHaveLength(2));
    expect(JSON.parse(requests[1]?.get('filters') ?? '{}')).toEqual({ aggregationLevel: 'department' });
  });

  it('takes its theme from the dashboard and switches it', async () => {
    serve({ dashboard: { theme: 'dark' } });
    const { container } = render(<DashboardHost client={client()} dashboardId={DASHBOARD_ID} />);
    await settled(container);
    const root = container.querySelector('.arion-host') as HTMLElement;
    expect(root.getAttribute('data-arion-theme')).toBe('dark');
    await userEvent.click(screen.getByRole('button', { name: 'Dark theme' }));
    expect(root.getAttribute('data-arion-theme')).toBe('light');
  });

  it('gives two hosts on a page their own state', async () => {
    serve();
    const shared = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const c = client();
    const { container } = render(
      <>
        <section aria-label="first">
          <DashboardHost client={c} dashboardId={DASHBOARD_ID} queryClient={shared} />
        </section>
        <section aria-label="second">
          <DashboardHost client={c} dashboardId={DASHBOARD_ID} queryClient={shared} />
        </section>
      </>,
    );
    await waitFor(() =>
      expect(container.querySelectorAll('[data-status="ready"]').length).toBeGreaterThanOrEqual(6),
    );
    const first = within(screen.getByRole('region', { name: 'first' }));
    const second = within(screen.getByRole('region', { name: 'second' }));
    await userEvent.selectOptions(first.getByLabelText('Time range'), 'last_7_days');
    await userEvent.click(first.getByRole('button', { name: 'Dark theme' }));
    expect((first.getByLabelText('Time range') as HTMLSelectElement).value).toBe('last_7_days');
    expect((second.getByLabelText('Time range') as HTMLSelectElement).value).toBe('last_30_days');
    expect(second.getByRole('button', { name: 'Dark theme' })).toHaveAttribute('aria-pressed', 'false');
  });
});

describe('DashboardHost refresh', () => {
  afterEach(() => {
    vi.useRealTimers();
    Object.defineProperty(document, 'visibilityState', { configurable: true, value: 'visible' });
  });

  it('refetches every refresh_interval_seconds while visible, and not while the tab is hidden', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const requests = serve({ dashboard: { refresh_interval_seconds: 30 } });
    const { container } = render(<DashboardHost client={client()} dashboardId={DASHBOARD_ID} />);
    await vi.waitFor(() => expect(container.querySelectorAll('[data-status="ready"]').length).toBe(4));
    expect(requests).toHaveLength(1);
    await act(() => vi.advanceTimersByTimeAsync(30_000));
    await vi.waitFor(() => expect(requests).toHaveLength(2));

    Object.defineProperty(document, 'visibilityState', { configurable: true, value: 'hidden' });
    act(() => document.dispatchEvent(new Event('visibilitychange')));
    await act(() => vi.advanceTimersByTimeAsync(120_000));
    expect(requests).toHaveLength(2);

    Object.defineProperty(document, 'visibilityState', { configurable: true, value: 'visible' });
    act(() => document.dispatchEvent(new Event('visibilitychange')));
    await act(() => vi.advanceTimersByTimeAsync(30_000));
    await vi.waitFor(() => expect(requests.length).toBeGreaterThan(2));
  });

  it('refetches a widget with refresh_interval_override alone, on its own interval', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const [line, card, bar, notes] = sampleDashboard().widgets;
    const requests = serve({
      dashboard: { widgets: [line, { ...card, refresh_interval_override: 10 }, bar, notes] },
    });
    const { container } = render(<DashboardHost client={client()} dashboardId={DASHBOARD_ID} />);
    await vi.waitFor(() => expect(container.querySelectorAll('[data-status="ready"]').length).toBe(4));
    expect(requests).toHaveLength(1);
    await act(() => vi.advanceTimersByTimeAsync(10_000));
    await vi.waitFor(() => expect(requests).toHaveLength(2));
    expect(requests[1]?.get('widgets')).toBe(WIDGET_IDS.card);
  });
});
