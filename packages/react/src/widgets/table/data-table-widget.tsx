import {
  type ColumnFormat,
  createColumnFormat,
  formatTimePoint,
  type MetricType,
  type TableColumnConfig,
  type TableConfig,
  THRESHOLD_STATUSES,
  type ThresholdStatus,
} from '@arion-metrics/core';
import { type ReactNode, useMemo, useState } from 'react';
import { StatusBadge } from '../shared/status-badge';
import { FALLBACK_WIDTH, useElementRef, useElementSize } from '../shared/use-element-size';
import { frameProps, WidgetFrame } from '../shared/widget-frame';
import type { WidgetBaseProps } from '../shared/widget-props';
import { WidgetSkeleton } from '../shared/widget-skeleton';

/** A table row: field values by column key (numbers, strings, Dates, statuses, null). */
export type TableRow = Readonly<Record<string, unknown>>;

/** Props of {@link MetricTable}: rows, plus the `visualization_config` keys (columns, page size, sort). */
export interface MetricTableProps
  extends WidgetBaseProps,
    Omit<TableConfig, 'title' | 'description' | 'locale'> {
  readonly rows: readonly TableRow[];
  /** Field that identifies a row (default: the row's position). */
  readonly rowKey?: string | undefined;
  /** Column whose values are threshold statuses, shown as badges (default `status`). */
  readonly statusColumn?: string | undefined;
  /** `metric_type` of numeric columns without their own unit. */
  readonly metricType?: MetricType | undefined;
  /** Caption read by screen readers (default: the title). */
  readonly caption?: string | undefined;
}

type SortState = { readonly key: string; readonly direction: 'asc' | 'desc' } | null;

const DAY = 86_400_000;
/** Pixels per character of a table cell, and a cell's horizontal padding, for fitting columns without measuring. */
const TABLE_CHAR_WIDTH = 7.5;
const TABLE_CELL_PADDING = 24;
/** Under this width (px) the pager shows arrows and "2/5" only, so it stays on one line. */
const COMPACT_PAGER_WIDTH = 380;

/**
 * The columns that fit `width` px, each needing `needs[i]` px: lower `priority` goes first
 * (default: the first column is never hidden, later columns before earlier ones).
 */
export function visibleColumns(
  columns: readonly TableColumnConfig[],
  needs: readonly number[],
  width: number,
): TableColumnConfig[] {
  const priorityOf = (c: TableColumnConfig, i: number) =>
    c.priority ?? (i === 0 ? Number.POSITIVE_INFINITY : columns.length - i);
  const hidden = new Set<number>();
  let total = needs.reduce((a, b) => a + b, 0);
  const order = columns
    .map((_, i) => i)
    .filter((i) => Number.isFinite(priorityOf(columns[i]!, i)))
    .sort((a, b) => priorityOf(columns[a]!, a) - priorityOf(columns[b]!, b) || b - a);
  for (const i of order) {
    if (total <= width || columns.length - hidden.size <= 1) break;
    hidden.add(i);
    total -= needs[i]!;
  }
  return columns.filter((_, i) => !hidden.has(i));
}
/**
 * Heights (px) reserved for the header row, each row of a page and the pager (a little more than
 * `.arion-table` draws): every state keeps a full page's height, so the card never jumps.
 */
const TABLE_HEADER_HEIGHT = 34;
const TABLE_ROW_HEIGHT = 34;
const PAGER_HEIGHT = 44;

function isStatus(v: unknown): v is ThresholdStatus {
  return typeof v === 'string' && (THRESHOLD_STATUSES as readonly string[]).includes(v);
}

