export * from './service-core.module';
export * from './start-service';
export * from './periodic-task';
