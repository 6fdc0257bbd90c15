export * from './service-checks';
export * from './test-users';
export * from './queued-audit';
