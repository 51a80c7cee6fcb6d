/**
 * `resolveWidgetQueries`, table-driven: every `data_config` key, every widget type, the order in
 * which locks, the widget, the viewer and the dashboard decide, and locked filters that a widget
 * cannot escape. Time ranges are compared with `resolveTimeRange` (itself checked against
 * PostgreSQL) and the comparison ranges with PostgreSQL's interval arithmetic in the zone.
 */
import { describe, expect, it } from 'vitest';
import { WIDGET_TYPES } from '../schema/enums';
import type { DataConfig } from '../schema/jsonb/data-config';
import type { FiltersConfig } from '../schema/jsonb/filters-config';
import { useReferenceEngines } from '../testing/pglite-reference';
import { resolveTimeRange } from './resolve-time-range';
import {
  type DashboardFilterState,
  type LockedFilters,
  resolveWidgetQueries,
  type WidgetForQueries,
  type WidgetQueryError,
  type WidgetQueryPlan,
} from './resolve-widget-queries';

const M1 = '11111111-1111-4111-8111-111111111111';
const M2 = '22222222-2222-4222-8222-222222222222';
const U1 = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const U2 = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
const U3 = 'cccccccc-cccc-4ccc-8ccc-cccccccccccc';
const NOW = new Date('2024-03-15T10:30:00Z');
const CONTEXT = { now: NOW, periodOptions: { timeZone: 'Europe/Berlin' } };

function widget(
  data_config: DataConfig | null,
  widget_type: WidgetForQueries['widget_type'] = 'line_chart',
): WidgetForQueries {
  return { id: 'w1', widget_type, metric_ids: [M1], data_config };
}

function plan(
  w: WidgetForQueries,
  filters: DashboardFilterState = {},
  filters_config: FiltersConfig | null = null,
  locked?: LockedFilters,
): WidgetQueryPlan {
  const result = resolveWidgetQueries({ filters_config }, w, filters, CONTEXT, locked);
  if (!result.ok) throw new Error(result.message);
  return result;
}

function refused(
  w: WidgetForQueries,
  locked: LockedFilters,
  filters: DashboardFilterState = {},
): WidgetQueryError {
  const result = resolveWidgetQueries({ filters_config: null }, w, filters, CONTEXT, locked);
  if (result.ok) throw new Error('expected the widget to be refused');
  return result;
}

