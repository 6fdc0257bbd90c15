export * from './service-checks';
