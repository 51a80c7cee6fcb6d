/**
 * The metric registry of one organization, seen by one principal: create, read, list (by
 * category, tag, active, owner; paginated), update with optimistic concurrency and a version
 * history (who, when, which fields changed from what to what), soft delete and restore.
 * Visibility and edit rights: `metric-access.ts`. Approval workflow: `approval-repository.ts`
 * (a new metric is a draft until its required approvals are recorded).
 */
import {
  type Database,
  METRIC_CATEGORIES,
  type MetricCategory,
  type MetricDefinitionRow,
  type MetricDefinitionsTable,
  metricDefinitionsTable,
  type RequiredColumn,
  requiredColumns,
  writableColumns,
} from '@arion-metrics/core';
import { type Kysely, sql, type Updateable } from 'kysely';
import { loadApprovalStatus } from './approval-repository';
import { REAPPROVAL_FIELDS } from './approval-state';
import {
  checkBoolean,
  checkDecimal,
  checkInteger,
  checkPayload,
  checkReferences,
  checkText,
  checkTextArray,
  requireField,
  translatePrincipalError,
  validateColumns,
} from './input-checks';
import { type MetricWithAccess, metricEditableSql, metricVisibleSql, requireMetric } from './metric-access';
import {
  type FieldChange,
  type MetricDefinitionVersionRow,
  type MetricStoreDatabase,
  withMetricHistory,
} from './metric-history-tables';
import { readMetricSettings } from './metric-settings';
import { assertPrincipal, isUuid, type Principal } from './principal';
import { runInTransaction } from './run-in-transaction';
import {
  NotFoundError,
  StoreValidationError,
  translateDatabaseError,
  UniqueViolationError,
  VersionConflictError,
} from './store-errors';

/** The fields a caller may set when creating a metric. Audit columns, `version` and `is_active` are the store's. */
export type MetricInput = {
  readonly [K in (typeof CREATE_FIELDS)[number]]?: Updateable<MetricDefinitionsTable>[K];
} & Pick<Updateable<MetricDefinitionsTable>, RequiredColumn<typeof metricDefinitionsTable>>;

/**
 * A change to a metric: any subset of the creation fields, plus `is_active` (`false` pauses the
 * metric; `true` only once its required approvals are recorded).
 */
export type MetricPatch = {
  readonly [K in (typeof UPDATE_FIELDS)[number]]?: Updateable<MetricDefinitionsTable>[K];
};

/** Filters and page of {@link MetricRepository.list}. */
export interface MetricListOptions {
  /** Only these categories (one or several). */
  readonly category?: MetricCategory | readonly MetricCategory[];
  /** Only metrics carrying this tag. */
  readonly tag?: string;
  /** Only active (`true`) or inactive (`false`) metrics. */
  readonly active?: boolean;
  /** Only metrics owned by this user. */
  readonly ownerId?: string;
  /** List soft-deleted metrics instead of live ones (to restore one); default false. */
  readonly deleted?: boolean;
  /** Page size, 1 to 500; default 50. */
  readonly limit?: number;
  /** Rows to skip; default 0. */
  readonly offset?: number;
}

/** One page of metrics. */
export interface MetricPage {
  /** The metrics, by `metric_name` (then id), each with whether the principal may change it. */
  readonly items: readonly MetricWithAccess[];
  /** Whether more rows follow this page. */
  readonly hasMore: boolean;
}

/** One version of a metric definition, as kept in the history. */
export type MetricVersion = MetricDefinitionVersionRow;

/** The metric registry as one principal sees it. */
export interface MetricRepository {
  /**
   * Creates a metric (owner: `owner_id`, default the principal) at version 1. It is a draft
   * (`is_active: false`) until the organization's required approvals are recorded, or active at
   * once when the organization requires none.
   */
  create(input: MetricInput): Promise<MetricWithAccess>;
  /** A live metric the principal can see; NotFoundError otherwise. */
  get(metricId: string): Promise<MetricWithAccess>;
  /** The metrics the principal can see, filtered and paginated. */
  list(options?: MetricListOptions): Promise<MetricPage>;
  /**
   * Applies `patch` if the metric is still at `expectedVersion` (else VersionConflictError),
   * bumps `version` and records the new version with the changed fields. A patch that changes
   * nothing returns the metric unchanged. Changing the formula, data sources or calculation
   * method starts a new approval round: the metric goes back to draft (`is_active: false`) when
   * the organization requires approvals.
   */
  update(metricId: string, expectedVersion: number, patch: MetricPatch): Promise<MetricWithAccess>;
  /** Soft-deletes the metric (its history, calculations and snapshots stay). */
  delete(metricId: string, expectedVersion?: number): Promise<void>;
  /** Brings back a soft-deleted metric. */
  restore(metricId: string): Promise<MetricWithAccess>;
  /** Every version of a metric the principal can see (deleted metrics included), oldest first. */
  versions(metricId: string): Promise<readonly MetricVersion[]>;
  /** One version of a metric (e.g. the `metadata.definition_version` of a calculation). */
  version(metricId: string, version: number): Promise<MetricVersion>;
}

