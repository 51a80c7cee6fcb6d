/** Default locale when none is given: formatting must not depend on the machine it runs on. */
export const DEFAULT_LOCALE = 'en-US';

const cache = new Map<string, Intl.NumberFormat>();

/**
 * A cached `Intl.NumberFormat` (creating one costs far more than formatting a number, and a
 * table formats thousands). Throws a RangeError naming the locale when it is not a valid BCP 47 tag.
 */
export function numberFormat(
  locale: string | undefined,
  options: Intl.NumberFormatOptions,
): Intl.NumberFormat {
  const tag = locale ?? DEFAULT_LOCALE;
  const key = `${tag}|${JSON.stringify(options)}`;
  let format = cache.get(key);
  if (format === undefined) {
    try {
      format = new Intl.NumberFormat(tag, options);
    } catch (error) {
      if (error instanceof RangeError && !isValidLocale(tag)) {
        throw new RangeError(
          `locale is ${JSON.stringify(tag)}; it must be a BCP 47 language tag such as "en-US" or "de-DE".`,
        );
      }
      throw error;
    }
    if (cache.size > 500) cache.clear();
    cache.set(key, format);
  }
  return format;
}

function isValidLocale(tag: string): boolean {
  try {
    Intl.getCanonicalLocales(tag);
    return true;
  } catch {
    return false;
  }
}

/** Throws a RangeError naming `field` unless `value` is a finite number. */
export function assertFinite(fn: string, field: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`${fn}: ${field} is ${String(value)}; it must be a finite number.`);
  }
}
