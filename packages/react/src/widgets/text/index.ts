export * from './markdown';
export * from './text-widget';
