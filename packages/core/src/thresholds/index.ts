export * from './alert-conditions';
export * from './alert-state-machine';
export * from './alert-tick';
export * from './anomaly';
export * from './config-schemas';
export * from './errors';
export * from './inhibition';
export * from './threshold-bands';
