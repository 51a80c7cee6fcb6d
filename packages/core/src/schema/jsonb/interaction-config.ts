import { z } from 'zod';
import { isSafeLinkUrl } from '../../primitives/safe-url';
import { keySchema, uuidStringSchema } from './common';

/** What clicking a widget (or one of its data points) does. */
export const CLICK_ACTION_TYPES = ['none', 'drill_down', 'open_url', 'filter'] as const;
/** One of {@link CLICK_ACTION_TYPES}. */
export type ClickActionType = (typeof CLICK_ACTION_TYPES)[number];

/** Longest URL accepted in a link. */
export const MAX_LINK_URL_LENGTH = 2048;

const LINK_RULE = `a link of at most ${MAX_LINK_URL_LENGTH} characters: http(s), mailto or tel, or a relative URL (javascript:, data: and other schemes are refused)`;

/** A link target accepted by `isSafeLinkUrl` (core/format), non-empty and at most {@link MAX_LINK_URL_LENGTH} characters. */
export const linkUrlSchema = z
  .string({ error: LINK_RULE })
  .min(1, { error: LINK_RULE })
  .max(MAX_LINK_URL_LENGTH, { error: LINK_RULE })
  .refine(isSafeLinkUrl, { error: LINK_RULE });

/**
 * The click action, chosen by `action`:
 * - `{ "action": "none" }`: clicking does nothing;
 * - `{ "action": "drill_down", "dashboardId", "passFilters"? }`: open another dashboard, by
 *   default carrying over the current time range and filters (`passFilters`, default `true`);
 * - `{ "action": "open_url", "url", "newTab"? }`: follow a safe link ({@link linkUrlSchema}), in a new tab
 *   when `newTab` (default `false`);
 * - `{ "action": "filter", "dimension" }`: set the dashboard's filter on dimension `dimension` to the
 *   clicked value (the key of a `filters_config.dimensions` entry).
 * Each variant is strict: keys of another variant are rejected.
 */
export const clickActionSchema = z.discriminatedUnion('action', [
  z.strictObject({
    /** Clicking does nothing. */
    action: z.literal('none'),
  }),
  z.strictObject({
    /** Open another dashboard. */
    action: z.literal('drill_down'),
    /** `analytics_dashboards.id` of the target dashboard. */
    dashboardId: uuidStringSchema,
    /** Carry the current time range and filters over to the target; default `true`. */
    passFilters: z.boolean().optional(),
  }),
  z.strictObject({
    /** Follow a link. */
    action: z.literal('open_url'),
    /** The link; see {@link linkUrlSchema}. */
    url: linkUrlSchema,
    /** Open in a new tab (with `rel="noopener noreferrer"`); default `false`. */
    newTab: z.boolean().optional(),
  }),
  z.strictObject({
    /** Filter the dashboard by the clicked value. */
    action: z.literal('filter'),
    /** Dimension key to filter on. */
    dimension: keySchema,
  }),
]);
/** A widget's click action (see {@link clickActionSchema}). */
export type ClickAction = z.output<typeof clickActionSchema>;

/**
 * `dashboard_widgets.interaction_config`: what the viewer can do with a widget. Strict:
 * unknown keys are rejected. A `null` column means the widget is not interactive.
 *
 * @example { "click": { "action": "drill_down", "dashboardId": "0f6b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d" } }
 * @example { "click": { "action": "open_url", "url": "https://wiki.example.com/metrics/uptime", "newTab": true } }
 */
export const interactionConfigSchema = z.strictObject({
  /** What a click does. */
  click: clickActionSchema,
});
/** What the viewer can do with a widget (see {@link interactionConfigSchema}). */
export type InteractionConfig = z.output<typeof interactionConfigSchema>;
