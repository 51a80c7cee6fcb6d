import { randomUUID } from 'node:crypto';
import { testSize } from '@arion-metrics/core/testing';
import { CompiledQuery } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createSourceTables,
  insertSourceEvents,
  type SourceEvent,
  TEST_RELATIONS,
} from '../testing/source-tables';
import { TEST_ENGINES, useTestDatabase } from '../testing/test-database';
import { aggregationSource } from './aggregation-source';
import type { SourceRequest } from './source-types';

const DAY = 86_400_000;
const START = new Date('2026-04-01T00:00:00Z');
const DAYS = 4;
const ORG = randomUUID();
const OTHER = randomUUID();
const UNITS = [randomUUID(), randomUUID(), null];
const request: SourceRequest = {
  organizationId: ORG,
  aggregationLevel: 'team',
  periods: Array.from({ length: DAYS }, (_, i) => ({
    start: new Date(START.getTime() + i * DAY),
    end: new Date(START.getTime() + (i + 1) * DAY),
  })),
};

describe.each(TEST_ENGINES)('the aggregation source on %s', (engine) => {
  const t = useTestDatabase(engine);
  const source = () => aggregationSource({ db: t.db, relations: TEST_RELATIONS });

  beforeAll(async () => {
    await createSourceTables(t.db);
    const events: SourceEvent[] = [];
    for (let i = 0; i < testSize(80); i++) {
      const at = new Date(START.getTime() + ((i * 7907) % (DAYS * 24 + 6)) * 3_600_000);
      const kind = ['incident', 'change', 'risk'][i % 3] as string;
      events.push({
        organization_id: ORG,
        unit_id: UNITS[i % UNITS.length] ?? null,
        occurred_at: at,
        amount: (i % 11) * 0.5,
        kind,
      });
      events.push({
        organization_id: OTHER,
        unit_id: UNITS[i % UNITS.length] ?? null,
        occurred_at: at,
        amount: 1000 + i,
        kind,
      });
    }
    await insertSourceEvents(t.db, events);
  });

  for (const aggregate of ['sum', 'count', 'avg', 'min', 'max'] as const) {
    it(`gives per unit and period the ${aggregate} PostgreSQL computes with a hand-written query`, async () => {
      const spec = {
        relation: 'events_view',
        value: 'amount',
        time: 'occurred_at',
        unit: 'unit_id',
        aggregate,
        filters: [{ column: 'kind', op: 'in', value: ['incident', 'risk'] }],
      };
      const observed = await source().observe(
        { id: randomUUID(), metric_name: 'agg', parameters: { aggregation: spec } },
        request,
      );
      const reference = await t.db.executeQuery<{
        unit_id: string | null;
        period: number;
        value: string | number;
      }>(
        CompiledQuery.raw(
          `SELECT unit_id, floor(extract(epoch FROM occurred_at - $2::timestamptz) / 86400)::int AS period, ${aggregate}(amount)::text AS value
             FROM source_events
            WHERE organization_id = $1 AND kind IN ('incident', 'risk')
              AND occurred_at >= $2::timestamptz AND occurred_at < $3::timestamptz
            GROUP BY 1, 2`,
          [ORG, START.toISOString(), new Date(START.getTime() + DAYS * DAY).toISOString()],
        ),
      );
      expect(reference.rows.length).toBeGreaterThan(0);
      const mine = new Map(observed.map((o) => [`${o.aggregation_id}|${o.period}`, o.observation.value]));
      expect(mine.size).toBe(observed.length);
      expect(mine).toEqual(new Map(reference.rows.map((r) => [`${r.unit_id}|${r.period}`, Number(r.value)])));
    });
  }

  it('refuses identifiers the host did not register, naming the field', async () => {
    const base = { relation: 'events', value: 'amount', time: 'occurred_at', aggregate: 'sum' };
    const run = (spec: object) =>
      source().observe({ id: randomUUID(), metric_name: 'agg', parameters: { aggregation: spec } }, request);
    await expect(run({ ...base, relation: 'secret_notes' })).rejects.toThrow(
      /aggregation.relation: got "secret_notes"; allowed: events, events_view/,
    );
    await expect(run({ ...base, value: 'organization_id' })).rejects.toThrow(
      /aggregation.value: got "organization_id"; allowed: a registered column of events/,
    );
    await expect(run({ ...base, time: 'occurred_at; DROP TABLE x' })).rejects.toThrow(
      /aggregation.time: got/,
    );
    await expect(run({ ...base, aggregate: 'pg_sleep' })).rejects.toThrow(
      /aggregation.aggregate: got "pg_sleep"; allowed: sum, count/,
    );
    await expect(
      run({ ...base, filters: [{ column: 'kind', op: 'or 1=1 --', value: 'x' }] }),
    ).rejects.toThrow(/filters\[0\].op/);
  });
});
