/**
 * Calculated metric values (`metric_calculations`) of one organization: idempotent batch upserts
 * on the unique key (metric, period start, period end, aggregation level, aggregation id), series
 * reads that use the spec's lookup index, the latest value per metric, and the peer values of a
 * period for percentile ranks. The numbers come from core's engine; this module only stores and
 * reads them.
 *
 * Every calculation records the metric definition version it was computed with, in
 * `metadata.definition_version` (the row's `definition_version`, or the metric's current version),
 * so any value can be traced to its definition (`metrics.version(metricId, n)`).
 *
 * Access: writing needs the right to change each metric named, reading the right to see it
 * (`metric-access.ts`); either way a metric of another organization is "not found".
 */
import {
  CALCULATION_STATUSES,
  type CalculationDimensions,
  type CalculationMetadata,
  type CalculationStatus,
  type ColumnDescriptor,
  type Database,
  type JsonObject,
  type MetricCalculationRow,
  metricCalculationsTable,
  type NumericColumn,
  type NumRange,
} from '@arion-metrics/core';
import { type CompiledQuery, type Kysely, sql } from 'kysely';
import {
  checkRowKeys,
  type MetricAccess,
  requireMetrics,
  rowEnum,
  rowField,
  rowJsonb,
  rowNumber,
  rowNumRange,
  rowOrganization,
  rowText,
  rowTimestamp,
  rowUuid,
  type TimestampMemo,
} from './batch-checks';
import { type BatchColumn, batchColumns } from './batch-writer';
import { probeStatement } from './copy-upsert';
import { checkInteger } from './input-checks';
import { assertPrincipal, type Principal } from './principal';
import { runInTransaction } from './run-in-transaction';
import { StoreValidationError, translateDatabaseError } from './store-errors';
import { upsertBatches } from './upsert-batches';

/**
 * One calculated value to store. `id` and `created_at` are the store's. Core's engine output
 * (`CalculationResult`) is a `CalculationInput` as it is: its `organization_id` is accepted when it
 * is the principal's organization, and its `metadata.definition_version` when it is the version the
 * store writes.
 */
export interface CalculationInput {
  /** The metric. */
  readonly metric_id: string;
  /**
   * The principal's organization, or absent: the store writes the principal's. Any other
   * organization is refused (a row is never written for another tenant).
   */
  readonly organization_id?: string;
  /** When it was calculated; default now. */
  readonly calculation_timestamp?: Date | string;
  /** Period start. */
  readonly period_start: Date | string;
  /** Period end (>= start). */
  readonly period_end: Date | string;
  /** Aggregation level: `org`, `department`, `team`... */
  readonly aggregation_level: string;
  /** The unit of that level; null (default) for the level's total. */
  readonly aggregation_id?: string | null;
  /** The value (fits DECIMAL(15,4)). */
  readonly metric_value: number;
  /** Value of the previous period. */
  readonly previous_value?: number | null;
  /** Period-over-period change in percent (DECIMAL(5,2)). */
  readonly change_percentage?: number | null;
  /** Target at calculation time. */
  readonly target_value?: number | null;
  /** Value minus target. */
  readonly variance_from_target?: number | null;
  /** Percentile rank in the peer group, 0 to 100. */
  readonly percentile_rank?: number | null;
  /** Outcome; default `'success'`. */
  readonly calculation_status?: CalculationStatus;
  /** Warnings or errors. */
  readonly calculation_notes?: string | null;
  /** Data quality from 0 to 1. */
  readonly data_quality_score?: number | null;
  /** Records used. */
  readonly sample_size?: number | null;
  /** Confidence interval. */
  readonly confidence_interval?: NumRange | null;
  /** Dimension values. */
  readonly dimensions?: CalculationDimensions | null;
  /**
   * Calculation metadata: a JSON object, such as the engine's {@link CalculationMetadata}. The store
   * writes `definition_version` into it; a `definition_version` already there must be that same
   * version (or null, as the engine writes when the definition carried none).
   */
  readonly metadata?: JsonObject | CalculationMetadata | null;
  /** The metric definition version used; default the metric's current version. */
  readonly definition_version?: number;
}

