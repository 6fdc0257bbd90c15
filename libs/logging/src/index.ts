export * from './context-headers';
export * from './correlation';
export * from './correlation.middleware';
export * from './logging.module';
export * from './pino-options';
export * from './redaction';
