/**
 * `<DashboardHost>` in real Chromium: the same dashboard in a wide and a narrow container — side
 * by side on the grid, stacked in position order when narrow (the container's width decides,
 * not the window's).
 */
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import '../styles.css';
import { createMetricsClient } from '../client/create-metrics-client';
import { DASHBOARD_ID, sampleFetch, WIDGET_IDS } from '../testing/sample-dashboard';
import { DashboardHost } from './dashboard-host';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let container: HTMLDivElement | null = null;
let root: Root | null = null;
afterEach(() => {
  act(() => root?.unmount());
  container?.remove();
  container = null;
  root = null;
});

/** Renders the sample dashboard in a container `width` px wide; resolves when every widget has its data. */
async function showAt(width: number) {
  container = document.createElement('div');
  container.style.width = `${width}px`;
  document.body.append(container);
  root = createRoot(container);
  const client = createMetricsClient({ baseUrl: '/api', fetch: sampleFetch() });
  await act(async () => root!.render(<DashboardHost client={client} dashboardId={DASHBOARD_ID} />));
  await expect
    .poll(() => container!.querySelectorAll('[data-status="ready"]').length, { interval: 20 })
    .toBe(4);
  const box = (id: string) => container!.querySelector(`[data-widget-id="${id}"]`)!.getBoundingClientRect();
  return {
    card: box(WIDGET_IDS.card),
    bar: box(WIDGET_IDS.bar),
    notes: box(WIDGET_IDS.notes),
    line: box(WIDGET_IDS.line),
  };
}

describe('DashboardHost layout in Chromium', () => {
  it('puts widgets of the same row side by side with widths in proportion to their columns', async () => {
    const { card, bar, notes, line } = await showAt(1200);
    expect(bar.top).toBe(card.top);
    expect(notes.top).toBe(card.top);
    expect(bar.left).toBeGreaterThan(card.right);
    // 8 and 10 of 24 columns: the bar is wider than the card, the line spans the grid.
    expect(bar.width).toBeGreaterThan(card.width);
    expect(line.top).toBeGreaterThan(card.bottom);
    expect(line.width).toBeGreaterThan(notes.right - card.left - 1);
  });

  it('stacks the widgets in position order, each the container’s width, in a narrow container', async () => {
    const { card, bar, notes, line } = await showAt(420);
    expect(container!.querySelector('.arion-host')!.getAttribute('data-layout')).toBe('stacked');
    expect(bar.top).toBeGreaterThan(card.bottom - 1);
    expect(notes.top).toBeGreaterThan(bar.bottom - 1);
    expect(line.top).toBeGreaterThan(notes.bottom - 1);
    expect(bar.width).toBe(card.width);
    expect(line.left).toBe(card.left);
  });
});
