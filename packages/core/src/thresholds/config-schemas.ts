// PLACEHOLDER owned by the thresholds work (issue 4): replace with the documented shapes.
import { z } from 'zod';

/** Shape of `metric_definitions.threshold_config` (placeholder until issue 4 lands). */
export const thresholdConfigSchema = z.record(z.string(), z.unknown());
/** Shape of `metric_alerts.condition_config` (placeholder until issue 4 lands). */
export const conditionConfigSchema = z.record(z.string(), z.unknown());
/** Shape of `metric_alerts.escalation_config` (placeholder until issue 4 lands). */
export const escalationConfigSchema = z.record(z.string(), z.unknown());