/** One series: a metric at one aggregation level and unit, the periods that end within `[from, to]`. */
export interface SeriesQuery {
  /** The metric. */
  readonly metric_id: string;
  /** Aggregation level. */
  readonly aggregation_level: string;
  /** The unit; null (default) for the level's total. */
  readonly aggregation_id?: string | null;
  /** Earliest period end included. */
  readonly from: Date | string;
  /** Latest period end included. */
  readonly to: Date | string;
}

/** Where the latest values are read. */
export interface LatestQuery {
  /** The metrics (at most 1,000). */
  readonly metric_ids: readonly string[];
  /** Aggregation level. */
  readonly aggregation_level: string;
  /** The unit; null (default) for the level's total. */
  readonly aggregation_id?: string | null;
}

/** The period whose peer values are read. */
export interface PeerQuery {
  /** The metric. */
  readonly metric_id: string;
  /** Aggregation level of the peer group. */
  readonly aggregation_level: string;
  /** Period start. */
  readonly period_start: Date | string;
  /** Period end. */
  readonly period_end: Date | string;
}

/** One member of a peer group. */
export interface PeerValue {
  /** The unit (null for the level's total). */
  readonly aggregation_id: string | null;
  /** Its value for the period. */
  readonly metric_value: number;
}

/** What a batch upsert did. */
export interface UpsertResult {
  /** Rows inserted or replaced. */
  readonly written: number;
  /** Batches sent, of at most `batchSize` rows: each one statement that writes it (on PostgreSQL after the COPY that carries it). */
  readonly statements: number;
}

/** Calculated values as one principal sees them. */
export interface CalculationRepository {
  /**
   * Inserts the rows, replacing any row with the same unique key (recalculating a period never
   * duplicates it). One statement per `batchSize` rows (default 5,000), all in one transaction:
   * a bad row or an inaccessible metric leaves nothing written. Two rows of one call with the same
   * key are refused.
   */
  upsert(rows: readonly CalculationInput[], options?: { readonly batchSize?: number }): Promise<UpsertResult>;
  /** One series, ordered by period end (ascending). */
  series(query: SeriesQuery): Promise<readonly MetricCalculationRow[]>;
  /** Several series in one statement (a dashboard's data), each ordered by period end. */
  seriesMany(queries: readonly SeriesQuery[]): Promise<readonly (readonly MetricCalculationRow[])[]>;
  /** The row with the latest period end of each metric (metrics without data are absent), in input order. */
  latest(query: LatestQuery): Promise<readonly MetricCalculationRow[]>;
  /** The values of every unit of a level for one period (the peer group of a percentile rank). */
  peerValues(query: PeerQuery): Promise<readonly PeerValue[]>;
}

const TABLE = 'metric_calculations';
const CONSTRAINT = metricCalculationsTable.upsertKey.constraint;
/** The columns of a calculation batch, in the order of the arrays. */
const COLUMNS: readonly BatchColumn[] = batchColumns(metricCalculationsTable);
/**
 * Keys a calculation row may carry: the batch columns, the organization (only the principal's) and
 * the definition version; the store fills `id` and `created_at`.
 */
const ROW_KEYS = new Set([
  ...COLUMNS.map((c) => c.name),
  metricCalculationsTable.tenantKey,
  'definition_version',
]);
/** What a batch's probe asks before it goes straight into the table (see `copy-upsert.ts`). */
const PROBE = { match: 'metric_id', range: 'period_start' } as const;

/** The statement that probes a calculation batch's key range before it goes straight in (for EXPLAIN in tests). */
export const calculationProbeStatement = (): string => probeStatement(TABLE, PROBE, COLUMNS);
/** The nullable numeric columns of a calculation batch, checked alike. */
const NUMBERS = COLUMNS.filter(
  (c) =>
    (c.pgType === 'numeric' || c.pgType === 'integer') &&
    (metricCalculationsTable.columns as Readonly<Record<string, ColumnDescriptor>>)[c.name]?.nullable,
).map((c) => c.name as NumericColumn & keyof CalculationInput);

