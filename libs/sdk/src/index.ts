export { createAmsClient, type AmsApi, type AmsClient, type AmsClientOptions, type TokenGetter } from './client';
export { ApiError, type ErrorCode, type Problem } from './errors';
export type { MediaEventHandlers, MediaStatusEvent } from './events';
export type { paths, components, operations } from './schema';
export type * from './types';
export type { UploadOptions, UploadProgress } from './upload';
