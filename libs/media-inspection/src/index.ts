export type { InspectedMedia, InspectionLimits, MediaKind, Thumbnail } from './types';
export { ACCEPTED_MIME_TYPES } from './sniff';
export { inspectMedia } from './inspect';
export { writeThumbnail } from './thumbnail';
