/**
 * Regression tests of issue 13's input findings (7–12 and the size limits of 14), through the
 * store's public API on both engines: each hostile value is refused with a StoreValidationError
 * naming the field, before PostgreSQL sees it, and the refused write changes nothing.
 */

import type { Database } from '@arion-metrics/core';
import { MAX_JSON_DEPTH, MAX_MARKDOWN_NESTING } from '@arion-metrics/core';
import { type Kysely, sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENGINES, useTestDatabase } from '../testing/test-database';
import { openStore, type Store } from './open-store';
import { StoreValidationError } from './store-errors';
import { createTestOrganization, type TestOrganization } from './test-organization';

/** Rows of every table the tests below write to, for the organization: a refused write changes none. */
async function footprint(db: Kysely<Database>, organizationId: string): Promise<string> {
  const { rows } = await sql<Record<string, number>>`SELECT
      (SELECT count(*)::int FROM metric_definitions WHERE organization_id = ${organizationId}) AS metrics,
      (SELECT count(*)::int FROM metric_calculations WHERE organization_id = ${organizationId}) AS calculations,
      (SELECT count(*)::int FROM metric_snapshots WHERE organization_id = ${organizationId}) AS snapshots,
      (SELECT count(*)::int FROM analytics_dashboards WHERE organization_id = ${organizationId}) AS dashboards,
      (SELECT count(*)::int FROM dashboard_widgets WHERE organization_id = ${organizationId}) AS widgets,
      (SELECT count(*)::int FROM dashboard_sharing WHERE organization_id = ${organizationId}) AS grants,
      (SELECT count(*)::int FROM metric_alerts WHERE organization_id = ${organizationId}) AS alerts,
      (SELECT count(*)::int FROM metric_alert_history WHERE organization_id = ${organizationId}) AS history`.execute(
    db,
  );
  return JSON.stringify(rows[0]);
}

/** A JSON value nested `levels` arrays deep around `1`. */
function nested(levels: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = [value];
  return value;
}

