export * from './audit-trail';
export * from './audit-trail.module';
export * from './without-secrets';
