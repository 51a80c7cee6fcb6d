import { createContext, type ReactNode, useContext } from 'react';
import { useStore } from 'zustand';
import type { DashboardHostState, DashboardHostStore } from './host-store';

const HostStoreContext = createContext<DashboardHostStore | null>(null);

/** Puts one host's store in context for {@link useDashboardHostStore}. */
export function HostStoreProvider({
  store,
  children,
}: {
  readonly store: DashboardHostStore;
  readonly children: ReactNode;
}) {
  return <HostStoreContext.Provider value={store}>{children}</HostStoreContext.Provider>;
}

/** The store of the nearest `DashboardHost` (for actions outside render, e.g. `getState()`). */
export function useDashboardHostStoreApi(): DashboardHostStore {
  const store = useContext(HostStoreContext);
  if (store === null) {
    throw new Error(
      'useDashboardHostStore: missing DashboardHost in the tree; allowed: a component rendered inside <DashboardHost>',
    );
  }
  return store;
}

/**
 * A slice of the nearest `DashboardHost`'s state; the component re-renders when the slice changes
 * (use `useShallow` from `zustand/shallow` for a derived object or array).
 *
 * @example const timeRange = useDashboardHostStore((s) => s.timeRange);
 */
export function useDashboardHostStore<T>(selector: (state: DashboardHostState) => T): T {
  return useStore(useDashboardHostStoreApi(), selector);
}
