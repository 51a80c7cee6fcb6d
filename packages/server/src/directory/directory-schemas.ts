/**
 * The shape of what a host provisions: an organization and its users, roles and departments,
 * each named by the host's own id (`externalId`). One zod schema per entity, used by
 * `provisionOrganization` and by the directory routes alike.
 */
import { z } from 'zod';

/** The pattern of an external id, and its rule in words. */
export const EXTERNAL_ID = {
  pattern: /^[A-Za-z0-9._:@|/-]{1,200}$/,
  rule: 'an id of 1 to 200 characters: letters, digits and . _ : @ | / -',
} as const;

/** The host's id of a row: 1 to 200 characters of letters, digits and `. _ : @ | / -`. */
export const ExternalId = z.string().regex(EXTERNAL_ID.pattern, EXTERNAL_ID.rule);

const name = z
  .string()
  .trim()
  .min(1, 'a name of 1 to 200 characters')
  .max(200, 'a name of 1 to 200 characters');

/** A valid IANA time zone name, as `Intl` knows it. */
export const TimeZone = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.length <= 100;
  } catch {
    return false;
  }
}, 'an IANA time zone, e.g. "Europe/Paris" or "UTC"');

/** A role to upsert. */
export const DirectoryRole = z.strictObject({ externalId: ExternalId, name });
/** A department to upsert; `parentExternalId` names another department of the organization. */
export const DirectoryDepartment = z.strictObject({
  externalId: ExternalId,
  name,
  parentExternalId: ExternalId.nullable().optional(),
});
/** A user to upsert, with the roles and departments it belongs to (their external ids). */
export const DirectoryUser = z.strictObject({
  externalId: ExternalId,
  email: z.email('an email address').max(320),
  phone: z
    .string()
    .regex(/^\+?[0-9 ()./-]{3,40}$/, 'a phone number of 3 to 40 digits, spaces and + ( ) . / -')
    .nullable()
    .optional(),
  name,
  roleExternalIds: z.array(ExternalId).max(1000).optional(),
  departmentExternalIds: z.array(ExternalId).max(1000).optional(),
  /** True: the user can no longer act (its principal is refused); false or absent: active. */
  deactivated: z.boolean().optional(),
});
/** The members of an organization to upsert (each list optional). */
export const DirectoryMembers = z.strictObject({
  roles: z.array(DirectoryRole).max(1000).optional(),
  departments: z.array(DirectoryDepartment).max(1000).optional(),
  users: z.array(DirectoryUser).max(1000).optional(),
});
/** An organization to upsert, with members. */
export const DirectoryOrganization = DirectoryMembers.extend({
  name,
  timeZone: TimeZone.optional(),
});

/** A role to provision. */
export type DirectoryRoleInput = z.input<typeof DirectoryRole>;
/** A department to provision. */
export type DirectoryDepartmentInput = z.input<typeof DirectoryDepartment>;
/** A user to provision. */
export type DirectoryUserInput = z.input<typeof DirectoryUser>;
/** The members of an organization to provision. */
export type DirectoryMembersInput = z.input<typeof DirectoryMembers>;
