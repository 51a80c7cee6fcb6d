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
  /**
   * Present only on an embed principal ({@link embedPrincipal}): the one dashboard a signed embed
   * token opens. Such a principal is no user: it sees that dashboard (view), its visible widgets
   * and their metrics, and nothing else; it holds no owner, sharing, public or admin rights.
   */
  readonly embed?: EmbedScope;
  /**
   * Only for the runtime's service principal (`servicePrincipal` in the runtime): what it may do
   * in its organization beyond what `userId` may, from {@link SERVICE_PERMISSIONS}. A principal
   * with any of them sees every live metric of its organization (it computes them all).
   */
  readonly servicePermissions?: readonly ServicePermission[];
}

/**
 * What a service principal may be granted, and nothing else: `calculate` (write calculations of
 * any metric of its organization), `roll_up` (write snapshots), `evaluate_alerts` (record alert
 * state, history and triggers), `purge` (apply retention). It never changes definitions, alert
 * rules, dashboards or sharing.
 */
export const SERVICE_PERMISSIONS = ['calculate', 'roll_up', 'evaluate_alerts', 'purge'] as const;
/** One of {@link SERVICE_PERMISSIONS}. */
export type ServicePermission = (typeof SERVICE_PERMISSIONS)[number];

/** Whether `principal` is a service principal holding `permission`. */
export function hasServicePermission(principal: Principal, permission: ServicePermission): boolean {
  return principal.servicePermissions?.includes(permission) === true;
}

/** What an embed token grants: one dashboard, read-only, with filters the viewer may not change. */
export interface EmbedScope {
  readonly dashboardId: string;
  /** Applied to every widget (core's `LockedFilters`); a widget that cannot honour them gets an error. */
  readonly lockedFilters: {
    readonly aggregationLevel?: string;
    readonly aggregationIds?: readonly string[];
    readonly dimensions?: Readonly<
      Record<string, string | number | boolean | null | readonly (string | number | boolean | null)[]>
    >;
  };
}

/** The user id of every embed principal: the nil UUID, which names no user (writes by it fail). */
export const EMBED_USER_ID = '00000000-0000-0000-0000-000000000000';

/**
 * The principal of a verified embed token: organization `organizationId`, dashboard
 * `scope.dashboardId` only, read-only (see {@link Principal.embed}).
 */
export function embedPrincipal(organizationId: string, scope: EmbedScope): Principal {
  return assertPrincipal({
    userId: EMBED_USER_ID,
    organizationId,
    roleIds: [],
    departmentIds: [],
    embed: scope,
  });
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
  const embed = principal.embed;
  if (embed !== undefined && !isUuid(embed?.dashboardId)) {
    throw new TypeError(
      `principal.embed.dashboardId: got ${JSON.stringify(embed?.dashboardId)}; allowed: a UUID`,
    );
  }
  const service = principal.servicePermissions;
  if (
    service !== undefined &&
    (!Array.isArray(service) || service.some((v) => !(SERVICE_PERMISSIONS as readonly unknown[]).includes(v)))
  ) {
    throw new TypeError(
      `principal.servicePermissions: got ${JSON.stringify(service)}; allowed: an array of ${SERVICE_PERMISSIONS.join(', ')}`,
    );
  }
  if (embed !== undefined && service !== undefined) {
    throw new TypeError(
      'principal: got both embed and servicePermissions; allowed: one of them (an embed principal holds no service permissions)',
    );
  }
  return Object.freeze({
    userId: principal.userId,
    organizationId: principal.organizationId,
    roleIds: Object.freeze(embed ? [] : [...principal.roleIds]),
    departmentIds: Object.freeze(embed ? [] : [...principal.departmentIds]),
    ...(embed
      ? {
          embed: Object.freeze({
            dashboardId: embed.dashboardId.toLowerCase(),
            lockedFilters: embed.lockedFilters,
          }),
        }
      : {}),
    ...(service === undefined ? {} : { servicePermissions: Object.freeze([...new Set(service)]) }),
  });
}

/** True when `value` is a UUID string (ids from callers are checked before they reach SQL). */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
