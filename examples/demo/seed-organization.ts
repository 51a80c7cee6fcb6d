/**
 * The demo organization: its users, roles and departments.
 *
 * Arion Metrics has no store API for organizations, users, roles or departments on purpose: they
 * are the host application's own directory (its sign-up, SSO or HR sync), which the SDK only
 * references. So the demo plays the host here and inserts them with Kysely through the
 * `Database` types of `@arion-metrics/core`, the way a host app would from its own code.
 *
 * Re-runs: the demo organization is recognised by its slug and by a marker in its settings. A
 * previous one is deleted first (every table cascades from `organizations`, so its metrics,
 * calculations, dashboards and alerts go with it) and a fresh one is created, all in one
 * transaction: every run starts from the same state and prints the same numbers. An organization
 * that has the slug but not the marker is never touched: the run stops with an error instead.
 */
import type { Database } from '@arion-metrics/core';
import { type Principal, writeMetricSettings } from '@arion-metrics/server';
import type { Kysely } from 'kysely';

/** Slug of the demo organization (unique among organizations). */
export const DEMO_SLUG = 'arion-demo';
/** `organizations.settings.demo` of an organization this demo created (and may replace). */
export const DEMO_MARKER = 'arion-metrics-demo';
/** Time zone the demo organization cuts its periods in. */
export const DEMO_TIME_ZONE = 'Europe/Berlin';

/** The business units: departments under one group department; every metric is calculated per unit. */
export const BUSINESS_UNITS = [
  'Retail Banking',
  'Corporate Banking',
  'Wealth Management',
  'Operations',
] as const;

/** The demo roles. */
const ROLES = ['Metric admin', 'Security team', 'Executive board'] as const;
/** The demo users and their roles. */
const USERS = [
  { key: 'alice', email: 'alice@demo.example', name: 'Alice Ng (CISO)', roles: ['Security team'] },
  { key: 'bob', email: 'bob@demo.example', name: 'Bob Weber (metrics office)', roles: ['Metric admin'] },
  { key: 'carol', email: 'carol@demo.example', name: 'Carol Diaz (board)', roles: ['Executive board'] },
  { key: 'dave', email: 'dave@demo.example', name: 'Dave Kim (operations)', roles: [] },
] as const;

/** Key of a demo user. */
export type DemoUserKey = (typeof USERS)[number]['key'];
/** Name of a demo role. */
export type DemoRoleName = (typeof ROLES)[number];

/** One user of the demo organization with the principal the host would hand to `openStore`. */
export interface DemoUser {
  /** Short name used in the report (`alice`). */
  readonly key: DemoUserKey;
  readonly email: string;
  readonly displayName: string;
  /** The roles the user holds. */
  readonly roleNames: readonly DemoRoleName[];
  /** What the host hands to `openStore` once the user is authenticated. */
  readonly principal: Principal;
}

/** Ids of the demo organization and what happened to a previous one. */
export interface DemoOrganization {
  readonly organizationId: string;
  readonly name: string;
  /** IANA time zone the periods are cut in. */
  readonly timeZone: string;
  /** Role name → role id. */
  readonly roles: Readonly<Record<DemoRoleName, string>>;
  /** The business units (departments) with their ids, in {@link BUSINESS_UNITS} order. */
  readonly units: readonly { readonly name: string; readonly id: string }[];
  readonly users: Readonly<Record<DemoUserKey, DemoUser>>;
  /** The organization of an earlier run that was deleted, or null when there was none. */
  readonly replaced: { readonly organizationId: string; readonly createdAt: Date } | null;
}

/**
 * Creates the demo organization (replacing the one of a previous run) with four users, three roles,
 * a group department and the business units, and writes its metric rules: metrics need the owner's
 * and the metrics office's approval (`metric_owner`, `calculation_methodology`), and the
 * "Metric admin" role is the metrics office.
 */
export async function provisionDemoOrganization(db: Kysely<Database>): Promise<DemoOrganization> {
  return db.transaction().execute(async (trx) => {
    const previous = await trx
      .selectFrom('organizations')
      .select(['id', 'created_at', 'settings'])
      .where('slug', '=', DEMO_SLUG)
      .executeTakeFirst();
    if (previous !== undefined && previous.settings.demo !== DEMO_MARKER) {
      throw new Error(
        `organizations.slug "${DEMO_SLUG}" belongs to an organization this demo did not create ` +
          `(settings.demo is ${JSON.stringify(previous.settings.demo ?? null)}, expected "${DEMO_MARKER}"); ` +
          'the demo will not delete it. Point the demo at another database (ARION_DATA_DIR or DATABASE_URL).',
      );
    }
    if (previous !== undefined) await trx.deleteFrom('organizations').where('id', '=', previous.id).execute();

    const name = 'Demo Bank AG';
    const org = await trx
      .insertInto('organizations')
      .values({
        name,
        slug: DEMO_SLUG,
        time_zone: DEMO_TIME_ZONE,
        settings: { demo: DEMO_MARKER, locale: 'en-US' },
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const organizationId = org.id;

    const roleRows = await trx
      .insertInto('roles')
      .values(ROLES.map((role_name) => ({ organization_id: organizationId, role_name })))
      .returning(['id', 'role_name'])
      .execute();
    const roles = Object.fromEntries(roleRows.map((r) => [r.role_name, r.id])) as Record<
      DemoRoleName,
      string
    >;

    const group = await trx
      .insertInto('departments')
      .values({ organization_id: organizationId, department_name: 'Group', parent_department_id: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const unitRows = await trx
      .insertInto('departments')
      .values(
        BUSINESS_UNITS.map((department_name) => ({
          organization_id: organizationId,
          department_name,
          parent_department_id: group.id,
        })),
      )
      .returning(['id', 'department_name'])
      .execute();
    const unitId = new Map(unitRows.map((u) => [u.department_name, u.id]));
    const units = BUSINESS_UNITS.map((unit) => ({ name: unit, id: unitId.get(unit)! }));
    const operations = unitId.get('Operations')!;

    const userRows = await trx
      .insertInto('users')
      .values(USERS.map((u) => ({ organization_id: organizationId, email: u.email, display_name: u.name })))
      .returning(['id', 'email'])
      .execute();
    const userId = new Map(userRows.map((u) => [u.email, u.id]));
    const user = (key: DemoUserKey): DemoUser => {
      const u = USERS.find((candidate) => candidate.key === key)!;
      return {
        key,
        email: u.email,
        displayName: u.name,
        roleNames: u.roles,
        principal: {
          userId: userId.get(u.email)!,
          organizationId,
          roleIds: u.roles.map((r) => roles[r]),
          // The host lists parent departments too, so a grant to "Group" would reach everyone.
          departmentIds: key === 'dave' ? [operations, group.id] : [group.id],
        },
      };
    };
    const users = { alice: user('alice'), bob: user('bob'), carol: user('carol'), dave: user('dave') };

    await writeMetricSettings(trx, organizationId, {
      required_approvals: ['metric_owner', 'calculation_methodology'],
      admin_role_ids: [roles['Metric admin']],
    });

    return {
      organizationId,
      name,
      timeZone: DEMO_TIME_ZONE,
      roles,
      units,
      users,
      replaced:
        previous === undefined ? null : { organizationId: previous.id, createdAt: previous.created_at },
    };
  });
}
