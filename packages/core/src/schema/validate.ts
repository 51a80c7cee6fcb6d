/**
 * Validation of JSONB and enum column values, and the registries that list those columns.
 *
 * Unknown keys: the typed shapes (`position`, `layout_config`, `filters_config`, `data_config`,
 * `interaction_config`, `data_sources`) are strict: an unknown key is rejected, naming the key and
 * the allowed ones, so a typo is never silently dropped. The open objects (`parameters`,
 * `dimensions`, `metadata`, `condition_details`, `organizations.settings`) take any key and
 * validate each value (JSON only, finite numbers).
 */
import type { z } from 'zod';
import {
  ALERT_TYPES,
  CALCULATION_METHODS,
  CALCULATION_STATUSES,
  DASHBOARD_TYPES,
  DIRECTIONS,
  METRIC_CATEGORIES,
  METRIC_TYPES,
  PERMISSION_LEVELS,
  type PgEnumTypeName,
  REFRESH_FREQUENCIES,
  RELATIONSHIP_TYPES,
  SEVERITIES,
  SHARED_WITH_TYPES,
  SNAPSHOT_TYPES,
  TRENDS,
  WIDGET_TYPES,
  type WidgetType,
} from './enums';
import { listValues } from './jsonb/common';
import { dataConfigSchema } from './jsonb/data-config';
import { dataSourcesSchema } from './jsonb/data-sources';
import { filtersConfigSchema } from './jsonb/filters-config';
import { interactionConfigSchema } from './jsonb/interaction-config';
import {
  DEFAULT_MAX_JSONB_CHARS,
  findJsonLimitProblem,
  findJsonProblems,
  isStorableJsonObject,
} from './jsonb/json-value';
import { layoutConfigSchema } from './jsonb/layout-config';
import {
  conditionDetailsSchema,
  dimensionsSchema,
  metadataSchema,
  organizationSettingsSchema,
  parametersSchema,
} from './jsonb/open-objects';
import { positionSchema } from './jsonb/position';
import {
  conditionConfigSchema,
  escalationConfigSchema,
  thresholdConfigSchema,
} from './jsonb/threshold-configs';
import { createSchemaIssue, type SchemaIssue, SchemaValidationError } from './schema-validation-error';
import { TABLE_COLUMNS, type TableName } from './tables';
import { plainTextProblem } from './text-input';
import {
  MAX_VISUALIZATION_CONFIG_CHARS,
  visualizationConfigSchema,
  visualizationConfigSchemas,
} from './visualization-config';
import { PARSE_OPTIONS, toSchemaIssues } from './zod-issues';

/** A JSONB column: its zod schema and whether it may be SQL `NULL`. */
export interface JsonbColumnSpec<S extends z.ZodType = z.ZodType> {
  /** Shape of the column's value. */
  readonly schema: S;
  /** Whether `null` (SQL NULL) is accepted. */
  readonly nullable: boolean;
  /**
   * Fast path of the open objects: `true` when the value is certainly valid, so the schema parse
   * can be skipped (the value is returned as given). `false` only means "run the full parse",
   * which then names each problem.
   */
  readonly quickAccept?: (value: unknown, maxChars: number) => boolean;
  /**
   * Largest accepted value, in characters of its compact JSON text (see `findJsonLimitProblem`,
   * which also bounds nesting to `MAX_JSON_DEPTH` and refuses `__proto__` keys).
   */
  readonly maxChars: number;
}

function jsonb<S extends z.ZodType, N extends boolean>(
  schema: S,
  nullable: N,
  maxChars = DEFAULT_MAX_JSONB_CHARS,
) {
  return { schema, nullable, maxChars } as const;
}

/** An open JSONB column: any keys; `quickAccept` skips zod for the common valid case. */
function openJsonb<S extends z.ZodType, N extends boolean>(
  schema: S,
  nullable: N,
  quickAccept: (value: unknown, maxChars: number) => boolean,
  maxChars = DEFAULT_MAX_JSONB_CHARS,
) {
  return { schema, nullable, quickAccept, maxChars } as const;
}

