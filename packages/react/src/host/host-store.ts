/**
 * The state of one dashboard host: what the viewer picked (time range, filters, theme), whether
 * the host is in edit mode, and the status of each widget. A zustand vanilla store, created per
 * host instance (see `HostStoreProvider`), so two hosts on a page never share state.
 */
import type { DimensionSelection, LockedFilters, SnapshotType, TimeRangeInput } from '@arion-metrics/core';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ThemeName } from '../theme/palette';

/** What a widget is showing. */
export type WidgetStatus = 'loading' | 'ready' | 'empty' | 'error';

/** The viewer's selection in the filter bar; an absent key keeps the dashboard's default. */
export interface HostFilters {
  readonly aggregationLevel?: string | undefined;
  /** Units selected (e.g. by a drill-down); absent: the level as a whole. */
  readonly aggregationIds?: readonly string[] | undefined;
  readonly snapshotType?: SnapshotType | undefined;
  readonly dimensions?: Readonly<Record<string, DimensionSelection>> | undefined;
}

/** State and actions of a host's store. */
export interface DashboardHostState {
  /** The selected range: a preset of core's list or a fixed `{ from, to }`; `null`: the dashboard's default. */
  readonly timeRange: TimeRangeInput | null;
  readonly filters: HostFilters;
  /** Filters the viewer may not change (an embed token's); shown, never editable. */
  readonly locked: LockedFilters;
  /** The theme picked by the viewer; `null`: the dashboard's `theme`. */
  readonly theme: ThemeName | null;
  readonly editMode: boolean;
  readonly widgetStatus: Readonly<Record<string, WidgetStatus>>;
  setTimeRange(range: TimeRangeInput): void;
  /**
   * Sets one filter (`undefined` clears it). A locked filter is refused with an error naming the
   * filter and its locked value: the UI never offers it, so a call is a programming error.
   */
  setFilter<K extends keyof HostFilters>(key: K, value: HostFilters[K]): void;
  setTheme(theme: ThemeName): void;
  setEditMode(on: boolean): void;
  setWidgetStatus(widgetId: string, status: WidgetStatus): void;
}

/** The store of one host. */
export type DashboardHostStore = StoreApi<DashboardHostState>;

/** The starting state of a host. */
export interface DashboardHostInit {
  readonly timeRange?: TimeRangeInput | null;
  readonly filters?: HostFilters;
  readonly locked?: LockedFilters;
  readonly theme?: ThemeName;
}

/** Whether `key` of the filters is pinned by `locked`. */
export function isLockedFilter(locked: LockedFilters, key: keyof HostFilters): boolean {
  return key !== 'snapshotType' && locked[key] !== undefined;
}

/** Creates the store of one host. */
export function createDashboardHostStore(init: DashboardHostInit = {}): DashboardHostStore {
  const locked = init.locked ?? {};
  return createStore<DashboardHostState>()((set) => ({
    timeRange: init.timeRange ?? null,
    filters: init.filters ?? {},
    locked,
    theme: init.theme ?? null,
    editMode: false,
    widgetStatus: {},
    setTimeRange: (timeRange) => set({ timeRange }),
    setFilter: (key, value) => {
      if (isLockedFilter(locked, key)) {
        throw new Error(
          `filters.${key}: locked to ${JSON.stringify(locked[key as keyof LockedFilters])}; allowed: no change (an embed token's filter)`,
        );
      }
      set((state) => {
        const filters = { ...state.filters };
        if (value === undefined) delete filters[key];
        else filters[key] = value;
        return { filters };
      });
    },
    setTheme: (theme) => set({ theme }),
    setEditMode: (editMode) => set({ editMode }),
    setWidgetStatus: (widgetId, status) =>
      set((state) =>
        state.widgetStatus[widgetId] === status
          ? state
          : { widgetStatus: { ...state.widgetStatus, [widgetId]: status } },
      ),
  }));
}
