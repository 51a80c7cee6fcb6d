export * from './chart-tooltip';
export * from './legend';
export * from './plot-area';
export * from './status-badge';
export * from './use-element-size';
export * from './widget-error-boundary';
export * from './widget-frame';
export * from './widget-props';
