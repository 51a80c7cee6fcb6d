import {
  createColumnFormat,
  type Direction,
  formatTimePoint,
  type HeatmapConfig,
  type MetricType,
  type MetricValueFormatOptions,
  mean,
  seriesExtent,
} from '@arion-metrics/core';
import { Group } from '@visx/group';
import { type MouseEvent, useId, useMemo } from 'react';
import { HiddenDataTable } from '../../a11y/data-table';
import { usePointNavigation } from '../../a11y/use-point-navigation';
import { colorOfStep, colorScaleFor, colorStepOf, noDataFill } from '../../theme/palette';
import { ChartTooltip, TooltipRow } from '../shared/chart-tooltip';
import { NoDataPattern } from '../shared/no-data-pattern';
import { PlotArea, plotAreaProps } from '../shared/plot-area';
import { StepLegend } from '../shared/step-legend';
import { usePlotSize } from '../shared/use-element-size';
import { frameProps, WidgetFrame } from '../shared/widget-frame';
import type { WidgetBaseProps } from '../shared/widget-props';
import { SkeletonLegend, WidgetSkeleton } from '../shared/widget-skeleton';
import { cellAtPoint, type HeatmapCellValue, heatmapCellPaths } from './heatmap-cells';

/** One day of a calendar heatmap. */
export interface CalendarDay {
  /** `YYYY-MM-DD` (as `metric_snapshots.snapshot_date`) or a Date (its UTC day is used). */
  readonly date: string | Date;
  readonly value: number | null;
}

/** A matrix heatmap: row labels (aggregation units) × column labels (periods). */
export interface HeatmapMatrix {
  readonly rows: readonly string[];
  readonly columns: readonly string[];
  /** `values[row][column]`; `null` = no value. */
  readonly values: readonly (readonly (number | null)[])[];
}

/** Props of {@link Heatmap}: `days` for a calendar or `matrix`, plus the `visualization_config` keys. */
export interface HeatmapProps
  extends WidgetBaseProps,
    Omit<HeatmapConfig, 'title' | 'description' | 'locale'> {
  readonly days?: readonly CalendarDay[] | undefined;
  readonly matrix?: HeatmapMatrix | undefined;
  /** `direction`: with a `midpoint`, which side of it is better (blue) and which worse (orange). */
  readonly direction?: Direction | undefined;
  /**
   * The value that splits good from bad (usually `target_value`). With it and a direction the
   * colours diverge from it; without it they are sequential, light to dark with the magnitude.
   */
  readonly midpoint?: number | null | undefined;
  /** `metric_type`, for formatting. */
  readonly metricType?: MetricType | undefined;
}

/** A cell with its label (the day, or `row, column` of a matrix) for the tooltip. */
interface Cell extends HeatmapCellValue {
  readonly label: string;
}

const DAY = 86_400_000;
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
/** Rows of the monthly calendar: stretches of days of a month. */
const MONTH_CHUNKS = ['1–7', '8–14', '15–21', '22–28', '29–31'];
/** Narrowest day cell (px) of the weekly calendar; below it the calendar shows months as columns. */
export const MIN_CALENDAR_CELL = 9;
/** Width (px) of one character of a 10 px label, a little generous, for fitting labels without measuring. */
const LABEL_CHAR_WIDTH = 6.5;
/**
 * Distance (px) between the centres of two shown matrix row labels: a 10 px label's box is about
 * 12 px high, so labels this far apart keep a gap of about 3 px.
 */
const ROW_LABEL_SPACING = 15;

/** Height (px) of the calendar's plot by default (seven rows of 16 px and the month labels). */
const CALENDAR_HEIGHT = 7 * 16 + 26;

/**
 * The calendar with one column per month and one row per stretch of days (1–7, 8–14, 15–21,
 * 22–28, 29–31); a cell's value is the mean of the stretch's days with a value (core's `mean`),
 * `null` when none has one.
 */
