/**
 * Who is acting. A store is opened for exactly one principal; every query it runs is scoped by
 * the principal's organization and every audit column is filled from it.
 */
export interface Principal {
  /** The acting user (must be a user of `organizationId`). */
  readonly userId: string;
  /** The organization whose data this store can see and change; never another. */
  readonly organizationId: string;
  /** Roles the user holds (for dashboard sharing to roles). */
  readonly roleIds: readonly string[];
  /** Departments the user belongs to (for dashboard sharing to departments). */
  readonly departmentIds: readonly string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Checks a principal's shape; the error names the field and the value. */
export function assertPrincipal(principal: Principal): Principal {
  for (const field of ['userId', 'organizationId'] as const) {
    const value = principal?.[field];
    if (typeof value !== 'string' || !UUID.test(value)) {
      throw new TypeError(`principal.${field}: got ${JSON.stringify(value)}; allowed: a UUID`);
    }
  }
  for (const field of ['roleIds', 'departmentIds'] as const) {
    const value = principal[field];
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || !UUID.test(v))) {
      throw new TypeError(`principal.${field}: got ${JSON.stringify(value)}; allowed: an array of UUIDs`);
    }
  }
  return Object.freeze({
    userId: principal.userId,
    organizationId: principal.organizationId,
    roleIds: Object.freeze([...principal.roleIds]),
    departmentIds: Object.freeze([...principal.departmentIds]),
  });
}

/** True when `value` is a UUID string (ids from callers are checked before they reach SQL). */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
