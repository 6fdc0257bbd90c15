export * from './auth-provider';
export * from './auth-env';
export * from './create-auth-provider';
export * from './local/local-auth.provider';
export * from './local/local-secret';
export * from './firebase/firebase-auth.provider';
export * from './session-id';