/** Any plain JSON object of storable values, within the column's size. */
const anyJsonObject = (value: unknown, maxChars: number) => isStorableJsonObject(value, false, maxChars);
/** A plain JSON object whose values are JSON scalars, within the column's size. */
const scalarJsonObject = (value: unknown, maxChars: number) => isStorableJsonObject(value, true, maxChars);

/**
 * Every JSONB column of every table with its schema (tables without JSONB map to `{}`).
 * The server's HTTP layer and store validate through it; the migrations' `jsonb_typeof(...) =
 * 'object'` CHECKs agree with it (every JSONB column holds a JSON object).
 */
export const JSONB_COLUMNS = {
  organizations: { settings: openJsonb(organizationSettingsSchema, false, anyJsonObject) },
  users: {},
  roles: {},
  departments: {},
  metric_definitions: {
    data_sources: jsonb(dataSourcesSchema, false),
    parameters: jsonb(parametersSchema, true),
    threshold_config: jsonb(thresholdConfigSchema, true),
  },
  metric_relationships: {},
  metric_calculations: {
    dimensions: openJsonb(dimensionsSchema, true, scalarJsonObject),
    metadata: openJsonb(metadataSchema, true, anyJsonObject),
  },
  metric_snapshots: {},
  analytics_dashboards: {
    layout_config: jsonb(layoutConfigSchema, false),
    filters_config: jsonb(filtersConfigSchema, true),
  },
  dashboard_widgets: {
    position: jsonb(positionSchema, false),
    visualization_config: jsonb(visualizationConfigSchema, false, MAX_VISUALIZATION_CONFIG_CHARS),
    data_config: jsonb(dataConfigSchema, true),
    interaction_config: jsonb(interactionConfigSchema, true),
  },
  dashboard_sharing: {},
  metric_alerts: {
    condition_config: jsonb(conditionConfigSchema, false),
    escalation_config: jsonb(escalationConfigSchema, true),
  },
  metric_alert_history: { condition_details: openJsonb(conditionDetailsSchema, true, anyJsonObject) },
  metric_definition_versions: {},
  metric_approvals: {},
  alert_states: {},
  contact_points: {},
  notification_deliveries: {},
} as const satisfies { readonly [T in TableName]: Readonly<Record<string, JsonbColumnSpec>> };

/** A JSONB column name of table `T`. */
export type JsonbColumnName<T extends TableName> = keyof (typeof JSONB_COLUMNS)[T] & string;

/** The validated value of JSONB column `C` of table `T` (`null` included when the column is nullable). */
export type JsonbValue<
  T extends TableName,
  C extends JsonbColumnName<T>,
> = (typeof JSONB_COLUMNS)[T][C] extends {
  readonly schema: infer S extends z.ZodType;
  readonly nullable: infer N;
}
  ? z.output<S> | (N extends true ? null : never)
  : never;

/** An enum column: its allowed values, nullability, and whether it holds an array of them. */
export interface EnumColumnSpec<V extends string = string> {
  /** Allowed values, in the order PostgreSQL's enum type declares them. */
  readonly values: readonly V[];
  /** Whether `null` (SQL NULL) is accepted. */
  readonly nullable: boolean;
  /** Whether the column is an array (`TEXT[]`) whose every element must be allowed. */
  readonly array: boolean;
  /** PostgreSQL enum type of the column (see `PG_ENUM_TYPES`), or `null` for a `TEXT[]` column. */
  readonly pgType: PgEnumTypeName | null;
}

function enumColumn<V extends string, N extends boolean, A extends boolean>(
  values: readonly V[],
  pgType: PgEnumTypeName | null,
  nullable: N,
  array: A,
) {
  return { values, pgType, nullable, array } as const;
}