function monthlyGrid(
  list: readonly CalendarDay[],
  numbers: readonly number[],
  locale: string | undefined,
): { rowLabels: readonly string[]; columnLabels: readonly string[]; cells: Cell[]; columns: number } {
  const monthIndex = (n: number) => {
    const d = new Date(n * DAY);
    return d.getUTCFullYear() * 12 + d.getUTCMonth();
  };
  const firstMonth = Math.min(...numbers.map(monthIndex));
  const months = Math.max(...numbers.map(monthIndex)) - firstMonth + 1;
  const buckets = new Map<number, (number | null)[]>();
  list.forEach((d, i) => {
    const n = numbers[i]!;
    const key =
      (monthIndex(n) - firstMonth) * 5 + Math.min(4, Math.floor((new Date(n * DAY).getUTCDate() - 1) / 7));
    const bucket = buckets.get(key) ?? [];
    bucket.push(d.value);
    buckets.set(key, bucket);
  });
  const monthName = new Intl.DateTimeFormat(locale ?? 'en-US', { month: 'short', timeZone: 'UTC' });
  const monthYear = new Intl.DateTimeFormat(locale ?? 'en-US', {
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
  const startOf = (m: number) => Date.UTC(Math.floor((firstMonth + m) / 12), (firstMonth + m) % 12, 1);
  const cells: Cell[] = [];
  for (const [key, values] of buckets) {
    const column = Math.floor(key / 5);
    const row = key % 5;
    cells.push({
      row,
      column,
      label: `${monthYear.format(startOf(column))}, days ${MONTH_CHUNKS[row]}`,
      value: mean(values) ?? null,
    });
  }
  cells.sort((a, b) => a.row - b.row || a.column - b.column);
  const columnLabels = Array.from({ length: months }, (_, m) => monthName.format(startOf(m)));
  return { rowLabels: MONTH_CHUNKS, columnLabels, cells, columns: months };
}

function dayNumber(date: string | Date): number {
  if (date instanceof Date) return Math.floor(date.getTime() / DAY);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (m === null) {
    throw new RangeError(
      `Heatmap: days[].date is ${JSON.stringify(date)}; expected a YYYY-MM-DD date or a Date.`,
    );
  }
  return Math.floor(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY);
}

/**
 * A calendar heatmap (weeks × weekdays of daily values, e.g. a year of snapshots) or a matrix
 * heatmap (aggregation units × periods), with a colour legend. With a `direction` the colours
 * run from orange (worse) to blue (better), so a lower_better metric is blue where it is low.
 * Arrow keys move between cells, with the value in a tooltip.
 * @example <Heatmap title="Daily incidents" days={snapshots} direction="lower_better" />
 */
export function Heatmap(props: HeatmapProps) {
  const { days, matrix, direction, metricType, locale } = props;
  const variant = props.variant ?? (matrix !== undefined && days === undefined ? 'matrix' : 'calendar');
  const format: MetricValueFormatOptions = {
    locale,
    unit: props.unit,
    metricType,
    currency: props.currency,
    compact: props.compact,
    maximumFractionDigits: props.maximumFractionDigits,
  };

  const calendar = variant === 'calendar';
  const matrixRows = matrix?.rows.length ?? 0;
  const defaultHeight = calendar ? CALENDAR_HEIGHT : Math.min(480, matrixRows * 22 + 18 + 8);
  const size = usePlotSize(props.width, props.height, defaultHeight);
  // weeks of the calendar, to know whether day cells would fall under a readable size
  const weekCount = useMemo(() => {
    if (!calendar || days === undefined || days.length === 0) return 0;
    const numbers = days.map((d) => dayNumber(d.date));
    const first = Math.min(...numbers);
    return Math.floor((Math.max(...numbers) - (first - ((((first + 3) % 7) + 7) % 7))) / 7) + 1;
  }, [calendar, days]);
  const monthly = calendar && weekCount > 0 && (size.width - 36) / weekCount < MIN_CALENDAR_CELL;

  const grid = useMemo(() => {
    if (variant === 'matrix') {
      const m = matrix ?? { rows: [], columns: [], values: [] };
      const cells: Cell[] = [];
      m.rows.forEach((r, ri) => {
        m.columns.forEach((c, ci) => {
          cells.push({ row: ri, column: ci, label: `${r}, ${c}`, value: m.values[ri]?.[ci] ?? null });
        });
      });
      return { rowLabels: m.rows, columnLabels: m.columns, cells, columns: m.columns.length };
    }
    const list = days ?? [];
    if (list.length === 0) return { rowLabels: WEEKDAYS, columnLabels: [], cells: [], columns: 0 };
    const numbers = list.map((d) => dayNumber(d.date));
    const first = Math.min(...numbers);
    const last = Math.max(...numbers);
    if (monthly) return monthlyGrid(list, numbers, locale);
    // 1970-01-01 was a Thursday: weekday index with Monday = 0
    const weekdayOf = (n: number) => (((n + 3) % 7) + 7) % 7;
    const start = first - weekdayOf(first);
    const weeks = Math.floor((last - start) / 7) + 1;
    const byDay = new Map<number, number | null>();
    list.forEach((d, i) => {
      byDay.set(numbers[i]!, d.value);
    });
    const cells: Cell[] = [];
    for (let row = 0; row < 7; row++) {
      for (let w = 0; w < weeks; w++) {
        const n = start + w * 7 + row;
        if (n < first || n > last) continue;
        cells.push({
          row,
          column: w,
          label: formatTimePoint(n * DAY, 30 * DAY, { locale }),
          value: byDay.get(n) ?? null,
        });
      }
    }
    // a week column is labelled with the month of its last day when that month starts in it
    const monthOf = (n: number) => new Date(n * DAY).getUTCMonth();
    const monthName = new Intl.DateTimeFormat(locale ?? 'en-US', { month: 'short', timeZone: 'UTC' });
    const columnLabels = Array.from({ length: weeks }, (_, w) => {
      const lastDay = Math.min(last, start + w * 7 + 6);
      const isNewMonth = w === 0 || monthOf(lastDay) !== monthOf(start + (w - 1) * 7 + 6);
      return isNewMonth && !(w === 1 && monthOf(first) === monthOf(lastDay))
        ? monthName.format(new Date((w === 0 ? first : lastDay) * DAY))
        : '';
    });
    return { rowLabels: WEEKDAYS, columnLabels, cells, columns: weeks };
  }, [variant, matrix, days, locale, monthly]);

  const extent = seriesExtent(grid.cells.map((c) => c.value));
  const isEmpty = extent === undefined;
  const [lo, hi] = extent ?? [0, 1];
  const midpoint = props.midpoint;
  const colorScale = useMemo(
    () => colorScaleFor(lo, hi, { midpoint, direction }),
    [lo, hi, midpoint, direction],
  );
  const step = (v: number) => colorStepOf(v, colorScale);
  const patternId = `arion-no-data-${useId().replace(/:/g, '')}`;
  const f = createColumnFormat(
    grid.cells.map((c) => c.value),
    format,
  ).format;

  const weekly = calendar && !monthly;
  const labelWidth = weekly
    ? 32
    : Math.min(140, Math.max(...grid.rowLabels.map((r) => r.length), 1) * 7 + 10);
  const top = 18;
  const rowsCount = grid.rowLabels.length;
  const innerWidth = Math.max(10, size.width - labelWidth - 4);
  const cellW = grid.columns === 0 ? 0 : innerWidth / grid.columns;
  const cellH = rowsCount === 0 ? 0 : Math.max(4, (size.height - top - 4) / rowsCount);
  const gap = cellW > 6 && cellH > 6 ? 2 : 0.5;
  const layout = useMemo(
    () => ({ left: labelWidth, top, cellWidth: cellW, cellHeight: cellH, gap }),
    [labelWidth, cellW, cellH, gap],
  );
  // one path per colour instead of one rect per cell: a 365 x 50 matrix stays a few DOM nodes
  const cellPaths = useMemo(
    () => heatmapCellPaths(grid.cells, (v) => colorStepOf(v, colorScale), layout),
    [grid, colorScale, layout],
  );
  // matrix column labels are thinned out so that they never overlap (about 6.5 px per character);
  // a label wider than its cell starts at its column's left edge, so the first one never reaches
  // over the row labels, and one that would run past the grid's right edge is left out
  const columnLabelWidth = Math.max(...grid.columnLabels.map((c) => c.length), 1) * LABEL_CHAR_WIDTH + 10;
  const centredColumnLabels = cellW >= columnLabelWidth;
  const columnLabelEvery = centredColumnLabels ? 1 : Math.ceil(columnLabelWidth / Math.max(1, cellW));
  const matrixLabelShown = (c: string, i: number) =>
    i % columnLabelEvery === 0 &&
    (centredColumnLabels || i * cellW + c.length * LABEL_CHAR_WIDTH <= innerWidth + 4);
  // matrix row labels are thinned so that consecutive ones keep ROW_LABEL_SPACING px apart
  const rowLabelEvery = Math.ceil(ROW_LABEL_SPACING / Math.max(1, cellH));
  // a weekly calendar's month label is left out when it would touch the one before
  const weeklyLabelShown: boolean[] = [];
  let lastLabelEnd = Number.NEGATIVE_INFINITY;
  grid.columnLabels.forEach((c, i) => {
    const x = i * cellW;
    weeklyLabelShown[i] = c !== '' && x >= lastLabelEnd;
    if (weeklyLabelShown[i]) lastLabelEnd = x + c.length * LABEL_CHAR_WIDTH + 6;
  });

  // navigation over the full grid (row-major), so Up/Down change rows
  const nav = usePointNavigation({ count: rowsCount * grid.columns, columns: grid.columns });
  // cells by row-major index (an array: a Map of 18,250 entries cost more than the drawing)
  const cellAt = useMemo(() => {
    const byIndex: (Cell | undefined)[] = new Array(rowsCount * grid.columns);
    for (const c of grid.cells) byIndex[c.row * grid.columns + c.column] = c;
    return byIndex;
  }, [grid, rowsCount]);
  const active = nav.active === null ? undefined : cellAt[nav.active];
  const activeRow = nav.active === null ? 0 : Math.floor(nav.active / Math.max(1, grid.columns));
  const activeColumn = nav.active === null ? 0 : nav.active % Math.max(1, grid.columns);

  // a hidden table of a 50 x 365 matrix would cost more than the drawing: keep it to about 2,000 cells
  const tableColumns = calendar
    ? grid.columns
    : Math.max(1, Math.min(grid.columns, Math.floor(2000 / Math.max(1, rowsCount))));
  const valued = grid.cells.filter((c) => c.value !== null).length;
  const summary = isEmpty
    ? ''
    : `${props.title ?? 'Heatmap'}: ${weekly ? `${grid.cells.length} days` : monthly ? `${days?.length ?? 0} days by month` : `${rowsCount} rows by ${grid.columns} columns`}, ${valued} with values, from ${f(lo)} to ${f(hi)}${
        colorScale.kind === 'diverging'
          ? `; colours diverge from ${f(colorScale.midpoint)}, blue is better, orange worse`
          : '; darker is higher'
      }${valued < grid.cells.length ? '; hatched cells have no data' : ''}.`;

  const onMouseMove = (event: MouseEvent<HTMLDivElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const at = cellAtPoint(
      event.clientX - rect.left,
      event.clientY - rect.top,
      layout,
      rowsCount,
      grid.columns,
    );
    nav.setActive(at === null ? null : at.row * grid.columns + at.column);
  };

  const legend = (
    <StepLegend
      low={f(lo)}
      high={f(hi)}
      scale={colorScale}
      midpoint={colorScale.kind === 'diverging' ? f(colorScale.midpoint) : undefined}
      showNoData={valued < grid.cells.length}
    />
  );

  return (
    <WidgetFrame
      kind="arion-heatmap"
      {...frameProps(props)}
      isEmpty={isEmpty}
      skeleton={<WidgetSkeleton shape="grid" />}
      bodyHeight={props.height ?? defaultHeight}
      loadingFooter={(props.showLegend ?? true) ? <SkeletonLegend /> : null}
      footer={(props.showLegend ?? true) ? legend : null}
    >
      <PlotArea
        {...plotAreaProps(size, nav)}
        summary={summary}
        onMouseMove={onMouseMove}
        announcement={
          active ? `${active.label}: ${active.value === null ? 'no value' : f(active.value)}` : null
        }
        overlay={
          active ? (
            <ChartTooltip
              x={labelWidth + (activeColumn + 1) * cellW}
              y={top + activeRow * cellH}
              containerWidth={size.width}
              title={active.label}
            >
              <TooltipRow
                color={
                  active.value === null
                    ? 'var(--arion-no-data-hatch)'
                    : colorOfStep(step(active.value), colorScale)
                }
                label="Value"
                value={active.value === null ? 'no value' : f(active.value)}
              />
            </ChartTooltip>
          ) : null
        }
      >
        <NoDataPattern id={patternId} />
        <Group>
          {grid.rowLabels.map((r, i) =>
            // every other weekday; matrix rows thinned so that labels never touch
            (weekly && i % 2 === 1) || (!weekly && i % rowLabelEvery !== 0) ? null : (
              <text
                key={r}
                x={labelWidth - 6}
                y={top + i * cellH + cellH / 2}
                textAnchor="end"
                dominantBaseline="middle"
                style={{ fill: 'var(--arion-axis)', fontSize: 10 }}
              >
                {r}
              </text>
            ),
          )}
          {grid.columnLabels.map((c, i) =>
            c && (weekly ? weeklyLabelShown[i] : matrixLabelShown(c, i)) ? (
              <text
                // biome-ignore lint/suspicious/noArrayIndexKey: columns are positional
                key={i}
                x={labelWidth + i * cellW + (centredColumnLabels && !weekly ? cellW / 2 : 0)}
                y={top - 6}
                textAnchor={centredColumnLabels && !weekly ? 'middle' : 'start'}
                style={{ fill: 'var(--arion-axis)', fontSize: 10 }}
              >
                {c}
              </text>
            ) : null,
          )}
          {cellPaths.map((p) => (
            <path
              key={p.bucket}
              className={p.bucket === 'none' ? 'arion-heatmap-cells arion-no-data' : 'arion-heatmap-cells'}
              data-step={p.bucket}
              data-cells={p.count}
              d={p.d}
              style={{
                fill: p.bucket === 'none' ? noDataFill(patternId) : colorOfStep(p.bucket, colorScale),
              }}
            />
          ))}
          {active ? (
            <rect
              className="arion-active-mark"
              x={labelWidth + activeColumn * cellW}
              y={top + activeRow * cellH}
              width={cellW}
              height={cellH}
              style={{ fill: 'none' }}
            />
          ) : null}
        </Group>
      </PlotArea>
      <HiddenDataTable
        caption={`Data of ${props.title ?? 'the heatmap'}${tableColumns < grid.columns ? ` (first ${tableColumns} of ${grid.columns} columns)` : ''}`}
        columns={calendar ? ['Day', 'Value'] : ['Row', ...grid.columnLabels.slice(0, tableColumns)]}
        rows={
          calendar
            ? [...grid.cells]
                .sort((a, b) => a.column - b.column || a.row - b.row)
                .map((c) => [c.label, c.value === null ? '—' : f(c.value)])
            : grid.rowLabels.map((r, ri) => [
                r,
                ...grid.columnLabels.slice(0, tableColumns).map((_, ci) => {
                  const v = cellAt[ri * grid.columns + ci]?.value ?? null;
                  return v === null ? '—' : f(v);
                }),
              ])
        }
      />
    </WidgetFrame>
  );
}
