/**
 * The relations a host lets metric sources read. Every identifier a `sql` formula or an
 * `aggregation` spec may name comes from here; nothing else in the database is reachable.
 */

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** A table or view the host registered as a source. */
export interface SourceRelation {
  /** The name formulas and specs use (lower-case, unqualified), e.g. `events`. */
  readonly name: string;
  /** Its schema; default `public`. */
  readonly schema?: string;
  /** Its table or view name in that schema; default `name`. */
  readonly table?: string;
  /** `view` relations are made `security_invoker` by the sandbox setup; default `table`. */
  readonly kind?: 'table' | 'view';
  /**
   * Columns an `aggregation` spec may name (every relation also has `organization_id`, which
   * scopes its rows to the calling organization and is never named by a spec).
   */
  readonly columns: readonly string[];
}

/** A checked, frozen {@link SourceRelation} with its defaults filled in. */
export interface CheckedRelation {
  readonly name: string;
  readonly schema: string;
  readonly table: string;
  readonly kind: 'table' | 'view';
  readonly columns: readonly string[];
}

/** Registered relations by formula name. */
export type RelationRegistry = ReadonlyMap<string, CheckedRelation>;

/** Checks `relations` (names are plain lower-case identifiers, unique) and indexes them by name. */
export function registerRelations(relations: readonly SourceRelation[]): RelationRegistry {
  const registry = new Map<string, CheckedRelation>();
  relations.forEach((relation, i) => {
    const checked: CheckedRelation = Object.freeze({
      name: relation.name,
      schema: relation.schema ?? 'public',
      table: relation.table ?? relation.name,
      kind: relation.kind ?? 'table',
      columns: Object.freeze([...relation.columns]),
    });
    for (const field of ['name', 'schema', 'table'] as const) {
      if (!IDENTIFIER.test(checked[field])) {
        throw new TypeError(
          `relations[${i}].${field}: got ${JSON.stringify(checked[field])}; allowed: a lower-case identifier (a-z, 0-9, _)`,
        );
      }
    }
    checked.columns.forEach((column, j) => {
      if (!IDENTIFIER.test(column) || column === 'organization_id') {
        throw new TypeError(
          `relations[${i}].columns[${j}]: got ${JSON.stringify(column)}; allowed: a lower-case identifier other than organization_id`,
        );
      }
    });
    if (checked.kind !== 'table' && checked.kind !== 'view') {
      throw new TypeError(
        `relations[${i}].kind: got ${JSON.stringify(checked.kind)}; allowed: 'table' or 'view'`,
      );
    }
    if (registry.has(checked.name)) {
      throw new TypeError(`relations[${i}].name: ${JSON.stringify(checked.name)} is registered twice`);
    }
    registry.set(checked.name, checked);
  });
  return registry;
}

/** `"schema"."table"` of a checked relation (its parts are plain identifiers). */
export function qualifiedName(relation: CheckedRelation): string {
  return `"${relation.schema}"."${relation.table}"`;
}
