export * from './gauge';
