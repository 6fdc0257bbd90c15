export * from './storage';
export * from './storage-key';
export * from './storage-env';
export * from './create-storage';
export * from './storage.module';
export { BodyLengthMismatch } from './expected-length';
