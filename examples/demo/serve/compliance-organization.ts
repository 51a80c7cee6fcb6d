/**
 * The compliance demo's organization, "Arion Compliance GmbH" (Europe/Berlin): departments with
 * their teams, country offices, roles and users, inserted with Kysely as a host app fills its own
 * directory (the SDK has no store API for them). `findComplianceOrganization` reads back one a
 * previous run created, so a restart keeps the data.
 */
import type { Database } from '@arion-metrics/core';
import { type Principal, writeMetricSettings } from '@arion-metrics/server';
import type { Kysely } from 'kysely';

/** Slug of the compliance demo organization. */
export const COMPLIANCE_SLUG = 'arion-compliance-demo';
/** `organizations.settings.demo` of an organization this demo created. */
export const COMPLIANCE_MARKER = 'arion-metrics-compliance-demo';

/** Departments (the `department` aggregation level) and their teams. */
export const DEPARTMENTS = [
  { name: 'Compliance', teams: ['Regulatory Affairs', 'Policy & Training'] },
  { name: 'Risk Management', teams: ['Enterprise Risk', 'Third-Party Risk'] },
  { name: 'IT Security', teams: ['Security Operations', 'Vulnerability Management'] },
  { name: 'Operations', teams: ['Service Desk', 'Change Management'] },
] as const;

/** Country offices (the `country` aggregation level), with their ISO 3166-1 alpha-2 codes. */
export const COUNTRY_OFFICES = [
  { code: 'DE', name: 'Germany' },
  { code: 'FR', name: 'France' },
  { code: 'NL', name: 'Netherlands' },
  { code: 'ES', name: 'Spain' },
  { code: 'PL', name: 'Poland' },
] as const;

const ROLES = ['GRC admin', 'Board', 'Risk team', 'Security team'] as const;
/** A role of the demo. */
export type ComplianceRole = (typeof ROLES)[number];

const USERS = [
  {
    key: 'admin',
    email: 'amelie.hoffmann@compliance.example',
    name: 'Amélie Hoffmann (Chief Compliance Officer)',
    roles: ['GRC admin'],
  },
  {
    key: 'viewer',
    email: 'viktor.lang@compliance.example',
    name: 'Viktor Lang (board member)',
    roles: ['Board'],
  },
  { key: 'risk', email: 'rosa.meier@compliance.example', name: 'Rosa Meier (CRO)', roles: ['Risk team'] },
  {
    key: 'security',
    email: 'sam.okafor@compliance.example',
    name: 'Sam Okafor (CISO)',
    roles: ['Security team'],
  },
] as const;
/** Key of a demo user: `admin` is who the demo signs in as, `viewer` is `?as=viewer`. */
export type ComplianceUserKey = (typeof USERS)[number]['key'];

/** The ids of the demo organization a run needs. */
export interface ComplianceOrganization {
  readonly organizationId: string;
  readonly name: string;
  readonly timeZone: string;
  readonly createdAt: Date;
  readonly roles: Readonly<Record<ComplianceRole, string>>;
  /** The departments, in {@link DEPARTMENTS} order. */
  readonly departments: readonly { readonly name: string; readonly id: string }[];
  /** The country offices, in {@link COUNTRY_OFFICES} order. */
  readonly countries: readonly { readonly code: string; readonly name: string; readonly id: string }[];
  readonly principals: Readonly<Record<ComplianceUserKey, Principal>>;
  /** Whether the whole seed (metrics, dashboards, alerts) finished: `settings.seeded`. */
  readonly seeded: boolean;
}

const NAME = 'Arion Compliance GmbH';
const TIME_ZONE = 'Europe/Berlin';

/**
 * The demo organization of an earlier run, read back, or null when there is none. One whose seed
 * never finished (`settings.seeded` missing: the run was stopped while seeding) is deleted — every
 * table cascades from `organizations` — and null returned, so the caller seeds afresh.
 */
export async function findComplianceOrganization(
  db: Kysely<Database>,
): Promise<ComplianceOrganization | null> {
  const org = await db
    .selectFrom('organizations')
    .selectAll()
    .where('slug', '=', COMPLIANCE_SLUG)
    .executeTakeFirst();
  if (org === undefined) return null;
  if (org.settings.demo !== COMPLIANCE_MARKER) {
    throw new Error(
      `organizations.slug "${COMPLIANCE_SLUG}" belongs to an organization this demo did not create ` +
        `(settings.demo is ${JSON.stringify(org.settings.demo ?? null)}, expected "${COMPLIANCE_MARKER}"); ` +
        'point the demo at another database (ARION_DATA_DIR or DATABASE_URL).',
    );
  }
  if (org.settings.seeded !== true) {
    await db.deleteFrom('organizations').where('id', '=', org.id).execute();
    return null;
  }
  const id = org.id;
  const [roles, departments, users] = await Promise.all([
    db.selectFrom('roles').select(['id', 'role_name']).where('organization_id', '=', id).execute(),
    db
      .selectFrom('departments')
      .select(['id', 'department_name', 'parent_department_id'])
      .where('organization_id', '=', id)
      .execute(),
    db.selectFrom('users').select(['id', 'email']).where('organization_id', '=', id).execute(),
  ]);
  return assemble(
    { id, createdAt: org.created_at, seeded: true },
    new Map(roles.map((r) => [r.role_name, r.id])),
    new Map(departments.map((d) => [d.department_name, d.id])),
    new Map(users.map((u) => [u.email, u.id])),
  );
}