/** Every column restricted to enum values, per table (tables without such columns map to `{}`). */
export const ENUM_COLUMNS = {
  organizations: {},
  users: {},
  roles: {},
  departments: {},
  metric_definitions: {
    metric_category: enumColumn(METRIC_CATEGORIES, 'metric_category', false, false),
    metric_type: enumColumn(METRIC_TYPES, 'metric_type', false, false),
    calculation_method: enumColumn(CALCULATION_METHODS, 'calculation_method', false, false),
    direction: enumColumn(DIRECTIONS, 'metric_direction', false, false),
    refresh_frequency: enumColumn(REFRESH_FREQUENCIES, 'refresh_frequency', false, false),
    time_windows: enumColumn(SNAPSHOT_TYPES, null, true, true),
  },
  metric_relationships: {
    relationship_type: enumColumn(RELATIONSHIP_TYPES, 'relationship_type', false, false),
  },
  metric_calculations: {
    calculation_status: enumColumn(CALCULATION_STATUSES, 'calculation_status', false, false),
  },
  metric_snapshots: {
    snapshot_type: enumColumn(SNAPSHOT_TYPES, 'snapshot_type', false, false),
    trend: enumColumn(TRENDS, 'metric_trend', true, false),
  },
  analytics_dashboards: { dashboard_type: enumColumn(DASHBOARD_TYPES, 'dashboard_type', false, false) },
  dashboard_widgets: { widget_type: enumColumn(WIDGET_TYPES, 'widget_type', false, false) },
  dashboard_sharing: {
    shared_with_type: enumColumn(SHARED_WITH_TYPES, 'shared_with_type', false, false),
    permission_level: enumColumn(PERMISSION_LEVELS, 'permission_level', false, false),
  },
  metric_alerts: {
    alert_type: enumColumn(ALERT_TYPES, 'alert_type', false, false),
    severity: enumColumn(SEVERITIES, 'alert_severity', false, false),
  },
  metric_alert_history: { severity_at_trigger: enumColumn(SEVERITIES, 'alert_severity', true, false) },
  metric_definition_versions: {},
  metric_approvals: {},
  alert_states: {},
  contact_points: {},
  notification_deliveries: {},
} as const satisfies { readonly [T in TableName]: Readonly<Record<string, EnumColumnSpec>> };

/** An enum column name of table `T`. */
export type EnumColumnName<T extends TableName> = keyof (typeof ENUM_COLUMNS)[T] & string;

/** The validated value of enum column `C` of table `T` (an array for array columns, `null` when nullable). */
export type EnumValue<
  T extends TableName,
  C extends EnumColumnName<T>,
> = (typeof ENUM_COLUMNS)[T][C] extends {
  readonly values: readonly (infer V)[];
  readonly nullable: infer N;
  readonly array: infer A;
}
  ? (A extends true ? V[] : V) | (N extends true ? null : never)
  : never;

/** Limits of an array column (`TEXT[]`, `UUID[]`, or an enum array). */
export interface ArrayColumnLimit {
  /** Most items. */
  readonly maxItems: number;
  /** Longest text item, in UTF-16 code units (text columns only). */
  readonly maxItemLength?: number;
}

/**
 * Every array column with its documented limits, checked by {@link validateRow} before any other
 * rule: more items, a longer text item, or a text item PostgreSQL cannot store as given (NUL, an
 * unpaired surrogate) is refused naming the column and the index.
 */
