export * from './brokers';
export * from './embedded-database';
export * from './processes';
export * from './services';
export * from './workspace';
export * from './stack';
export * from './stack-config';
export * from './backup';
