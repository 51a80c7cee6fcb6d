export * from './downsample';
export * from './extent';
export * from './lttb';
export * from './min-max';
export type { NumericSeries } from './validate-series';
