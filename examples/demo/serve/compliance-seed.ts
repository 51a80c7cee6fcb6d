/**
 * Seeds the compliance demo through `openStore` as the admin user: the metric catalogue (each
 * approved by its owner, which activates it), the relationships between metrics, and — by
 * `loadCatalog` — reads them back on a restart.
 */
import type { EngineRelationship, MetricDefinitionRow } from '@arion-metrics/core';
import type { Store } from '@arion-metrics/server';
import { COMPLIANCE_METRICS, CORRELATIONS } from './compliance-metrics';

/** The stored catalogue: definitions by `metric_name` and every relationship. */
export interface StoredCatalog {
  readonly metrics: ReadonlyMap<string, MetricDefinitionRow>;
  readonly relationships: readonly EngineRelationship[];
}

/** Creates and approves every metric of the catalogue, then their relationships. */
export async function seedCatalog(store: Store): Promise<StoredCatalog> {
  const ids = new Map<string, string>();
  for (const spec of COMPLIANCE_METRICS) {
    const created = await store.metrics.create(spec.input);
    await store.approvals.approve(created.id, {
      approval_type: 'metric_owner',
      version: created.version,
      note: 'Definition agreed with the metric owner.',
    });
    ids.set(spec.name, created.id);
  }
  const id = (name: string) => {
    const metric = ids.get(name);
    if (metric === undefined) throw new Error(`compliance catalogue: no metric named "${name}"`);
    return metric;
  };
  const relationships: EngineRelationship[] = [];
  for (const spec of COMPLIANCE_METRICS) {
    for (const edge of spec.children) {
      relationships.push(
        await store.relationships.add({
          parent_metric_id: id(spec.name),
          child_metric_id: id(edge.child),
          relationship_type: edge.type,
          weight: edge.weight,
        }),
      );
    }
  }
  for (const c of CORRELATIONS) {
    relationships.push(
      await store.relationships.add({
        parent_metric_id: id(c.parent),
        child_metric_id: id(c.child),
        relationship_type: c.type,
      }),
    );
  }
  return { metrics: await readMetrics(store), relationships };
}

/** Every metric the store's principal can see, by `metric_name`; throws when one of the catalogue is missing. */
async function readMetrics(store: Store): Promise<ReadonlyMap<string, MetricDefinitionRow>> {
  const page = await store.metrics.list({ limit: 500 });
  const metrics = new Map(page.items.map((m) => [m.metric_name, m as MetricDefinitionRow]));
  const missing = COMPLIANCE_METRICS.map((s) => s.name).filter((n) => !metrics.has(n));
  if (missing.length > 0) {
    throw new Error(
      `the demo organization lacks the metrics ${missing.join(', ')}: delete the data folder (or the organization) and start again`,
    );
  }
  return metrics;
}

/** The catalogue a previous run stored, read back through the store. */
export async function loadCatalog(store: Store): Promise<StoredCatalog> {
  return { metrics: await readMetrics(store), relationships: await store.relationships.list() };
}
