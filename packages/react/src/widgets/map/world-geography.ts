import type { Feature, FeatureCollection, Geometry } from 'geojson';

/** A country shape of the world map: `id` is its ISO 3166-1 numeric code, `name` its English name. */
export type CountryFeature = Feature<Geometry, { name: string }> & { id: string };

/** What the map needs, loaded on first use (about 110 kB of TopoJSON, in its own chunk). */
export interface WorldGeography {
  readonly countries: readonly CountryFeature[];
  /** ISO 3166-1 alpha-2 → numeric. */
  readonly alpha2ToNumeric: Readonly<Record<string, string>>;
  /** ISO 3166-1 alpha-3 → alpha-2. */
  readonly alpha3ToAlpha2: Readonly<Record<string, string>>;
}

let pending: Promise<WorldGeography> | null = null;

/**
 * Loads the offline world map (Natural Earth 1:110m countries from the world-atlas package) and
 * the ISO code tables, once; later calls share the result. A failed load can be retried.
 */
export function loadWorldGeography(): Promise<WorldGeography> {
  pending ??= Promise.all([
    import('world-atlas/countries-110m.json'),
    import('topojson-client'),
    import('iso-3166/1-a2-to-1-n.js'),
    import('iso-3166/1-a3-to-1-a2.js'),
  ])
    .then(([atlas, topojson, a2n, a32]) => {
      type Topo = Parameters<typeof topojson.feature>[0];
      const topology = ((atlas as { default?: unknown }).default ?? atlas) as Topo;
      const collection = topojson.feature(
        topology,
        topology.objects.countries as Parameters<typeof topojson.feature>[1],
      ) as unknown as FeatureCollection<Geometry, { name: string }>;
      return {
        countries: collection.features.filter((f): f is CountryFeature => typeof f.id === 'string'),
        alpha2ToNumeric: a2n.iso31661Alpha2ToNumeric,
        alpha3ToAlpha2: a32.iso31661Alpha3ToAlpha2,
      };
    })
    .catch((error: unknown) => {
      pending = null;
      throw error;
    });
  return pending;
}

/** The ISO 3166-1 numeric code of `code` (alpha-2 `DE`, alpha-3 `DEU` or numeric `276`), or null when unknown. */
export function toNumericCountryCode(code: string, geo: WorldGeography): string | null {
  const c = code.trim().toUpperCase();
  if (/^\d{1,3}$/.test(c)) return c.padStart(3, '0');
  if (c.length === 2) return geo.alpha2ToNumeric[c] ?? null;
  if (c.length === 3) {
    const a2 = geo.alpha3ToAlpha2[c];
    return a2 === undefined ? null : (geo.alpha2ToNumeric[a2] ?? null);
  }
  return null;
}
