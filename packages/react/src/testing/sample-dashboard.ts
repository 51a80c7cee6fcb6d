/**
 * A small stored dashboard and its dashboard-data answers, shaped as the HTTP API sends them
 * (JSON, ISO timestamps): for host tests (behind msw) and host stories (behind a fake fetch).
 */

export const ORG = '0190b000-0000-7000-8000-000000000000';
export const DASHBOARD_ID = '0190b000-0000-7000-8000-0000000000d1';
export const METRIC_ID = '0190b000-0000-7000-8000-0000000000e1';

/** Widget ids of the sample dashboard, by role. */
export const WIDGET_IDS = {
  card: '0190b000-0000-7000-8000-0000000000a1',
  line: '0190b000-0000-7000-8000-0000000000a2',
  bar: '0190b000-0000-7000-8000-0000000000a3',
  notes: '0190b000-0000-7000-8000-0000000000a4',
} as const;

const AUDIT = {
  organization_id: ORG,
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
  created_by: null,
  updated_by: null,
};

function widget(
  id: string,
  widget_name: string,
  widget_type: string,
  position: { x: number; y: number; w: number; h: number },
  visualization_config: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
) {
  return {
    id,
    dashboard_id: DASHBOARD_ID,
    widget_name,
    widget_type,
    position,
    metric_ids: widget_type === 'text' ? null : [METRIC_ID],
    visualization_config,
    data_config: null,
    interaction_config: null,
    refresh_interval_override: null,
    is_visible: true,
    ...AUDIT,
    ...extra,
  };
}

/** The sample dashboard with its widgets (`GET /dashboards/:id`); `overrides` change dashboard columns. */
export function sampleDashboard(overrides: Record<string, unknown> = {}) {
  return {
    id: DASHBOARD_ID,
    dashboard_name: 'Compliance overview',
    description: 'Controls, risks and training at a glance.',
    dashboard_type: 'compliance',
    is_default: false,
    is_public: false,
    layout_config: { cols: 24, rowHeight: 40, margin: [16, 16] },
    refresh_interval_seconds: null,
    filters_config: {
      timeRange: { presets: ['last_7_days', 'last_30_days', 'year_to_date'], default: 'last_30_days' },
      aggregationLevel: { options: ['org', 'department'], default: 'org' },
    },
    theme: 'light',
    tags: null,
    owner_id: null,
    deleted_at: null,
    deleted_by: null,
    version: 3,
    permission: 'view',
    ...AUDIT,
    // Listed out of position order on purpose: the host orders them.
    widgets: [
      widget(
        WIDGET_IDS.line,
        'Controls passing over time',
        'line_chart',
        { x: 0, y: 6, w: 24, h: 8 },
        { unit: '%' },
      ),
      widget(WIDGET_IDS.card, 'Controls passing', 'metric_card', { x: 0, y: 0, w: 8, h: 6 }, { unit: '%' }),
      widget(WIDGET_IDS.bar, 'Open risks by department', 'bar_chart', { x: 8, y: 0, w: 10, h: 6 }),
      widget(
        WIDGET_IDS.notes,
        'Notes',
        'text',
        { x: 18, y: 0, w: 6, h: 6 },
        { markdown: 'Reviewed **weekly**.' },
      ),
    ],
    ...overrides,
  };
}

/** A calculation row as the API sends it. */
function calculation(day: number, value: number, aggregation_id: string | null = null) {
  const start = new Date(Date.UTC(2026, 0, day));
  return {
    id: `0190c000-0000-7000-8000-${String(day).padStart(12, '0')}`,
    metric_id: METRIC_ID,
    period_start: start.toISOString(),
    period_end: new Date(start.getTime() + 86_400_000).toISOString(),
    aggregation_level: aggregation_id ? 'department' : 'org',
    aggregation_id,
    metric_value: value,
    previous_value: value - 1,
    change_percentage: 1.2,
    target_value: 95,
    sample_size: 120,
    data_quality_score: 0.98,
    calculation_status: 'success',
    organization_id: ORG,
  };
}

const RANGE = { from: '2026-01-01T00:00:00.000Z', to: '2026-01-31T00:00:00.000Z', preset: 'last_30_days' };

function read(
  kind: 'series' | 'latest',
  label: string | null,
  rows: unknown[],
  aggregationId: string | null = null,
) {
  return {
    kind,
    role: 'value',
    metricId: METRIC_ID,
    label,
    aggregationLevel: aggregationId ? 'department' : 'org',
    aggregationId,
    source: 'calculations',
    rows,
  };
}

/**
 * The answer of `GET /dashboards/:id/data` for the widgets `ids` (default: all); a widget in
 * `failing` gets an error entry. Values shift with `level` so a filter change shows.
 */
export function sampleDashboardData(
  options: { ids?: readonly string[]; failing?: readonly string[]; level?: string } = {},
) {
  const shift = options.level === 'department' ? -10 : 0;
  const series = Array.from({ length: 10 }, (_, i) => calculation(i + 1, 90 + shift + (i % 4)));
  const entries = {
    [WIDGET_IDS.card]: [read('latest', null, series.slice(-1)), read('series', null, series)],
    [WIDGET_IDS.line]: [read('series', 'Controls passing', series)],
    [WIDGET_IDS.bar]: [
      read('latest', 'Finance', [calculation(10, 12 + shift, '0190d000-0000-7000-8000-000000000001')]),
      read('latest', 'Legal', [calculation(10, 7 + shift, '0190d000-0000-7000-8000-000000000002')]),
      read('latest', 'IT', [calculation(10, 19 + shift, '0190d000-0000-7000-8000-000000000003')]),
    ],
    [WIDGET_IDS.notes]: [],
  } as Record<string, unknown[]>;
  const ids = options.ids ?? Object.values(WIDGET_IDS);
  return {
    dashboardId: DASHBOARD_ID,
    version: 3,
    widgets: ids.map((widgetId) =>
      options.failing?.includes(widgetId)
        ? {
            widgetId,
            ok: false,
            error: {
              code: 'invalid_widget',
              field: 'data_config.aggregation_level',
              value: 'team',
              allowed: 'a level of the metric',
              message: 'The metric has no values at the level "team".',
            },
          }
        : {
            widgetId,
            ok: true,
            range: RANGE,
            comparisonRange: null,
            sort: null,
            limit: null,
            reads: entries[widgetId] ?? [],
          },
    ),
  };
}

/**
 * A fetch that answers the two requests a host makes from the sample data (for stories and
 * examples without a server): `failing` widgets get an error entry.
 */
export function sampleFetch(
  options: { failing?: readonly string[]; dashboard?: Record<string, unknown> } = {},
) {
  return async (input: RequestInfo | URL): Promise<Response> => {
    const url = new URL(String(input), 'http://host.invalid');
    const json = (body: unknown) =>
      new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    if (url.pathname.endsWith('/data')) {
      const filters = JSON.parse(url.searchParams.get('filters') ?? '{}') as { aggregationLevel?: string };
      const ids = url.searchParams.get('widgets')?.split(',');
      return json(
        sampleDashboardData({
          ...(ids ? { ids } : {}),
          ...(options.failing ? { failing: options.failing } : {}),
          ...(filters.aggregationLevel ? { level: filters.aggregationLevel } : {}),
        }),
      );
    }
    return json(sampleDashboard(options.dashboard));
  };
}
