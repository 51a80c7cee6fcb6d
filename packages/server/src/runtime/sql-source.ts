/**
 * The `sql` source: a metric's `calculation_formula`, checked by the allow-list, run with bound
 * parameters in a READ ONLY transaction. On PostgreSQL it runs on the sandbox pool (a role that
 * logs in with SELECT on the registered relations only, row-level security, statement_timeout);
 * on PGlite the allow-list and the organization-scoping CTEs are the guard.
 */
import type { Database } from '@arion-metrics/core';
import { CompiledQuery, type Kysely } from 'kysely';
import { databaseEngine } from '../db/create-database';
import { observationsFromRows } from './result-shape';
import { type RelationRegistry, registerRelations, type SourceRelation } from './source-relations';
import {
  checkSourceRequest,
  type ObservedValue,
  type SourceMetric,
  type SourceRequest,
} from './source-types';
import { loadSqlParser, prepareSqlFormula, SqlFormulaError } from './sql-formula';
import { SANDBOX_ORGANIZATION_SETTING } from './sql-sandbox';

/**
 * The subset of a `pg.PoolClient` the sandbox uses (written out, so the package's public types
 * need no `@types/pg` in the host).
 */
export interface SandboxClient {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  /** Returns the client to its pool; `true` destroys it instead (its session is unusable). */
  release(destroy?: boolean): void;
}

/** The subset of `pg.Pool` the sandbox needs: a `pg.Pool` logged in as the sandbox role fits. */
export interface SandboxPool {
  connect(): Promise<SandboxClient>;
}

/** Options of {@link sqlSource}. */
export interface SqlSourceOptions {
  /** The database of the store (PGlite runs formulas on it; PostgreSQL only reads the engine from it). */
  readonly db: Kysely<Database>;
  /** The relations formulas may read; each must have an `organization_id` column. */
  readonly relations: readonly SourceRelation[];
  /**
   * PostgreSQL: a pool that logs in as the sandbox role (see `setupSqlSandbox`). Required on
   * PostgreSQL: a formula never runs as the store's own user there.
   */
  readonly sandbox?: SandboxPool;
  /** The most rows a formula may return; more is an error (default 100,000). */
  readonly maxRows?: number;
  /** PostgreSQL only: `statement_timeout` of a formula in milliseconds (default 10,000). */
  readonly statementTimeoutMs?: number;
}

/** A source of observations for one calculation method. */
export interface ObservationSource {
  /** Every unit's observations of `request.aggregationLevel` for every period of `request`, in one query or call. */
  observe(metric: SourceMetric, request: SourceRequest): Promise<ObservedValue[]>;
}

/** The `sql` source (see the module comment and the README's "Runtime" section). */
export function sqlSource(options: SqlSourceOptions): ObservationSource {
  const relations: RelationRegistry = registerRelations(options.relations);
  const maxRows = options.maxRows ?? 100_000;
  const timeout = options.statementTimeoutMs ?? 10_000;
  const engine = databaseEngine(options.db);
  if (engine === 'postgres' && !options.sandbox) {
    throw new TypeError(
      'sqlSource: options.sandbox is missing; on PostgreSQL formulas run only on a pool that logs in as the sandbox role',
    );
  }
  return {
    async observe(metric, request) {
      checkSourceRequest(request);
      await loadSqlParser();
      const parameters = metric.parameters ?? {};
      const prepared = prepareSqlFormula(
        metric.calculation_formula ?? '',
        relations,
        Object.keys(parameters),
        maxRows,
      );
      const first = request.periods[0];
      const last = request.periods.at(-1);
      const bound: Record<string, unknown> = {
        ...parameters,
        organization_id: request.organizationId,
        aggregation_level: request.aggregationLevel,
        aggregation_id: null,
        period_start: first?.start,
        period_end: last?.end,
      };
      const values = prepared.parameterNames.map((name) => {
        const value = bound[name];
        if (
          value !== null &&
          !['string', 'number', 'boolean'].includes(typeof value) &&
          !(value instanceof Date)
        ) {
          throw new SqlFormulaError(
            `parameters.${name}: got ${JSON.stringify(value)}; allowed: a string, number, boolean or null`,
          );
        }
        return value;
      });
      const rows = options.sandbox
        ? await runInSandbox(options.sandbox, prepared.text, values, request.organizationId, timeout)
        : await runReadOnly(options.db, prepared.text, values);
      if (rows.length > maxRows) {
        throw new SqlFormulaError(
          `calculation_formula: returned more than ${maxRows} rows; allowed: at most ${maxRows} (maxRows)`,
        );
      }
      return observationsFromRows(rows, request);
    },
  };
}

async function runReadOnly(
  db: Kysely<Database>,
  text: string,
  values: unknown[],
): Promise<Record<string, unknown>[]> {
  const result = await db
    .transaction()
    .setAccessMode('read only')
    .execute((trx) => trx.executeQuery<Record<string, unknown>>(CompiledQuery.raw(text, values)));
  return result.rows;
}

async function runInSandbox(
  pool: SandboxPool,
  text: string,
  values: unknown[],
  organizationId: string,
  timeoutMs: number,
): Promise<Record<string, unknown>[]> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN READ ONLY');
    await client.query('SELECT set_config($1, $2, true), set_config($3, $4, true)', [
      'statement_timeout',
      String(Math.max(1, Math.floor(timeoutMs))),
      SANDBOX_ORGANIZATION_SETTING,
      organizationId,
    ]);
    const result = await client.query(text, values);
    await client.query('COMMIT');
    return result.rows as Record<string, unknown>[];
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch {
      broken = true;
    }
    throw error;
  } finally {
    client.release(broken);
  }
}
