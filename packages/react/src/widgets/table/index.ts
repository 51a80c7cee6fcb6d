export * from './data-table-widget';