export const ARRAY_COLUMN_LIMITS = {
  organizations: {},
  users: {},
  roles: {},
  departments: {},
  metric_definitions: {
    aggregation_levels: { maxItems: 20, maxItemLength: 100 },
    time_windows: { maxItems: SNAPSHOT_TYPES.length },
    tags: { maxItems: 50, maxItemLength: 100 },
  },
  metric_relationships: {},
  metric_calculations: {},
  metric_snapshots: {},
  analytics_dashboards: { tags: { maxItems: 50, maxItemLength: 100 } },
  dashboard_widgets: { metric_ids: { maxItems: 50 } },
  dashboard_sharing: {},
  metric_alerts: {
    notification_channels: { maxItems: 20, maxItemLength: 64 },
    recipient_users: { maxItems: 500 },
    recipient_roles: { maxItems: 100 },
  },
  metric_alert_history: {},
  metric_definition_versions: {},
  metric_approvals: {},
  alert_states: {},
  contact_points: {},
  notification_deliveries: {},
} as const satisfies { readonly [T in TableName]: Readonly<Record<string, ArrayColumnLimit>> };

/** The first issue of an array column value against its {@link ArrayColumnLimit}, or `undefined`. */
function arrayLimitIssue(
  table: string,
  column: string,
  value: unknown,
  limit: ArrayColumnLimit,
): SchemaIssue | undefined {
  if (!Array.isArray(value)) return undefined;
  if (value.length > limit.maxItems) {
    return createSchemaIssue(table, column, [], value, `an array of at most ${limit.maxItems} items`);
  }
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    if (typeof item !== 'string') continue;
    if (limit.maxItemLength !== undefined && item.length > limit.maxItemLength) {
      return createSchemaIssue(
        table,
        column,
        [i],
        item,
        `a string of at most ${limit.maxItemLength} characters`,
      );
    }
    const problem = plainTextProblem(item);
    if (problem) return createSchemaIssue(table, column, [i], item, problem);
  }
  return undefined;
}

/** Outcome of a non-throwing validation: the typed value, or the error that would have been thrown. */
export type SchemaValidationResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: SchemaValidationError };

function lookup<Spec>(
  registry: Readonly<Record<string, Readonly<Record<string, Spec>>>>,
  kind: string,
  fn: string,
  table: string,
  column: string,
): Spec {
  const columns = Object.hasOwn(registry, table) ? registry[table] : undefined;
  if (!columns) {
    throw new TypeError(
      `${fn}: unknown table ${JSON.stringify(table)}; tables: ${Object.keys(registry).join(', ')}`,
    );
  }
  const spec = Object.hasOwn(columns, column) ? columns[column] : undefined;
  if (!spec) {
    const known = Object.keys(columns);
    throw new TypeError(
      `${fn}: ${table}.${column} is not a ${kind} column; ${kind} columns of ${table}: ${known.length ? known.join(', ') : 'none'}`,
    );
  }
  return spec;
}

function fail(
  table: string,
  column: string,
  issues: SchemaIssue[],
): { ok: false; error: SchemaValidationError } {
  return { ok: false, error: new SchemaValidationError(table, column, issues) };
}

/** Like {@link validateJsonb}, but returns `{ ok: false, error }` instead of throwing a {@link SchemaValidationError}. */
export function safeValidateJsonb<T extends TableName, C extends JsonbColumnName<T>>(
  table: T,
  column: C,
  value: unknown,
): SchemaValidationResult<JsonbValue<T, C>> {
  const spec = lookup<JsonbColumnSpec>(JSONB_COLUMNS, 'JSONB', 'validateJsonb', table, column);
  if (value === null || value === undefined) {
    if (value === null && spec.nullable) return { ok: true, value: null as JsonbValue<T, C> };
    const allowed = spec.nullable ? 'a JSON object, or null' : 'a JSON object (the column is NOT NULL)';
    return fail(table, column, [createSchemaIssue(table, column, [], value, allowed)]);
  }
  // the fast path of the open columns keeps the limits too (the metadata of a 1,000,000-row batch)
  if (spec.quickAccept?.(value, spec.maxChars)) return { ok: true, value: value as JsonbValue<T, C> };
  const limit = findJsonLimitProblem(value, spec.maxChars);
  if (limit)
    return fail(table, column, [createSchemaIssue(table, column, limit.path, limit.value, limit.allowed)]);
  return parseColumn(table, column, spec.schema, value) as SchemaValidationResult<JsonbValue<T, C>>;
}

