/**
 * Type test: core's `Database` (defined without kysely) works as `Kysely<Database>`. The
 * `expectTypeOf` and `@ts-expect-error` lines are checked by `pnpm --filter
 * @arion-metrics/server typecheck`; the queries are compiled (not run) so the test also shows
 * what SQL and parameters the types let through.
 */
import type {
  Database,
  MetricCalculationRow,
  MetricDefinitionRow,
  TableName,
  WidgetPosition,
} from '@arion-metrics/core';
import {
  DummyDriver,
  type Insertable,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type Selectable,
  type Updateable,
} from 'kysely';
import { describe, expect, expectTypeOf, it } from 'vitest';

const db = new Kysely<Database>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (kysely) => new PostgresIntrospector(kysely),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

/** Keys an insert must provide. */
type RequiredInsertKeys<T> = {
  [K in keyof Insertable<T>]-?: undefined extends Insertable<T>[K] ? never : K;
}[keyof Insertable<T>];

const UUID = '4a5c1d7e-2b9f-4c3a-8e6d-0f1a2b3c4d5e';

describe('Database as Kysely<Database>', () => {
  it('selects rows of the shape core exports', () => {
    const query = db.selectFrom('metric_definitions').selectAll().where('is_active', '=', true);
    expectTypeOf<
      Awaited<ReturnType<typeof query.executeTakeFirstOrThrow>>
    >().toEqualTypeOf<MetricDefinitionRow>();
    expectTypeOf<Selectable<Database['metric_calculations']>>().toEqualTypeOf<MetricCalculationRow>();
    expect(query.compile().sql).toBe('select * from "metric_definitions" where "is_active" = $1');
  });

  it('requires on insert exactly the NOT NULL columns without a default', () => {
    type Required = { [T in TableName]: RequiredInsertKeys<Database[T]> };
    expectTypeOf<Required>().toEqualTypeOf<{
      organizations: 'name' | 'slug';
      users: 'organization_id' | 'email';
      roles: 'organization_id' | 'role_name';
      departments: 'organization_id' | 'department_name';
      metric_definitions:
        | 'metric_name'
        | 'display_name'
        | 'metric_category'
        | 'metric_type'
        | 'calculation_method'
        | 'data_sources'
        | 'direction'
        | 'organization_id';
      metric_relationships: 'parent_metric_id' | 'child_metric_id' | 'relationship_type' | 'organization_id';
      metric_calculations:
        | 'metric_id'
        | 'calculation_timestamp'
        | 'period_start'
        | 'period_end'
        | 'aggregation_level'
        | 'metric_value'
        | 'organization_id';
      metric_snapshots:
        | 'snapshot_date'
        | 'snapshot_type'
        | 'metric_id'
        | 'aggregation_level'
        | 'metric_value'
        | 'organization_id';
      analytics_dashboards: 'dashboard_name' | 'layout_config' | 'organization_id';
      dashboard_widgets:
        | 'dashboard_id'
        | 'widget_name'
        | 'widget_type'
        | 'position'
        | 'visualization_config'
        | 'organization_id';
      dashboard_sharing: 'dashboard_id' | 'shared_with_type' | 'organization_id';
      metric_alerts: 'alert_name' | 'metric_id' | 'alert_type' | 'condition_config' | 'organization_id';
      metric_alert_history: 'alert_id' | 'organization_id';
      metric_definition_versions: 'metric_id' | 'version' | 'definition' | 'organization_id';
      metric_approvals: 'metric_id' | 'definition_version' | 'approval_type' | 'decision' | 'organization_id';
      alert_states: 'organization_id' | 'alert_id' | 'status' | 'state';
      contact_points: 'organization_id' | 'channel' | 'name' | 'url' | 'secret';
      notification_deliveries:
        | 'organization_id'
        | 'idempotency_key'
        | 'history_id'
        | 'contact_point_id'
        | 'kind'
        | 'payload';
    }>();
  });

  it('types JSONB, enum, timestamp and range columns on insert', () => {
    const position: WidgetPosition = { x: 0, y: 0, w: 4, h: 2 };
    const insert = db.insertInto('dashboard_widgets').values({
      dashboard_id: UUID,
      widget_name: 'Uptime',
      widget_type: 'gauge',
      position,
      visualization_config: { title: 'Uptime' },
      interaction_config: { click: { action: 'drill_down', dashboardId: UUID } },
      organization_id: UUID,
    });
    const { sql, parameters } = insert.compile();
    expect(sql).toBe(
      'insert into "dashboard_widgets" ("dashboard_id", "widget_name", "widget_type", "position", "visualization_config", "interaction_config", "organization_id") values ($1, $2, $3, $4, $5, $6, $7)',
    );
    expect(parameters[3]).toBe(position);

    db.insertInto('dashboard_widgets').values({
      dashboard_id: UUID,
      widget_name: 'Uptime',
      // @ts-expect-error: not a widget type
      widget_type: 'sparkline',
      // @ts-expect-error: w must be a number
      position: { x: 0, y: 0, w: '4', h: 2 },
      visualization_config: {},
      organization_id: UUID,
    });

    db.insertInto('metric_calculations').values({
      metric_id: UUID,
      calculation_timestamp: new Date(),
      period_start: '2024-01-01T00:00:00Z',
      period_end: new Date('2024-02-01T00:00:00Z'),
      aggregation_level: 'org',
      metric_value: 97.5,
      confidence_interval: { lower: 96, upper: 99, lowerInclusive: true, upperInclusive: true },
      dimensions: { region: 'emea' },
      organization_id: UUID,
    });

    db.insertInto('metric_calculations').values({
      metric_id: UUID,
      calculation_timestamp: new Date(),
      period_start: new Date(),
      period_end: new Date(),
      aggregation_level: 'org',
      // @ts-expect-error: DECIMAL columns take numbers
      metric_value: '97.5',
      // @ts-expect-error: dimension values are scalars
      dimensions: { region: ['emea'] },
      organization_id: UUID,
    });
  });

  it('types updates and filters', () => {
    const update: Updateable<Database['metric_definitions']> = { version: 2, deleted_at: new Date() };
    const query = db.updateTable('metric_definitions').set(update).where('metric_type', '=', 'percentage');
    expect(query.compile().sql).toBe(
      'update "metric_definitions" set "version" = $1, "deleted_at" = $2 where "metric_type" = $3',
    );
    // @ts-expect-error: not a metric type
    db.updateTable('metric_definitions').set({ metric_type: 'counter' });
    // @ts-expect-error: not a column
    db.selectFrom('dashboard_widgets').select('layout_config');
  });
});
