/** The approval workflow of metric definitions, as pure functions the store calls. */
export * from './approval-state';
export * from './metric-settings';
