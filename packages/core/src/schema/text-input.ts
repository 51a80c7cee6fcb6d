/**
 * Rules for the plain-text columns (names, notes, tags, aggregation levels...): PostgreSQL TEXT
 * cannot hold the NUL character, and a string with an unpaired UTF-16 surrogate cannot be encoded
 * as UTF-8 at all — the driver would silently store U+FFFD instead, so two different strings
 * could arrive as the same one.
 */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether `text` holds an unpaired UTF-16 surrogate (it is not well-formed Unicode). */
export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

/**
 * Why PostgreSQL would not store `text` exactly as given, or `undefined` when it would: it holds
 * the NUL character, or an unpaired UTF-16 surrogate.
 *
 * @example plainTextProblem('a\uD800') // 'a string of well-formed Unicode (no unpaired UTF-16 surrogate)'
 */
export function plainTextProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'a string without the NUL character (\\u0000)';
  if (hasLoneSurrogate(text)) return 'a string of well-formed Unicode (no unpaired UTF-16 surrogate)';
  return undefined;
}
