import type { Media, MediaSummary } from '@ams/sdk';

/** A list entry as GET /v1/media returns it. */
export function mediaSummary(n: number, overrides: Partial<MediaSummary> = {}): MediaSummary {
  const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  return {
    id,
    filename: `photo-${n}.jpg`,
    fileType: 'image',
    mimeType: 'image/jpeg',
    sizeBytes: 2048,
    status: 'completed',
    width: 800,
    height: 600,
    durationSeconds: null,
    frameRate: null,
    hasAudio: null,
    tags: [],
    isPrivate: false,
    hasThumbnail: false,
    uploadedAt: '2026-11-01T10:00:00.000Z',
    updatedAt: '2026-11-01T10:00:00.000Z',
    indexedAt: null,
    links: { content: `/v1/media/${id}/content`, thumbnail: null },
    ...overrides,
  };
}

/** The file POST /v1/media answers with (the fields the screen reads, the rest defaulted). */
export function uploadedMedia(filename: string, id = '00000000-0000-4000-8000-00000000abcd'): Media {
  return {
    ...mediaSummary(1, { id, filename, status: 'queued' }),
    customMetadata: {},
    viewCount: 0,
    processing: { startedAt: null, completedAt: null, error: null },
  } as unknown as Media;
}