const TABLE = 'metric_definitions';
const CREATE_FIELDS = writableColumns(metricDefinitionsTable, 'create');
const UPDATE_FIELDS = writableColumns(metricDefinitionsTable, 'update');
/** The fields kept in each version's `definition`. */
export const METRIC_DEFINITION_FIELDS: readonly string[] = UPDATE_FIELDS;
const REQUIRED = requiredColumns(metricDefinitionsTable);
const MAX_PAGE = 500;

type MetricValues = Record<string, unknown>;

/** Checks and normalises the fields present in `payload` (before any SQL). */
function checkMetricFields(payload: unknown, allowed: readonly string[]): MetricValues {
  const raw = checkPayload(TABLE, payload, allowed);
  const out: MetricValues = validateColumns(TABLE, raw);
  const field = (name: string) => `${TABLE}.${name}`;
  if ('metric_name' in raw) out.metric_name = checkText(field('metric_name'), raw.metric_name, { max: 200 });
  if ('display_name' in raw)
    out.display_name = checkText(field('display_name'), raw.display_name, { max: 200 });
  if ('description' in raw)
    out.description = checkText(field('description'), raw.description, { max: 10_000, nullable: true });
  if ('unit_of_measure' in raw)
    out.unit_of_measure = checkText(field('unit_of_measure'), raw.unit_of_measure, {
      max: 50,
      nullable: true,
    });
  if ('calculation_formula' in raw)
    out.calculation_formula = checkText(field('calculation_formula'), raw.calculation_formula, {
      max: 100_000,
      nullable: true,
    });
  if ('aggregation_levels' in raw)
    out.aggregation_levels = checkTextArray(field('aggregation_levels'), raw.aggregation_levels);
  if ('target_value' in raw)
    out.target_value = checkDecimal(field('target_value'), 'target_value', raw.target_value);
  if ('retention_days' in raw)
    out.retention_days = checkInteger(field('retention_days'), raw.retention_days, { min: 1, max: 365_000 });
  if ('is_public' in raw) out.is_public = checkBoolean(field('is_public'), raw.is_public);
  if ('is_active' in raw) out.is_active = checkBoolean(field('is_active'), raw.is_active);
  if ('tags' in raw) out.tags = checkTextArray(field('tags'), raw.tags);
  if ('owner_id' in raw && raw.owner_id !== null && !isUuid(raw.owner_id)) {
    throw new StoreValidationError(
      field('owner_id'),
      raw.owner_id,
      'the id (UUID) of a user of this organization, or null',
    );
  }
  return out;
}

/** JSON text with object keys sorted, so that two equal values compare equal whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

/** The definition fields of a metric row, as kept in a version's `definition`. */
function definitionOf(row: MetricDefinitionRow): Record<string, unknown> {
  const record = row as unknown as Record<string, unknown>;
  return Object.fromEntries(METRIC_DEFINITION_FIELDS.map((f) => [f, record[f] ?? null]));
}

/** Turns the metric_name clash into an error that names it. */
function translateMetricError(error: unknown, values: MetricValues, principal: Principal): unknown {
  const translated = translatePrincipalError(error, principal);
  if (translated !== error) return translated;
  const pgError = error as { code?: string; constraint?: string };
  if (
    pgError?.code === '23505' &&
    pgError.constraint === 'metric_definitions_metric_name_organization_id_key'
  ) {
    return new UniqueViolationError(
      pgError.constraint,
      `${TABLE}.metric_name`,
      values.metric_name,
      `${TABLE}.metric_name ${JSON.stringify(values.metric_name)} is already used by another metric of this organization (deleted metrics and metrics you cannot see keep their names too); choose another name`,
    );
  }
  return translateDatabaseError(error, principal);
}

/**
 * Opens the metric registry of `principal.organizationId` for `principal`.
 *
 * @example
 * const metrics = metricRepository(db, principal);
 * const m = await metrics.create({ metric_name: 'patch_latency', display_name: 'Patch latency',
 *   metric_category: 'security', metric_type: 'duration', calculation_method: 'manual',
 *   data_sources: { tables: [] }, direction: 'lower_better' });
 * await metrics.update(m.id, m.version, { description: 'Days from release to deployment' });
 */
