/** Sharing of dashboards: list and grant (admin on the dashboard), revoke a grant by its id. */

import { z } from '@hono/zod-openapi';
import type { GrantInput } from '../store/sharing-repository';
import type { Api } from './api';
import { defineRoute, json, noContent } from './define-route';
import { IdParams, Row, uuid } from './schemas';

const TAG = 'sharing';

const GrantBody = z
  .strictObject({
    shared_with_type: z.enum(['user', 'role', 'department', 'everyone']),
    shared_with_id: uuid.nullable().optional(),
    permission_level: z.enum(['view', 'edit', 'admin']).optional(),
    expires_at: z.string().max(40).nullable().optional(),
  })
  .openapi('Grant');

/** Registers the sharing routes. */
export function sharingRoutes(api: Api): void {
  defineRoute(
    api,
    {
      method: 'get',
      path: '/dashboards/:id/sharing',
      tag: TAG,
      summary: 'Every grant of a dashboard, expired ones included (admin)',
      params: IdParams,
      success: {
        status: 200,
        description: 'The grants',
        schema: z.object({ items: z.array(Row), nextCursor: z.null() }),
      },
      problems: [400, 403, 404],
    },
    async (c, { params }) => json({ items: await c.var.store.sharing.list(params.id), nextCursor: null }),
  );

  defineRoute(
    api,
    {
      method: 'post',
      path: '/dashboards/:id/sharing',
      tag: TAG,
      summary: 'Grants (or re-grants, replacing level and expiry) access to a dashboard (admin)',
      params: IdParams,
      body: GrantBody,
      success: { status: 201, description: 'The grant', schema: Row },
      problems: [400, 403, 404, 413, 422],
    },
    async (c, { params, body }) => json(await c.var.store.sharing.grant(params.id, body as GrantInput), 201),
  );

  defineRoute(
    api,
    {
      method: 'delete',
      path: '/sharing/:id',
      tag: TAG,
      summary: 'Revokes a grant by its id (admin on its dashboard)',
      params: IdParams,
      success: { status: 204, description: 'Revoked' },
      problems: [400, 403, 404],
    },
    async (c, { params }) => {
      await c.var.store.sharing.revokeById(params.id);
      return noContent();
    },
  );
}
