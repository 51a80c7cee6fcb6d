import type { MetricCalculationRow } from '@arion-metrics/core';
import { describe, expect, it } from 'vitest';
import type { WidgetReadResult } from '../client/route-types';
import { breakdownOf, pointsOf, tableRowsOf, type WidgetDataOk } from './widget-data';

const at = (day: number) => new Date(Date.UTC(2026, 0, day));
const row = (day: number, value: number | null) =>
  ({ period_start: at(day), metric_value: value }) as unknown as MetricCalculationRow;
const read = (
  label: string,
  rows: MetricCalculationRow[],
  kind: 'latest' | 'series' = 'latest',
): WidgetReadResult => ({
  kind,
  role: 'value',
  metricId: 'm',
  label,
  aggregationLevel: 'department',
  aggregationId: label.toLowerCase(),
  source: 'calculations',
  rows,
});
const data = (
  reads: WidgetReadResult[],
  sort: WidgetDataOk['sort'] = null,
  limit: number | null = null,
): WidgetDataOk => ({
  widgetId: 'w',
  ok: true,
  range: { from: at(1), to: at(31), preset: null },
  comparisonRange: null,
  sort,
  limit,
  reads,
});

describe('breakdownOf', () => {
  const reads = [read('Legal', [row(3, 7)]), read('Finance', [row(3, 12)]), read('IT', [row(3, 19)])];

  it('keeps the order of the reads when data_config names no sort', () => {
    expect(breakdownOf(data(reads)).map((e) => e.label)).toEqual(['Legal', 'Finance', 'IT']);
  });

  it('sorts by value descending and keeps the first `limit` categories', () => {
    expect(breakdownOf(data(reads, { by: 'value', direction: 'desc' }, 2)).map((e) => e.value)).toEqual([
      19, 12,
    ]);
  });

  it('sorts by label ascending', () => {
    expect(breakdownOf(data(reads, { by: 'label', direction: 'asc' })).map((e) => e.label)).toEqual([
      'Finance',
      'IT',
      'Legal',
    ]);
  });

  it('gives a unit without rows a null value, not zero', () => {
    expect(breakdownOf(data([read('HR', [])]))[0]?.value).toBeNull();
  });
});

describe('pointsOf', () => {
  it('leaves out periods without a value', () => {
    expect(pointsOf(read('x', [row(1, 3), row(2, null), row(3, 5)], 'series'))).toEqual([
      { x: at(1), y: 3 },
      { x: at(3), y: 5 },
    ]);
  });
});

describe('tableRowsOf', () => {
  const of = (metricId: string, r: WidgetReadResult): WidgetReadResult => ({ ...r, metricId });

  it('gives one metric’s units as name, value and period rows', () => {
    expect(tableRowsOf(data([read('Legal', [row(2, 5), row(3, 7)]), read('IT', [])]))).toEqual([
      { name: 'Legal', value: 7, period: at(3) },
      { name: 'IT', value: null, period: null },
    ]);
  });

  it('pivots several metrics into one row per unit, each value under its metric id', () => {
    const reads = [
      of('quality', read('Legal', [row(3, 0.9)])),
      of('quality', read('IT', [row(3, 0.8)])),
      of('cost', read('Legal', [row(3, 1200)])),
      of('cost', read('IT', [])),
    ];
    expect(tableRowsOf(data(reads))).toEqual([
      { label: 'Legal', quality: 0.9, cost: 1200, period: at(3) },
      { label: 'IT', quality: 0.8, cost: null, period: at(3) },
    ]);
  });

  it('sorts the units by the first metric and keeps the first `limit`', () => {
    const reads = [
      of('quality', read('Legal', [row(3, 0.7)])),
      of('quality', read('IT', [row(3, 0.9)])),
      of('cost', read('Legal', [row(3, 10)])),
      of('cost', read('IT', [row(3, 20)])),
    ];
    expect(tableRowsOf(data(reads, { by: 'value', direction: 'desc' }, 1))).toEqual([
      { label: 'IT', quality: 0.9, cost: 20, period: at(3) },
    ]);
  });
});
