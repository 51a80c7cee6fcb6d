/**
 * Rollups (`metric_snapshots`) of one organization: idempotent batch upserts on the unique key
 * (date, type, metric, aggregation level, aggregation id), series reads over
 * `idx_metric_snapshots_date (metric_id, snapshot_date DESC)` and the latest snapshot per metric.
 * The rollup numbers come from core's engine; access as for calculations (`metric-access.ts`).
 */
import {
  type ColumnDescriptor,
  type Database,
  type MetricSnapshotRow,
  metricSnapshotsTable,
  type NumericColumn,
  SNAPSHOT_TYPES,
  type SnapshotType,
  type Trend,
} from '@arion-metrics/core';
import { type CompiledQuery, type Kysely, sql } from 'kysely';
import {
  checkRowKeys,
  requireMetrics,
  rowDate,
  rowEnum,
  rowField,
  rowNumber,
  rowOrganization,
  rowText,
  rowUuid,
} from './batch-checks';
import { type BatchColumn, batchColumns } from './batch-writer';
import type { UpsertResult } from './calculation-repository';
import { probeStatement } from './copy-upsert';
import { checkInteger } from './input-checks';
import { assertPrincipal, type Principal } from './principal';
import { runInTransaction } from './run-in-transaction';
import { StoreValidationError, translateDatabaseError } from './store-errors';
import { upsertBatches } from './upsert-batches';

/**
 * One rollup to store. `id` and `created_at` are the store's. Core's engine output
 * (`SnapshotResult`) is a `SnapshotInput` as it is.
 */
export interface SnapshotInput {
  /** The principal's organization, or absent (the store writes it); any other is refused. */
  readonly organization_id?: string;
  /** Date of the snapshot, `'YYYY-MM-DD'`. */
  readonly snapshot_date: string;
  /** Granularity. */
  readonly snapshot_type: SnapshotType;
  /** The metric. */
  readonly metric_id: string;
  /** Aggregation level. */
  readonly aggregation_level: string;
  /** The unit; null (default) for the level's total. */
  readonly aggregation_id?: string | null;
  /** The rolled-up value. */
  readonly metric_value: number;
  /** Smallest value. */
  readonly min_value?: number | null;
  /** Largest value. */
  readonly max_value?: number | null;
  /** Mean. */
  readonly avg_value?: number | null;
  /** Sample standard deviation. */
  readonly std_deviation?: number | null;
  /** Values rolled up. */
  readonly sample_count?: number | null;
  /** 25th percentile. */
  readonly percentile_25?: number | null;
  /** Median. */
  readonly percentile_50?: number | null;
  /** 75th percentile. */
  readonly percentile_75?: number | null;
  /** 95th percentile. */
  readonly percentile_95?: number | null;
  /** Trend. */
  readonly trend?: Trend | null;
  /** Year-over-year change, percent. */
  readonly year_over_year_change?: number | null;
  /** Quarter-over-quarter change, percent. */
  readonly quarter_over_quarter_change?: number | null;
  /** Month-over-month change, percent. */
  readonly month_over_month_change?: number | null;
}

/** One snapshot series: a metric, granularity, level and unit over dates `[from, to]`. */
export interface SnapshotSeriesQuery {
  /** The metric. */
  readonly metric_id: string;
  /** Granularity. */
  readonly snapshot_type: SnapshotType;
  /** Aggregation level. */
  readonly aggregation_level: string;
  /** The unit; null (default) for the level's total. */
  readonly aggregation_id?: string | null;
  /** First date included, `'YYYY-MM-DD'`. */
  readonly from: string;
  /** Last date included, `'YYYY-MM-DD'`. */
  readonly to: string;
}

/** Rollups as one principal sees them. */
export interface SnapshotRepository {
  /** Inserts the rows, replacing any row with the same unique key; one statement per batch, one transaction. */
  upsert(rows: readonly SnapshotInput[], options?: { readonly batchSize?: number }): Promise<UpsertResult>;
  /** One series, ordered by date (ascending). */
  series(query: SnapshotSeriesQuery): Promise<readonly MetricSnapshotRow[]>;
  /** The latest snapshot of each metric at a granularity, level and unit, in input order. */
  latest(query: {
    readonly metric_ids: readonly string[];
    readonly snapshot_type: SnapshotType;
    readonly aggregation_level: string;
    readonly aggregation_id?: string | null;
  }): Promise<readonly MetricSnapshotRow[]>;
}

