/**
 * The served demo: seeded into an embedded database in a temporary data folder (and into a scratch
 * PostgreSQL database when `TEST_DATABASE_URL` is set), served on a free port, asked over HTTP for
 * its dashboards and their data as a browser would, then restarted on the same database (the data
 * is kept, nothing is seeded twice).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '@arion-metrics/core';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestEngine, scratchDatabase, TEST_ENGINES } from '../testing/test-engines';
import { COMPLIANCE_SLUG } from './compliance-organization';
import { type DemoServer, PortInUseError, startDemoServer } from './demo-server';
import { type PreparedDemo, prepareComplianceDemo } from './prepare-compliance-demo';

/** Swallows the demo's progress output. */
const quiet = { write: () => true, isTTY: false };
/** Fewer days before serving than the demo's 90 keep the test short; every widget still has data. */
const RECENT_DAYS = 35;

interface Slot {
  readonly widgetId: string;
  readonly ok: boolean;
  readonly error?: { readonly message: string };
  readonly reads?: readonly { readonly rows: readonly unknown[] }[];
}

describe.each(TEST_ENGINES)('the served demo on %s', (engine) => {
  const scratch = engine === 'postgres' ? scratchDatabase('arion_demo_server') : undefined;
  let dataDir: string;
  let db: Kysely<Database>;
  let demo: PreparedDemo;
  let server: DemoServer;
  const get = (path: string) => fetch(new URL(path, server.url));

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'arion-demo-'));
    await scratch?.create();
    db = await openTestEngine(engine, scratch ? { scratch } : { dataDir });
    demo = await prepareComplianceDemo(db, { recentDays: RECENT_DAYS, output: quiet });
    server = await startDemoServer({
      db,
      principals: demo.organization.principals,
      port: 0,
      viteLogLevel: 'silent',
    });
  });
  afterAll(async () => {
    await server?.close();
    await db?.destroy();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    await scratch?.drop();
  });

  it('lists the four dashboards to the seeded admin', async () => {
    const response = await get('/api/dashboards');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { items: { dashboard_name: string; dashboard_type: string }[] };
    expect(body.items.map((d) => d.dashboard_type).sort()).toEqual([
      'compliance',
      'executive',
      'operational',
      'risk',
    ]);
  });

  it('answers every widget of every dashboard with data, with no error slot', async () => {
    const list = (await (await get('/api/dashboards')).json()) as { items: { id: string }[] };
    const seenTypes = new Set<string>();
    for (const { id } of list.items) {
      const widgets = (await (await get(`/api/dashboards/${id}/widgets`)).json()) as {
        items: { id: string; widget_type: string }[];
      };
      const response = await get(`/api/dashboards/${id}/data`);
      expect(response.status).toBe(200);
      const data = (await response.json()) as { widgets: Slot[] };
      expect(data.widgets.map((w) => w.widgetId).sort()).toEqual(widgets.items.map((w) => w.id).sort());
      for (const slot of data.widgets) {
        const type = widgets.items.find((w) => w.id === slot.widgetId)!.widget_type;
        seenTypes.add(type);
        expect(slot.error?.message ?? null, `${type} widget ${slot.widgetId}`).toBeNull();
        if (type === 'text' || type === 'image') continue;
        expect(slot.reads?.length, `${type} widget ${slot.widgetId} reads`).toBeGreaterThan(0);
        for (const read of slot.reads ?? [])
          expect(read.rows.length, `${type} widget rows`).toBeGreaterThan(0);
      }
    }
    expect([...seenTypes].sort()).toEqual(
      [
        'bar_chart',
        'gauge',
        'heatmap',
        'image',
        'line_chart',
        'map',
        'metric_card',
        'pie_chart',
        'table',
        'text',
      ].sort(),
    );
  });

  it('gives the executive dashboard twelve or more widgets', async () => {
    const list = (await (await get('/api/dashboards?dashboardType=executive')).json()) as {
      items: { id: string }[];
    };
    const widgets = (await (await get(`/api/dashboards/${list.items[0]!.id}/widgets`)).json()) as {
      items: unknown[];
    };
    expect(widgets.items.length).toBeGreaterThanOrEqual(12);
  });

  it('places every widget inside its dashboard’s grid, no two overlapping', async () => {
    type Position = { x: number; y: number; w: number; h: number };
    const list = (await (await get('/api/dashboards')).json()) as {
      items: { id: string; dashboard_name: string; layout_config: { cols: number } }[];
    };
    for (const dashboard of list.items) {
      const widgets = (await (await get(`/api/dashboards/${dashboard.id}/widgets`)).json()) as {
        items: { widget_name: string; position: Position }[];
      };
      const cols = dashboard.layout_config.cols;
      const outside = widgets.items.filter((w) => w.position.x + w.position.w > cols);
      expect(
        outside.map((w) => w.widget_name),
        `${dashboard.dashboard_name} on ${cols} columns`,
      ).toEqual([]);
      const overlaps = (a: Position, b: Position) =>
        a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
      const pairs = widgets.items.flatMap((a, i) =>
        widgets.items
          .slice(i + 1)
          .flatMap((b) => (overlaps(a.position, b.position) ? [`${a.widget_name} × ${b.widget_name}`] : [])),
      );
      expect(pairs, dashboard.dashboard_name).toEqual([]);
    }
  });

  it('signs in as the viewer with ?as=viewer, who may view but not change a dashboard', async () => {
    const list = (await (await get('/api/dashboards?as=viewer')).json()) as {
      items: { id: string; permission: string }[];
    };
    expect(list.items).toHaveLength(4);
    expect(new Set(list.items.map((d) => d.permission))).toEqual(new Set(['view']));
    const patch = await fetch(new URL(`/api/dashboards/${list.items[0]!.id}?as=viewer`, server.url), {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', 'if-match': '"1"' },
      body: JSON.stringify({ dashboard_name: 'Renamed by a viewer' }),
    });
    expect(patch.status).toBe(403);
  });

  it('refuses an unknown demo user with 401', async () => {
    expect((await get('/api/dashboards?as=mallory')).status).toBe(401);
  });

  it('serves the browser page at /', async () => {
    const response = await get('/');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<div id="root"></div>');
    expect(html).toContain('main.tsx');
  });

  it('says clearly when the port is taken', async () => {
    const second = startDemoServer({
      db,
      principals: demo.organization.principals,
      port: server.port,
      web: false,
    });
    await expect(second).rejects.toBeInstanceOf(PortInUseError);
    await expect(second).rejects.toThrow(`port ${server.port} on 127.0.0.1 is already in use`);
  });

  it('keeps the data on restart: the same organization, nothing seeded again', async () => {
    const before = demo.organization.organizationId;
    await server.close();
    await db.destroy();
    db = await openTestEngine(engine, scratch ? { scratch } : { dataDir });
    const again = await prepareComplianceDemo(db, { recentDays: RECENT_DAYS, output: quiet });
    expect(again.resumed).toBe(true);
    expect(again.organization.organizationId).toBe(before);
    const orgs = await db
      .selectFrom('organizations')
      .select('id')
      .where('slug', '=', COMPLIANCE_SLUG)
      .execute();
    expect(orgs.map((o) => o.id)).toEqual([before]);
    server = await startDemoServer({ db, principals: again.organization.principals, port: 0, web: false });
    const list = (await (await get('/api/dashboards')).json()) as { items: unknown[] };
    expect(list.items).toHaveLength(4);
  });
});