/**
 * Parses `value` with `schema`, then checks that the result is storable JSONB (finite numbers,
 * no NUL or unpaired surrogates in strings...), which a schema's own string and number rules
 * may not have covered.
 */
function parseColumn(
  table: string,
  column: string,
  schema: z.ZodType,
  value: unknown,
): SchemaValidationResult<unknown> {
  const result = schema.safeParse(value, PARSE_OPTIONS);
  if (!result.success) return fail(table, column, toSchemaIssues(table, column, result.error.issues, value));
  const problems = findJsonProblems(result.data);
  if (problems.length > 0) {
    return fail(
      table,
      column,
      problems.map((p) => createSchemaIssue(table, column, p.path, p.value, p.allowed)),
    );
  }
  return { ok: true, value: result.data };
}

/**
 * Checks the value of JSONB column `table.column` against its documented shape and returns it
 * typed (a fresh object for the typed shapes). Throws {@link SchemaValidationError} naming every
 * offending field, value and rule; throws `TypeError` when `table.column` is not a JSONB column.
 *
 * @example
 * validateJsonb('dashboard_widgets', 'position', { x: 0, y: 0, w: 4, h: 2 }); // → { x: 0, y: 0, w: 4, h: 2 }
 * validateJsonb('dashboard_widgets', 'position', { x: 0, y: 0, w: -1, h: 2 });
 * // SchemaValidationError: dashboard_widgets.position.w: got -1; allowed: an integer >= 1
 */
export function validateJsonb<T extends TableName, C extends JsonbColumnName<T>>(
  table: T,
  column: C,
  value: unknown,
): JsonbValue<T, C> {
  const result = safeValidateJsonb(table, column, value);
  if (!result.ok) throw result.error;
  return result.value;
}

/** Like {@link validateEnum}, but returns `{ ok: false, error }` instead of throwing a {@link SchemaValidationError}. */
export function safeValidateEnum<T extends TableName, C extends EnumColumnName<T>>(
  table: T,
  column: C,
  value: unknown,
): SchemaValidationResult<EnumValue<T, C>> {
  const spec = lookup<EnumColumnSpec>(ENUM_COLUMNS, 'enum', 'validateEnum', table, column);
  const oneOf = `one of ${listValues(spec.values)}`;
  const allowedRoot = spec.array ? `an array of ${oneOf}` : oneOf;
  if (value === null && spec.nullable) return { ok: true, value: null as EnumValue<T, C> };
  const allowedHere = spec.nullable ? `${allowedRoot}, or null` : allowedRoot;
  const allowed: readonly unknown[] = spec.values;
  if (!spec.array) {
    if (typeof value === 'string' && allowed.includes(value))
      return { ok: true, value: value as EnumValue<T, C> };
    return fail(table, column, [createSchemaIssue(table, column, [], value, allowedHere)]);
  }
  if (!Array.isArray(value))
    return fail(table, column, [createSchemaIssue(table, column, [], value, allowedHere)]);
  const issues: SchemaIssue[] = [];
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    if (!(typeof item === 'string' && allowed.includes(item))) {
      issues.push(createSchemaIssue(table, column, [i], item, oneOf));
    }
  }
  if (issues.length > 0) return fail(table, column, issues);
  return { ok: true, value: [...value] as EnumValue<T, C> };
}

/**
 * Checks that `value` is allowed in enum column `table.column` and returns it typed; for an array
 * column (`metric_definitions.time_windows`) every element is checked. Throws
 * {@link SchemaValidationError} naming the allowed values, e.g.
 * `metric_definitions.metric_type: got "counter"; allowed: one of "count", "percentage", ...`.
 */
export function validateEnum<T extends TableName, C extends EnumColumnName<T>>(
  table: T,
  column: C,
  value: unknown,
): EnumValue<T, C> {
  const result = safeValidateEnum(table, column, value);
  if (!result.ok) throw result.error;
  return result.value;
}

