/**
 * The organization's rules for metrics, kept in `organizations.settings.metrics`
 * (`{ "required_approvals": [...], "admin_role_ids": [...] }`):
 * - `required_approvals`: the approval kinds a metric needs before it becomes active; absent
 *   means every kind; `[]` means none (metrics are active from creation);
 * - `admin_role_ids`: roles whose holders see and edit every metric and may record any approval
 *   kind; absent means none.
 */
import { FieldError } from '../primitives/field-error';
import { isUuid } from '../primitives/uuid';

/** The metric rules of one organization; `K` is the approval kind. */
export interface MetricSettings<K extends string = string> {
  /** Approval kinds a metric needs before it becomes active (empty: none), in the order of the kinds. */
  readonly required_approvals: readonly K[];
  /** Roles (lower-case UUIDs) whose holders see and edit every metric and may record any approval. */
  readonly admin_role_ids: readonly string[];
}

/** Where the settings live; the prefix of every field an error names. */
export const METRIC_SETTINGS_FIELD = 'organizations.settings.metrics';

/**
 * Checks a `settings.metrics` value (or a part of one) against the approval `kinds` and returns
 * it complete, defaults filled (every kind required, no admin role). Throws a {@link FieldError}
 * naming the field, the value and what is allowed.
 */
export function parseMetricSettings<K extends string>(
  value: unknown,
  kinds: readonly K[],
): MetricSettings<K> {
  const FIELD = METRIC_SETTINGS_FIELD;
  if (value === undefined || value === null) {
    return Object.freeze({
      required_approvals: Object.freeze([...kinds]),
      admin_role_ids: Object.freeze([]),
    });
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new FieldError(FIELD, value, 'an object with required_approvals and/or admin_role_ids');
  }
  const raw = value as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (key !== 'required_approvals' && key !== 'admin_role_ids') {
      throw new FieldError(
        `${FIELD}.${key}`,
        raw[key],
        'no such setting; settings: required_approvals, admin_role_ids',
      );
    }
  }
  let required: readonly K[] = kinds;
  if (raw.required_approvals !== undefined) {
    const list = raw.required_approvals;
    const allowed = `an array of distinct approval kinds, each one of ${kinds.join(', ')} ([] for none)`;
    if (!Array.isArray(list)) throw new FieldError(`${FIELD}.required_approvals`, list, allowed);
    list.forEach((item: unknown, i) => {
      if (!kinds.includes(item as K) || list.indexOf(item) !== i) {
        throw new FieldError(`${FIELD}.required_approvals[${i}]`, item, allowed);
      }
    });
    required = kinds.filter((t) => list.includes(t));
  }
  let admins: readonly string[] = [];
  if (raw.admin_role_ids !== undefined) {
    const list = raw.admin_role_ids;
    const allowed = 'an array of role ids (UUIDs)';
    if (!Array.isArray(list)) throw new FieldError(`${FIELD}.admin_role_ids`, list, allowed);
    list.forEach((item: unknown, i) => {
      if (!isUuid(item)) throw new FieldError(`${FIELD}.admin_role_ids[${i}]`, item, allowed);
    });
    admins = list.map((id: string) => id.toLowerCase());
  }
  return Object.freeze({
    required_approvals: Object.freeze([...required]),
    admin_role_ids: Object.freeze([...admins]),
  });
}
