export * from './analytics';
export * from './embeddings';
export * from './maintenance';
export * from './sql-names';
export * from './vector-search';
export * from './outbox';
export * from './quota';
export * from './media-library';
