import { z } from 'zod';
import { defineEvent, defineRpc } from './contract';

export const MEDIA_KINDS = ['image', 'video'] as const;
export const MEDIA_STATUSES = ['uploaded', 'queued', 'processing', 'completed', 'failed', 'deleted'] as const;
export const SUBSCRIPTION_TIERS = ['free', 'premium', 'ultimate'] as const;

export const MAX_TAGS = 50;
export const MAX_TAG_LENGTH = 64;
/** custom_metadata is the user's: any JSON object, up to this many bytes serialised. */
export const MAX_CUSTOM_METADATA_BYTES = 16 * 1024;

export const mediaTagsSchema = z
  .array(z.string().trim().min(1).max(MAX_TAG_LENGTH))
  .max(MAX_TAGS)
  .transform((tags) => [...new Set(tags)]);

export const customMetadataSchema = z
  .record(z.string(), z.unknown())
  .refine((value) => Buffer.byteLength(JSON.stringify(value)) <= MAX_CUSTOM_METADATA_BYTES, {
    message: `must be at most ${MAX_CUSTOM_METADATA_BYTES} bytes as JSON`,
  });

/** Where a file's bytes are: internal, never shown to users. */
const storageLocation = z.object({
  bucket: z.string(),
  key: z.string(),
  thumbnailKey: z.string().nullable(),
  /** Which storage holds them; S3 requests are billed (absent: local). */
  backend: z.enum(['local', 's3']).optional(),
});

const mediaFacts = {
  id: z.uuid(),
  filename: z.string(),
  fileType: z.enum(MEDIA_KINDS),
  mimeType: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  status: z.enum(MEDIA_STATUSES),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  durationSeconds: z.number().nullable(),
  frameRate: z.number().nullable(),
  hasAudio: z.boolean().nullable(),
  tags: z.array(z.string()),
  isPrivate: z.boolean(),
  hasThumbnail: z.boolean(),
  uploadedAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
  /** When the file became searchable (its embeddings were written); null until then. */
  indexedAt: z.iso.datetime({ offset: true }).nullable(),
};

/** One file in a library page. */
export const mediaSummarySchema = z.object(mediaFacts);
export type MediaSummary = z.infer<typeof mediaSummarySchema>;

/** One file with everything known about it, AI results included. */
export const mediaDetailSchema = z.object({
  ...mediaFacts,
  customMetadata: z.record(z.string(), z.unknown()),
  viewCount: z.number().int(),
  processing: z.object({
    startedAt: z.iso.datetime({ offset: true }).nullable(),
    completedAt: z.iso.datetime({ offset: true }).nullable(),
    error: z.string().nullable(),
  }),
  analysis: z.object({
    summary: z.string().nullable(),
    labels: z.array(z.unknown()),
    facesCount: z.number().int().nullable(),
    text: z.array(z.string()),
    transcription: z.string().nullable(),
    /** What was said when, for transcripts with clickable timestamps (seconds from the start). */
    transcriptSegments: z.array(z.object({ start: z.number().nonnegative(), end: z.number().nonnegative(), text: z.string() })),
    sentiment: z.string().nullable(),
    contentWarnings: z.array(z.string()),
    keyPhrases: z.array(z.string()),
    dominantColors: z.array(z.object({ hex: z.string(), name: z.string(), fraction: z.number() })),
    takenAt: z.iso.datetime({ offset: true }).nullable(),
    camera: z.string().nullable(),
    location: z.object({ latitude: z.number(), longitude: z.number() }).nullable(),
  }),
  storage: storageLocation,
});
export type MediaDetail = z.infer<typeof mediaDetailSchema>;

const owned = { userId: z.uuid(), mediaId: z.uuid() };

/** The gateway stored and inspected a file; the media service counts it against the quota and records it. */
export const MEDIA_REGISTER_V1 = defineRpc(
  'media.register.v1',
  z.object({
    ...owned,
    filename: z.string().min(1).max(255),
    originalFilename: z.string().min(1).max(255),
    fileType: z.enum(MEDIA_KINDS),
    mimeType: z.string().min(1).max(100),
    sizeBytes: z.number().int().positive(),
    storage: storageLocation,
    width: z.number().int().positive().optional(),
    height: z.number().int().positive().optional(),
    durationSeconds: z.number().nonnegative().optional(),
    frameRate: z.number().positive().optional(),
    hasAudio: z.boolean().optional(),
    tags: mediaTagsSchema,
    isPrivate: z.boolean(),
    customMetadata: customMetadataSchema,
  }),
  mediaDetailSchema,
);