function compareValues(a: unknown, b: unknown, collator: Intl.Collator): number {
  if (a == null && b == null) return 0;
  if (a == null) return 1;
  if (b == null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  if (isStatus(a) && isStatus(b)) return THRESHOLD_STATUSES.indexOf(a) - THRESHOLD_STATUSES.indexOf(b);
  return collator.compare(String(a), String(b));
}

/**
 * A sortable, paginated table of metric rows: numbers right-aligned and formatted by each
 * column's unit, statuses as badges with words, missing values as an em dash. Column headers
 * are buttons that sort (ascending, then descending) and announce the order via `aria-sort`.
 * @example <MetricTable rows={rows} columns={[{ key: 'team' }, { key: 'mttr', label: 'MTTR', unit: 'hours' }]} />
 */
export function MetricTable(props: MetricTableProps) {
  const { rows, locale, metricType, statusColumn = 'status', pageSize = 10 } = props;
  const columns: readonly TableColumnConfig[] = useMemo(
    () => props.columns ?? [...new Set(rows.flatMap((r) => Object.keys(r)))].map((key) => ({ key })),
    [props.columns, rows],
  );
  const [sort, setSort] = useState<SortState>(props.defaultSort ?? null);
  const [page, setPage] = useState(0);
  const collator = useMemo(() => new Intl.Collator(locale ?? 'en-US', { numeric: true }), [locale]);
  const sorted = useMemo(() => {
    if (sort === null) return rows;
    const sign = sort.direction === 'asc' ? 1 : -1;
    return rows
      .map((row, i) => [row, i] as const)
      .sort(([a, i], [b, j]) => {
        const av = a[sort.key];
        const bv = b[sort.key];
        // missing values last in both directions; ties keep the input order
        if (av == null || bv == null) return compareValues(av, bv, collator) || i - j;
        return sign * compareValues(av, bv, collator) || i - j;
      })
      .map(([row]) => row);
  }, [rows, sort, collator]);
  const pages = Math.max(1, Math.ceil(sorted.length / pageSize));
  const current = Math.min(page, pages - 1);
  const visible = sorted.slice(current * pageSize, current * pageSize + pageSize);

  // one rule per column over all its rows (every page), so a column never mixes $64K and $63,953.00
  const { unit, currency, compact, maximumFractionDigits } = props;
  const columnFormats = useMemo(() => {
    const formats = new Map<string, ColumnFormat>();
    for (const c of columns) {
      formats.set(
        c.key,
        createColumnFormat(
          rows.map((r) => (typeof r[c.key] === 'number' ? (r[c.key] as number) : null)),
          {
            locale,
            unit: c.unit ?? unit,
            metricType: c.unit ? undefined : metricType,
            currency,
            compact,
            maximumFractionDigits,
          },
        ),
      );
    }
    return formats;
  }, [columns, rows, locale, unit, metricType, currency, compact, maximumFractionDigits]);
  const numeric = (key: string) => rows.some((r) => typeof r[key] === 'number');
  // columns that fit the measured width; the others are hidden, lowest priority first
  const [wrapElement, wrapRef] = useElementRef<HTMLDivElement>();
  const measured = useElementSize(wrapElement, { width: props.width ?? FALLBACK_WIDTH, height: 0 });
  const width = props.width ?? measured.width;
  const needs = columns.map((c) => {
    const texts = visible.map((row) => {
      const v = row[c.key];
      if (c.key === statusColumn && isStatus(v)) return 'xxxxxxxxxxx';
      return typeof v === 'number' ? columnFormats.get(c.key)!.format(v) : v == null ? '—' : String(v);
    });
    const longest = Math.max((c.label ?? c.key).length + 2, ...texts.map((t) => t.length));
    return longest * TABLE_CHAR_WIDTH + TABLE_CELL_PADDING;
  });
  const shownColumns = visibleColumns(columns, needs, width);
  const hiddenColumns = columns.filter((c) => !shownColumns.includes(c));
  const compactPager = width < COMPACT_PAGER_WIDTH;
  const alignOf = (c: TableColumnConfig) => c.align ?? (numeric(c.key) ? 'right' : 'left');
  const cell = (c: TableColumnConfig, v: unknown): ReactNode => {
    if (v == null) return '—';
    if (c.key === statusColumn && isStatus(v)) return <StatusBadge status={v} />;
    if (typeof v === 'number') {
      return columnFormats.get(c.key)!.format(v);
    }
    if (v instanceof Date) return formatTimePoint(v, 30 * DAY, { locale });
    return String(v);
  };
  const toggle = (key: string) => {
    setSort((s) =>
      s?.key === key ? { key, direction: s.direction === 'asc' ? 'desc' : 'asc' } : { key, direction: 'asc' },
    );
    setPage(0);
  };

  const bodyHeight = TABLE_HEADER_HEIGHT + pageSize * TABLE_ROW_HEIGHT + PAGER_HEIGHT;
  return (
    <WidgetFrame
      kind="arion-table"
      {...frameProps(props)}
      isEmpty={rows.length === 0}
      skeleton={<WidgetSkeleton shape="rows" />}
      bodyHeight={bodyHeight}
    >
      <div ref={wrapRef} style={{ minHeight: bodyHeight, display: 'flex', flexDirection: 'column' }}>
        <div className="arion-table-wrap">
          <table className="arion-table">
            {props.caption || props.title ? (
              <caption className="arion-visually-hidden">
                {props.caption ?? props.title}
                {pages > 1 ? `, page ${current + 1} of ${pages}` : ''}
                {hiddenColumns.length > 0 ? `, ${hiddenColumns.length} columns hidden for lack of room` : ''}
              </caption>
            ) : null}
            <thead>
              <tr>
                {shownColumns.map((c) => {
                  const sortable = c.sortable ?? true;
                  const direction = sort?.key === c.key ? sort.direction : null;
                  return (
                    <th
                      key={c.key}
                      scope="col"
                      className={`arion-align-${alignOf(c)}`}
                      aria-sort={
                        direction === 'asc' ? 'ascending' : direction === 'desc' ? 'descending' : undefined
                      }
                    >
                      {sortable ? (
                        <button type="button" className="arion-sort-button" onClick={() => toggle(c.key)}>
                          {c.label ?? c.key}
                          <span aria-hidden="true">
                            {direction === 'asc' ? '▲' : direction === 'desc' ? '▼' : '↕'}
                          </span>
                        </button>
                      ) : (
                        (c.label ?? c.key)
                      )}
                    </th>
                  );
                })}
              </tr>
            </thead>
            <tbody>
              {visible.map((row, i) => (
                <tr key={props.rowKey ? String(row[props.rowKey]) : current * pageSize + i}>
                  {shownColumns.map((c) => (
                    <td key={c.key} className={`arion-align-${alignOf(c)}`}>
                      {cell(c, row[c.key])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {hiddenColumns.length > 0 ? (
          <p className="arion-table-note" title={hiddenColumns.map((c) => c.label ?? c.key).join(', ')}>
            +{hiddenColumns.length} {hiddenColumns.length === 1 ? 'column' : 'columns'} hidden
          </p>
        ) : null}
        {pages > 1 ? (
          <nav
            className="arion-pagination"
            aria-label={props.title ? `Pagination of ${props.title}` : 'Pagination'}
          >
            {compactPager ? null : (
              <span>
                {current * pageSize + 1}–{Math.min(sorted.length, (current + 1) * pageSize)} of{' '}
                {sorted.length}
              </span>
            )}
            <button
              type="button"
              className="arion-button"
              onClick={() => setPage(current - 1)}
              disabled={current === 0}
              aria-label="Previous page"
            >
              {compactPager ? '‹' : 'Previous'}
            </button>
            <span aria-live="polite">
              {compactPager ? (
                <>
                  <span aria-hidden="true">
                    {current + 1}/{pages}
                  </span>
                  <span className="arion-visually-hidden">
                    Page {current + 1} of {pages}
                  </span>
                </>
              ) : (
                `Page ${current + 1} of ${pages}`
              )}
            </span>
            <button
              type="button"
              className="arion-button"
              onClick={() => setPage(current + 1)}
              disabled={current >= pages - 1}
              aria-label="Next page"
            >
              {compactPager ? '›' : 'Next'}
            </button>
          </nav>
        ) : null}
      </div>
    </WidgetFrame>
  );
}
