import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import {
  customMetadataSchema,
  MEDIA_KINDS,
  MEDIA_STATUSES,
  MAX_TAG_LENGTH,
  mediaDetailSchema,
  mediaSummarySchema,
  mediaTagsSchema,
  processingJobSchema,
  type MediaDetail,
  type MediaSummary,
} from '@ams/contracts';

const links = z.object({ content: z.string(), thumbnail: z.string().nullable() });

/** A file as clients see it: where its bytes are stays internal; links say how to fetch them. */
const publicSummary = mediaSummarySchema.extend({ links });
const publicDetail = mediaDetailSchema.omit({ storage: true }).extend({ links });

export class MediaSummaryDto extends createZodDto(publicSummary) {}
export class MediaDto extends createZodDto(publicDetail) {}
export class MediaPageDto extends createZodDto(
  z.object({ items: z.array(publicSummary), nextCursor: z.string().nullable() }),
) {}
export class MediaJobsDto extends createZodDto(z.object({ jobs: z.array(processingJobSchema) })) {}
export class MediaDeletedDto extends createZodDto(
  z.object({ id: z.uuid(), deletedAt: z.iso.datetime({ offset: true }) }),
) {}

export class ListMediaQuery extends createZodDto(
  z.strictObject({
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().max(200).optional(),
    type: z.enum(MEDIA_KINDS).optional(),
    status: z.enum(MEDIA_STATUSES).optional(),
    tag: z.string().min(1).max(MAX_TAG_LENGTH).optional(),
    from: z.iso.datetime({ offset: true }).optional().describe('Uploaded at or after (ISO 8601)'),
    to: z.iso.datetime({ offset: true }).optional().describe('Uploaded before (ISO 8601)'),
  }),
) {}

export class UpdateMediaBody extends createZodDto(
  z
    .object({
      tags: mediaTagsSchema.optional(),
      custom_metadata: customMetadataSchema.optional(),
      is_private: z.boolean().optional(),
    })
    .strict()
    .refine((body) => Object.keys(body).length > 0, {
      message: 'Send at least one of tags, custom_metadata, is_private',
    }),
) {}

/** Where a file's preview is served (GET /v1/media/:id/thumbnail), or null when it has none. */
export function thumbnailUrl(media: { id: string; hasThumbnail: boolean }): string | null {
  return media.hasThumbnail ? `/v1/media/${media.id}/thumbnail` : null;
}

function linksOf(media: { id: string; hasThumbnail: boolean }) {
  return { content: `/v1/media/${media.id}/content`, thumbnail: thumbnailUrl(media) };
}

export function toPublicMedia(media: MediaDetail): MediaDto {
  const { storage: _storage, ...visible } = media;
  return { ...visible, links: linksOf(media) };
}

export function toPublicSummary(media: MediaSummary): MediaSummaryDto {
  return { ...media, links: linksOf(media) };
}
