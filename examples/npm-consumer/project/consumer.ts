// A host's file that uses all three packages as installed from npm. test-packages.ts type-checks
// it with `strict` and `skipLibCheck: false`, under moduleResolution node16 and bundler.
import { type Database, type MetricCategory, summarize } from '@arion-metrics/core';
import { MetricCard } from '@arion-metrics/react';
import '@arion-metrics/react/styles.css';
import { createMetricsTransport, MetricsApiError } from '@arion-metrics/react/client';
import {
  createDatabase,
  migrateToLatest,
  openStore,
  type Principal,
  type Store,
} from '@arion-metrics/server';
import type { Kysely } from 'kysely';
import { createElement } from 'react';

export const category: MetricCategory = 'compliance';
export const stats = summarize([1, 2, 3]);

export async function open(url: string, principal: Principal): Promise<Store> {
  const db: Kysely<Database> = await createDatabase({ url });
  await migrateToLatest(db);
  return openStore(db, principal);
}

export const card = createElement(MetricCard, {
  title: 'Patch compliance',
  value: 93.4,
  metricType: 'percentage',
});

export const transport = createMetricsTransport({ baseUrl: '/api/metrics', getToken: () => null });
export function statusOf(error: unknown): number | undefined {
  return error instanceof MetricsApiError ? error.status : undefined;
}
