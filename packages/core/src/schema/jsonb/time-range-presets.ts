// Kept free of zod: the React host imports the presets (and resolveTimeRange) into browser bundles.

/**
 * Named relative time ranges a dashboard can offer, resolved against "now" in the organization's
 * time zone. `last_*` ranges end now; `*_to_date` start at the beginning of the current calendar
 * unit; `previous_*` are the whole previous calendar unit.
 */
export const TIME_RANGE_PRESETS = [
  'last_24_hours',
  'last_7_days',
  'last_30_days',
  'last_90_days',
  'last_12_months',
  'today',
  'month_to_date',
  'quarter_to_date',
  'year_to_date',
  'previous_month',
  'previous_quarter',
  'previous_year',
] as const;
/** One of {@link TIME_RANGE_PRESETS}. */
export type TimeRangePreset = (typeof TIME_RANGE_PRESETS)[number];
