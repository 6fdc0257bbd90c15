export * from './capabilities';
export * from './errors';
export * from './prices';
export * from './factory';
