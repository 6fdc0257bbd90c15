export * from './database';
export * from './database.module';
export * from './migrate';
export * from './embedded/embedded-postgres';
export * from './queries';