describe('resolveWidgetQueries: each data_config key', () => {
  it('series: one read per series with its label, level and unit; default one per metric_ids entry', () => {
    const p = plan(
      widget({
        series: [
          { metricId: M1, label: 'EMEA', aggregationLevel: 'department', aggregationId: U1 },
          { metricId: M2 },
        ],
      }),
    );
    expect(p.queries.map((q) => [q.metricId, q.label, q.aggregationLevel, q.scope])).toEqual([
      [M1, 'EMEA', 'department', { kind: 'unit', aggregationId: U1 }],
      [M2, null, 'org', { kind: 'unit', aggregationId: null }],
    ]);
    expect(plan({ ...widget(null), metric_ids: [M1, M2] }).queries.map((q) => q.metricId)).toEqual([M1, M2]);
  });

  it('aggregationLevel: the widget overrides the viewer, the viewer the dashboard default, which overrides org', () => {
    const offered: FiltersConfig = {
      aggregationLevel: { options: ['org', 'department', 'team'], default: 'department' },
    };
    expect(plan(widget(null)).queries[0]?.aggregationLevel).toBe('org');
    expect(plan(widget(null), {}, offered).queries[0]?.aggregationLevel).toBe('department');
    expect(plan(widget(null), { aggregationLevel: 'team' }, offered).queries[0]?.aggregationLevel).toBe(
      'team',
    );
    expect(
      plan(widget({ aggregationLevel: 'site' }), { aggregationLevel: 'team' }, offered).queries[0]
        ?.aggregationLevel,
    ).toBe('site');
    expect(
      plan(widget(null), {}, { aggregationLevel: { options: ['team', 'org'] } }).queries[0]?.aggregationLevel,
    ).toBe('team');
  });

  it('aggregationIds: one read per pinned unit; the viewer selection applies when the widget pins none', () => {
    const scopes = (p: WidgetQueryPlan) => p.queries.map((q) => q.scope);
    expect(scopes(plan(widget({ aggregationLevel: 'department', aggregationIds: [U1, U2] })))).toEqual([
      { kind: 'unit', aggregationId: U1 },
      { kind: 'unit', aggregationId: U2 },
    ]);
    expect(scopes(plan(widget(null), { aggregationIds: [U3] }))).toEqual([
      { kind: 'unit', aggregationId: U3 },
    ]);
  });

  it('timeRange: the widget, the viewer, the dashboard default, its first preset, then last_30_days', () => {
    const range = (r: Parameters<typeof resolveTimeRange>[0]) => resolveTimeRange(r, 'Europe/Berlin', NOW);
    const offered: FiltersConfig = {
      timeRange: { presets: ['last_7_days', 'year_to_date'], default: 'year_to_date' },
    };
    expect(plan(widget(null)).range).toEqual(range('last_30_days'));
    expect(plan(widget(null), {}, { timeRange: { presets: ['last_7_days'] } }).range).toEqual(
      range('last_7_days'),
    );
    expect(plan(widget(null), {}, offered).range).toEqual(range('year_to_date'));
    expect(plan(widget(null), { timeRange: 'today' }, offered).range).toEqual(range('today'));
    expect(plan(widget({ timeRange: 'previous_month' }), { timeRange: 'today' }, offered).range).toEqual(
      range('previous_month'),
    );
    const q = plan(widget({ timeRange: 'previous_month' })).queries[0]!;
    expect([q.from, q.to]).toEqual([range('previous_month').from, range('previous_month').to]);
  });

  it('snapshotType: rollups of that type instead of raw calculations; the dashboard picker default applies', () => {
    expect(plan(widget(null)).queries[0]).toMatchObject({ source: 'calculations', snapshotType: null });
    expect(plan(widget({ snapshotType: 'monthly' })).queries[0]).toMatchObject({
      source: 'snapshots',
      snapshotType: 'monthly',
    });
    expect(
      plan(widget(null), {}, { snapshotType: { options: ['weekly', 'monthly'] } }).queries[0]?.snapshotType,
    ).toBe('weekly');
    expect(plan(widget(null), { snapshotType: 'annual' }).queries[0]?.snapshotType).toBe('annual');
  });

  it('comparison: none and target add no reads; previous_period and previous_year add the same reads over their range', () => {
    expect(plan(widget({ comparison: 'target' }))).toMatchObject({
      comparison: 'target',
      comparisonRange: null,
    });
    expect(plan(widget({ comparison: 'target' })).queries).toHaveLength(1);
    const shifted = plan(widget({ comparison: 'previous_period', timeRange: 'last_7_days' }));
    expect(shifted.queries.map((q) => q.role)).toEqual(['value', 'comparison']);
    const r = shifted.range;
    expect(shifted.comparisonRange).toEqual({
      from: new Date(r.from.getTime() - (r.to.getTime() - r.from.getTime())),
      to: r.from,
      preset: null,
    });
    // previous_month compared with the previous period is the month before it.
    const months = plan(widget({ comparison: 'previous_period', timeRange: 'previous_month' }));
    expect(months.comparisonRange).toMatchObject({
      from: new Date('2024-01-01T00:00:00+01:00'),
      to: new Date('2024-02-01T00:00:00+01:00'),
    });
  });

  it('dimensions: the dashboard default, the viewer and the widget all apply; a key given twice keeps the common values', () => {
    const offered: FiltersConfig = {
      dimensions: [
        { key: 'region', values: ['emea', 'apac', 'amer'], multiple: true, default: ['emea', 'apac'] },
      ],
    };
    const p = plan(
      widget({ dimensions: { region: ['apac', 'amer'], tier: 1 } }),
      { dimensions: { channel: 'web' } },
      offered,
    );
    expect(p.queries[0]?.dimensions).toEqual({ region: ['apac'], channel: ['web'], tier: [1] });
  });

  it('sort and limit pass to the plan; absent, null', () => {
    expect(plan(widget({ sort: { by: 'value', direction: 'desc' }, limit: 5 }, 'bar_chart'))).toMatchObject({
      sort: { by: 'value', direction: 'desc' },
      limit: 5,
    });
    expect(plan(widget(null, 'bar_chart'))).toMatchObject({ sort: null, limit: null });
  });
});

describe('resolveWidgetQueries: each widget type', () => {
  const reads = Object.fromEntries(
    WIDGET_TYPES.map((type) => [
      type,
      plan(widget({ aggregationLevel: 'department' }, type)).queries.map((q) => `${q.kind}:${q.scope.kind}`),
    ]),
  );
  it.each([
    ['metric_card', ['latest:unit', 'series:unit']],
    ['gauge', ['latest:unit']],
    ['line_chart', ['series:unit']],
    ['heatmap', ['series:unit']],
    ['bar_chart', ['latest:units']],
    ['pie_chart', ['latest:units']],
    ['table', ['latest:units']],
    ['map', ['latest:units']],
    ['text', []],
    ['image', []],
  ] as const)('%s reads %j', (type, expected) => {
    expect(reads[type]).toEqual(expected);
  });

  it('a breakdown of several metrics, or at org level, reads the latest value of each series instead', () => {
    expect(plan({ ...widget(null, 'bar_chart'), metric_ids: [M1, M2] }).queries.map((q) => q.scope)).toEqual([
      { kind: 'unit', aggregationId: null },
      { kind: 'unit', aggregationId: null },
    ]);
  });
});

