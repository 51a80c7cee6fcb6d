import type { Database } from '@arion-metrics/core';
import {
  createMetricsHandler,
  type MetricsHandler,
  principalFor,
  provisionOrganization,
  signEmbedToken,
} from '@arion-metrics/server';
import type { Kysely } from 'kysely';

/** Step 1: copy the tenant from the host's own directory (idempotent: run it on every sync). */
export async function provisionAcme(db: Kysely<Database>) {
  return provisionOrganization(db, {
    externalId: 'acme',
    name: 'Acme',
    timeZone: 'Europe/Paris',
    departments: [{ externalId: 'credit', name: 'Credit' }],
    users: [{ externalId: 'ada', email: 'ada@acme.example', name: 'Ada', departmentExternalIds: ['credit'] }],
  });
}

/** Step 2: mount the handler with the host's sign-in, its directory credential and the embed keys. */
export function metricsHandler(
  db: Kysely<Database>,
  host: {
    /** The signed-in user of the host's session (its own cookie or token), or null. */
    session: (request: Request) => Promise<{ organizationId: string; userId: string } | null>;
    directoryKey: string;
    embedKeys: Record<string, string>;
  },
): MetricsHandler {
  return createMetricsHandler({
    db,
    basePath: '/api/metrics',
    authenticate: async (request) => {
      const session = await host.session(request);
      return session ? principalFor(db, session.organizationId, session.userId) : null;
    },
    authorizeDirectory: (request) => request.headers.get('x-directory-key') === host.directoryKey,
    embed: { keys: host.embedKeys },
  });
}

/** Step 3, in the host's backend: a 10-minute token for one dashboard, locked to one department. */
export function embedTokenFor(
  organizationId: string,
  dashboardId: string,
  departmentId: string,
  key: string,
): Promise<string> {
  return signEmbedToken({
    organizationId,
    dashboardId,
    lockedFilters: { aggregationLevel: 'department', aggregationIds: [departmentId] },
    expiresIn: 600,
    key,
    kid: '2026-12',
  });
}
