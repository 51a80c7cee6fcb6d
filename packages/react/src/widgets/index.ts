export * from './bar-chart/index';
export * from './gauge/index';
export * from './line-chart/index';
export * from './metric-card/index';
export * from './pie-chart/index';
export type { WidgetBaseProps } from './shared/widget-props';
export { DEFAULT_EMPTY_MESSAGE } from './shared/widget-props';
export * from './table/index';
