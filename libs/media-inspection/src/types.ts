export type MediaKind = 'image' | 'video';

/** What an upload is, read from its bytes; never from its name or the client's content type. */
export interface InspectedMedia {
  kind: MediaKind;
  mimeType: string;
  extension: string;
  sizeBytes: number;
  /** Display orientation: EXIF rotation (images) and rotation metadata (videos) applied. */
  width?: number;
  height?: number;
  durationSeconds?: number;
  frameRate?: number;
  hasAudio?: boolean;
}

export interface InspectionLimits {
  /** width * height an image may declare; larger is refused before any pixel is decoded. */
  maxImagePixels: number;
  maxVideoDurationSeconds: number | null;
}

export interface Thumbnail {
  mimeType: 'image/webp';
  width: number;
  height: number;
  sizeBytes: number;
}