describe('resolveWidgetQueries under locked filters', () => {
  const locked: LockedFilters = {
    aggregationLevel: 'department',
    aggregationIds: [U1],
    dimensions: { region: 'emea' },
  };

  it('every read is cut to the locked level, units and dimensions, whatever the viewer selects', () => {
    const p = plan(
      widget({ dimensions: { region: ['emea', 'apac'] } }, 'bar_chart'),
      { aggregationLevel: 'team', aggregationIds: [U2], dimensions: { region: 'apac' } },
      null,
      locked,
    );
    expect(p.queries).toHaveLength(1);
    expect(p.queries[0]).toMatchObject({
      aggregationLevel: 'department',
      scope: { kind: 'units', aggregationIds: [U1] },
    });
    // apac (viewer) and emea (lock) have nothing in common: no value may match, rather than all.
    expect(p.queries[0]?.dimensions.region).toEqual([]);
    const card = plan(widget(null, 'metric_card'), {}, null, locked);
    expect(card.queries.every((q) => q.scope.kind === 'unit' && q.scope.aggregationId === U1)).toBe(true);
  });

  it.each([
    ['another level', widget({ aggregationLevel: 'team' }), 'data_config.aggregationLevel', 'team'],
    [
      'a unit outside the lock',
      widget({ aggregationLevel: 'department', aggregationIds: [U1, U2] }),
      'data_config.aggregationIds',
      U2,
    ],
    [
      'a series of another unit',
      widget({ series: [{ metricId: M1, aggregationId: U3 }] }),
      'data_config.series[0].aggregationId',
      U3,
    ],
    [
      'a series of the level total',
      widget({ series: [{ metricId: M1, aggregationId: null }] }),
      'data_config.series[0].aggregationId',
      null,
    ],
    [
      'a series of another level',
      widget({ series: [{ metricId: M1, aggregationLevel: 'org' }] }),
      'data_config.series[0].aggregationLevel',
      'org',
    ],
  ])('a widget pinning %s is an error naming the field, never unfiltered data', (_name, w, field, value) => {
    const error = refused(w, locked);
    expect(error).toMatchObject({ ok: false, widgetId: 'w1', field, value });
    expect(error.message).toContain(`${field} is ${JSON.stringify(value)}; allowed:`);
  });
});

describe('resolveWidgetQueries comparison ranges against PostgreSQL', () => {
  const engines = useReferenceEngines('resolveWidgetQueries');
  it.each([
    // 12 March 2024 is two days after New York's spring change; 12 March 2023 was the change day itself.
    ['America/New_York', '2024-03-12T15:45:00Z'],
    // 02:30 on 26 March 2023 did not exist in Berlin (clocks went 02:00 -> 03:00).
    ['Europe/Berlin', '2024-03-26T01:30:00Z'],
    ['Australia/Lord_Howe', '2025-10-05T09:10:00Z'],
    ['UTC', '2024-02-29T12:00:00Z'],
  ])('previous_year in %s at %s: the same local dates and clock times a year earlier', async (zone, now) => {
    const context = { now: new Date(now), periodOptions: { timeZone: zone } };
    for (const preset of ['month_to_date', 'last_90_days', 'previous_quarter', 'today'] as const) {
      const result = resolveWidgetQueries(
        { filters_config: null },
        widget({ timeRange: preset, comparison: 'previous_year' }),
        {},
        context,
      );
      if (!result.ok) throw new Error(result.message);
      for (const engine of engines) {
        const [row] = await engine.query<{ from_ts: Date; to_ts: Date }>(
          `SELECT ($1::timestamptz AT TIME ZONE $3 - interval '1 year') AT TIME ZONE $3 AS from_ts,
                  ($2::timestamptz AT TIME ZONE $3 - interval '1 year') AT TIME ZONE $3 AS to_ts`,
          [result.range.from.toISOString(), result.range.to.toISOString(), zone],
        );
        expect(
          [result.comparisonRange?.from, result.comparisonRange?.to],
          `${engine.name}, ${preset}`,
        ).toEqual([new Date(row!.from_ts), new Date(row!.to_ts)]);
      }
    }
  });
});
