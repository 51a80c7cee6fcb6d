/**
 * The per-kind column registries of `validate.ts` (JSONB, enum and array columns) and the engine's
 * numeric ranges are written beside the table descriptors; these tests hold each of them to the
 * descriptors, so a column added, removed or retyped in a descriptor fails here until the
 * registry follows.
 */
import { describe, expect, it } from 'vitest';
import { NUMERIC_COLUMN_RANGES } from '../engine/column-guards';
import { TABLE_DESCRIPTORS } from './table-descriptors';
import { ARRAY_COLUMN_LIMITS, ENUM_COLUMNS, JSONB_COLUMNS } from './validate';

type Registry = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/**
 * Caller-written columns of a kind the registries leave out on purpose, each with the reason.
 * (Columns only the store or the runtime writes, `write: 'store'`, need no entry; when a
 * registry lists one anyway, it must agree with the descriptor.)
 */
const LEFT_OUT = new Map([
  ['metric_approvals.approval_type', 'checked by the approval repository against METRIC_APPROVAL_TYPES'],
  ['metric_approvals.decision', 'checked by the approval repository against APPROVAL_DECISIONS'],
  [
    'contact_points.channel',
    'no store method writes contact points yet (admins insert them with SQL); a CHECK constraint guards it',
  ],
]);
/** The columns of `table` of one kind that its registry must list: caller-written, not left out. */
const required = (table: string, columns: [string, { readonly write: string }][]) =>
  columns
    .filter(([column, c]) => c.write !== 'store' && !LEFT_OUT.has(`${table}.${column}`))
    .map(([column]) => column)
    .sort();
const columnsOf = (registry: Registry, table: string) => Object.keys(registry[table] ?? {}).sort();

describe('the column registries agree with the table descriptors', () => {
  it('cover exactly the descriptors’ tables', () => {
    const tables = TABLE_DESCRIPTORS.map((d) => d.name).sort();
    for (const registry of [JSONB_COLUMNS, ENUM_COLUMNS, ARRAY_COLUMN_LIMITS] as Registry[]) {
      expect(Object.keys(registry).sort()).toEqual(tables);
    }
  });

  it.each(TABLE_DESCRIPTORS.map((d) => [d.name, d] as const))(
    'list %s’s JSONB columns with the descriptor’s schema and nullability',
    (name, descriptor) => {
      const columns = Object.entries(descriptor.columns).filter(([, c]) => c.pgType === 'jsonb');
      const listed = columnsOf(JSONB_COLUMNS, name);
      expect(required(name, columns).filter((column) => !listed.includes(column))).toEqual([]);
      const registry = JSONB_COLUMNS[name] as Readonly<
        Record<string, { schema: unknown; nullable: boolean }>
      >;
      const kinds = new Map(columns);
      for (const column of listed) {
        const c = kinds.get(column);
        expect({
          column,
          schema: registry[column]?.schema === c?.jsonb,
          nullable: registry[column]?.nullable,
        }).toEqual({
          column,
          schema: true,
          nullable: c?.nullable,
        });
      }
    },
  );

  it.each(TABLE_DESCRIPTORS.map((d) => [d.name, d] as const))(
    'list %s’s enum columns with the descriptor’s values, type and nullability',
    (name, descriptor) => {
      const columns = Object.entries(descriptor.columns).filter(([, c]) => c.enumValues !== null);
      const listed = columnsOf(ENUM_COLUMNS, name);
      expect(required(name, columns).filter((column) => !listed.includes(column))).toEqual([]);
      const registry = ENUM_COLUMNS[name] as Readonly<
        Record<
          string,
          { values: readonly string[]; nullable: boolean; array: boolean; pgType: string | null }
        >
      >;
      const kinds = new Map(columns);
      for (const column of listed) {
        const c = kinds.get(column);
        expect({ column, ...registry[column] }).toEqual({
          column,
          values: c?.enumValues,
          nullable: c?.nullable,
          array: c?.pgType.endsWith('[]'),
          pgType: c?.pgType.endsWith('[]') ? null : c?.pgType,
        });
      }
    },
  );

  it.each(TABLE_DESCRIPTORS.map((d) => [d.name, d] as const))(
    'limit only %s’s array columns',
    (name, descriptor) => {
      const arrays = new Set(
        Object.entries(descriptor.columns)
          .filter(([, c]) => c.pgType.endsWith('[]'))
          .map(([column]) => column),
      );
      expect(columnsOf(ARRAY_COLUMN_LIMITS, name).filter((column) => !arrays.has(column))).toEqual([]);
    },
  );

  it('leave out only columns that exist (so an excuse cannot outlive its column)', () => {
    const columns = new Set(
      TABLE_DESCRIPTORS.flatMap((d) => Object.keys(d.columns).map((c) => `${d.name}.${c}`)),
    );
    expect([...LEFT_OUT.keys()].filter((column) => !columns.has(column))).toEqual([]);
  });

  it('range every numeric column the engine writes with the descriptor’s precision and scale', () => {
    const tables = TABLE_DESCRIPTORS.filter((d) =>
      ['metric_calculations', 'metric_snapshots', 'metric_relationships'].includes(d.name),
    );
    const numeric = new Map<string, string>();
    for (const table of tables) {
      for (const [column, c] of Object.entries(table.columns)) {
        if (/^(numeric|integer)/.test(c.pgType) && column in NUMERIC_COLUMN_RANGES)
          numeric.set(column, c.pgType);
      }
    }
    expect([...numeric.keys()].sort()).toEqual(Object.keys(NUMERIC_COLUMN_RANGES).sort());
    for (const [column, pgType] of numeric) {
      const range = NUMERIC_COLUMN_RANGES[column as keyof typeof NUMERIC_COLUMN_RANGES];
      const declared = /^numeric\((\d+),(\d+)\)$/.exec(pgType);
      expect({
        column,
        precision: 'precision' in range ? range.precision : undefined,
        scale: range.scale,
      }).toEqual({
        column,
        precision: declared ? Number(declared[1]) : undefined,
        scale: declared ? Number(declared[2]) : 0,
      });
    }
  });
});
