export * from './contract';
export * from './services';
export * from './system';
export * from './errors';
export * from './media';
export * from './analysis';
export * from './search';
