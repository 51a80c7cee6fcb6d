import { z } from 'zod';
import { type JsonScalar, jsonObjectSchema, jsonScalarSchema } from './json-value';

/**
 * Open objects: any keys, validated values ("passthrough with validation"). They must be JSON
 * objects (arrays, `null` inside a NOT NULL column and scalars are rejected) and every value must
 * be JSON: finite numbers only, no `undefined`, Dates or class instances, no cycles.
 */

/** A parameter value: a JSON scalar or an array of JSON scalars. */
export type ParameterValue = JsonScalar | JsonScalar[];

/**
 * `metric_definitions.parameters`: named settings a formula or source module reads, each a
 * scalar (string, finite number, boolean, null) or an array of scalars. Nested objects are
 * rejected so every parameter can be shown and edited as a single field.
 *
 * @example { "window_days": 30, "include_drafts": false, "severities": ["high", "critical"] }
 */
export const parametersSchema: z.ZodType<MetricParameters, MetricParameters> = z.record(
  z.string(),
  z.union([jsonScalarSchema, z.array(jsonScalarSchema)], {
    error: 'a string, a finite number, true, false, null, or an array of those',
  }),
);
/** Named parameters of a metric (see {@link parametersSchema}). */
export type MetricParameters = { [name: string]: ParameterValue };

/**
 * `metric_calculations.dimensions`: the dimension values of one calculated row, each a JSON
 * scalar (string, finite number, boolean, null); dashboards filter on these keys.
 *
 * @example { "region": "emea", "tier": 1, "is_critical": true }
 */
export const dimensionsSchema: z.ZodType<CalculationDimensions, CalculationDimensions> = z.record(
  z.string(),
  jsonScalarSchema,
);
/** Dimension values of a calculated row (see {@link dimensionsSchema}). */
export type CalculationDimensions = { [key: string]: JsonScalar };

/**
 * `metric_calculations.metadata`: anything the calculation wants to keep (source row counts,
 * formula version, timings): any JSON object.
 *
 * @example { "source_rows": 1204, "formula_version": 3, "warnings": [] }
 */
export const metadataSchema = jsonObjectSchema;

/**
 * `metric_alert_history.condition_details`: what triggered the alert (the evaluated condition,
 * observed values, window): any JSON object, written by the alert evaluator.
 *
 * @example { "operator": "gt", "threshold": 95, "observed": 97.2, "window_minutes": 60 }
 */
export const conditionDetailsSchema = jsonObjectSchema;

/**
 * `organizations.settings`: organization-wide preferences (default dashboard, number format,
 * ...): any JSON object, `{}` by default.
 *
 * @example { "default_dashboard_id": "0f6b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d", "locale": "en-GB" }
 */
export const organizationSettingsSchema = jsonObjectSchema;