/**
 * `dashboard_widgets.visualization_config` checked against the strict schema of a known
 * widget type (the column-level schema only checks the keys common to all types).
 */
function validateVisualizationConfig(
  widgetType: WidgetType,
  value: unknown,
): SchemaValidationResult<unknown> {
  const table = 'dashboard_widgets';
  const column = 'visualization_config';
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return safeValidateJsonb(table, column, value);
  }
  const limit = findJsonLimitProblem(value, JSONB_COLUMNS[table][column].maxChars);
  if (limit)
    return fail(table, column, [createSchemaIssue(table, column, limit.path, limit.value, limit.allowed)]);
  return parseColumn(table, column, visualizationConfigSchemas[widgetType], value);
}

/** Like {@link validateRow}, but returns `{ ok: false, error }` instead of throwing a {@link SchemaValidationError}. */
export function safeValidateRow<R extends Readonly<Record<string, unknown>>>(
  table: TableName,
  row: R,
): SchemaValidationResult<R> {
  const out: Record<string, unknown> = { ...row };
  const jsonbColumns: Readonly<Record<string, JsonbColumnSpec>> = JSONB_COLUMNS[table];
  const enumColumns: Readonly<Record<string, EnumColumnSpec>> = ENUM_COLUMNS[table];
  const arrayLimits: Readonly<Record<string, ArrayColumnLimit>> = ARRAY_COLUMN_LIMITS[table];
  const widgetType =
    table === 'dashboard_widgets' && (WIDGET_TYPES as readonly unknown[]).includes(row.widget_type)
      ? (row.widget_type as WidgetType)
      : undefined;
  const known: readonly string[] = TABLE_COLUMNS[table];
  for (const [column, value] of Object.entries(row)) {
    if (!known.includes(column)) {
      const allowed = `no such column; the columns of ${table} are ${known.join(', ')}`;
      return fail(table, column, [createSchemaIssue(table, column, [], value, allowed)]);
    }
    if (value === undefined) continue;
    const arrayLimit = Object.hasOwn(arrayLimits, column) ? arrayLimits[column] : undefined;
    const arrayIssue = arrayLimit && arrayLimitIssue(table, column, value, arrayLimit);
    if (arrayIssue) return fail(table, column, [arrayIssue]);
    let result: SchemaValidationResult<unknown> | undefined;
    if (widgetType && column === 'visualization_config') {
      result = validateVisualizationConfig(widgetType, value);
    } else if (Object.hasOwn(jsonbColumns, column)) {
      result = safeValidateJsonb(table, column as never, value);
    } else if (Object.hasOwn(enumColumns, column)) {
      result = safeValidateEnum(table, column as never, value);
    }
    if (result && !result.ok) return result;
    if (result) out[column] = result.value;
  }
  return { ok: true, value: out as R };
}

/**
 * Validates every JSONB, enum and array column present in a (possibly partial) row of `table`, as
 * for an insert or update, and returns a copy holding the validated values (array columns are
 * checked against {@link ARRAY_COLUMN_LIMITS}). A key that is not a column
 * of the table is an error; other columns and absent (`undefined`) ones pass through untouched
 * (their types are the database's to check). For `dashboard_widgets`, a row carrying both
 * `widget_type` and `visualization_config` gets the config checked strictly for that widget type.
 * Throws the {@link SchemaValidationError} of the first invalid column, in the row's key order.
 *
 * @example
 * validateRow('dashboard_widgets', { widget_type: 'gauge', position: { x: 0, y: 0, w: 3, h: 2 }, visualization_config: { min: 0 } });
 */
export function validateRow<R extends Readonly<Record<string, unknown>>>(table: TableName, row: R): R {
  const result = safeValidateRow(table, row);
  if (!result.ok) throw result.error;
  return result.value;
}