export const mediaListFiltersSchema = z.object({
  fileType: z.enum(MEDIA_KINDS).optional(),
  status: z.enum(MEDIA_STATUSES).optional(),
  tag: z.string().min(1).max(MAX_TAG_LENGTH).optional(),
  uploadedFrom: z.iso.datetime({ offset: true }).optional(),
  uploadedBefore: z.iso.datetime({ offset: true }).optional(),
});
export type MediaListFilters = z.infer<typeof mediaListFiltersSchema>;

export const MEDIA_LIST_V1 = defineRpc(
  'media.list.v1',
  z.object({
    userId: z.uuid(),
    limit: z.number().int().min(1).max(100),
    cursor: z.string().max(200).optional(),
    filters: mediaListFiltersSchema,
  }),
  z.object({ items: z.array(mediaSummarySchema), nextCursor: z.string().nullable() }),
);

export const MEDIA_GET_V1 = defineRpc('media.get.v1', z.object(owned), mediaDetailSchema);

export const mediaChangesSchema = z
  .object({
    tags: mediaTagsSchema.optional(),
    customMetadata: customMetadataSchema.optional(),
    isPrivate: z.boolean().optional(),
  })
  .strict();
export type MediaChanges = z.infer<typeof mediaChangesSchema>;

export const MEDIA_UPDATE_V1 = defineRpc(
  'media.update.v1',
  z.object({ ...owned, changes: mediaChangesSchema }),
  mediaDetailSchema,
);

export const MEDIA_DELETE_V1 = defineRpc(
  'media.delete.v1',
  z.object(owned),
  z.object({ id: z.uuid(), deletedAt: z.iso.datetime({ offset: true }) }),
);

export const processingJobSchema = z.object({
  id: z.uuid(),
  jobType: z.string(),
  status: z.string(),
  priority: z.number().int(),
  progressPercentage: z.number().int(),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  errorMessage: z.string().nullable(),
  queuedAt: z.iso.datetime({ offset: true }),
  startedAt: z.iso.datetime({ offset: true }).nullable(),
  completedAt: z.iso.datetime({ offset: true }).nullable(),
  estimatedCompletionAt: z.iso.datetime({ offset: true }).nullable(),
});
export type ProcessingJobView = z.infer<typeof processingJobSchema>;

export const MEDIA_JOBS_V1 = defineRpc(
  'media.jobs.v1',
  z.object(owned),
  z.object({ jobs: z.array(processingJobSchema) }),
);

/** A file was recorded and counted: analysis starts from here. */
export const MEDIA_UPLOADED_V1 = defineEvent(
  'media.uploaded.v1',
  z.object({
    ...owned,
    fileType: z.enum(MEDIA_KINDS),
    mimeType: z.string(),
    sizeBytes: z.number().int().positive(),
    storage: storageLocation,
    durationSeconds: z.number().nonnegative().nullable(),
    // Added after v1 shipped, so optional: events already in flight lack them.
    filename: z.string().optional(),
    width: z.number().int().positive().nullable().optional(),
    height: z.number().int().positive().nullable().optional(),
    hasAudio: z.boolean().nullable().optional(),
    subscriptionTier: z.enum(SUBSCRIPTION_TIERS),
    uploadedAt: z.iso.datetime({ offset: true }),
  }),
);

/** A file was soft-deleted: its bytes are to be removed from storage. */
export const MEDIA_DELETED_V1 = defineEvent(
  'media.deleted.v1',
  z.object({
    ...owned,
    sizeBytes: z.number().int().positive(),
    storage: storageLocation,
    deletedAt: z.iso.datetime({ offset: true }),
  }),
);

/** A file's processing status moved (queued, processing, completed, failed): live views follow it. */
export const MEDIA_STATUS_CHANGED_V1 = defineEvent(
  'media.status-changed.v1',
  z.object({
    ...owned,
    status: z.enum(MEDIA_STATUSES),
    error: z.string().nullable(),
    changedAt: z.iso.datetime({ offset: true }),
  }),
);

/** A file's own facts were edited (tags, custom metadata, privacy): search re-embeds what it holds. */
export const MEDIA_UPDATED_V1 = defineEvent(
  'media.updated.v1',
  z.object({
    ...owned,
    changed: z.array(z.enum(['tags', 'customMetadata', 'isPrivate'])),
    updatedAt: z.iso.datetime({ offset: true }),
  }),
);
