/**
 * The permission matrix of every store method that changes data: each is called by each actor
 * (the owner, an admin, an edit and a view grantee, a user with no grant, a user of another
 * organization) on a fresh scene (`testing/store-scene.ts`), and must succeed, be denied or find
 * nothing exactly as the table (`testing/store-writes.ts`) says; a refused call changes nothing.
 * The first test lists every method of the store and fails on one that is in neither the table nor
 * the list of reads, so a new write method cannot be added without its row.
 */
import type { Database } from '@arion-metrics/core';
import { type Kysely, sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { settle } from '../testing/cross-tenant';
import {
  ACTORS,
  actorPrincipal,
  buildScene,
  prepareSceneOrganization,
  type Scene,
  STORE_TABLES,
} from '../testing/store-scene';
import { READS, storeMethods, WRITES } from '../testing/store-writes';
import { TEST_ENGINES, useTestDatabase } from '../testing/test-database';
import { openStore } from './open-store';
import { NotFoundError, PermissionDeniedError, StoreValidationError } from './store-errors';
import { createTestOrganization, type TestOrganization } from './test-organization';

/**
 * A digest of every row of the organization in each table the store writes, and of its settings:
 * equal before and after a call when the call changed nothing (computed by the server, so that
 * comparing it stays cheap as the scenes pile up).
 */
async function digest(db: Kysely<Database>, organizationId: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of STORE_TABLES) {
    const { rows } = await sql<{ digest: string }>`
      SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) AS digest
        FROM ${sql.table(table)} t WHERE t.organization_id = ${organizationId}`.execute(db);
    out[table] = rows[0]!.digest;
  }
  const { rows } = await sql<{ digest: string }>`
    SELECT md5(settings::text) AS digest FROM organizations WHERE id = ${organizationId}`.execute(db);
  out.settings = rows[0]!.digest;
  return out;
}

const ERRORS = { denied: PermissionDeniedError, 'not-found': NotFoundError, invalid: StoreValidationError };

describe.each(TEST_ENGINES)('who may change what through the store, on %s', (engine) => {
  const t = useTestDatabase(engine);
  let org: TestOrganization;
  let other: TestOrganization;

  beforeAll(async () => {
    org = await createTestOrganization(t.db, 5);
    other = await createTestOrganization(t.db, 1);
    await prepareSceneOrganization(t.db, org);
  });

  it('has a row for every write method and lists every other method as a read', () => {
    const methods = storeMethods(openStore(t.db, org.principal(0)));
    const classified = [...Object.keys(WRITES), ...READS].sort();
    expect(methods).toEqual(classified);
    expect(new Set(classified).size).toBe(classified.length);
  });

  for (const [method, row] of Object.entries(WRITES)) {
    /**
     * A call that succeeds gets a scene of its own; the refused calls of one method share one (a
     * refused call must leave it as it was, which each of them checks).
     */
    let shared: Promise<{ scene: Scene; extra: Readonly<Record<string, string>> }> | undefined;
    const setUp = async () => {
      const scene = await buildScene(t.db, org);
      const extra = (await row.prepare?.(openStore(t.db, org.principal(0)), scene, { org })) ?? {};
      return { scene, extra };
    };
    for (const actor of ACTORS) {
      const outcome = row.expected[actor];
      it(`${method} by ${actor}: ${outcome}`, async () => {
        const context = { org };
        if (outcome !== 'ok') shared ??= setUp();
        const { scene, extra } = await (outcome === 'ok' ? setUp() : (shared as ReturnType<typeof setUp>));
        const fingerprint = () => digest(t.db, org.organizationId);
        const before = await fingerprint();
        const store = openStore(t.db, actorPrincipal(actor, org, other));
        const result = await settle(row.call(store, scene, extra, context));
        const label = `${method} by ${actor}`;
        if (outcome === 'ok') {
          expect('error' in result ? result.error : undefined, label).toBeUndefined();
        } else {
          expect('error' in result && result.error, label).toBeInstanceOf(ERRORS[outcome]);
        }
        if (outcome !== 'ok' || actor === 'other organization') {
          expect(await fingerprint(), `${label} changed nothing of the organization`).toEqual(before);
        }
      });
    }
  }
});
