export * from './bar-chart';