/** The key columns of a call's rows, checked and normalised (ids lower-cased, timestamps ISO), column-wise. */
interface CheckedKeys {
  readonly metric_id: string[];
  readonly period_start: string[];
  readonly period_end: string[];
  readonly aggregation_level: string[];
  readonly aggregation_id: (string | null)[];
  readonly metric_value: number[];
}

/** Where each column sits in {@link COLUMNS} (and so in the arrays of a batch). */
const AT = Object.fromEntries(COLUMNS.map((c, i) => [c.name, i])) as Record<string, number>;
/** The optional numeric value columns, checked alike. */
const OPTIONAL_NUMBERS = NUMBERS.map((name) => [name, AT[name] as number] as const);

/**
 * Rows `start .. end - 1` checked and turned column-wise, ready for `unnestUpsert`: the keys
 * come from {@link checkKeys} (for the same rows), the other columns are checked here (each
 * error names `metric_calculations[row].column`), and metadata gets the definition version.
 */
function toColumns(
  rows: readonly CalculationInput[],
  keys: CheckedKeys,
  start: number,
  end: number,
  metrics: ReadonlyMap<string, MetricAccess>,
  memo: TimestampMemo,
): unknown[][] {
  const n = end - start;
  const arrays: unknown[][] = COLUMNS.map(() => new Array(n));
  for (const [name, values] of Object.entries(keys)) arrays[AT[name] as number] = values;
  const column = (name: string) => arrays[AT[name] as number] as unknown[];
  const [stamps, statuses, notes, ranges, dimensions, metadatas] = [
    column('calculation_timestamp'),
    column('calculation_status'),
    column('calculation_notes'),
    column('confidence_interval'),
    column('dimensions'),
    column('metadata'),
  ];
  for (let r = 0; r < n; r++) {
    const i = start + r;
    const row = rows[i] as unknown as Record<string, unknown>;
    const current = (metrics.get(keys.metric_id[r] as string) as MetricAccess).version;
    let version = current;
    if (row.definition_version !== undefined) {
      version = checkInteger(rowField(TABLE, i, 'definition_version'), row.definition_version, {
        min: 1,
        max: current,
      }) as number;
    }
    let metadata: string;
    if (row.metadata === undefined || row.metadata === null) {
      metadata = `{"definition_version":${version}}`;
    } else {
      const given = row.metadata as Record<string, unknown>;
      const named = Object.hasOwn(given, 'definition_version') ? given.definition_version : undefined;
      if (named !== undefined && named !== null && named !== version) {
        throw new StoreValidationError(
          rowField(TABLE, i, 'metadata.definition_version'),
          named,
          `${version} (the version the store writes: the row's definition_version, or the metric's current version), or null; pass definition_version on the row to name an older version`,
        );
      }
      if (named === undefined) {
        const text = rowJsonb(TABLE, i, 'metadata', given) as string;
        metadata =
          text === '{}'
            ? `{"definition_version":${version}}`
            : `${text.slice(0, -1)},"definition_version":${version}}`;
      } else {
        // Already `version` (written as it is) or null (replaced in a copy).
        const withVersion = named === version ? given : { ...given, definition_version: version };
        metadata = rowJsonb(TABLE, i, 'metadata', withVersion) as string;
      }
    }
    stamps[r] = rowTimestamp(TABLE, i, 'calculation_timestamp', row.calculation_timestamp, true, memo);
    for (const [name, at] of OPTIONAL_NUMBERS) {
      (arrays[at] as unknown[])[r] = rowNumber(TABLE, i, name, row[name], true);
    }
    statuses[r] = rowEnum(
      TABLE,
      i,
      'calculation_status',
      row.calculation_status,
      CALCULATION_STATUSES,
      'success',
    );
    notes[r] = rowText(TABLE, i, 'calculation_notes', row.calculation_notes, 10_000, true);
    ranges[r] = rowNumRange(TABLE, i, 'confidence_interval', row.confidence_interval);
    dimensions[r] = rowJsonb(TABLE, i, 'dimensions', row.dimensions);
    metadatas[r] = metadata;
  }
  return arrays;
}