const TABLE = 'metric_snapshots';
const CONSTRAINT = metricSnapshotsTable.upsertKey.constraint;
/** The batch columns, in the order of the arrays; the key columns lead. */
const COLUMNS: readonly BatchColumn[] = batchColumns(metricSnapshotsTable);
/** Keys a snapshot row may carry: the batch columns and the organization (only the principal's). */
const ROW_KEYS = new Set<string>([metricSnapshotsTable.tenantKey, ...COLUMNS.map((c) => c.name)]);
const KEY = metricSnapshotsTable.upsertKey.columns;
const DESCRIBED = metricSnapshotsTable.columns as Readonly<Record<string, ColumnDescriptor>>;

/** Checks one value of a snapshot row by its column's descriptor (type, nullability, enum values). */
function checkValue(i: number, name: string, value: unknown): unknown {
  const c = DESCRIBED[name] as ColumnDescriptor;
  if (c.enumValues) return rowEnum(TABLE, i, name, value, c.enumValues, c.nullable ? null : undefined);
  switch (c.pgType) {
    case 'date':
      return rowDate(TABLE, i, name, value);
    case 'uuid':
      return rowUuid(TABLE, i, name, value, c.nullable);
    case 'text':
      return rowText(TABLE, i, name, value, 100, c.nullable);
    default:
      return rowNumber(TABLE, i, name as NumericColumn, value, c.nullable);
  }
}

/** What a batch's probe asks before it goes straight into the table (see `copy-upsert.ts`). */
const PROBE = { match: 'metric_id', range: 'snapshot_date' } as const;

/** The statement that probes a snapshot batch's key range before it goes straight in (for EXPLAIN in tests). */
export const snapshotProbeStatement = (): string => probeStatement(TABLE, PROBE, COLUMNS);

/**
 * Checks every row (before any SQL; `organization_id`, when given, must be `organizationId`) and
 * returns the batch column-wise; refuses two rows with one key.
 */
function toColumns(
  rows: readonly SnapshotInput[],
  organizationId: string,
): { ids: string[]; arrays: unknown[][] } {
  const arrays: unknown[][] = COLUMNS.map(() => new Array(rows.length));
  const ids: string[] = new Array(rows.length);
  const seen = new Map<string, number>();
  rows.forEach((input, i) => {
    const row = checkRowKeys(TABLE, i, input, ROW_KEYS);
    rowOrganization(TABLE, i, row.organization_id, organizationId);
    const values = COLUMNS.map((c) => checkValue(i, c.name, row[c.name]));
    const key = values.slice(0, KEY.length).join('|');
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw new StoreValidationError(
        `${TABLE}[${i}]`,
        Object.fromEntries(KEY.map((name, k) => [name, values[k]])),
        `a key (${KEY.join(', ')}) not already used by row ${earlier} of the same call`,
      );
    }
    seen.set(key, i);
    ids[i] = values[KEY.indexOf('metric_id')] as string;
    for (let c = 0; c < values.length; c++) (arrays[c] as unknown[])[i] = values[c];
  });
  return { ids, arrays };
}

/** The statement of {@link SnapshotRepository.series}; exported for the EXPLAIN test. */
export function snapshotSeriesStatement(
  db: Kysely<Database>,
  organizationId: string,
  q: {
    metric_id: string;
    snapshot_type: SnapshotType;
    aggregation_level: string;
    aggregation_id: string | null;
    from: string;
    to: string;
  },
): CompiledQuery<MetricSnapshotRow> {
  let query = db
    .selectFrom(TABLE)
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('metric_id', '=', q.metric_id)
    .where('snapshot_date', '>=', q.from)
    .where('snapshot_date', '<=', q.to)
    .where('snapshot_type', '=', q.snapshot_type)
    .where('aggregation_level', '=', q.aggregation_level);
  query =
    q.aggregation_id === null
      ? query.where('aggregation_id', 'is', null)
      : query.where('aggregation_id', '=', q.aggregation_id);
  return query.orderBy('snapshot_date').compile();
}

