export * from './message-bus';
export * from './message-metrics';
export * from './messaging.module';
export * from './outbox';
export * from './outbox.module';
export * from './ping.responder';
export * from './queue-depth';
export * from './work-queue';
