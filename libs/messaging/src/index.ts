export * from './message-bus';
export * from './messaging.module';
export * from './outbox';
export * from './outbox.module';
export * from './ping.responder';
export * from './work-queue';
