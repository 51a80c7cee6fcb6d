import { randomUUID } from 'node:crypto';
import { CompiledQuery } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { insertRow, validRows } from '../testing/fixtures';
import { createSourceTables, insertSourceEvents, TEST_RELATIONS } from '../testing/source-tables';
import { TEST_ENGINES, useTestDatabase } from '../testing/test-database';
import { aggregationSource } from './aggregation-source';
import { externalSource } from './external-source';
import { inProcessJobQueue } from './job-queue';
import { createRunner } from './runner';
import { queueBackfill, registerRuntimeJobs } from './runtime-jobs';

const DAY = 86_400_000;
const START = new Date('2026-03-01T00:00:00Z');
const DAYS = 10;
const NOW = new Date(START.getTime() + (DAYS + 1) * DAY + 3_600_000);
const SPEC = { relation: 'events', value: 'amount', time: 'occurred_at', aggregate: 'sum' };

describe.each(TEST_ENGINES)('the runner on %s', (engine) => {
  const t = useTestDatabase(engine);
  const org = randomUUID();
  const user = randomUUID();
  const metric = (name: string, extra: Record<string, unknown>) =>
    insertRow(t.db, 'metric_definitions', {
      ...validRows.metric_definitions({ organizationId: org } as never),
      metric_name: name,
      metric_type: 'count',
      calculation_method: 'aggregation',
      parameters: { aggregation: SPEC },
      time_windows: ['daily'],
      refresh_frequency: 'daily',
      ...extra,
    });
  const ids = {
    summed: randomUUID(),
    failing: randomUUID(),
    hanging: randomUUID(),
    onDemand: randomUUID(),
    doubled: randomUUID(),
  };
  const runner = () =>
    createRunner({
      db: t.db,
      sourceTimeoutMs: 200,
      sources: {
        aggregation: aggregationSource({ db: t.db, relations: TEST_RELATIONS }),
        external: externalSource({
          timeoutMs: 10_000,
          providers: {
            broken: async () => {
              throw new Error('provider is down');
            },
            hangs: () => new Promise(() => {}),
          },
        }),
      },
    });
  /** Per day, the sum PostgreSQL computes over the source rows of the organization. */
  const expectedSums = async () => {
    const { rows } = await t.db.executeQuery<{ day: Date; total: string }>(
      CompiledQuery.raw(
        `SELECT date_trunc('day', occurred_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS day, sum(amount)::text AS total
           FROM source_events WHERE organization_id = $1 GROUP BY 1 ORDER BY 1`,
        [org],
      ),
    );
    return rows.map((r) => [new Date(r.day).toISOString(), Number(r.total)]);
  };
  const storedValues = async (metricId: string) =>
    (
      await t.db
        .selectFrom('metric_calculations')
        .select(['period_start', 'metric_value', 'calculation_timestamp'])
        .where('metric_id', '=', metricId)
        .orderBy('period_start')
        .execute()
    ).map((r) => [r.period_start.toISOString(), Number(r.metric_value)]);

  beforeAll(async () => {
    await createSourceTables(t.db);
    await insertRow(t.db, 'organizations', { id: org, ...validRows.organizations() });
    await insertRow(t.db, 'users', { id: user, organization_id: org, email: `${user}@example.com` });
    const events = [];
    for (let i = 0; i < DAYS * 6; i++) {
      const at = new Date(START.getTime() + i * 4 * 3_600_000 + 60_000);
      events.push({ organization_id: org, unit_id: null, occurred_at: at, amount: (i % 7) + 0.5, kind: 'x' });
      events.push({ organization_id: randomUUID(), unit_id: null, occurred_at: at, amount: 1000, kind: 'x' });
    }
    await insertSourceEvents(t.db, events);
    await metric('summed', { id: ids.summed });
    await metric('failing', {
      id: ids.failing,
      calculation_method: 'external',
      data_sources: { tables: [], provider: { name: 'broken' } },
    });
    await metric('hanging', {
      id: ids.hanging,
      calculation_method: 'external',
      data_sources: { tables: [], provider: { name: 'hangs' } },
    });
    await metric('on_demand_metric', { id: ids.onDemand, refresh_frequency: 'on_demand' });
    await metric('doubled', {
      id: ids.doubled,
      calculation_method: 'function',
      calculation_formula: 'summed * 2',
      parameters: {},
    });
  });

  it('backfills every whole day with the sums PostgreSQL computes, and a failing or hanging source fails only its metric', async () => {
    const progress: number[] = [];
    const { outcomes } = await runner().backfill({
      from: START,
      to: new Date(START.getTime() + DAYS * DAY),
      chunkSize: 4,
      onProgress: (p) => progress.push(p.done),
    });
    const byName = Object.fromEntries(outcomes.map((o) => [o.metricName, o]));
    expect(byName.summed).toMatchObject({ status: 'computed', calculations: DAYS, snapshots: DAYS });
    expect(byName.failing).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('provider is down'),
    });
    expect(byName.hanging).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('did not answer within'),
    });
    expect(await storedValues(ids.summed)).toEqual(await expectedSums());
    // Two metrics failed at their first chunk; the three others handled every day.
    expect(progress.at(-1)).toBe(DAYS * 3);
    // The function metric ran after its input (dependency order) and doubled each stored day.
    const doubled = await storedValues(ids.doubled);
    expect(doubled).toEqual((await expectedSums()).map(([day, v]) => [day, (v as number) * 2]));
  });

  it('resumes a backfill without recomputing stored periods, and a re-run writes the same rows', async () => {
    const before = await t.db
      .selectFrom('metric_calculations')
      .selectAll()
      .where('metric_id', '=', ids.summed)
      .orderBy('period_start')
      .execute();
    await t.db
      .deleteFrom('metric_calculations')
      .where('metric_id', '=', ids.summed)
      .where('period_start', '>=', new Date(START.getTime() + 7 * DAY))
      .execute();
    let skipped = 0;
    const { outcomes } = await runner().backfill({
      metricId: ids.summed,
      from: START,
      to: new Date(START.getTime() + DAYS * DAY),
      onProgress: (p) => {
        skipped = p.skipped;
      },
    });
    expect(outcomes[0]).toMatchObject({ status: 'computed', calculations: 3 });
    expect(skipped).toBe(7);
    const after = await t.db
      .selectFrom('metric_calculations')
      .selectAll()
      .where('metric_id', '=', ids.summed)
      .orderBy('period_start')
      .execute();
    const strip = (rows: typeof before) => rows.map(({ id, created_at, ...rest }) => rest);
    expect(strip(after)).toEqual(strip(before));
  });

  it('runs what is due, skips what is not, and computes on_demand metrics only when asked', async () => {
    await insertSourceEvents(t.db, [
      {
        organization_id: org,
        unit_id: null,
        occurred_at: new Date(START.getTime() + DAYS * DAY + 5),
        amount: 4,
        kind: 'x',
      },
    ]);
    const first = await runner().runDue(NOW);
    const status = (r: typeof first, name: string) => r.outcomes.find((o) => o.metricName === name);
    expect(status(first, 'summed')).toMatchObject({ status: 'computed', calculations: 1 });
    expect(status(first, 'on_demand_metric')).toMatchObject({
      status: 'skipped',
      reason: expect.stringContaining('on_demand'),
    });
    const again = await runner().runDue(new Date(NOW.getTime() + 60_000));
    expect(status(again, 'summed')).toMatchObject({
      status: 'skipped',
      reason: expect.stringContaining('next due at'),
    });
    const asked = await runner().runDue(new Date(NOW.getTime() + 60_000), { metricIds: [ids.onDemand] });
    expect(status(asked, 'on_demand_metric')).toMatchObject({ status: 'computed' });
    const dayAfter = await runner().runDue(new Date(NOW.getTime() + DAY));
    expect(status(dayAfter, 'summed')).toMatchObject({ status: 'computed' });
  });

  it('runs a backfill as chunk jobs on the in-process queue, writing the same rows as a direct backfill', async () => {
    const before = await storedValues(ids.summed);
    await t.db.deleteFrom('metric_calculations').where('metric_id', '=', ids.summed).execute();
    const queue = inProcessJobQueue();
    registerRuntimeJobs(queue, { db: t.db, runner: runner() });
    const range = {
      metricId: ids.summed,
      from: START,
      to: new Date(START.getTime() + DAYS * DAY),
      chunkDays: 3,
    };
    expect(await queueBackfill(queue, range)).toBe(4);
    expect(await queueBackfill(queue, range)).toBe(0);
    const outcomes = await queue.drain();
    expect(outcomes.map((o) => o.status)).toEqual(['completed', 'completed', 'completed', 'completed']);
    expect((await storedValues(ids.summed)).slice(0, DAYS)).toEqual(before.slice(0, DAYS));
  });
});
