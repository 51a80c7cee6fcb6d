// PLACEHOLDER owned by the widgets work (issue 5): replace with the documented per-widget shapes.
import { z } from 'zod';

/** Shape of `dashboard_widgets.visualization_config` (placeholder until issue 5 lands). */
export const visualizationConfigSchema = z.record(z.string(), z.unknown());
