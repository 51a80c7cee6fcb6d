export * from './data-table';
export * from './use-point-navigation';
export * from './visually-hidden';
