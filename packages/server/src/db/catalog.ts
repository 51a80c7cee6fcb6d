import { sql } from 'kysely';
import type { AnyKysely } from './any-kysely';

/** One column as the live catalog describes it. */
export interface CatalogColumn {
  readonly name: string;
  /** `format_type()` text, e.g. `numeric(15,4)`, `timestamp with time zone`, `text[]`. */
  readonly type: string;
  readonly notNull: boolean;
  /** `pg_get_expr()` of the default, or null. */
  readonly default: string | null;
}

/** One constraint as the live catalog describes it. */
export interface CatalogConstraint {
  readonly name: string;
  /** p = primary key, u = unique, c = check, f = foreign key. */
  readonly kind: 'p' | 'u' | 'c' | 'f';
  /** `pg_get_constraintdef()` text. */
  readonly definition: string;
}

/** One index as the live catalog describes it. */
export interface CatalogIndex {
  readonly name: string;
  readonly unique: boolean;
  /** Key columns in order, with ` DESC` where descending. */
  readonly columns: readonly string[];
  /** `pg_get_expr()` of the partial-index predicate, or null. */
  readonly predicate: string | null;
}

/** A table of the live catalog. */
export interface CatalogTable {
  readonly columns: readonly CatalogColumn[];
  readonly constraints: readonly CatalogConstraint[];
  readonly indexes: readonly CatalogIndex[];
}

/**
 * Reads the tables, enum types, columns, constraints and indexes of the `public` schema from
 * pg_catalog, sorted, so that two databases can be compared value for value. Used by the
 * conformance tests and by `arion-metrics migrate` to print what exists.
 */
export async function readCatalog(db: AnyKysely): Promise<{
  tables: Record<string, CatalogTable>;
  enums: Record<string, string[]>;
}> {
  const columns = await sql<{
    table: string;
    name: string;
    type: string;
    not_null: boolean;
    default: string | null;
  }>`
    SELECT c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
           a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS default
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
    ORDER BY c.relname, a.attnum`.execute(db);
  const constraints = await sql<{
    table: string;
    name: string;
    kind: CatalogConstraint['kind'];
    definition: string;
  }>`
    SELECT c.relname AS table, k.conname AS name, k.contype AS kind, pg_get_constraintdef(k.oid) AS definition
    FROM pg_constraint k
    JOIN pg_class c ON c.oid = k.conrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
    WHERE k.contype IN ('p', 'u', 'c', 'f')
    ORDER BY c.relname, k.conname`.execute(db);
  const indexes = await sql<{
    table: string;
    name: string;
    unique: boolean;
    columns: string;
    predicate: string | null;
  }>`
    SELECT t.relname AS table, i.relname AS name, x.indisunique AS unique,
           (SELECT string_agg(pg_get_indexdef(x.indexrelid, k, true)
                   || CASE WHEN (x.indoption[k - 1] & 1) = 1 THEN ' DESC' ELSE '' END, ',' ORDER BY k)
              FROM generate_series(1, x.indnkeyatts) AS k) AS columns,
           pg_get_expr(x.indpred, x.indrelid) AS predicate
    FROM pg_index x
    JOIN pg_class i ON i.oid = x.indexrelid
    JOIN pg_class t ON t.oid = x.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
    ORDER BY t.relname, i.relname`.execute(db);
  const enums = await sql<{ name: string; labels: string }>`
    SELECT t.typname AS name, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS labels
    FROM pg_type t
    JOIN pg_enum e ON e.enumtypid = t.oid
    JOIN pg_namespace n ON n.oid = t.typnamespace AND n.nspname = 'public'
    GROUP BY t.typname ORDER BY t.typname`.execute(db);

  const tables: Record<
    string,
    { columns: CatalogColumn[]; constraints: CatalogConstraint[]; indexes: CatalogIndex[] }
  > = {};
  const table = (name: string) => {
    tables[name] ??= { columns: [], constraints: [], indexes: [] };
    return tables[name];
  };
  for (const c of columns.rows)
    table(c.table).columns.push({ name: c.name, type: c.type, notNull: c.not_null, default: c.default });
  for (const c of constraints.rows)
    table(c.table).constraints.push({ name: c.name, kind: c.kind, definition: c.definition });
  for (const i of indexes.rows) {
    table(i.table).indexes.push({
      name: i.name,
      unique: i.unique,
      columns: i.columns.split(','),
      predicate: i.predicate,
    });
  }
  return {
    tables,
    enums: Object.fromEntries(enums.rows.map((e) => [e.name, e.labels.split(',')])),
  };
}
