import { z } from 'zod';
import { urlScheme } from '../../primitives/safe-url';
import { labelSchema, rejectDuplicates } from './common';
import { jsonObjectSchema } from './json-value';

/** A table or view name, optionally schema-qualified: `metrics_raw` or `audit.events` (unquoted identifiers). */
export const sqlRelationNameSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_$]{0,62}(?:\.[A-Za-z_][A-Za-z0-9_$]{0,62})?$/, {
    error:
      'a table or view name like "events" or "audit.events" (unquoted identifiers of letters, digits, _ and $, at most 63 characters each)',
  });

const HTTP_URL_RULE = 'an absolute http:// or https:// URL of at most 2048 characters';

/** An absolute http(s) URL (for API endpoints). */
const httpUrlSchema = z
  .string({ error: HTTP_URL_RULE })
  .max(2048, { error: HTTP_URL_RULE })
  .refine((url) => ['http', 'https'].includes(urlScheme(url) ?? '') && /^https?:\/\/[^/?#\s]/i.test(url), {
    error: HTTP_URL_RULE,
  });

const relationList = z
  .array(sqlRelationNameSchema, { error: 'an array of table or view names' })
  .superRefine((names, ctx) => {
    rejectDuplicates(names, ctx, [], (n) => n.toLowerCase(), 'name');
  });

/**
 * An external data provider (for `calculation_method = 'external'`).
 *
 * @example { "name": "jira", "endpoint": "https://jira.example.com/rest/api/2", "options": { "project": "SEC" } }
 */
export const dataProviderSchema = z.strictObject({
  /** Provider name, as registered with the server's source modules (e.g. `"jira"`). */
  name: labelSchema(100),
  /** Base URL of the provider's API, when it has one (http/https). */
  endpoint: httpUrlSchema.optional(),
  /** Provider-specific settings: any JSON object (never secrets; keep those in the host's vault). */
  options: jsonObjectSchema.optional(),
});
/** An external data provider (see {@link dataProviderSchema}). */
export type DataProvider = z.output<typeof dataProviderSchema>;

/**
 * `metric_definitions.data_sources`: the relations and provider a metric is calculated from
 * (declared for lineage, permissions and documentation; the formula itself is
 * `calculation_formula`). `tables` is required and may be empty (manual or purely external
 * metrics); names are listed once each. Strict: unknown keys are rejected.
 *
 * @example { "tables": ["incidents", "audit.events"], "views": ["v_open_incidents"] }
 * @example { "tables": [], "provider": { "name": "jira", "options": { "project": "SEC" } } }
 */
export const dataSourcesSchema = z.strictObject({
  /** Tables read (possibly empty). */
  tables: relationList,
  /** Views read. */
  views: relationList.optional(),
  /** External provider, for `calculation_method = 'external'`. */
  provider: dataProviderSchema.optional(),
});
/** Where a metric's data comes from (see {@link dataSourcesSchema}). */
export type DataSources = z.output<typeof dataSourcesSchema>;
