import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ColumnType, Generated, SelectedColumn } from './column-types';
import type { SnapshotType, WidgetType } from './enums';
import type { JsonObject } from './jsonb/json-value';
import type { WidgetPosition } from './jsonb/position';
import {
  type DashboardWidgetRow,
  type Database,
  type MetricCalculationRow,
  type MetricDefinitionRow,
  type MetricSnapshotRow,
  type NumRange,
  TABLE_COLUMNS,
  TABLE_NAMES,
  type TableName,
} from './tables';
import {
  ENUM_COLUMNS,
  type EnumColumnName,
  type EnumValue,
  JSONB_COLUMNS,
  type JsonbColumnName,
  type JsonbValue,
} from './validate';

/** `true` when A and B are the same type (not merely assignable). */
type IsEqual<A, B> = (<G>() => G extends A ? 1 : 2) extends <G>() => G extends B ? 1 : 2 ? true : false;

/** `table.column` of every JSONB column whose validator returns another type than the table declares. */
type JsonbMismatches = {
  [T in TableName]: {
    [C in JsonbColumnName<T>]: C extends keyof Database[T]
      ? IsEqual<JsonbValue<T, C>, SelectedColumn<Database[T][C]>> extends true
        ? never
        : `${T}.${C}`
      : `${T}.${C} is not a column`;
  }[JsonbColumnName<T>];
}[TableName];

/** `table.column` of every enum column whose validator returns another type than the table declares. */
type EnumMismatches = {
  [T in TableName]: {
    [C in EnumColumnName<T>]: C extends keyof Database[T]
      ? IsEqual<EnumValue<T, C>, SelectedColumn<Database[T][C]>> extends true
        ? never
        : `${T}.${C}`
      : `${T}.${C} is not a column`;
  }[EnumColumnName<T>];
}[TableName];

describe('Database', () => {
  it('has the 18 tables of TABLE_NAMES (the 13 of the spec, the version and approval tables, and the runtime’s alert states, contact points and deliveries), and the registries cover each of them', () => {
    expectTypeOf<(typeof TABLE_NAMES)[number]>().toEqualTypeOf<keyof Database>();
    expect(new Set(TABLE_NAMES).size).toBe(18);
    expect(Object.keys(JSONB_COLUMNS).sort()).toEqual([...TABLE_NAMES].sort());
    expect(Object.keys(ENUM_COLUMNS).sort()).toEqual([...TABLE_NAMES].sort());
  });

  it('lists every column of every table once in TABLE_COLUMNS', () => {
    type Missing = {
      [T in TableName]: Exclude<keyof Database[T], (typeof TABLE_COLUMNS)[T][number]>;
    }[TableName];
    expectTypeOf<Missing>().toEqualTypeOf<never>();
    for (const table of TABLE_NAMES) {
      const columns: readonly string[] = TABLE_COLUMNS[table];
      expect(new Set(columns).size).toBe(columns.length);
      for (const column of [...Object.keys(JSONB_COLUMNS[table]), ...Object.keys(ENUM_COLUMNS[table])]) {
        expect(columns).toContain(column);
      }
    }
  });

  it('types every JSONB and enum column exactly as its validator returns it', () => {
    expectTypeOf<JsonbMismatches>().toEqualTypeOf<never>();
    expectTypeOf<EnumMismatches>().toEqualTypeOf<never>();
  });

  it('uses the driver-boundary value types in selected rows', () => {
    expectTypeOf<MetricDefinitionRow['id']>().toEqualTypeOf<string>();
    expectTypeOf<MetricDefinitionRow['created_at']>().toEqualTypeOf<Date>();
    expectTypeOf<MetricDefinitionRow['deleted_at']>().toEqualTypeOf<Date | null>();
    expectTypeOf<MetricDefinitionRow['target_value']>().toEqualTypeOf<number | null>();
    expectTypeOf<MetricDefinitionRow['time_windows']>().toEqualTypeOf<SnapshotType[] | null>();
    expectTypeOf<MetricDefinitionRow['tags']>().toEqualTypeOf<string[] | null>();
    expectTypeOf<MetricCalculationRow['confidence_interval']>().toEqualTypeOf<NumRange | null>();
    expectTypeOf<MetricCalculationRow['metadata']>().toEqualTypeOf<JsonObject | null>();
    expectTypeOf<MetricSnapshotRow['snapshot_date']>().toEqualTypeOf<string>();
    expectTypeOf<DashboardWidgetRow['position']>().toEqualTypeOf<WidgetPosition>();
    expectTypeOf<DashboardWidgetRow['widget_type']>().toEqualTypeOf<WidgetType>();
    expectTypeOf<DashboardWidgetRow['is_visible']>().toEqualTypeOf<boolean>();
  });

  it('marks columns with a database default as Generated (optional on insert)', () => {
    expectTypeOf<Database['metric_definitions']['id']>().toEqualTypeOf<Generated<string>>();
    expectTypeOf<Database['metric_definitions']['version']>().toEqualTypeOf<Generated<number>>();
    expectTypeOf<Database['dashboard_sharing']['shared_at']>().toEqualTypeOf<
      ColumnType<Date, Date | string | undefined, Date | string>
    >();
    expectTypeOf<Database['metric_calculations']['period_start']>().toEqualTypeOf<
      ColumnType<Date, Date | string, Date | string>
    >();
  });
});