/**
 * Checks the key columns of rows `start .. end - 1` and returns them normalised, column-wise:
 * ids lower-cased, timestamps as ISO strings. `seen` spans the whole call, so two rows with the
 * same key are refused even in different batches.
 */
function checkKeys(
  rows: readonly CalculationInput[],
  start: number,
  end: number,
  memo: TimestampMemo,
  seen: Map<string, number>,
): CheckedKeys {
  const n = end - start;
  const keys: CheckedKeys = {
    metric_id: new Array(n),
    period_start: new Array(n),
    period_end: new Array(n),
    aggregation_level: new Array(n),
    aggregation_id: new Array(n),
    metric_value: new Array(n),
  };
  for (let r = 0; r < n; r++) {
    const i = start + r;
    const row = rows[i] as unknown as Record<string, unknown>;
    const metric_id = rowUuid(TABLE, i, 'metric_id', row.metric_id, false) as string;
    const period_start = rowTimestamp(TABLE, i, 'period_start', row.period_start, false, memo) as string;
    const period_end = rowTimestamp(TABLE, i, 'period_end', row.period_end, false, memo) as string;
    if (period_start > period_end) {
      throw new StoreValidationError(
        rowField(TABLE, i, 'period_end'),
        row.period_end,
        `a time at or after period_start (${period_start})`,
      );
    }
    const aggregation_level = rowText(
      TABLE,
      i,
      'aggregation_level',
      row.aggregation_level,
      100,
      false,
    ) as string;
    const aggregation_id = rowUuid(TABLE, i, 'aggregation_id', row.aggregation_id, true);
    const metric_value = rowNumber(TABLE, i, 'metric_value', row.metric_value, false) as number;
    const key = `${metric_id}|${period_start}|${period_end}|${aggregation_level}|${aggregation_id ?? ''}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw new StoreValidationError(
        `${TABLE}[${i}]`,
        { metric_id, period_start, period_end, aggregation_level, aggregation_id },
        `a key (metric_id, period_start, period_end, aggregation_level, aggregation_id) not already used by row ${earlier} of the same call`,
      );
    }
    seen.set(key, i);
    keys.metric_id[r] = metric_id;
    keys.period_start[r] = period_start;
    keys.period_end[r] = period_end;
    keys.aggregation_level[r] = aggregation_level;
    keys.aggregation_id[r] = aggregation_id;
    keys.metric_value[r] = metric_value;
  }
  return keys;
}

/**
 * The first pass over a call's rows, before any SQL: each row is an object with known fields, of
 * no other organization than `organizationId`, and names a metric by UUID. Returns the distinct metric ids (lower-cased) for the access check.
 */
function checkShapesAndMetrics(rows: readonly CalculationInput[], organizationId: string): string[] {
  const ids = new Set<string>();
  for (let i = 0; i < rows.length; i++) {
    const row = checkRowKeys(TABLE, i, rows[i], ROW_KEYS);
    rowOrganization(TABLE, i, row.organization_id, organizationId);
    ids.add(rowUuid(TABLE, i, 'metric_id', row.metric_id, false) as string);
  }
  return [...ids];
}

/** A checked series query. */
interface CheckedSeries {
  readonly metric_id: string;
  readonly aggregation_level: string;
  readonly aggregation_id: string | null;
  readonly from: string;
  readonly to: string;
}

function checkSeries(query: SeriesQuery, i: number): CheckedSeries {
  const table = 'series';
  const q = checkRowKeys(
    table,
    i,
    query,
    new Set(['metric_id', 'aggregation_level', 'aggregation_id', 'from', 'to']),
  );
  const from = rowTimestamp(table, i, 'from', q.from, false) as string;
  const to = rowTimestamp(table, i, 'to', q.to, false) as string;
  if (from > to)
    throw new StoreValidationError(rowField(table, i, 'to'), q.to, `a time at or after from (${from})`);
  return {
    metric_id: rowUuid(table, i, 'metric_id', q.metric_id, false) as string,
    aggregation_level: rowText(table, i, 'aggregation_level', q.aggregation_level, 100, false) as string,
    aggregation_id: rowUuid(table, i, 'aggregation_id', q.aggregation_id, true),
    from,
    to,
  };
}

/**
 * The statement {@link CalculationRepository.seriesMany} runs after its access check: one
 * LATERAL read per series over `idx_metric_calculations_lookup (metric_id, period_end DESC,
 * aggregation_level, aggregation_id)`. Exported for the EXPLAIN test.
 */
export function seriesStatement(
  db: Kysely<Database>,
  organizationId: string,
  series: readonly CheckedSeries[],
): CompiledQuery<MetricCalculationRow & { series: number }> {
  const col = <K extends keyof CheckedSeries>(k: K) => series.map((s) => s[k]);
  return sql<MetricCalculationRow & { series: number }>`
    SELECT s.n::int AS series, c.*
      FROM unnest(${col('metric_id')}::uuid[], ${col('aggregation_level')}::text[], ${col('aggregation_id')}::uuid[],
                  ${col('from')}::timestamptz[], ${col('to')}::timestamptz[])
           WITH ORDINALITY AS s(metric_id, aggregation_level, aggregation_id, from_time, to_time, n)
     CROSS JOIN LATERAL (
       SELECT c.* FROM metric_calculations c
        WHERE c.organization_id = ${organizationId}::uuid
          AND c.metric_id = s.metric_id
          AND c.period_end >= s.from_time AND c.period_end <= s.to_time
          AND c.aggregation_level = s.aggregation_level
          AND (c.aggregation_id = s.aggregation_id OR (s.aggregation_id IS NULL AND c.aggregation_id IS NULL))
     ) c
     ORDER BY s.n, c.period_end`.compile(db);
}

/**
 * The statement of {@link CalculationRepository.latest}: per metric, the first row of
 * `idx_metric_calculations_lookup` at the level and unit. Exported for the EXPLAIN test.
 */
export function latestStatement(
  db: Kysely<Database>,
  organizationId: string,
  metricIds: readonly string[],
  level: string,
  aggregationId: string | null,
): CompiledQuery<MetricCalculationRow> {
  const unit =
    aggregationId === null ? sql`c.aggregation_id IS NULL` : sql`c.aggregation_id = ${aggregationId}::uuid`;
  return sql<MetricCalculationRow>`
    SELECT l.* FROM unnest(${metricIds}::uuid[]) WITH ORDINALITY AS s(metric_id, n)
     CROSS JOIN LATERAL (
       SELECT c.* FROM metric_calculations c
        WHERE c.organization_id = ${organizationId}::uuid AND c.metric_id = s.metric_id
          AND c.aggregation_level = ${level} AND ${unit}
        ORDER BY c.period_end DESC LIMIT 1) l
     ORDER BY s.n`.compile(db);
}

/**
 * Opens the calculated values of `principal.organizationId` for `principal`.
 *
 * @example
 * const calculations = calculationRepository(db, runner);
 * await calculations.upsert(engineRows); // idempotent: run it again and nothing duplicates
 * const [series] = await calculations.seriesMany([{ metric_id, aggregation_level: 'org', from, to }]);
 */
export function calculationRepository(db: Kysely<Database>, principal: Principal): CalculationRepository {
  const p = assertPrincipal(principal);
  const org = p.organizationId;

  async function seriesMany(
    queries: readonly SeriesQuery[],
  ): Promise<readonly (readonly MetricCalculationRow[])[]> {
    if (!Array.isArray(queries) || queries.length > 1000) {
      throw new StoreValidationError('series', queries, 'an array of at most 1,000 series queries');
    }
    const checked = queries.map(checkSeries);
    if (checked.length === 0) return [];
    await requireMetrics(
      db,
      p,
      checked.map((s) => s.metric_id),
      'view',
    );
    const { rows } = await db.executeQuery(seriesStatement(db, org, checked));
    const out: MetricCalculationRow[][] = checked.map(() => []);
    for (const row of rows) {
      const { series, ...calculation } = row;
      (out[series - 1] as MetricCalculationRow[]).push(calculation as MetricCalculationRow);
    }
    return out;
  }

  return {
    async upsert(rows, options = {}) {
      const batchSize = checkInteger('batchSize', options.batchSize ?? 5000, {
        min: 1,
        max: 50_000,
      }) as number;
      if (!Array.isArray(rows)) throw new StoreValidationError(TABLE, rows, 'an array of calculation rows');
      if (rows.length === 0) return { written: 0, statements: 0 };
      const metricIds = checkShapesAndMetrics(rows, org);
      try {
        return await runInTransaction(db, async (trx) => {
          const metrics = await requireMetrics(trx, p, metricIds, 'edit', 'calculate');
          return upsertBatches({
            db: trx,
            table: TABLE,
            constraint: CONSTRAINT,
            organizationId: org,
            columns: COLUMNS,
            batches: Math.ceil(rows.length / batchSize),
            preparer: () => {
              const memo: TimestampMemo = new Map();
              const seen = new Map<string, number>();
              return (b) => {
                const start = b * batchSize;
                const end = Math.min(rows.length, start + batchSize);
                const keys = checkKeys(rows, start, end, memo, seen);
                return toColumns(rows, keys, start, end, metrics, memo);
              };
            },
            probe: PROBE,
          });
        });
      } catch (error) {
        throw translateDatabaseError(error, p);
      }
    },

    async series(query) {
      const [rows] = await seriesMany([query]);
      return rows ?? [];
    },

    seriesMany,

    async latest(query) {
      const q = checkRowKeys(
        'latest',
        0,
        query,
        new Set(['metric_ids', 'aggregation_level', 'aggregation_id']),
      );
      if (!Array.isArray(q.metric_ids) || q.metric_ids.length > 1000) {
        throw new StoreValidationError(
          'latest.metric_ids',
          q.metric_ids,
          'an array of at most 1,000 metric ids',
        );
      }
      const ids = q.metric_ids.map(
        (id: unknown, i) => rowUuid('latest.metric_ids', i, 'id', id, false) as string,
      );
      const level = rowText('latest', 0, 'aggregation_level', q.aggregation_level, 100, false) as string;
      const unit = rowUuid('latest', 0, 'aggregation_id', q.aggregation_id, true);
      if (ids.length === 0) return [];
      await requireMetrics(db, p, ids, 'view');
      const { rows } = await db.executeQuery(latestStatement(db, org, ids, level, unit));
      return rows;
    },

    async peerValues(query) {
      const table = 'peerValues';
      const q = checkRowKeys(
        table,
        0,
        query,
        new Set(['metric_id', 'aggregation_level', 'period_start', 'period_end']),
      );
      const metricId = rowUuid(table, 0, 'metric_id', q.metric_id, false) as string;
      const level = rowText(table, 0, 'aggregation_level', q.aggregation_level, 100, false) as string;
      const start = rowTimestamp(table, 0, 'period_start', q.period_start, false) as string;
      const end = rowTimestamp(table, 0, 'period_end', q.period_end, false) as string;
      await requireMetrics(db, p, [metricId], 'view');
      return db
        .selectFrom(TABLE)
        .select(['aggregation_id', 'metric_value'])
        .where('organization_id', '=', org)
        .where('metric_id', '=', metricId)
        .where('period_start', '=', new Date(start))
        .where('period_end', '=', new Date(end))
        .where('aggregation_level', '=', level)
        .orderBy('metric_value')
        .orderBy('aggregation_id')
        .execute();
    },
  };
}
