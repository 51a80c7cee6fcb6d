import {
  ColumnNode,
  type ColumnUpdateNode,
  type InsertQueryNode,
  type KyselyPlugin,
  OperationNodeTransformer,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  PrimitiveValueListNode,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
  ValueListNode,
  ValueNode,
  ValuesNode,
} from 'kysely';
import { formatNumRange, type NumRange } from './value-types';

/** The NUMRANGE columns of the schema. */
export const NUMRANGE_COLUMNS: ReadonlySet<string> = new Set(['confidence_interval']);

function isNumRange(value: unknown): value is NumRange {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value).sort().join(',');
  return keys === 'lower,lowerInclusive,upper,upperInclusive';
}

/** A NumRange object becomes its literal text; anything else is left for the database to judge. */
function toParameter(value: unknown): unknown {
  return isNumRange(value) ? formatNumRange(value) : value;
}

class NumRangeTransformer extends OperationNodeTransformer {
  protected override transformInsertQuery(node: InsertQueryNode): InsertQueryNode {
    const transformed = super.transformInsertQuery(node);
    const positions = new Set(
      (transformed.columns ?? []).flatMap((c, i) => (NUMRANGE_COLUMNS.has(c.column.name) ? [i] : [])),
    );
    if (positions.size === 0 || !transformed.values || !ValuesNode.is(transformed.values)) return transformed;
    const values = transformed.values.values.map((list) => {
      if (PrimitiveValueListNode.is(list)) {
        return PrimitiveValueListNode.create(
          list.values.map((v, i) => (positions.has(i) ? toParameter(v) : v)),
        );
      }
      if (ValueListNode.is(list)) {
        return ValueListNode.create(
          list.values.map((n, i) =>
            positions.has(i) && ValueNode.is(n) ? ValueNode.create(toParameter(n.value)) : n,
          ),
        );
      }
      return list;
    });
    return { ...transformed, values: ValuesNode.create(values) };
  }

  protected override transformColumnUpdate(node: ColumnUpdateNode): ColumnUpdateNode {
    const transformed = super.transformColumnUpdate(node);
    if (
      ColumnNode.is(transformed.column) &&
      NUMRANGE_COLUMNS.has(transformed.column.column.name) &&
      ValueNode.is(transformed.value)
    ) {
      return { ...transformed, value: ValueNode.create(toParameter(transformed.value.value)) };
    }
    return transformed;
  }
}

/**
 * Writes {@link NumRange} objects into NUMRANGE columns (`confidence_interval`) as range literals,
 * on inserts, updates and upserts, so callers use the same shape for writing that they read back.
 * Installed by `createDatabase()` on both engines.
 */
export class NumRangePlugin implements KyselyPlugin {
  readonly #transformer = new NumRangeTransformer();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.#transformer.transformNode(args.node);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}
