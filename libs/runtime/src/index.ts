export * from './service-core.module';
export * from './start-service';
