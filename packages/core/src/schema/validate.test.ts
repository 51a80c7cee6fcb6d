import { describe, expect, it } from 'vitest';
import { formatValue } from '../primitives/value-format';
import { PG_ENUM_TYPES } from './enums';
import { createDefaultLayoutConfig } from './jsonb/layout-config';
import { SchemaValidationError } from './schema-validation-error';
import type { TableName } from './tables';
import {
  ENUM_COLUMNS,
  type EnumColumnSpec,
  JSONB_COLUMNS,
  safeValidateEnum,
  safeValidateJsonb,
  safeValidateRow,
  validateEnum,
  validateJsonb,
  validateRow,
} from './validate';

/** The error thrown by `fn`, failing the test when nothing or something else is thrown. */
function thrown(fn: () => unknown): SchemaValidationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SchemaValidationError);
    return error as SchemaValidationError;
  }
  throw new Error('expected a SchemaValidationError, but nothing was thrown');
}

/** The message lines (one per issue) of the error `validateJsonb(table, column, value)` throws. */
function jsonbErrors(table: TableName, column: string, value: unknown): string[] {
  const error = thrown(() => validateJsonb(table, column as never, value));
  expect(error.table).toBe(table);
  expect(error.column).toBe(column);
  return error.issues.map((i) => i.message);
}

const UUID_A = '4a5c1d7e-2b9f-4c3a-8e6d-0f1a2b3c4d5e';
const UUID_B = '0f6b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d';

const jsonbColumns = Object.entries(JSONB_COLUMNS).flatMap(([table, columns]) =>
  Object.entries(columns).map(([column, spec]) => ({
    name: `${table}.${column}`,
    table: table as TableName,
    column,
    nullable: (spec as { nullable: boolean }).nullable,
  })),
);

