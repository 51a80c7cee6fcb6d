/**
 * The directory routes: a host provisions organizations, users, roles and departments by its own
 * ids. They cross tenants, so they sit behind the host's `authorizeDirectory` alone: no user
 * principal and no embed token reaches them (see `createMetricsHandler`).
 */
import { z } from '@hono/zod-openapi';
import {
  DirectoryDepartment,
  DirectoryOrganization,
  DirectoryRole,
  DirectoryUser,
  EXTERNAL_ID,
} from '../directory/directory-schemas';
import {
  type ProvisionResult,
  provisionMembers,
  provisionOrganization,
} from '../directory/provision-organization';
import type { Api, RouteContext } from './api';
import { defineRoute, json } from './define-route';

const TAG = 'directory';
// Built with this module's zod: a schema made before @hono/zod-openapi loaded has no `.openapi`.
const param = (name: string) =>
  z
    .string()
    .regex(EXTERNAL_ID.pattern, EXTERNAL_ID.rule)
    .openapi({ param: { name, in: 'path' } });
const OrganizationParams = z.object({ externalId: param('externalId') });
const MemberParams = (name: string) => z.object({ externalId: param('externalId'), [name]: param(name) });

const Provisioned = z
  .object({
    organizationId: z.string(),
    roles: z.record(z.string(), z.string()),
    departments: z.record(z.string(), z.string()),
    users: z.record(z.string(), z.string()),
  })
  .openapi('Provisioned');

const SUCCESS = {
  status: 200,
  description: 'The store ids of what was provisioned, by the host’s ids',
  schema: Provisioned,
} as const;

/** The wire form of a provisioning result: user ids rather than principals. */
function provisioned(result: ProvisionResult): Response {
  return json({
    organizationId: result.organizationId,
    roles: result.roles,
    departments: result.departments,
    users: Object.fromEntries(Object.entries(result.users).map(([key, user]) => [key, user.userId])),
  });
}

/** Registers the directory routes (only when the handler has `authorizeDirectory`). */
export function directoryRoutes(api: Api, context: RouteContext): void {
  defineRoute(
    api,
    {
      method: 'put',
      path: '/directory/organizations/:externalId',
      tag: TAG,
      summary: 'Upserts an organization and, optionally, its roles, departments and users (one transaction)',
      params: OrganizationParams,
      body: DirectoryOrganization,
      success: SUCCESS,
      problems: [400, 403, 409, 413, 422],
    },
    async (_c, { params, body }) =>
      provisioned(await provisionOrganization(context.db, { ...body, externalId: params.externalId })),
  );

  const members = [
    { path: 'users', key: 'userExternalId', schema: DirectoryUser.omit({ externalId: true }), list: 'users' },
    { path: 'roles', key: 'roleExternalId', schema: DirectoryRole.omit({ externalId: true }), list: 'roles' },
    {
      path: 'departments',
      key: 'departmentExternalId',
      schema: DirectoryDepartment.omit({ externalId: true }),
      list: 'departments',
    },
  ] as const;
  for (const member of members) {
    defineRoute(
      api,
      {
        method: 'put',
        path: `/directory/organizations/:externalId/${member.path}/:${member.key}`,
        tag: TAG,
        summary: `Upserts one of the organization’s ${member.path} by its external id`,
        params: MemberParams(member.key),
        body: member.schema as z.ZodType,
        success: SUCCESS,
        problems: [400, 403, 404, 409, 413, 422],
      },
      async (_c, { params, body }) => {
        const p = params as Record<string, string>;
        const row = { ...(body as object), externalId: p[member.key] };
        return provisioned(
          await provisionMembers(context.db, p.externalId as string, { [member.list]: [row] }),
        );
      },
    );
  }
}