/**
 * Opens the rollups of `principal.organizationId` for `principal`.
 *
 * @example
 * await snapshotRepository(db, runner).upsert(engineSnapshots);
 */
export function snapshotRepository(db: Kysely<Database>, principal: Principal): SnapshotRepository {
  const p = assertPrincipal(principal);
  const org = p.organizationId;

  return {
    async upsert(rows, options = {}) {
      const batchSize = checkInteger('batchSize', options.batchSize ?? 5000, {
        min: 1,
        max: 50_000,
      }) as number;
      if (!Array.isArray(rows)) throw new StoreValidationError(TABLE, rows, 'an array of snapshot rows');
      if (rows.length === 0) return { written: 0, statements: 0 };
      const { ids, arrays } = toColumns(rows, org);
      try {
        return await runInTransaction(db, async (trx) => {
          await requireMetrics(trx, p, ids, 'edit', 'roll_up');
          return upsertBatches({
            db: trx,
            table: TABLE,
            constraint: CONSTRAINT,
            organizationId: org,
            columns: COLUMNS,
            batches: Math.ceil(rows.length / batchSize),
            preparer: () => (b) => arrays.map((a) => a.slice(b * batchSize, (b + 1) * batchSize)),
            probe: PROBE,
          });
        });
      } catch (error) {
        throw translateDatabaseError(error, p);
      }
    },

    async series(query) {
      const t = 'series';
      const q = checkRowKeys(
        t,
        0,
        query,
        new Set(['metric_id', 'snapshot_type', 'aggregation_level', 'aggregation_id', 'from', 'to']),
      );
      const checked = {
        metric_id: rowUuid(t, 0, 'metric_id', q.metric_id, false) as string,
        snapshot_type: rowEnum(
          t,
          0,
          'snapshot_type',
          q.snapshot_type,
          SNAPSHOT_TYPES,
          undefined,
        ) as SnapshotType,
        aggregation_level: rowText(t, 0, 'aggregation_level', q.aggregation_level, 100, false) as string,
        aggregation_id: rowUuid(t, 0, 'aggregation_id', q.aggregation_id, true),
        from: rowDate(t, 0, 'from', q.from),
        to: rowDate(t, 0, 'to', q.to),
      };
      if (checked.from > checked.to)
        throw new StoreValidationError(
          rowField(t, 0, 'to'),
          q.to,
          `a date on or after from (${checked.from})`,
        );
      await requireMetrics(db, p, [checked.metric_id], 'view');
      const { rows } = await db.executeQuery(snapshotSeriesStatement(db, org, checked));
      return rows;
    },

    async latest(query) {
      const t = 'latest';
      const q = checkRowKeys(
        t,
        0,
        query,
        new Set(['metric_ids', 'snapshot_type', 'aggregation_level', 'aggregation_id']),
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
      const type = rowEnum(t, 0, 'snapshot_type', q.snapshot_type, SNAPSHOT_TYPES, undefined) as SnapshotType;
      const level = rowText(t, 0, 'aggregation_level', q.aggregation_level, 100, false) as string;
      const unitId = rowUuid(t, 0, 'aggregation_id', q.aggregation_id, true);
      if (ids.length === 0) return [];
      await requireMetrics(db, p, ids, 'view');
      const unit = unitId === null ? sql`s.aggregation_id IS NULL` : sql`s.aggregation_id = ${unitId}::uuid`;
      const { rows } = await sql<MetricSnapshotRow>`
        SELECT l.* FROM unnest(${ids}::uuid[]) WITH ORDINALITY AS m(metric_id, n)
         CROSS JOIN LATERAL (
           SELECT s.* FROM metric_snapshots s
            WHERE s.organization_id = ${org}::uuid AND s.metric_id = m.metric_id
              AND s.snapshot_type = ${type}::snapshot_type AND s.aggregation_level = ${level} AND ${unit}
            ORDER BY s.snapshot_date DESC LIMIT 1) l
         ORDER BY m.n`.execute(db);
      return rows;
    },
  };
}
