import { describe, expect, it } from 'vitest';
import { createDashboardHostStore } from './host-store';

describe('createDashboardHostStore', () => {
  it('gives each store its own state', () => {
    const a = createDashboardHostStore();
    const b = createDashboardHostStore();
    a.getState().setTimeRange('last_7_days');
    a.getState().setFilter('aggregationLevel', 'department');
    expect(b.getState().timeRange).toBeNull();
    expect(b.getState().filters).toEqual({});
  });

  it('clears a filter set to undefined', () => {
    const store = createDashboardHostStore({ filters: { aggregationLevel: 'team' } });
    store.getState().setFilter('aggregationLevel', undefined);
    expect(store.getState().filters).toEqual({});
  });

  it('refuses to change a locked filter, naming it and its locked value', () => {
    const store = createDashboardHostStore({ locked: { aggregationIds: ['u1'] } });
    expect(() => store.getState().setFilter('aggregationIds', ['u2'])).toThrow(
      'filters.aggregationIds: locked to ["u1"]; allowed: no change',
    );
    expect(store.getState().filters).toEqual({});
  });

  it('keeps the state object when a widget status is set to the one it has', () => {
    const store = createDashboardHostStore();
    store.getState().setWidgetStatus('w', 'ready');
    const before = store.getState();
    store.getState().setWidgetStatus('w', 'ready');
    expect(store.getState()).toBe(before);
  });

  it('lets the level change while the units are locked', () => {
    const store = createDashboardHostStore({ locked: { aggregationIds: ['u1'] } });
    store.getState().setFilter('aggregationLevel', 'department');
    expect(store.getState().filters).toEqual({ aggregationLevel: 'department' });
  });
});
