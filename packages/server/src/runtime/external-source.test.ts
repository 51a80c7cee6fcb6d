import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type ExternalProvider, externalSource, observeOutcome } from './external-source';
import type { SourceMetric, SourceRequest } from './source-types';

const START = new Date('2026-03-01T00:00:00Z');
const request: SourceRequest = {
  organizationId: randomUUID(),
  aggregationLevel: 'team',
  periods: [{ start: START, end: new Date(START.getTime() + 86_400_000) }],
};
const UNIT = randomUUID();

function metric(name: string, provider: string): SourceMetric {
  return {
    id: randomUUID(),
    metric_name: name,
    data_sources: { tables: [], provider: { name: provider, options: { project: 'SEC' } } },
  };
}

const providers: Record<string, ExternalProvider> = {
  good: async (req, context) => [
    { aggregation_id: UNIT, period_start: req.periods[0]?.start, value: 4, weight: 8, observed_at: START },
    {
      aggregation_id: null,
      period_start: req.periods[0]?.start,
      value: context.options.project === 'SEC' ? 1 : 0,
    },
  ],
  throwing: async () => {
    throw new Error('upstream said 503');
  },
  hanging: (_req, context) =>
    new Promise((_, reject) => context.signal.addEventListener('abort', () => reject(new Error('aborted')))),
  malformed: async () => [{ aggregation_id: 'not-a-uuid', period_start: START, value: 1 }],
};

describe('the external source', () => {
  const source = externalSource({ providers, timeoutMs: 50 });

  it('a throwing or hanging provider fails only its own metric, as data', async () => {
    const outcomes = await Promise.all(
      ['good', 'throwing', 'hanging', 'malformed', 'unknown'].map((p) =>
        observeOutcome(source, metric(`m_${p}`, p), request),
      ),
    );
    expect(outcomes[0]).toEqual({
      status: 'computed',
      values: [
        { aggregation_id: UNIT, period: 0, observation: { value: 4, denominator: 8, observed_at: START } },
        { aggregation_id: null, period: 0, observation: { value: 1 } },
      ],
    });
    expect(outcomes[1]).toEqual({ status: 'failed', reason: 'metric m_throwing: upstream said 503' });
    expect(outcomes[2]).toEqual({
      status: 'failed',
      reason: 'metric m_hanging: provider hanging did not answer within 50 ms',
    });
    expect(outcomes[3]).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/m_malformed: .*aggregation_id is "not-a-uuid"; allowed: a UUID or null/),
    });
    expect(outcomes[4]).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(
        /data_sources.provider.name: got "unknown"; allowed: a registered provider \(good, throwing, hanging, malformed\)/,
      ),
    });
  });
});
