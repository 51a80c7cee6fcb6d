import { z } from 'zod';

/** A UUID in its canonical text form (8-4-4-4-12 hex digits), as PostgreSQL prints it. */
export const uuidStringSchema = z.guid({ error: 'a UUID (8-4-4-4-12 hex digits)' });

/** A non-empty label of at most `max` characters. */
export function labelSchema(max = 200) {
  return z.string().min(1).max(max);
}

/** Keys inside the JSONB shapes: letters, digits and `_`, starting with a letter or `_`, at most 63 characters. */
export const keySchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, {
  error: 'a key of letters, digits and _ starting with a letter or _ (at most 63 characters)',
});

/** Adds one issue per repeated entry of `items`, at `[...at, index]` (`at`: the array's path in the refined value). */
export function rejectDuplicates<T>(
  items: readonly T[],
  ctx: Pick<z.core.$RefinementCtx<unknown>, 'addIssue'>,
  at: readonly (string | number)[],
  keyOf: (item: T) => unknown = (item) => item,
  what = 'value',
): void {
  const seen = new Set<unknown>();
  items.forEach((item, index) => {
    const key = keyOf(item);
    if (seen.has(key)) {
      ctx.addIssue({
        code: 'custom',
        path: [...at, index],
        input: item,
        message: `each ${what} at most once`,
      });
    }
    seen.add(key);
  });
}

/** Quotes and lists distinct values for an "allowed" text: `"a", "b", "c"`. */
export function listValues(values: readonly unknown[]): string {
  return [...new Set(values)].map((v) => JSON.stringify(v)).join(', ');
}
