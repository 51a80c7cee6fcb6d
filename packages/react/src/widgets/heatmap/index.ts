export * from './heatmap';