describe('JSONB_COLUMNS', () => {
  it('lists every JSONB column of the spec and the decisions, with the agreed nullability', () => {
    const listed = Object.fromEntries(jsonbColumns.map((c) => [`${c.table}.${c.column}`, c.nullable]));
    expect(listed).toEqual({
      'organizations.settings': false,
      'metric_definitions.data_sources': false,
      'metric_definitions.parameters': true,
      'metric_definitions.threshold_config': true,
      'metric_calculations.dimensions': true,
      'metric_calculations.metadata': true,
      'analytics_dashboards.layout_config': false,
      'analytics_dashboards.filters_config': true,
      'dashboard_widgets.position': false,
      'dashboard_widgets.visualization_config': false,
      'dashboard_widgets.data_config': true,
      'dashboard_widgets.interaction_config': true,
      'metric_alerts.condition_config': false,
      'metric_alerts.escalation_config': true,
      'metric_alert_history.condition_details': true,
    });
  });

  it.each(jsonbColumns)(
    '$name rejects arrays and scalars, naming the field and the value',
    ({ table, column }) => {
      for (const value of [[], [{}], 'text', 42, true]) {
        const [message, ...rest] = jsonbErrors(table, column, value);
        expect(rest).toEqual([]);
        expect(message).toMatch(
          new RegExp(
            `^${table}\\.${column}: got ${escapeRegExp(formatValue(value))}; allowed: .*JSON object`,
          ),
        );
      }
    },
  );

  it.each(jsonbColumns)('$name accepts null only when nullable', ({ table, column, nullable }) => {
    if (nullable) {
      expect(validateJsonb(table, column as never, null)).toBeNull();
    } else {
      expect(jsonbErrors(table, column, null)).toEqual([
        `${table}.${column}: got null; allowed: a JSON object (the column is NOT NULL)`,
      ]);
    }
    expect(jsonbErrors(table, column, undefined)[0]).toMatch(
      new RegExp(`^${table}\\.${column}: got undefined; `),
    );
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('validateJsonb: dashboard_widgets.position', () => {
  it('accepts {x, y, w, h} and returns a copy', () => {
    const position = { x: 0, y: 3, w: 4, h: 2 };
    const result = validateJsonb('dashboard_widgets', 'position', position);
    expect(result).toEqual(position);
    expect(result).not.toBe(position);
  });

  it('names the field, the value and the rule, as a message and as data', () => {
    const error = thrown(() => validateJsonb('dashboard_widgets', 'position', { x: 0, y: 0, w: -1, h: 2 }));
    expect(error.message).toBe('dashboard_widgets.position.w: got -1; allowed: an integer >= 1');
    expect(error.name).toBe('SchemaValidationError');
    expect(error.issues).toEqual([
      {
        path: ['w'],
        field: 'dashboard_widgets.position.w',
        value: -1,
        allowed: 'an integer >= 1',
        message: 'dashboard_widgets.position.w: got -1; allowed: an integer >= 1',
      },
    ]);
  });

  it('rejects missing keys, fractions, NaN, Infinity, strings and unknown keys, all in one error', () => {
    const error = thrown(() =>
      validateJsonb('dashboard_widgets', 'position', { x: 1.5, y: Number.NaN, w: Infinity, width: 3 }),
    );
    expect(error.issues.map((i) => i.message)).toEqual([
      'dashboard_widgets.position.x: got 1.5; allowed: an integer >= 0',
      'dashboard_widgets.position.y: got NaN; allowed: an integer >= 0',
      'dashboard_widgets.position.w: got Infinity; allowed: an integer >= 1',
      'dashboard_widgets.position.h: got nothing (required key missing); allowed: an integer >= 1',
      'dashboard_widgets.position.width: got 3; allowed: only the keys x, y, w, h',
    ]);
    expect(error.message).toBe(
      `dashboard_widgets.position has 5 invalid values:\n${error.issues.map((i) => `- ${i.message}`).join('\n')}`,
    );
    expect(jsonbErrors('dashboard_widgets', 'position', { x: '1', y: 0, w: 1, h: 1 })).toEqual([
      'dashboard_widgets.position.x: got "1"; allowed: an integer >= 0',
    ]);
  });
});

describe('validateJsonb: analytics_dashboards.layout_config', () => {
  it('accepts the required grid and every optional setting', () => {
    expect(validateJsonb('analytics_dashboards', 'layout_config', { cols: 12, rowHeight: 80 })).toEqual({
      cols: 12,
      rowHeight: 80,
    });
    const full = {
      cols: 24,
      rowHeight: 40,
      margin: [8, 8],
      containerPadding: [0, 16],
      compactType: null,
      preventCollision: true,
      maxRows: 100,
    };
    expect(validateJsonb('analytics_dashboards', 'layout_config', full)).toEqual(full);
  });

  it('accepts the default layout', () => {
    expect(validateJsonb('analytics_dashboards', 'layout_config', createDefaultLayoutConfig())).toEqual({
      cols: 12,
      rowHeight: 80,
      margin: [16, 16],
      compactType: 'vertical',
    });
    expect(createDefaultLayoutConfig()).not.toBe(createDefaultLayoutConfig());
  });

  it('rejects missing keys, out-of-range numbers, unknown enum values and typos by name', () => {
    expect(
      jsonbErrors('analytics_dashboards', 'layout_config', {
        rowheight: 80,
        cols: 0,
        margin: [16],
        compactType: 'diagonal',
      }),
    ).toEqual([
      'analytics_dashboards.layout_config.cols: got 0; allowed: an integer from 1 to 48',
      'analytics_dashboards.layout_config.rowHeight: got nothing (required key missing); allowed: an integer from 1 to 1000',
      'analytics_dashboards.layout_config.margin: got [16]; allowed: a pair [horizontal, vertical] of integers >= 0 (pixels)',
      'analytics_dashboards.layout_config.compactType: got "diagonal"; allowed: one of "vertical", "horizontal"',
      'analytics_dashboards.layout_config.rowheight: got 80; allowed: only the keys cols, rowHeight, margin, containerPadding, compactType, preventCollision, maxRows',
    ]);
    expect(
      jsonbErrors('analytics_dashboards', 'layout_config', {
        cols: 12,
        rowHeight: 80,
        margin: [16, Number.NaN],
      }),
    ).toEqual(['analytics_dashboards.layout_config.margin[1]: got NaN; allowed: an integer from 0 to 1000']);
  });
});

describe('validateJsonb: analytics_dashboards.filters_config', () => {
  it('accepts no filters, presets with a default, a fixed default range and dimension filters', () => {
    expect(validateJsonb('analytics_dashboards', 'filters_config', {})).toEqual({});
    const config = {
      timeRange: {
        presets: ['last_7_days', 'last_30_days'],
        default: { from: '2024-01-01T00:00:00Z', to: '2024-01-01T09:00:00+09:00:00'.slice(0, 25) },
        allowCustom: false,
      },
      aggregationLevel: { options: ['org', 'department'], default: 'department' },
      snapshotType: { options: ['weekly', 'monthly'], default: 'monthly' },
      dimensions: [
        { key: 'region', label: 'Region', values: ['emea', 'apac'], multiple: true, default: ['apac'] },
        { key: 'tier', values: [1, 2, 3], default: 2 },
        { key: 'team' },
      ],
    };
    config.timeRange.default.to = '2024-01-02T09:00:00+09:00';
    expect(validateJsonb('analytics_dashboards', 'filters_config', config)).toEqual(config);
  });

  it('rejects unknown presets and snapshot types, listing the allowed values', () => {
    expect(
      jsonbErrors('analytics_dashboards', 'filters_config', {
        timeRange: { presets: ['last_8_days'] },
        snapshotType: { options: ['hourly'] },
      }),
    ).toEqual([
      'analytics_dashboards.filters_config.timeRange.presets[0]: got "last_8_days"; allowed: one of "last_24_hours", "last_7_days", "last_30_days", "last_90_days", "last_12_months", "today", "month_to_date", "quarter_to_date", "year_to_date", "previous_month", "previous_quarter", "previous_year"',
      'analytics_dashboards.filters_config.snapshotType.options[0]: got "hourly"; allowed: one of "daily", "weekly", "monthly", "quarterly", "annual"',
    ]);
  });

  it('rejects defaults that are not offered, repeated options and keys, and missing options', () => {
    expect(
      jsonbErrors('analytics_dashboards', 'filters_config', {
        timeRange: { presets: ['last_7_days', 'last_7_days'], default: 'year_to_date' },
        aggregationLevel: { default: 'org' },
        dimensions: [
          { key: 'region', values: ['emea'], default: 'apac' },
          { key: 'region', values: ['emea'], multiple: true, default: ['emea', 'us'] },
          { key: 'tier', default: [1] },
        ],
      }),
    ).toEqual([
      'analytics_dashboards.filters_config.timeRange.presets[1]: got "last_7_days"; allowed: each preset at most once',
      'analytics_dashboards.filters_config.timeRange.default: got "year_to_date"; allowed: one of the offered presets: "last_7_days", or a fixed { "from", "to" } range',
      'analytics_dashboards.filters_config.aggregationLevel.options: got nothing (required key missing); allowed: an array',
      'analytics_dashboards.filters_config.dimensions[0].default: got "apac"; allowed: one of the offered values: "emea"',
      'analytics_dashboards.filters_config.dimensions[1].default[1]: got "us"; allowed: one of the offered values: "emea"',
      'analytics_dashboards.filters_config.dimensions[2].default: got [1]; allowed: a single value (set "multiple": true to preselect several)',
    ]);
    expect(
      jsonbErrors('analytics_dashboards', 'filters_config', {
        dimensions: [{ key: 'region' }, { key: 'region' }],
      }),
    ).toEqual([
      'analytics_dashboards.filters_config.dimensions[1]: got {"key":"region"}; allowed: each dimension key at most once',
    ]);
  });

  it('explains a bad time range: wrong type, bad date-time, end before start', () => {
    const presets = ['last_7_days'];
    expect(
      jsonbErrors('analytics_dashboards', 'filters_config', { timeRange: { presets, default: 7 } })[0],
    ).toMatch(
      /^analytics_dashboards\.filters_config\.timeRange\.default: got 7; allowed: one of "last_24_hours", .*"previous_year", or \{ "from", "to" \} with ISO 8601 date-times$/,
    );
    expect(
      jsonbErrors('analytics_dashboards', 'filters_config', {
        timeRange: { presets, default: { from: '2024-02-30T00:00:00Z', to: '2024-03-01' } },
      }),
    ).toEqual([
      'analytics_dashboards.filters_config.timeRange.default.from: got "2024-02-30T00:00:00Z"; allowed: an ISO 8601 date-time with a time zone, e.g. "2024-01-31T00:00:00Z" or "2024-01-31T09:00:00+09:00"',
      'analytics_dashboards.filters_config.timeRange.default.to: got "2024-03-01"; allowed: an ISO 8601 date-time with a time zone, e.g. "2024-01-31T00:00:00Z" or "2024-01-31T09:00:00+09:00"',
    ]);
    expect(
      jsonbErrors('analytics_dashboards', 'filters_config', {
        timeRange: { presets, default: { from: '2024-01-01T09:00:00+09:00', to: '2024-01-01T00:00:00Z' } },
      }),
    ).toEqual([
      'analytics_dashboards.filters_config.timeRange.default.to: got "2024-01-01T00:00:00Z"; allowed: a date-time after "from" (2024-01-01T09:00:00+09:00)',
    ]);
  });
});

describe('validateJsonb: dashboard_widgets.data_config', () => {
  it('accepts series, aggregation, a time range override, snapshot type, comparison, filters, sort and limit', () => {
    const config = {
      series: [
        { metricId: UUID_A, label: 'EMEA', aggregationLevel: 'department', aggregationId: UUID_B },
        { metricId: UUID_B },
      ],
      aggregationLevel: 'org',
      aggregationIds: [UUID_A, UUID_B],
      timeRange: 'quarter_to_date',
      snapshotType: 'weekly',
      comparison: 'target',
      dimensions: { region: ['emea', 'apac'], tier: 1, archived: false, owner: null },
      sort: { by: 'label', direction: 'asc' },
      limit: 10_000,
    };
    expect(validateJsonb('dashboard_widgets', 'data_config', config)).toEqual(config);
  });

  it('rejects unknown enum values, bad ids, non-finite numbers and nested bad values by path', () => {
    expect(
      jsonbErrors('dashboard_widgets', 'data_config', {
        series: [{ metricId: 'revenue' }],
        snapshotType: 'hourly',
        comparison: 'last_week',
        dimensions: { region: ['emea', Number.NaN], bad: { nested: true } },
        sort: { by: 'value' },
        limit: Infinity,
        colour: 'red',
      }),
    ).toEqual([
      'dashboard_widgets.data_config.series[0].metricId: got "revenue"; allowed: a UUID (8-4-4-4-12 hex digits)',
      'dashboard_widgets.data_config.snapshotType: got "hourly"; allowed: one of "daily", "weekly", "monthly", "quarterly", "annual"',
      'dashboard_widgets.data_config.comparison: got "last_week"; allowed: one of "none", "previous_period", "previous_year", "target"',
      'dashboard_widgets.data_config.dimensions.region[1]: got NaN; allowed: a string, a finite number, true, false or null',
      'dashboard_widgets.data_config.dimensions.bad: got {"nested":true}; allowed: a string, a finite number, true, false, null, or a non-empty array of those',
      'dashboard_widgets.data_config.sort.direction: got nothing (required key missing); allowed: one of "asc", "desc"',
      'dashboard_widgets.data_config.limit: got Infinity; allowed: an integer from 1 to 10000',
      'dashboard_widgets.data_config.colour: got "red"; allowed: only the keys series, aggregationLevel, aggregationIds, timeRange, snapshotType, comparison, dimensions, sort, limit',
    ]);
  });

  it('rejects a metric repeated for the same aggregation unit, and repeated aggregation ids', () => {
    expect(
      jsonbErrors('dashboard_widgets', 'data_config', {
        series: [
          { metricId: UUID_A },
          { metricId: UUID_A.toUpperCase() },
          { metricId: UUID_A, aggregationId: UUID_B },
        ],
        aggregationIds: [UUID_B, UUID_B],
      }),
    ).toEqual([
      `dashboard_widgets.data_config.aggregationIds[1]: got "${UUID_B}"; allowed: each id at most once`,
      `dashboard_widgets.data_config.series[1]: got {"metricId":"${UUID_A.toUpperCase()}"}; allowed: each metricId per aggregation unit at most once`,
    ]);
  });
});

describe('validateJsonb: dashboard_widgets.interaction_config', () => {
  it('accepts each click action', () => {
    for (const click of [
      { action: 'none' },
      { action: 'drill_down', dashboardId: UUID_A },
      { action: 'drill_down', dashboardId: UUID_A, passFilters: false },
      { action: 'open_url', url: 'https://wiki.example.com/metrics?id=7#top', newTab: true },
      { action: 'open_url', url: 'mailto:security@example.com' },
      { action: 'open_url', url: '/dashboards/security' },
      { action: 'filter', dimension: 'region' },
    ]) {
      expect(validateJsonb('dashboard_widgets', 'interaction_config', { click })).toEqual({ click });
    }
  });

  it('refuses script and data URLs, also when hidden behind whitespace or control characters', () => {
    for (const url of [
      'javascript:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'JAVASCRIPT:x',
      'data:text/html,<b>',
      'vbscript:x',
      '',
    ]) {
      const [message, ...rest] = jsonbErrors('dashboard_widgets', 'interaction_config', {
        click: { action: 'open_url', url },
      });
      expect(rest).toEqual([]);
      expect(message).toBe(
        `dashboard_widgets.interaction_config.click.url: got ${JSON.stringify(url)}; allowed: a link of at most 2048 characters: http(s), mailto or tel, or a relative URL (javascript:, data: and other schemes are refused)`,
      );
    }
  });

  it('rejects unknown actions, missing and foreign keys of a variant', () => {
    expect(jsonbErrors('dashboard_widgets', 'interaction_config', { click: { action: 'teleport' } })).toEqual(
      [
        'dashboard_widgets.interaction_config.click.action: got "teleport"; allowed: one of "none", "drill_down", "open_url", "filter"',
      ],
    );
    expect(jsonbErrors('dashboard_widgets', 'interaction_config', {})).toEqual([
      'dashboard_widgets.interaction_config.click: got nothing (required key missing); allowed: a JSON object',
    ]);
    expect(
      jsonbErrors('dashboard_widgets', 'interaction_config', {
        click: { action: 'drill_down', url: 'https://example.com' },
      }),
    ).toEqual([
      'dashboard_widgets.interaction_config.click.dashboardId: got nothing (required key missing); allowed: a UUID (8-4-4-4-12 hex digits)',
      'dashboard_widgets.interaction_config.click.url: got "https://example.com"; allowed: only the keys action, dashboardId, passFilters',
    ]);
  });
});

describe('validateJsonb: metric_definitions.data_sources', () => {
  it('accepts tables (possibly none), views and a provider', () => {
    const sources = {
      tables: ['incidents', 'audit.events'],
      views: ['v_open_incidents'],
      provider: {
        name: 'jira',
        endpoint: 'https://jira.example.com/rest',
        options: { project: 'SEC', limit: 50 },
      },
    };
    expect(validateJsonb('metric_definitions', 'data_sources', sources)).toEqual(sources);
    expect(validateJsonb('metric_definitions', 'data_sources', { tables: [] })).toEqual({ tables: [] });
  });

  it('rejects a missing table list, SQL in names, names repeated in any letter case and unsafe endpoints', () => {
    expect(
      jsonbErrors('metric_definitions', 'data_sources', {
        views: ['v; DROP TABLE users', 'V_A', 'v_a'],
        provider: { name: '', endpoint: 'javascript:alert(1)', options: { retries: Number.NaN } },
      }),
    ).toEqual([
      'metric_definitions.data_sources.tables: got nothing (required key missing); allowed: an array of table or view names',
      'metric_definitions.data_sources.views[0]: got "v; DROP TABLE users"; allowed: a table or view name like "events" or "audit.events" (unquoted identifiers of letters, digits, _ and $, at most 63 characters each)',
      'metric_definitions.data_sources.views[2]: got "v_a"; allowed: each name at most once',
      'metric_definitions.data_sources.provider.name: got ""; allowed: a non-empty string',
      'metric_definitions.data_sources.provider.endpoint: got "javascript:alert(1)"; allowed: an absolute http:// or https:// URL of at most 2048 characters',
      'metric_definitions.data_sources.provider.options.retries: got NaN; allowed: a finite number (JSON has no NaN or Infinity)',
    ]);
    expect(jsonbErrors('metric_definitions', 'data_sources', { tables: ['a', 'A'] })).toEqual([
      'metric_definitions.data_sources.tables[1]: got "A"; allowed: each name at most once',
    ]);
    expect(jsonbErrors('metric_definitions', 'data_sources', { tables: 'incidents' })).toEqual([
      'metric_definitions.data_sources.tables: got "incidents"; allowed: an array of table or view names',
    ]);
  });
});

describe('validateJsonb: open objects (parameters, dimensions, metadata, condition_details, settings)', () => {
  it('accepts any keys with values of the documented kinds', () => {
    const parameters = {
      window_days: 30,
      include_drafts: false,
      severities: ['high', 'critical'],
      note: null,
    };
    expect(validateJsonb('metric_definitions', 'parameters', parameters)).toEqual(parameters);
    const dimensions = { region: 'emea', tier: 1, is_critical: true, owner: null };
    expect(validateJsonb('metric_calculations', 'dimensions', dimensions)).toEqual(dimensions);
    const metadata = { source_rows: 1204, nested: { list: [1, 'two', { three: 3 }] }, 'odd key': [] };
    expect(validateJsonb('metric_calculations', 'metadata', metadata)).toEqual(metadata);
    expect(validateJsonb('metric_alert_history', 'condition_details', { observed: 97.2 })).toEqual({
      observed: 97.2,
    });
    expect(validateJsonb('organizations', 'settings', {})).toEqual({});
  });

  it('parameters: rejects nested objects and non-finite numbers, by path', () => {
    expect(
      jsonbErrors('metric_definitions', 'parameters', {
        window: { days: 30 },
        weights: [1, Infinity],
        gone: undefined,
      }),
    ).toEqual([
      'metric_definitions.parameters.window: got {"days":30}; allowed: a string, a finite number, true, false, null, or an array of those',
      'metric_definitions.parameters.weights[1]: got Infinity; allowed: a string, a finite number, true, false or null',
      'metric_definitions.parameters.gone: got undefined; allowed: a string, a finite number, true, false, null, or an array of those',
    ]);
  });

  it('dimensions: rejects arrays, objects and NaN as values', () => {
    expect(jsonbErrors('metric_calculations', 'dimensions', { region: ['emea'], tier: Number.NaN })).toEqual([
      'metric_calculations.dimensions.region: got ["emea"]; allowed: a string, a finite number, true, false or null',
      'metric_calculations.dimensions.tier: got NaN; allowed: a string, a finite number, true, false or null',
    ]);
  });

  it('metadata, condition_details and settings: reject non-JSON values deep inside, by path', () => {
    expect(
      jsonbErrors('metric_calculations', 'metadata', {
        timings: [1, 2, -Infinity],
        at: new Date(0),
        big: 10n,
      }),
    ).toEqual([
      'metric_calculations.metadata.timings[2]: got -Infinity; allowed: a finite number (JSON has no NaN or Infinity)',
      'metric_calculations.metadata.at: got Date(1970-01-01T00:00:00.000Z); allowed: a JSON value (string, finite number, boolean, null, array or object); store dates as ISO 8601 strings',
      'metric_calculations.metadata.big: got 10n; allowed: a finite number (a bigint is not JSON)',
    ]);
    expect(jsonbErrors('metric_alert_history', 'condition_details', { 'a b': { c: Number.NaN } })).toEqual([
      'metric_alert_history.condition_details["a b"].c: got NaN; allowed: a finite number (JSON has no NaN or Infinity)',
    ]);
    expect(jsonbErrors('organizations', 'settings', new Map())).toEqual([
      'organizations.settings: got Map {}; allowed: a JSON object',
    ]);
  });

  it('rejects strings PostgreSQL JSONB cannot store, in every column', () => {
    expect(jsonbErrors('dashboard_widgets', 'data_config', { aggregationLevel: 'org\u0000' })).toEqual([
      'dashboard_widgets.data_config.aggregationLevel: got "org\\u0000"; allowed: a string without the NUL character (\\u0000), which PostgreSQL JSONB cannot store',
    ]);
  });
});

describe('safeValidateJsonb', () => {
  it('returns the value or the error instead of throwing', () => {
    expect(safeValidateJsonb('dashboard_widgets', 'position', { x: 0, y: 0, w: 1, h: 1 })).toEqual({
      ok: true,
      value: { x: 0, y: 0, w: 1, h: 1 },
    });
    const result = safeValidateJsonb('dashboard_widgets', 'position', { x: 0, y: 0, w: 0, h: 1 });
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.error.message).toBe('dashboard_widgets.position.w: got 0; allowed: an integer >= 1');
  });

  it('throws a TypeError naming the JSONB columns when asked about another column', () => {
    expect(() => validateJsonb('dashboard_widgets', 'widget_name' as never, {})).toThrow(
      new TypeError(
        'validateJsonb: dashboard_widgets.widget_name is not a JSONB column; JSONB columns of dashboard_widgets: position, visualization_config, data_config, interaction_config',
      ),
    );
    expect(() => validateJsonb('widgets' as never, 'position' as never, {})).toThrow(
      /unknown table "widgets"; tables: organizations, users/,
    );
    expect(() => validateJsonb('users', 'email' as never, {})).toThrow(/JSONB columns of users: none$/);
  });
});

const enumColumns = Object.entries(ENUM_COLUMNS).flatMap(([table, columns]) =>
  Object.entries(columns).map(([column, spec]) => ({
    name: `${table}.${column}`,
    table: table as TableName,
    column,
    spec: spec as EnumColumnSpec,
  })),
);

describe('validateEnum', () => {
  it('covers every enum column of the spec, each matching its PostgreSQL enum type', () => {
    expect(enumColumns.map((c) => `${c.table}.${c.column}`).sort()).toEqual(
      [
        'analytics_dashboards.dashboard_type',
        'dashboard_sharing.permission_level',
        'dashboard_sharing.shared_with_type',
        'dashboard_widgets.widget_type',
        'metric_alert_history.severity_at_trigger',
        'metric_alerts.alert_type',
        'metric_alerts.severity',
        'metric_calculations.calculation_status',
        'metric_definitions.calculation_method',
        'metric_definitions.direction',
        'metric_definitions.metric_category',
        'metric_definitions.metric_type',
        'metric_definitions.refresh_frequency',
        'metric_definitions.time_windows',
        'metric_relationships.relationship_type',
        'metric_snapshots.snapshot_type',
        'metric_snapshots.trend',
      ].sort(),
    );
    for (const { spec } of enumColumns) {
      if (spec.pgType !== null) expect(spec.values).toBe(PG_ENUM_TYPES[spec.pgType]);
    }
  });

  it.each(enumColumns.filter((c) => !c.spec.array))(
    '$name accepts its values and names them all when rejecting',
    ({ table, column, spec }) => {
      for (const value of spec.values) expect(validateEnum(table, column as never, value)).toBe(value);
      const allowed = `one of ${spec.values.map((v) => JSON.stringify(v)).join(', ')}${spec.nullable ? ', or null' : ''}`;
      for (const bad of [
        'not_a_value',
        spec.values[0]!.toUpperCase(),
        3,
        undefined,
        ...(spec.nullable ? [] : [null]),
      ]) {
        const error = thrown(() => validateEnum(table, column as never, bad));
        expect(error.message).toBe(`${table}.${column}: got ${formatValue(bad)}; allowed: ${allowed}`);
      }
      if (spec.nullable) expect(validateEnum(table, column as never, null)).toBeNull();
    },
  );

  it('checks every element of metric_definitions.time_windows', () => {
    expect(validateEnum('metric_definitions', 'time_windows', ['daily', 'annual'])).toEqual([
      'daily',
      'annual',
    ]);
    expect(validateEnum('metric_definitions', 'time_windows', null)).toBeNull();
    expect(
      thrown(() => validateEnum('metric_definitions', 'time_windows', ['daily', 'hourly', 7])).issues.map(
        (i) => i.message,
      ),
    ).toEqual([
      'metric_definitions.time_windows[1]: got "hourly"; allowed: one of "daily", "weekly", "monthly", "quarterly", "annual"',
      'metric_definitions.time_windows[2]: got 7; allowed: one of "daily", "weekly", "monthly", "quarterly", "annual"',
    ]);
    expect(thrown(() => validateEnum('metric_definitions', 'time_windows', 'daily')).message).toBe(
      'metric_definitions.time_windows: got "daily"; allowed: an array of one of "daily", "weekly", "monthly", "quarterly", "annual", or null',
    );
  });

  it('has a non-throwing variant and refuses columns that are not enums', () => {
    expect(safeValidateEnum('metric_alerts', 'severity', 'critical')).toEqual({
      ok: true,
      value: 'critical',
    });
    const result = safeValidateEnum('metric_alerts', 'severity', 'fatal');
    expect(result.ok ? null : result.error.message).toBe(
      'metric_alerts.severity: got "fatal"; allowed: one of "info", "warning", "critical"',
    );
    expect(() => validateEnum('metric_alerts', 'alert_name' as never, 'x')).toThrow(
      'validateEnum: metric_alerts.alert_name is not a enum column; enum columns of metric_alerts: alert_type, severity',
    );
  });
});

describe('validateRow', () => {
  it('validates the JSONB and enum columns present and passes the others through', () => {
    const row = {
      widget_name: 'Uptime',
      widget_type: 'gauge',
      position: { x: 0, y: 0, w: 3, h: 2 },
      is_visible: true,
    };
    expect(validateRow('dashboard_widgets', row)).toEqual(row);
    expect(validateRow('metric_snapshots', { trend: null })).toEqual({ trend: null });
    expect(validateRow('dashboard_widgets', { position: undefined })).toEqual({ position: undefined });
  });

  it('rejects keys that are not columns of the table, listing the columns', () => {
    expect(thrown(() => validateRow('roles', { role_name: 'auditor', colour: 'red' })).message).toBe(
      'roles.colour: got "red"; allowed: no such column; the columns of roles are id, organization_id, role_name, created_at, external_id',
    );
  });

  it('throws the first invalid column, in key order', () => {
    const error = thrown(() =>
      validateRow('dashboard_widgets', { widget_type: 'sparkline', position: { x: 0, y: 0, w: 0, h: 1 } }),
    );
    expect(error.column).toBe('widget_type');
    expect(error.message).toMatch(
      /^dashboard_widgets\.widget_type: got "sparkline"; allowed: one of "metric_card", /,
    );
    const result = safeValidateRow('dashboard_widgets', { position: { x: 0, y: 0, w: 0, h: 1 } });
    expect(result.ok ? null : result.error.message).toBe(
      'dashboard_widgets.position.w: got 0; allowed: an integer >= 1',
    );
  });

  it('checks visualization_config strictly for the widget type of the row', () => {
    const config = { title: 'Uptime', notAnOption: 1 };
    // Without the widget type only the keys common to every widget are checked.
    expect(validateRow('dashboard_widgets', { visualization_config: config })).toEqual({
      visualization_config: config,
    });
    const error = thrown(() =>
      validateRow('dashboard_widgets', { widget_type: 'gauge', visualization_config: config }),
    );
    expect(error.issues.map((i) => i.field)).toEqual(['dashboard_widgets.visualization_config.notAnOption']);
    expect(error.message).toMatch(
      /^dashboard_widgets\.visualization_config\.notAnOption: got 1; allowed: only the keys title, /,
    );
  });
});