describe.each(TEST_ENGINES)('input limits of the store on %s', (engine) => {
  const t = useTestDatabase(engine);
  let org: TestOrganization;
  let store: Store;
  let metricId: string;
  let dashboardId: string;
  let alertId: string;

  /** Runs `write`, expects a StoreValidationError whose field matches `field`, and that nothing changed. */
  async function refused(
    write: () => Promise<unknown>,
    field: string | RegExp,
  ): Promise<StoreValidationError> {
    const before = await footprint(t.db, org.organizationId);
    const error = await write().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error, 'not refused with a StoreValidationError').toBeInstanceOf(StoreValidationError);
    const e = error as StoreValidationError;
    if (typeof field === 'string') expect(e.field).toBe(field);
    else expect(e.field).toMatch(field);
    expect(e.message).toContain(e.field);
    expect(await footprint(t.db, org.organizationId)).toBe(before);
    return e;
  }

  const calculation = (over: Record<string, unknown> = {}) => ({
    metric_id: metricId,
    period_start: '2026-01-01T00:00:00Z',
    period_end: '2026-01-02T00:00:00Z',
    aggregation_level: 'org',
    metric_value: 1,
    ...over,
  });

  beforeAll(async () => {
    org = await createTestOrganization(t.db);
    await sql`UPDATE metric_definitions SET owner_id = ${org.users[0]}, is_public = true WHERE id = ${org.metrics[0]}`.execute(
      t.db,
    );
    metricId = org.metrics[0]!;
    store = openStore(t.db, org.principal(0));
    dashboardId = (await store.dashboards.create({ dashboard_name: 'Limits' })).id;
    alertId = (
      await store.alerts.create({
        alert_name: 'Coverage',
        metric_id: metricId,
        alert_type: 'threshold',
        condition_config: { type: 'threshold', operator: '<', value: 90 },
      })
    ).id;
  });

  describe('finding 7: Markdown of a text widget nests at most MAX_MARKDOWN_NESTING levels', () => {
    const textWidget = (markdown: string) => ({
      widget_name: 'Notes',
      widget_type: 'text' as const,
      position: { x: 0, y: 0, w: 4, h: 2 },
      visualization_config: { markdown },
    });

    it.each([
      ['2000 block quotes', `${'>'.repeat(2000)} x`],
      ['2000 nested list items', `${'- '.repeat(2000)}x`],
      [
        `${MAX_MARKDOWN_NESTING + 1} lists nested by indentation`,
        Array.from({ length: MAX_MARKDOWN_NESTING + 1 }, (_, i) => `${' '.repeat(2 * i)}- x`).join('\n'),
      ],
      ['emphasis 2000 levels deep', `${'*'.repeat(2000)}x${'*'.repeat(2000)}`],
    ])('refuses a text widget with %s, naming the markdown field', async (_, markdown) => {
      const error = await refused(
        () => store.widgets.create(dashboardId, textWidget(markdown)),
        'dashboard_widgets.visualization_config.markdown',
      );
      expect(error.allowed).toContain(`at most ${MAX_MARKDOWN_NESTING} levels deep`);
    });

    it(`accepts ${MAX_MARKDOWN_NESTING} levels, and refuses a change of the content past them`, async () => {
      const deepest = `${'> '.repeat(MAX_MARKDOWN_NESTING)}x`;
      const widget = await store.widgets.create(dashboardId, textWidget(deepest));
      expect(widget.visualization_config).toEqual({ markdown: deepest });
      await refused(
        () => store.widgets.update(widget.id, { visualization_config: { markdown: `> ${deepest}` } }),
        'dashboard_widgets.visualization_config.markdown',
      );
      expect((await store.widgets.get(widget.id)).visualization_config).toEqual({ markdown: deepest });
    });
  });

  describe(`finding 8: JSON nested deeper than ${MAX_JSON_DEPTH} levels is refused naming the column`, () => {
    const deep = () => nested(100_000);
    const cases: [string, () => Promise<unknown>][] = [
      [
        'metric_definitions.data_sources',
        () =>
          store.metrics.create({
            metric_name: 'deep_a',
            display_name: 'd',
            metric_category: 'risk',
            metric_type: 'count',
            calculation_method: 'manual',
            direction: 'higher_better',
            data_sources: { tables: deep() },
          } as never),
      ],
      [
        'metric_definitions.parameters',
        () =>
          store.metrics.create({
            metric_name: 'deep_b',
            display_name: 'd',
            metric_category: 'risk',
            metric_type: 'count',
            calculation_method: 'manual',
            direction: 'higher_better',
            data_sources: { tables: ['t'] },
            parameters: { p: deep() },
          } as never),
      ],
      [
        'metric_definitions.threshold_config',
        () =>
          store.metrics.create({
            metric_name: 'deep_c',
            display_name: 'd',
            metric_category: 'risk',
            metric_type: 'count',
            calculation_method: 'manual',
            direction: 'higher_better',
            data_sources: { tables: ['t'] },
            threshold_config: { warning: deep() },
          } as never),
      ],
      [
        'metric_calculations[0].dimensions',
        () => store.calculations.upsert([calculation({ dimensions: { d: deep() } })]),
      ],
      [
        'metric_calculations[0].metadata',
        () => store.calculations.upsert([calculation({ metadata: { d: deep() } })]),
      ],
      [
        'analytics_dashboards.layout_config',
        () =>
          store.dashboards.create({ dashboard_name: 'deep', layout_config: { columns: deep() } } as never),
      ],
      [
        'analytics_dashboards.filters_config',
        () =>
          store.dashboards.create({
            dashboard_name: 'deep',
            filters_config: { dimensions: deep() },
          } as never),
      ],
      [
        'dashboard_widgets.position',
        () =>
          store.widgets.create(dashboardId, {
            widget_name: 'w',
            widget_type: 'metric_card',
            position: { x: deep(), y: 0, w: 1, h: 1 },
          } as never),
      ],
      [
        'dashboard_widgets.visualization_config',
        () =>
          store.widgets.create(dashboardId, {
            widget_name: 'w',
            widget_type: 'metric_card',
            position: { x: 0, y: 0, w: 1, h: 1 },
            visualization_config: { title: deep() },
          } as never),
      ],
      [
        'dashboard_widgets.data_config',
        () =>
          store.widgets.create(dashboardId, {
            widget_name: 'w',
            widget_type: 'metric_card',
            position: { x: 0, y: 0, w: 1, h: 1 },
            data_config: { series: deep() },
          } as never),
      ],
      [
        'dashboard_widgets.interaction_config',
        () =>
          store.widgets.create(dashboardId, {
            widget_name: 'w',
            widget_type: 'metric_card',
            position: { x: 0, y: 0, w: 1, h: 1 },
            interaction_config: { click: deep() },
          } as never),
      ],
      [
        'metric_alerts.condition_config',
        () =>
          store.alerts.create({
            alert_name: 'deep',
            metric_id: metricId,
            alert_type: 'threshold',
            condition_config: { type: 'threshold', operator: '<', value: deep() },
          } as never),
      ],
      [
        'metric_alerts.escalation_config',
        () =>
          store.alerts.create({
            alert_name: 'deep',
            metric_id: metricId,
            alert_type: 'threshold',
            condition_config: { type: 'threshold', operator: '<', value: 90 },
            escalation_config: { steps: deep() },
          } as never),
      ],
      [
        'metric_alert_history.condition_details',
        () => store.alerts.recordTrigger(alertId, { condition_details: { d: deep() } as never }),
      ],
    ];
    it.each(cases)('in %s', async (column, write) => {
      const error = await refused(write, new RegExp(`^${column.replace(/[.[\]]/g, '\\$&')}\\b`));
      expect(error.allowed).toBe(`at most ${MAX_JSON_DEPTH} levels of nested arrays and objects`);
    });
  });

  describe('finding 9: impossible calendar dates are refused, not shifted', () => {
    const feb30 = '2018-02-30T00:00:00Z';
    it('in period bounds of a calculation batch', async () => {
      await refused(
        () =>
          store.calculations.upsert([
            calculation({ period_start: '2018-02-28T00:00:00Z', period_end: feb30 }),
          ]),
        'metric_calculations[0].period_end',
      );
    });
    it('in the expiry of a dashboard grant', async () => {
      const error = await refused(
        () =>
          store.sharing.grant(dashboardId, {
            shared_with_type: 'user',
            shared_with_id: org.users[1]!,
            permission_level: 'view',
            expires_at: feb30,
          }),
        'dashboard_sharing.expires_at',
      );
      expect(error.allowed).toContain('day 30 does not exist in 2018-02');
    });
    it('in the trigger time of an alert', async () => {
      await refused(
        () => store.alerts.recordTrigger(alertId, { triggered_at: feb30 }),
        'metric_alert_history.triggered_at',
      );
    });
    it('in the bounds of a series read', async () => {
      const error = await store.calculations
        .series({ metric_id: metricId, aggregation_level: 'org', from: '2018-01-01T00:00:00Z', to: feb30 })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreValidationError);
      expect((error as StoreValidationError).field).toMatch(/\bto$/);
    });
  });

  describe('finding 10: unpaired UTF-16 surrogates in plain-text fields are refused naming the field', () => {
    it('in a metric name', async () => {
      await refused(
        () =>
          store.metrics.create({
            metric_name: 'lone_surrogate',
            display_name: 'Coverage \uD800',
            metric_category: 'risk',
            metric_type: 'count',
            calculation_method: 'manual',
            direction: 'higher_better',
            data_sources: { tables: ['t'] },
          } as never),
        'metric_definitions.display_name',
      );
    });
    it('in dashboard tags', async () => {
      await refused(
        () => store.dashboards.create({ dashboard_name: 'Tagged', tags: ['ok', 'bad\uDC00'] }),
        /^analytics_dashboards\.tags\[1\]$/,
      );
    });
    it('in the aggregation levels of a batch, so two of them can no longer collide in one statement', async () => {
      const error = await refused(
        () =>
          store.calculations.upsert([
            calculation({ aggregation_level: 'team\uD800' }),
            calculation({ aggregation_level: 'team\uD801' }),
          ]),
        'metric_calculations[0].aggregation_level',
      );
      expect(error.allowed).toContain('unpaired UTF-16 surrogate');
    });
  });

  describe('finding 11: timestamps outside 0001–9999 are refused naming the field before PostgreSQL sees them', () => {
    it.each([
      ['new Date(8.64e15)', new Date(8.64e15)],
      ['a Date in the year 10000', new Date('+010000-01-01T00:00:00Z')],
      ["'0000-01-01T00:00:00Z'", '0000-01-01T00:00:00Z'],
    ])('%s as a period start', async (_, value) => {
      await refused(
        () => store.calculations.upsert([calculation({ period_start: value })]),
        'metric_calculations[0].period_start',
      );
    });
    it('as a grant expiry and an alert trigger time', async () => {
      await refused(
        () =>
          store.sharing.grant(dashboardId, {
            shared_with_type: 'user',
            shared_with_id: org.users[1]!,
            permission_level: 'view',
            expires_at: new Date(8.64e15),
          }),
        'dashboard_sharing.expires_at',
      );
      await refused(
        () => store.alerts.recordTrigger(alertId, { triggered_at: '0000-01-01T00:00:00Z' }),
        'metric_alert_history.triggered_at',
      );
    });
    it("'0000-01-01' as a snapshot date", async () => {
      await refused(
        () =>
          store.snapshots.upsert([
            {
              snapshot_date: '0000-01-01',
              snapshot_type: 'daily',
              metric_id: metricId,
              aggregation_level: 'org',
              metric_value: 1,
            },
          ]),
        'metric_snapshots[0].snapshot_date',
      );
    });
  });

  describe('finding 12: a __proto__ key inside JSONB is refused, never silently dropped', () => {
    const withProto = () =>
      JSON.parse('{"__proto__": {"polluted": true}, "kept": 1}') as Record<string, unknown>;
    it.each([
      [
        'metric_definitions.parameters',
        () =>
          store.metrics.create({
            metric_name: 'proto_a',
            display_name: 'p',
            metric_category: 'risk',
            metric_type: 'count',
            calculation_method: 'manual',
            direction: 'higher_better',
            data_sources: { tables: ['t'] },
            parameters: withProto(),
          } as never),
      ],
      [
        'metric_calculations[0].metadata',
        () => store.calculations.upsert([calculation({ metadata: withProto() })]),
      ],
      [
        'dashboard_widgets.visualization_config',
        () =>
          store.widgets.create(dashboardId, {
            widget_name: 'w',
            widget_type: 'metric_card',
            position: { x: 0, y: 0, w: 1, h: 1 },
            visualization_config: withProto(),
          } as never),
      ],
      [
        'metric_alert_history.condition_details',
        () => store.alerts.recordTrigger(alertId, { condition_details: withProto() as never }),
      ],
    ])('in %s', async (column, write) => {
      const error = await refused(write, `${column}.__proto__`);
      expect(error.allowed).toContain('a key other than "__proto__"');
    });
  });

  describe('finding 14: the documented size limits of JSONB and array columns', () => {
    it('refuses a 50 MB string in metadata, naming its path', async () => {
      const error = await refused(
        () => store.calculations.upsert([calculation({ metadata: { dump: 'x'.repeat(50_000_000) } })]),
        'metric_calculations[0].metadata.dump',
      );
      expect(error.allowed).toContain('at most 65534 characters');
    });
    it('refuses an object of 1,000,000 keys', async () => {
      const huge: Record<string, number> = {};
      for (let i = 0; i < 1_000_000; i++) huge[`k${i}`] = i;
      const error = await refused(
        () =>
          store.dashboards.create({ dashboard_name: 'Huge', filters_config: { dimensions: huge } } as never),
        'analytics_dashboards.filters_config',
      );
      expect(error.allowed).toContain('at most 65536 characters');
    });
    it('refuses 100,000 tags', async () => {
      const tags = Array.from({ length: 100_000 }, (_, i) => `t${i}`);
      const error = await refused(
        () => store.dashboards.create({ dashboard_name: 'Many tags', tags }),
        'analytics_dashboards.tags',
      );
      expect(error.allowed).toBe('an array of at most 50 items');
    });
  });
});
