export * from './image-widget';
