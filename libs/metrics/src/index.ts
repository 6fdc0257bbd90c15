export * from './http-metrics';
export * from './messaging-metrics';
export * from './metrics.module';
export * from './metrics.registry';
