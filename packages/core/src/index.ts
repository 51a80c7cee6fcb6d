/**
 * @arion-metrics/core — schema types, calculation engine and threshold evaluator.
 * Pure TypeScript: no IO, no Node or DOM APIs; runs the same in a browser, Node or a worker.
 */
export * from './approvals/index';
export * from './dashboard/index';
export * from './decimal/index';
export * from './engine/index';
export * from './format/index';
export * from './formula/index';
export * from './periods/index';
export * from './primitives/index';
export * from './schema/index';
export * from './series/index';
export * from './stats/index';
export * from './thresholds/index';
