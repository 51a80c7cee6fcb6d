import type { Database } from '@arion-metrics/core';
import { type Kysely, sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENGINES, useTestDatabase } from '../testing/test-database';
import { dashboardRepository } from './dashboard-repository';
import { metricRepository } from './metric-repository';
import type { Principal } from './principal';
import { sharingRepository } from './sharing-repository';
import {
  NotFoundError,
  PermissionDeniedError,
  StoreValidationError,
  VersionConflictError,
} from './store-errors';
import { createTestOrganization, type TestOrganization } from './test-organization';
import { type WidgetInput, widgetRepository } from './widget-repository';

async function widgetCount(db: Kysely<Database>, dashboardId: string): Promise<number> {
  const row = await db
    .selectFrom('dashboard_widgets')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('dashboard_id', '=', dashboardId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const card = (overrides: Partial<WidgetInput> = {}): WidgetInput => ({
  widget_name: 'Open findings',
  widget_type: 'metric_card',
  position: { x: 0, y: 0, w: 3, h: 2 },
  ...overrides,
});

describe.each(TEST_ENGINES)('widget repository on %s', (engine) => {
  const t = useTestDatabase(engine);
  let org: TestOrganization;
  let owner: Principal;
  let dashboardId: string;
  beforeAll(async () => {
    org = await createTestOrganization(t.db);
    owner = org.principal(0);
    // Metrics of the fixture are private and created by nobody: make two of them public so that
    // everyone can see them; metrics[2] stays invisible to everyone but a metric admin.
    await sql`UPDATE metric_definitions SET is_public = true WHERE id IN (${org.metrics[0]}, ${org.metrics[1]})`.execute(
      t.db,
    );
    dashboardId = (await dashboardRepository(t.db, owner).create({ dashboard_name: 'With widgets' })).id;
  });

  it('adds a widget with audit columns from the principal and the config checked for its type', async () => {
    const widgets = widgetRepository(t.db, owner);
    const created = await widgets.create(dashboardId, {
      widget_name: 'Trend',
      widget_type: 'line_chart',
      position: { x: 3, y: 0, w: 6, h: 4 },
      metric_ids: [org.metrics[0]!, org.metrics[1]!],
      visualization_config: { curve: 'step', showLegend: true },
      data_config: { series: [{ metricId: org.metrics[0]! }], timeRange: 'last_90_days' },
      interaction_config: { click: { action: 'drill_down', dashboardId } },
      refresh_interval_override: 300,
    });
    expect(created).toMatchObject({
      dashboard_id: dashboardId,
      widget_type: 'line_chart',
      metric_ids: [org.metrics[0], org.metrics[1]],
      visualization_config: { curve: 'step', showLegend: true },
      is_visible: true,
      created_by: org.users[0],
      updated_by: org.users[0],
      organization_id: org.organizationId,
    });
    expect(await widgets.get(created.id)).toEqual(created);
  });

  it('gives a widget without a visualization_config an empty one, when its type allows that', async () => {
    const widget = await widgetRepository(t.db, owner).create(dashboardId, card());
    expect(widget.visualization_config).toEqual({});
    const error = await widgetRepository(t.db, owner)
      .create(dashboardId, card({ widget_type: 'text' }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreValidationError);
    expect((error as StoreValidationError).field).toBe('dashboard_widgets.visualization_config.markdown');
  });

  it('refuses bad input with an error naming the field and the value, and writes nothing', async () => {
    const widgets = widgetRepository(t.db, owner);
    const before = await widgetCount(t.db, dashboardId);
    const other = await createTestOrganization(t.db, 2);
    const otherDashboard = (
      await dashboardRepository(t.db, other.principal(0)).create({ dashboard_name: 'x' })
    ).id;
    const cases: [object, string, unknown][] = [
      [card({ widget_name: ' ' }), 'dashboard_widgets.widget_name', ' '],
      [card({ widget_type: 'sparkline' as never }), 'dashboard_widgets.widget_type', 'sparkline'],
      [card({ position: { x: -1, y: 0, w: 3, h: 2 } }), 'dashboard_widgets.position.x', -1],
      [card({ position: { x: 0, y: 0, width: 3, h: 2 } as never }), 'dashboard_widgets.position', undefined],
      [
        card({ widget_type: 'gauge', visualization_config: { curve: 'linear' } as never }),
        'dashboard_widgets.visualization_config',
        undefined,
      ],
      [
        card({ widget_type: 'image', visualization_config: { src: 'javascript:alert(1)', alt: 'x' } }),
        'dashboard_widgets.visualization_config.src',
        'javascript:alert(1)',
      ],
      [card({ data_config: { limit: 0 } }), 'dashboard_widgets.data_config.limit', 0],
      [
        card({ interaction_config: { click: { action: 'open_url', url: 'javascript:x' } } }),
        'dashboard_widgets.interaction_config.click.url',
        'javascript:x',
      ],
      [card({ metric_ids: ['m1'] }), 'dashboard_widgets.metric_ids[0]', 'm1'],
      [
        card({ metric_ids: [org.metrics[0]!, org.metrics[0]!] }),
        'dashboard_widgets.metric_ids[1]',
        org.metrics[0],
      ],
      // A metric of another organization, and one the principal cannot see: the same error.
      [
        card({ metric_ids: [org.metrics[0]!, other.metrics[0]!] }),
        'dashboard_widgets.metric_ids[1]',
        other.metrics[0],
      ],
      [card({ metric_ids: [org.metrics[2]!] }), 'dashboard_widgets.metric_ids[0]', org.metrics[2]],
      [
        card({ data_config: { series: [{ metricId: other.metrics[1]! }] } }),
        'dashboard_widgets.data_config.series[0].metricId',
        other.metrics[1],
      ],
      [
        card({ interaction_config: { click: { action: 'drill_down', dashboardId: otherDashboard } } }),
        'dashboard_widgets.interaction_config.click.dashboardId',
        otherDashboard,
      ],
      [card({ refresh_interval_override: -5 }), 'dashboard_widgets.refresh_interval_override', -5],
      [{ ...card(), created_by: org.users[1] }, 'dashboard_widgets.created_by', org.users[1]],
      [{ ...card(), dashboard_id: dashboardId }, 'dashboard_widgets.dashboard_id', dashboardId],
      [
        { position: { x: 0, y: 0, w: 1, h: 1 }, widget_type: 'map' },
        'dashboard_widgets.widget_name',
        undefined,
      ],
    ];
    for (const [input, field, value] of cases) {
      const error = await widgets.create(dashboardId, input as never).catch((e: unknown) => e);
      expect(error, JSON.stringify(input)).toBeInstanceOf(StoreValidationError);
      const got = error as StoreValidationError;
      expect(got.field.startsWith(field), `${got.field} for ${JSON.stringify(input)}`).toBe(true);
      if (value !== undefined) expect(got.value).toEqual(value);
      expect(got.message).toContain('allowed:');
    }
    expect(await widgetCount(t.db, dashboardId)).toBe(before);
  });

  it('refuses a metric that was soft-deleted', async () => {
    const o = await createTestOrganization(t.db, 2);
    await sql`UPDATE metric_definitions SET is_public = true, deleted_at = now() WHERE id = ${o.metrics[0]}`.execute(
      t.db,
    );
    const d = await dashboardRepository(t.db, o.principal(0)).create({ dashboard_name: 'deleted metric' });
    await expect(
      widgetRepository(t.db, o.principal(0)).create(d.id, card({ metric_ids: [o.metrics[0]!] })),
    ).rejects.toThrow(
      /metric_ids\[0\]: got ".*"; allowed: the id of a live metric of this organization that you can see/,
    );
  });

  it('re-checks the visualization_config when the widget_type changes', async () => {
    const widgets = widgetRepository(t.db, owner);
    const w = await widgets.create(dashboardId, card({ visualization_config: { showSparkline: true } }));
    await expect(widgets.update(w.id, { widget_type: 'gauge' })).rejects.toThrow(
      /dashboard_widgets\.visualization_config/,
    );
    expect((await widgets.get(w.id)).widget_type).toBe('metric_card');
    const gauge = await widgets.update(w.id, {
      widget_type: 'gauge',
      visualization_config: { min: 0, max: 100 },
    });
    expect(gauge).toMatchObject({ widget_type: 'gauge', visualization_config: { min: 0, max: 100 } });
    await expect(
      widgets.update(w.id, { visualization_config: { showSparkline: true } as never }),
    ).rejects.toThrow(StoreValidationError);
  });

  it('updates a widget, recording who changed it, and refuses store-filled fields', async () => {
    await sharingRepository(t.db, owner).grant(dashboardId, {
      shared_with_type: 'user',
      shared_with_id: org.users[1]!,
      permission_level: 'edit',
    });
    const w = await widgetRepository(t.db, owner).create(dashboardId, card());
    const editor = widgetRepository(t.db, org.principal(1));
    const moved = await editor.update(w.id, { position: { x: 6, y: 2, w: 3, h: 2 }, is_visible: false });
    expect(moved).toMatchObject({
      position: { x: 6, y: 2, w: 3, h: 2 },
      is_visible: false,
      updated_by: org.users[1],
    });
    expect(moved.created_by).toBe(org.users[0]);
    await expect(editor.update(w.id, { updated_by: org.users[2] } as never)).rejects.toThrow(
      /filled by the store/,
    );
    await expect(editor.update(w.id, { metric_ids: [org.metrics[2]!] })).rejects.toThrow(/metric_ids\[0\]/);
    expect((await editor.get(w.id)).metric_ids).toBeNull();
  });

  it("bumps the dashboard's version, updated_by and updated_at on every widget create, update and delete, and only then", async () => {
    const dashboards = dashboardRepository(t.db, owner);
    const board = await dashboards.create({ dashboard_name: `Versioned ${Math.random()}` });
    // An editor (not the owner) makes the widget edits, so updated_by shows who did.
    await sharingRepository(t.db, owner).grant(board.id, {
      shared_with_type: 'user',
      shared_with_id: org.users[1]!,
      permission_level: 'edit',
    });
    const widgets = widgetRepository(t.db, org.principal(1));
    const stateOf = async () => {
      const d = await dashboards.get(board.id);
      return { version: d.version, updated_by: d.updated_by, updated_at: d.updated_at.getTime() };
    };
    const start = await stateOf();
    const steps: [string, () => Promise<unknown>][] = [];
    let widgetId = '';
    steps.push(['create', async () => (widgetId = (await widgets.create(board.id, card())).id)]);
    steps.push(['update', () => widgets.update(widgetId, { widget_name: 'Renamed' })]);
    steps.push(['delete', () => widgets.delete(widgetId)]);
    let previous = start;
    for (const [step, run] of steps) {
      await run();
      const now = await stateOf();
      expect({ step, version: now.version, updated_by: now.updated_by }).toEqual({
        step,
        version: previous.version + 1,
        updated_by: org.users[1],
      });
      expect(now.updated_at).toBeGreaterThanOrEqual(previous.updated_at);
      previous = now;
    }
    // A dashboard update based on the version read before the widget edits is refused.
    await expect(dashboards.update(board.id, start.version, { theme: 'dark' })).rejects.toBeInstanceOf(
      VersionConflictError,
    );
    // A refused widget write (a metric nobody but an admin can see) leaves the version alone.
    await expect(widgets.create(board.id, card({ metric_ids: [org.metrics[2]!] }))).rejects.toBeInstanceOf(
      StoreValidationError,
    );
    expect((await stateOf()).version).toBe(previous.version);
  });

  it('lists widgets top to bottom then left to right, optionally only the visible ones', async () => {
    const d = (await dashboardRepository(t.db, owner).create({ dashboard_name: 'Ordered' })).id;
    const widgets = widgetRepository(t.db, owner);
    const at = (name: string, x: number, y: number, is_visible = true) =>
      widgets.create(d, card({ widget_name: name, position: { x, y, w: 1, h: 1 }, is_visible }));
    await at('c', 0, 10);
    await at('b', 5, 2);
    await at('a', 1, 2);
    await at('hidden', 0, 0, false);
    expect((await widgets.list(d)).map((w) => w.widget_name)).toEqual(['hidden', 'a', 'b', 'c']);
    expect((await widgets.list(d, { visibleOnly: true })).map((w) => w.widget_name)).toEqual(['a', 'b', 'c']);
  });

  it('needs view to read widgets and edit to add, change or remove them', async () => {
    const d = (await dashboardRepository(t.db, owner).create({ dashboard_name: 'Widget rights' })).id;
    const w = await widgetRepository(t.db, owner).create(d, card());
    await sharingRepository(t.db, owner).grant(d, {
      shared_with_type: 'user',
      shared_with_id: org.users[1]!,
      permission_level: 'view',
    });
    const viewer = widgetRepository(t.db, org.principal(1));
    const stranger = widgetRepository(t.db, org.principal(2));
    expect((await viewer.list(d)).map((x) => x.id)).toEqual([w.id]);
    await expect(viewer.get(w.id)).resolves.toMatchObject({ id: w.id });
    await expect(viewer.create(d, card())).rejects.toBeInstanceOf(PermissionDeniedError);
    await expect(viewer.update(w.id, { widget_name: 'x' })).rejects.toBeInstanceOf(PermissionDeniedError);
    await expect(viewer.delete(w.id)).rejects.toBeInstanceOf(PermissionDeniedError);
    await expect(stranger.list(d)).rejects.toBeInstanceOf(NotFoundError);
    await expect(stranger.get(w.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(stranger.update(w.id, { widget_name: 'x' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(stranger.delete(w.id)).rejects.toBeInstanceOf(NotFoundError);
    expect(await widgetCount(t.db, d)).toBe(1);
    expect((await widgetRepository(t.db, owner).get(w.id)).widget_name).toBe('Open findings');
  });

  it('removes a widget, and hides the widgets of a soft-deleted dashboard', async () => {
    const dashboards = dashboardRepository(t.db, owner);
    const d = (await dashboards.create({ dashboard_name: 'Widgets go' })).id;
    const widgets = widgetRepository(t.db, owner);
    const a = await widgets.create(d, card());
    const b = await widgets.create(d, card({ widget_name: 'b' }));
    await widgets.delete(a.id);
    await expect(widgets.get(a.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(widgets.delete(a.id)).rejects.toBeInstanceOf(NotFoundError);
    await dashboards.delete(d);
    await expect(widgets.get(b.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(widgets.list(d)).rejects.toBeInstanceOf(NotFoundError);
    await expect(widgets.create(d, card())).rejects.toBeInstanceOf(NotFoundError);
    expect(await widgetCount(t.db, d)).toBe(1);
  });

  it('answers not found for ids that are not UUIDs', async () => {
    const widgets = widgetRepository(t.db, owner);
    await expect(widgets.get('w1')).rejects.toBeInstanceOf(NotFoundError);
    await expect(widgets.update('w1', {})).rejects.toBeInstanceOf(NotFoundError);
    await expect(widgets.delete('w1')).rejects.toBeInstanceOf(NotFoundError);
    await expect(widgets.list('d1')).rejects.toBeInstanceOf(NotFoundError);
    await expect(widgets.create('d1', card())).rejects.toBeInstanceOf(NotFoundError);
  });

  it('makes a metric it shows visible to the viewers of the dashboard', async () => {
    // metrics[3] is private and owned by users[0]; users[1] cannot see it until a dashboard they
    // can view shows it (the metric rule of metric-access.ts, which reads the widgets).
    await sql`UPDATE metric_definitions SET owner_id = ${org.users[0]} WHERE id = ${org.metrics[3]}`.execute(
      t.db,
    );
    const d = (await dashboardRepository(t.db, owner).create({ dashboard_name: 'Reveals', is_public: true }))
      .id;
    const viewerWidgets = widgetRepository(t.db, org.principal(3));
    const probe = () =>
      sharingRepository(t.db, owner)
        .grant(d, { shared_with_type: 'user', shared_with_id: org.users[3]!, permission_level: 'edit' })
        .then(() => viewerWidgets.create(d, card({ metric_ids: [org.metrics[3]!] })));
    await expect(probe()).rejects.toThrow(/metric_ids\[0\]/);
    await widgetRepository(t.db, owner).create(d, card({ metric_ids: [org.metrics[3]!] }));
    await expect(probe()).resolves.toMatchObject({ metric_ids: [org.metrics[3]] });
  });

  it('refuses an editor un-hiding a widget that holds a metric the editor cannot see, and reveals nothing', async () => {
    // A private metric of the owner, on a hidden widget of a dashboard the owner shares for edit.
    const secret = await metricRepository(t.db, owner).create({
      metric_name: 'secret_headcount_plan',
      display_name: 'Secret',
      metric_category: 'operational',
      metric_type: 'count',
      calculation_method: 'manual',
      data_sources: { tables: [] },
      direction: 'higher_better',
    });
    const board = (await dashboardRepository(t.db, owner).create({ dashboard_name: 'Hidden widget board' }))
      .id;
    for (const [user, level] of [
      [2, 'edit'],
      [3, 'view'],
    ] as const) {
      await sharingRepository(t.db, owner).grant(board, {
        shared_with_type: 'user',
        shared_with_id: org.users[user]!,
        permission_level: level,
      });
    }
    const hidden = await widgetRepository(t.db, owner).create(
      board,
      card({ widget_name: 'Parked', metric_ids: [secret.id], is_visible: false }),
    );
    const editor = widgetRepository(t.db, org.principal(2));
    const viewerMetrics = metricRepository(t.db, org.principal(3));
    await expect(metricRepository(t.db, org.principal(2)).get(secret.id)).rejects.toBeInstanceOf(
      NotFoundError,
    );

    const error = await editor.update(hidden.id, { is_visible: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreValidationError);
    expect((error as StoreValidationError).field).toBe('dashboard_widgets.metric_ids[0]');
    expect((error as Error).message).not.toContain('secret_headcount_plan');
    // Any other change of that widget re-checks too: the refusal does not depend on is_visible.
    await expect(editor.update(hidden.id, { widget_name: 'Renamed' })).rejects.toThrow(/metric_ids\[0\]/);
    expect(await widgetRepository(t.db, owner).get(hidden.id)).toMatchObject({
      is_visible: false,
      widget_name: 'Parked',
    });
    await expect(metricRepository(t.db, org.principal(2)).get(secret.id)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(viewerMetrics.get(secret.id)).rejects.toBeInstanceOf(NotFoundError);
    // Its owner, who can see the metric, may show it to the dashboard's viewers.
    await expect(
      widgetRepository(t.db, owner).update(hidden.id, { is_visible: true }),
    ).resolves.toMatchObject({
      is_visible: true,
    });
    await expect(viewerMetrics.get(secret.id)).resolves.toMatchObject({
      metric_name: 'secret_headcount_plan',
    });
  });
});
