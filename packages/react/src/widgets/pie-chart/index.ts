export * from './pie-chart';