export function metricRepository(db: Kysely<Database>, principal: Principal): MetricRepository {
  const p = assertPrincipal(principal);
  const org = p.organizationId;
  const history = (k: Kysely<Database>): Kysely<MetricStoreDatabase> => withMetricHistory(k);

  async function checkOwner(trx: Kysely<Database>, values: MetricValues): Promise<void> {
    if (typeof values.owner_id === 'string') {
      await checkReferences(
        trx,
        org,
        'users',
        [{ field: `${TABLE}.owner_id`, id: values.owner_id }],
        'the id of a user of this organization, or null',
      );
      values.owner_id = values.owner_id.toLowerCase();
    }
  }

  async function recordVersion(
    trx: Kysely<Database>,
    row: MetricDefinitionRow,
    changes: Record<string, FieldChange>,
    requiresApproval: boolean,
  ): Promise<void> {
    await history(trx)
      .insertInto('metric_definition_versions')
      .values({
        metric_id: row.id,
        version: row.version,
        definition: JSON.stringify(definitionOf(row)) as never,
        changes: JSON.stringify(changes) as never,
        requires_approval: requiresApproval,
        changed_by: p.userId,
        organization_id: org,
      })
      .execute();
  }

  return {
    async create(input) {
      const values = checkMetricFields(input, CREATE_FIELDS);
      for (const field of REQUIRED) requireField(TABLE, values, field, 'a value');
      try {
        return await runInTransaction(db, async (trx) => {
          await checkOwner(trx, values);
          const settings = await readMetricSettings(trx, org);
          const row = await trx
            .insertInto(TABLE)
            .values({
              ...(values as unknown as MetricInput),
              owner_id:
                (values.owner_id as string | null | undefined) === undefined
                  ? p.userId
                  : (values.owner_id as string | null),
              is_active: settings.required_approvals.length === 0,
              organization_id: org,
              created_by: p.userId,
              updated_by: p.userId,
            } as never)
            .returningAll()
            .executeTakeFirstOrThrow();
          await recordVersion(trx, row, {}, true);
          return requireMetric(trx, p, row.id, 'view', 'read it');
        });
      } catch (error) {
        throw translateMetricError(error, values, p);
      }
    },

    get(metricId) {
      return requireMetric(db, p, metricId, 'view', 'read it');
    },

    async list(options = {}) {
      const limit = checkInteger('limit', options.limit ?? 50, { min: 1, max: MAX_PAGE }) as number;
      const offset = checkInteger('offset', options.offset ?? 0, { min: 0 }) as number;
      let query = db
        .selectFrom('metric_definitions as m')
        .selectAll('m')
        .select(metricEditableSql(p).as('can_edit'))
        .where('m.organization_id', '=', org)
        .where('m.deleted_at', options.deleted ? 'is not' : 'is', null)
        .where(metricVisibleSql(p));
      if (options.category !== undefined) {
        const categories: readonly unknown[] = Array.isArray(options.category)
          ? options.category
          : [options.category];
        categories.forEach((c, i) => {
          if (!METRIC_CATEGORIES.includes(c as MetricCategory)) {
            throw new StoreValidationError(
              Array.isArray(options.category) ? `category[${i}]` : 'category',
              c,
              `one of ${METRIC_CATEGORIES.join(', ')}`,
            );
          }
        });
        query = query.where('m.metric_category', 'in', categories as MetricCategory[]);
      }
      if (options.active !== undefined)
        query = query.where('m.is_active', '=', checkBoolean('active', options.active));
      if (options.tag !== undefined) {
        const tag = checkText('tag', options.tag, { max: 100 }) as string;
        query = query.where(sql<boolean>`m.tags @> ARRAY[${tag}]::text[]`);
      }
      if (options.ownerId !== undefined) {
        if (!isUuid(options.ownerId))
          throw new StoreValidationError('ownerId', options.ownerId, 'a user id (UUID)');
        query = query.where('m.owner_id', '=', options.ownerId);
      }
      const rows = await query
        .orderBy('m.metric_name')
        .orderBy('m.id')
        .limit(limit + 1)
        .offset(offset)
        .execute();
      return { items: rows.slice(0, limit), hasMore: rows.length > limit };
    },

    async update(metricId, expectedVersion, patch) {
      if (!isUuid(metricId)) throw new NotFoundError('metric', String(metricId));
      checkInteger('expectedVersion', expectedVersion, { min: 1 });
      const values = checkMetricFields(patch, UPDATE_FIELDS);
      const fields = Object.keys(values).join(', ') || 'nothing';
      try {
        return await runInTransaction(db, async (trx) => {
          const current = await requireMetric(trx, p, metricId, 'edit', `change ${fields}`, {
            forUpdate: true,
          });
          if (current.version !== expectedVersion) {
            throw new VersionConflictError('metric', metricId, expectedVersion, current.version);
          }
          await checkOwner(trx, values);
          const before = definitionOf(current);
          const changes: Record<string, FieldChange> = {};
          for (const [field, to] of Object.entries(values)) {
            if (canonical(before[field]) !== canonical(to))
              changes[field] = { from: before[field] ?? null, to: to ?? null };
          }
          if (Object.keys(changes).length === 0) return current;
          const reapproval = REAPPROVAL_FIELDS.some((f) => f in changes);
          const settings = await readMetricSettings(trx, org);
          const set: MetricValues = {};
          for (const field of Object.keys(changes)) set[field] = values[field];
          if (reapproval && settings.required_approvals.length > 0) {
            if (values.is_active === true) {
              throw new StoreValidationError(
                `${TABLE}.is_active`,
                true,
                `false: this change of ${REAPPROVAL_FIELDS.filter((f) => f in changes).join(', ')} sends the metric back for approval`,
              );
            }
            if (current.is_active) {
              set.is_active = false;
              changes.is_active = { from: true, to: false };
            }
          } else if (changes.is_active?.to === true) {
            const status = await loadApprovalStatus(
              trx,
              org,
              current.id,
              current.version,
              settings.required_approvals,
            );
            if (status.state !== 'approved') {
              throw new StoreValidationError(
                `${TABLE}.is_active`,
                true,
                `false until the metric's required approvals are recorded (state ${status.state}; missing: ${status.missing.join(', ')})`,
              );
            }
          }
          const row = await trx
            .updateTable(TABLE)
            .set({ ...set, updated_by: p.userId, updated_at: sql`now()`, version: sql`version + 1` } as never)
            .where('organization_id', '=', org)
            .where('id', '=', current.id)
            .where('version', '=', expectedVersion)
            .returningAll()
            .executeTakeFirst();
          if (!row) throw new VersionConflictError('metric', metricId, expectedVersion, undefined);
          await recordVersion(trx, row, changes, reapproval);
          return requireMetric(trx, p, row.id, 'view', 'read it');
        });
      } catch (error) {
        throw translateMetricError(error, values, p);
      }
    },

    async delete(metricId, expectedVersion) {
      if (expectedVersion !== undefined) checkInteger('expectedVersion', expectedVersion, { min: 1 });
      await runInTransaction(db, async (trx) => {
        const current = await requireMetric(trx, p, metricId, 'edit', 'delete it', { forUpdate: true });
        if (expectedVersion !== undefined && current.version !== expectedVersion) {
          throw new VersionConflictError('metric', current.id, expectedVersion, current.version);
        }
        await trx
          .updateTable(TABLE)
          .set({ deleted_at: sql`now()`, deleted_by: p.userId, updated_by: p.userId, updated_at: sql`now()` })
          .where('organization_id', '=', org)
          .where('id', '=', current.id)
          .execute();
      }).catch((error: unknown) => Promise.reject(translatePrincipalError(error, p)));
    },

    async restore(metricId) {
      return runInTransaction(db, async (trx) => {
        const current = await requireMetric(trx, p, metricId, 'edit', 'restore it', {
          deleted: true,
          forUpdate: true,
        });
        await trx
          .updateTable(TABLE)
          .set({ deleted_at: null, deleted_by: null, updated_by: p.userId, updated_at: sql`now()` })
          .where('organization_id', '=', org)
          .where('id', '=', current.id)
          .execute();
        return requireMetric(trx, p, current.id, 'view', 'read it');
      }).catch((error: unknown) => Promise.reject(translatePrincipalError(error, p)));
    },

    async versions(metricId) {
      const metric = await requireVisibleIncludingDeleted(db, p, metricId);
      return history(db)
        .selectFrom('metric_definition_versions')
        .selectAll()
        .where('organization_id', '=', org)
        .where('metric_id', '=', metric)
        .orderBy('version')
        .execute();
    },

    async version(metricId, version) {
      checkInteger('version', version, { min: 1 });
      const metric = await requireVisibleIncludingDeleted(db, p, metricId);
      const row = await history(db)
        .selectFrom('metric_definition_versions')
        .selectAll()
        .where('organization_id', '=', org)
        .where('metric_id', '=', metric)
        .where('version', '=', version)
        .executeTakeFirst();
      if (!row) throw new NotFoundError(`version ${version} of metric`, metric);
      return row;
    },
  };
}

/** The id of a metric the principal can see, live or soft-deleted; NotFoundError otherwise. */
async function requireVisibleIncludingDeleted(
  db: Kysely<Database>,
  p: Principal,
  metricId: unknown,
): Promise<string> {
  if (!isUuid(metricId)) throw new NotFoundError('metric', String(metricId));
  const row = await db
    .selectFrom('metric_definitions as m')
    .select('m.id')
    .where('m.organization_id', '=', p.organizationId)
    .where('m.id', '=', metricId)
    .where(metricVisibleSql(p))
    .executeTakeFirst();
  if (!row) throw new NotFoundError('metric', metricId);
  return row.id;
}
