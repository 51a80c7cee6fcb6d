/**
 * The filter bar of a hosted dashboard: the time range (core's presets, resolved in the
 * organization's zone), the filters its `filters_config` offers, locked filters shown read-only,
 * and the theme switch. Native controls only, so it is keyboard navigable as it is.
 */
import {
  type FiltersConfig,
  type LockedFilters,
  resolveTimeRange,
  type SNAPSHOT_TYPES,
  TIME_RANGE_PRESETS,
  type TimeRangeInput,
  type TimeRangePreset,
  WIDGET_QUERY_DEFAULTS,
} from '@arion-metrics/core';
import { useId } from 'react';
import type { ThemeName } from '../theme/palette';
import { isLockedFilter } from './host-store';
import { useDashboardHostStore } from './host-store-context';

/** "last_7_days" → "Last 7 days". */
export function presetLabel(preset: string): string {
  const words = preset.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The range the dashboard shows before the viewer picks one. */
export function defaultTimeRange(config: FiltersConfig | null): TimeRangeInput {
  return config?.timeRange?.default ?? WIDGET_QUERY_DEFAULTS.timeRange;
}

/** "1 Mar 2024 – 15 Mar 2024" of a range in `timeZone` (the end is exclusive: the last instant shown is before it). */
function describeRange(range: TimeRangeInput, timeZone: string, now: Date, locale: string): string {
  try {
    const resolved = resolveTimeRange(range, timeZone, now);
    const format = new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'medium' });
    return `${format.format(resolved.from)} – ${format.format(new Date(resolved.to.getTime() - 1))}`;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Props of {@link FilterBar}. */
export interface FilterBarProps {
  readonly filtersConfig: FiltersConfig | null;
  readonly locked: LockedFilters;
  readonly timeZone: string;
  readonly now: Date;
  readonly locale: string;
  readonly dashboardTheme: ThemeName;
}

/** The filter bar of the nearest host's store. */
export function FilterBar({ filtersConfig, locked, timeZone, now, locale, dashboardTheme }: FilterBarProps) {
  const id = useId();
  const timeRange = useDashboardHostStore((s) => s.timeRange) ?? defaultTimeRange(filtersConfig);
  const filters = useDashboardHostStore((s) => s.filters);
  const theme = useDashboardHostStore((s) => s.theme) ?? dashboardTheme;
  const setTimeRange = useDashboardHostStore((s) => s.setTimeRange);
  const setFilter = useDashboardHostStore((s) => s.setFilter);
  const setTheme = useDashboardHostStore((s) => s.setTheme);
  const presets: readonly TimeRangePreset[] = filtersConfig?.timeRange?.presets ?? TIME_RANGE_PRESETS;
  const level = filtersConfig?.aggregationLevel;
  const snapshot = filtersConfig?.snapshotType;
  const lockedLevel = locked.aggregationLevel;
  const levelValue = lockedLevel ?? filters.aggregationLevel ?? level?.default ?? level?.options[0] ?? '';

  return (
    <div className="arion-host-filters" role="toolbar" aria-label="Dashboard filters">
      <div className="arion-host-filter">
        <label htmlFor={`${id}-range`}>Time range</label>
        <select
          id={`${id}-range`}
          value={typeof timeRange === 'string' ? timeRange : 'custom'}
          onChange={(e) => setTimeRange(e.target.value as TimeRangePreset)}
          aria-describedby={`${id}-range-text`}
        >
          {typeof timeRange === 'string' ? null : <option value="custom">Custom range</option>}
          {presets.map((p) => (
            <option key={p} value={p}>
              {presetLabel(p)}
            </option>
          ))}
        </select>
        <span id={`${id}-range-text`} className="arion-host-filter-note">
          {describeRange(timeRange, timeZone, now, locale)}
        </span>
      </div>
      {level || lockedLevel ? (
        <div className="arion-host-filter">
          <label htmlFor={`${id}-level`}>Aggregation level</label>
          <select
            id={`${id}-level`}
            value={levelValue}
            disabled={lockedLevel !== undefined}
            aria-describedby={lockedLevel === undefined ? undefined : `${id}-level-locked`}
            onChange={(e) => {
              setFilter('aggregationLevel', e.target.value);
              // Units of the previous level mean nothing at the new one (unless an embed token locks them).
              if (!isLockedFilter(locked, 'aggregationIds')) setFilter('aggregationIds', undefined);
            }}
          >
            {(lockedLevel !== undefined ? [lockedLevel] : (level?.options ?? [])).map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
          {lockedLevel === undefined ? null : (
            <span id={`${id}-level-locked`} className="arion-host-filter-note">
              Locked
            </span>
          )}
        </div>
      ) : null}
      <UnitFilter locked={locked} />
      {snapshot ? (
        <div className="arion-host-filter">
          <label htmlFor={`${id}-granularity`}>Granularity</label>
          <select
            id={`${id}-granularity`}
            value={filters.snapshotType ?? snapshot.default ?? snapshot.options[0]}
            onChange={(e) => setFilter('snapshotType', e.target.value as (typeof SNAPSHOT_TYPES)[number])}
          >
            {snapshot.options.map((o) => (
              <option key={o} value={o}>
                {presetLabel(o)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <LockedDimensions locked={locked} />
      <button
        type="button"
        className="arion-host-theme-switch"
        aria-pressed={theme === 'dark'}
        onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
      >
        Dark theme
      </button>
    </div>
  );
}

/** The selected units (a drill-down's, or an embed token's locked ones), with a way to clear an unlocked selection. */
function UnitFilter({ locked }: { readonly locked: LockedFilters }) {
  const selected = useDashboardHostStore((s) => s.filters.aggregationIds);
  const setFilter = useDashboardHostStore((s) => s.setFilter);
  const units = locked.aggregationIds ?? selected;
  if (!units || units.length === 0) return null;
  const text = `${units.length} unit${units.length === 1 ? '' : 's'} selected`;
  return (
    <div className="arion-host-filter">
      <span>{text}</span>
      {locked.aggregationIds ? (
        <span className="arion-host-filter-note">Locked</span>
      ) : (
        <button type="button" onClick={() => setFilter('aggregationIds', undefined)}>
          Clear units
        </button>
      )}
    </div>
  );
}

/** Dimension filters of an embed token: shown, not editable. */
function LockedDimensions({ locked }: { readonly locked: LockedFilters }) {
  const entries = Object.entries(locked.dimensions ?? {});
  if (entries.length === 0) return null;
  return (
    <ul className="arion-host-locked" aria-label="Locked filters">
      {entries.map(([key, value]) => (
        <li key={key}>
          {key}: {Array.isArray(value) ? value.join(', ') : String(value)} (locked)
        </li>
      ))}
    </ul>
  );
}
