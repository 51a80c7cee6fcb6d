export * from './config-schemas';
export * from './errors';
export * from './threshold-bands';
