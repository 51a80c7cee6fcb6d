export * from './column-format';
export * from './delta';
export * from './duration-format';
export { DEFAULT_LOCALE } from './intl-cache';
export * from './metric-unit';
export * from './metric-value-format';
export * from './number-format';
export * from './target';
export * from './time-format';