/** Creates the organization with its directory, in one transaction; `seeded` stays false until {@link markSeeded}. */
export async function provisionComplianceOrganization(db: Kysely<Database>): Promise<ComplianceOrganization> {
  return db.transaction().execute(async (trx) => {
    const org = await trx
      .insertInto('organizations')
      .values({
        name: NAME,
        slug: COMPLIANCE_SLUG,
        time_zone: TIME_ZONE,
        settings: { demo: COMPLIANCE_MARKER, locale: 'en-GB' },
      })
      .returning(['id', 'created_at'])
      .executeTakeFirstOrThrow();
    const organization_id = org.id;
    const roles = await trx
      .insertInto('roles')
      .values(ROLES.map((role_name) => ({ organization_id, role_name })))
      .returning(['id', 'role_name'])
      .execute();
    const department = async (department_name: string, parent: string | null) =>
      (
        await trx
          .insertInto('departments')
          .values({ organization_id, department_name, parent_department_id: parent })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const ids = new Map<string, string>();
    const group = await department('Group', null);
    ids.set('Group', group);
    for (const d of DEPARTMENTS) {
      const id = await department(d.name, group);
      ids.set(d.name, id);
      for (const team of d.teams) ids.set(team, await department(team, id));
    }
    const offices = await department('Country offices', group);
    for (const c of COUNTRY_OFFICES) ids.set(c.name, await department(c.name, offices));
    const users = await trx
      .insertInto('users')
      .values(USERS.map((u) => ({ organization_id, email: u.email, display_name: u.name })))
      .returning(['id', 'email'])
      .execute();
    const roleIds = new Map(roles.map((r) => [r.role_name, r.id]));
    await writeMetricSettings(trx, organization_id, {
      required_approvals: ['metric_owner'],
      admin_role_ids: [roleIds.get('GRC admin')!],
    });
    return assemble(
      { id: organization_id, createdAt: org.created_at, seeded: false },
      roleIds,
      ids,
      new Map(users.map((u) => [u.email, u.id])),
    );
  });
}

/** Records that the seed finished (`settings.seeded = true`): from now on restarts keep the data. */
export async function markSeeded(db: Kysely<Database>, organizationId: string): Promise<void> {
  const org = await db
    .selectFrom('organizations')
    .select('settings')
    .where('id', '=', organizationId)
    .executeTakeFirstOrThrow();
  await db
    .updateTable('organizations')
    .set({ settings: { ...org.settings, seeded: true } })
    .where('id', '=', organizationId)
    .execute();
}

function assemble(
  org: { readonly id: string; readonly createdAt: Date; readonly seeded: boolean },
  roles: ReadonlyMap<string, string>,
  departments: ReadonlyMap<string, string>,
  users: ReadonlyMap<string, string>,
): ComplianceOrganization {
  const need = (map: ReadonlyMap<string, string>, key: string, what: string) => {
    const id = map.get(key);
    if (id === undefined) throw new Error(`demo organization ${org.id}: ${what} "${key}" is missing`);
    return id;
  };
  const group = need(departments, 'Group', 'department');
  const principals = Object.fromEntries(
    USERS.map((u) => [
      u.key,
      {
        userId: need(users, u.email, 'user'),
        organizationId: org.id,
        roleIds: u.roles.map((r) => need(roles, r, 'role')),
        departmentIds: [group],
      },
    ]),
  ) as unknown as Record<ComplianceUserKey, Principal>;
  return {
    organizationId: org.id,
    name: NAME,
    timeZone: TIME_ZONE,
    createdAt: org.createdAt,
    seeded: org.seeded,
    roles: Object.fromEntries(ROLES.map((r) => [r, need(roles, r, 'role')])) as Record<
      ComplianceRole,
      string
    >,
    departments: DEPARTMENTS.map((d) => ({ name: d.name, id: need(departments, d.name, 'department') })),
    countries: COUNTRY_OFFICES.map((c) => ({ ...c, id: need(departments, c.name, 'department') })),
    principals,
  };
}
