export * from './service-checks';
export * from './test-users';
