/**
 * The one value printer of every error message: bounded, JSON-like, with the non-JSON values a
 * user may send spelled out.
 */

/** Longest rendering of an offending value in a message before it is cut with `…`. */
export const MAX_VALUE_CHARS = 80;

/**
 * Appends the rendering of `value` to `out` until `out.length` passes `budget`, then stops: the
 * walk never goes deeper or wider than the text it can still show (a 1,000,000-key object or
 * nesting 100,000 levels deep costs no more than a small one).
 */
class BoundedText {
  text = '';
  constructor(readonly budget: number) {}
  get full(): boolean {
    return this.text.length > this.budget;
  }
  add(part: string): void {
    if (!this.full) this.text += part.length > this.budget ? part.slice(0, this.budget + 1) : part;
  }
}

function scalarText(value: unknown): string | undefined {
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : String(value);
    case 'bigint':
      return `${value}n`;
    case 'string':
      // cut before quoting: a 50 MB string costs no more than a short one
      return JSON.stringify(value.length > MAX_VALUE_CHARS ? value.slice(0, MAX_VALUE_CHARS) : value);
    case 'boolean':
      return String(value);
    case 'symbol':
      return value.toString();
    case 'function':
      return `[function ${value.name || 'anonymous'}]`;
  }
  return value === null ? 'null' : undefined;
}

function jsonish(value: unknown, seen: Set<object>, out: BoundedText): void {
  const scalar = scalarText(value);
  if (scalar !== undefined) {
    out.add(scalar);
    return;
  }
  const object = value as object;
  if (seen.has(object)) {
    out.add('[circular]');
    return;
  }
  if (object instanceof Date) {
    out.add(`Date(${Number.isNaN(object.getTime()) ? 'invalid' : object.toISOString()})`);
    return;
  }
  seen.add(object);
  if (Array.isArray(object)) {
    out.add('[');
    for (let i = 0; i < object.length && !out.full; i++) {
      if (i > 0) out.add(',');
      jsonish(object[i], seen, out);
    }
    out.add(']');
  } else {
    const proto: unknown = Object.getPrototypeOf(object);
    if (!(proto === Object.prototype || proto === null)) out.add(`${object.constructor?.name ?? 'Object'} `);
    out.add('{');
    let first = true;
    for (const key in object) {
      if (out.full) break;
      if (!Object.hasOwn(object, key)) continue;
      if (!first) out.add(',');
      first = false;
      out.add(`${JSON.stringify(key)}:`);
      jsonish((object as Record<string, unknown>)[key], seen, out);
    }
    out.add('}');
  }
  seen.delete(object);
}

/**
 * Renders a value for an error message: JSON where possible, with the non-JSON values a user may
 * have sent spelled out (`NaN`, `Infinity`, `undefined`, `12n`, `Date(...)`), cut at
 * {@link MAX_VALUE_CHARS} characters. Its cost is bounded by that length, whatever the size or
 * depth of the value.
 */
export function formatValue(value: unknown): string {
  const out = new BoundedText(MAX_VALUE_CHARS);
  jsonish(value, new Set(), out);
  const text = out.text;
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}
