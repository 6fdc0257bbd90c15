export type { InspectedMedia, InspectionLimits, MediaKind, Thumbnail } from './types';
export { ACCEPTED_MIME_TYPES } from './sniff';
export { inspectMedia } from './inspect';
export { writeThumbnail } from './thumbnail';
export { extractKeyframes, type Keyframe, type KeyframeOptions } from './keyframes';
export { extractAudio, type ExtractedAudio } from './audio';
export { MediaUnreadable } from './media-streams';
export { readExif, type PhotoExif } from './exif';
export { dominantColors, type DominantColor } from './colors';
