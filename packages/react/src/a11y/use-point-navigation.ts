import { type KeyboardEvent, useCallback, useState } from 'react';

/** Options of {@link usePointNavigation}. */
export interface PointNavigationOptions {
  /** Number of navigable points (or cells). */
  readonly count: number;
  /** Row length for two-dimensional grids (heatmaps): Up/Down move by this many. */
  readonly columns?: number;
  /** Step for PageUp/PageDown (default 10). */
  readonly pageStep?: number;
}

/** State and key handler returned by {@link usePointNavigation}. */
export interface PointNavigation {
  /** Index of the point that has keyboard focus, or `null`. */
  readonly active: number | null;
  /** Sets the active point (also used by pointer hover). */
  readonly setActive: (index: number | null) => void;
  /** Attach to the focusable plot element. */
  readonly onKeyDown: (event: KeyboardEvent) => void;
  /** Attach to the plot's `onFocus`: activates the first point when none is active. */
  readonly onFocus: () => void;
  /** Attach to the plot's `onBlur`. */
  readonly onBlur: () => void;
}

/**
 * Keyboard access to the data points of a chart: the plot is one tab stop; arrows move between
 * points (Left/Right, and Up/Down by a row in grids), Home/End jump to the ends, PageUp/PageDown
 * move by `pageStep`, Escape leaves the point. The active point gets the tooltip.
 */
export function usePointNavigation({
  count,
  columns,
  pageStep = 10,
}: PointNavigationOptions): PointNavigation {
  const [active, setActiveState] = useState<number | null>(null);
  const clamp = useCallback((i: number) => Math.max(0, Math.min(count - 1, i)), [count]);
  const setActive = useCallback(
    (index: number | null) => setActiveState(index === null || count === 0 ? null : clamp(index)),
    [clamp, count],
  );
  const onKeyDown = useCallback(
    (event: KeyboardEvent) => {
      if (count === 0) return;
      const current = active ?? -1;
      const row = columns ?? 1;
      let next: number | null | undefined;
      switch (event.key) {
        case 'ArrowRight':
          next = current + 1;
          break;
        case 'ArrowLeft':
          next = current < 0 ? 0 : current - 1;
          break;
        case 'ArrowDown':
          next = columns === undefined ? current + 1 : current < 0 ? 0 : current + row;
          break;
        case 'ArrowUp':
          next = columns === undefined ? (current < 0 ? 0 : current - 1) : current < 0 ? 0 : current - row;
          break;
        case 'Home':
          next = 0;
          break;
        case 'End':
          next = count - 1;
          break;
        case 'PageDown':
          next = current + pageStep;
          break;
        case 'PageUp':
          next = current - pageStep;
          break;
        case 'Escape':
          next = null;
          break;
        default:
          return;
      }
      event.preventDefault();
      setActiveState(next === null ? null : clamp(next));
    },
    [active, clamp, columns, count, pageStep],
  );
  const onFocus = useCallback(() => setActiveState((a) => (a === null && count > 0 ? 0 : a)), [count]);
  const onBlur = useCallback(() => setActiveState(null), []);
  return { active, setActive, onKeyDown, onFocus, onBlur };
}
