export * from './metric-card';
export * from './sparkline';
