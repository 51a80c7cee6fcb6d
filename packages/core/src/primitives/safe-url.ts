/**
 * URL allow-lists for content written by users (Markdown links, image sources). A URL is
 * judged after removing what browsers ignore inside a scheme (ASCII control characters and
 * whitespace), so `java\tscript:` and ` javascript:` are caught; entity-encoded text is never
 * decoded by the caller, so it stays inert.
 */

const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is removed
const IGNORED = /[\u0000-\u0020\u007f-\u009f]/g;

/** Schemes allowed in links: web pages, e-mail, phone numbers. */
export const SAFE_LINK_SCHEMES = ['http', 'https', 'mailto', 'tel'] as const;
/** Image types allowed in `data:` image URLs (no SVG: it can carry script). */
export const SAFE_DATA_IMAGE_TYPES = ['png', 'jpeg', 'gif', 'webp', 'avif'] as const;

/** The scheme of `url` in lower case after removing ignored characters, or `null` for a relative URL. */
export function urlScheme(url: string): string | null {
  const match = SCHEME.exec(url.replace(IGNORED, ''));
  return match === null ? null : match[1]!.toLowerCase();
}

/** Whether a link target is safe to put in `href`: http(s), mailto, tel, or relative (`/x`, `x`, `#x`, `?x`). */
export function isSafeLinkUrl(url: string): boolean {
  if (typeof url !== 'string') return false;
  const scheme = urlScheme(url);
  return scheme === null || (SAFE_LINK_SCHEMES as readonly string[]).includes(scheme);
}

const DATA_IMAGE = new RegExp(
  `^data:image/(${SAFE_DATA_IMAGE_TYPES.join('|')});base64,[A-Za-z0-9+/=]+$`,
  'i',
);

/** Whether an image source is safe: http(s), relative, or a base64 `data:image/(png|jpeg|gif|webp|avif)` URL. */
export function isSafeImageUrl(url: string): boolean {
  if (typeof url !== 'string' || url.trim() === '') return false;
  const scheme = urlScheme(url);
  if (scheme === null || scheme === 'http' || scheme === 'https') return true;
  return scheme === 'data' && DATA_IMAGE.test(url.replace(IGNORED, ''));
}
