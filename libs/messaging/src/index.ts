export * from './message-bus';
export * from './messaging.module';
export * from './ping.responder';
