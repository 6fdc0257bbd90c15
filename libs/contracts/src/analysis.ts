import { z } from 'zod';
import { defineEvent, defineRpc } from './contract';
import { processingJobSchema } from './media';

export const JOB_TYPES = [
  'image_analysis',
  'video_analysis',
  'transcription',
  'text_analysis',
  'embedding_generation',
] as const;
export type JobType = (typeof JOB_TYPES)[number];

export const JOB_STATUSES = ['pending', 'processing', 'completed', 'failed', 'retrying'] as const;
export const SENTIMENT_VALUES = ['POSITIVE', 'NEGATIVE', 'NEUTRAL', 'MIXED'] as const;

const owned = { userId: z.uuid(), mediaId: z.uuid() };
const timestamp = z.iso.datetime({ offset: true });

export const labelSchema = z.object({
  name: z.string(),
  confidence: z.number().min(0).max(1),
  instances: z.number().int().nonnegative().optional(),
  parents: z.array(z.string()).optional(),
});
export type LabelResult = z.infer<typeof labelSchema>;

const warningSchema = z.object({ name: z.string(), confidence: z.number().min(0).max(1) });

/** What was found in one stretch of a video (a keyframe's neighbourhood, or a speech phrase). */
export const segmentResultSchema = z.object({
  /** `visual`: what a keyframe shows; `audio`: what is said. */
  kind: z.enum(['visual', 'audio']),
  start: z.number().nonnegative(),
  end: z.number().nonnegative(),
  labels: z.array(labelSchema),
  facesCount: z.number().int().nonnegative(),
  text: z.array(z.string()),
  transcript: z.string().optional(),
});
export type SegmentResult = z.infer<typeof segmentResultSchema>;

/** Everything analysis found in one file: what the media service stores and search embeds. */
export const analysisResultSchema = z.object({
  summary: z.string(),
  labels: z.array(labelSchema),
  facesCount: z.number().int().nonnegative(),
  text: z.array(z.string()),
  transcription: z.string().nullable(),
  sentiment: z.enum(SENTIMENT_VALUES).nullable(),
  keyPhrases: z.array(z.string()),
  contentWarnings: z.array(warningSchema),
  celebrities: z.array(warningSchema),
  dominantColors: z.array(z.object({ hex: z.string(), name: z.string(), fraction: z.number() })),
  exif: z.object({
    /** With the camera's offset when it recorded one; else its wall-clock time (EXIF has no zone). */
    takenAt: z.iso.datetime({ offset: true, local: true }).optional(),
    camera: z.string().optional(),
    gps: z.object({ latitude: z.number(), longitude: z.number() }).optional(),
  }),
  /** Videos: per keyframe and per speech phrase, with times in seconds. Empty for images. */
  segments: z.array(segmentResultSchema),
  providers: z.record(z.string(), z.string()),
});
export type AnalysisResult = z.infer<typeof analysisResultSchema>;

/** Jobs were created (or reset by a reprocess): the file waits in the analysis queue. */
export const ANALYSIS_QUEUED_V1 = defineEvent(
  'analysis.queued.v1',
  z.object({ ...owned, queuedAt: timestamp, jobTypes: z.array(z.enum(JOB_TYPES)) }),
);

/** A worker began on the file. */
export const ANALYSIS_STARTED_V1 = defineEvent('analysis.started.v1', z.object({ ...owned, startedAt: timestamp }));

/** Analysis finished: the media service stores the results; embedding-search embeds them. */
export const ANALYSIS_COMPLETED_V1 = defineEvent(
  'analysis.completed.v1',
  z.object({
    ...owned,
    fileType: z.enum(['image', 'video']),
    durationSeconds: z.number().nullable(),
    completedAt: timestamp,
    result: analysisResultSchema,
  }),
);

/** A job gave up after its attempts: the file is `failed` with a message a person can read. */
export const ANALYSIS_FAILED_V1 = defineEvent(
  'analysis.failed.v1',
  z.object({
    ...owned,
    failedAt: timestamp,
    jobType: z.enum(JOB_TYPES),
    errorCode: z.string(),
    message: z.string(),
  }),
);

/** Live progress of one job (not durable: a missed one is superseded by the next). */
export const ANALYSIS_JOB_UPDATED_V1 = defineEvent(
  'analysis.job-updated.v1',
  z.object({ ...owned, job: processingJobSchema }),
);

/**
 * What one provider call cost; billing records it (local providers cost 0). A search's query
 * embedding belongs to no file or job: `mediaId` and `jobId` are then null.
 */
export const COST_INCURRED_V1 = defineEvent(
  'cost.incurred.v1',
  z.object({
    userId: z.uuid(),
    mediaId: z.uuid().nullable(),
    jobId: z.uuid().nullable(),
    provider: z.string(),
    item: z.string(),
    units: z.number().nonnegative(),
    amountUsd: z.number().nonnegative(),
    durationMs: z.number().int().nonnegative(),
    incurredAt: timestamp,
  }),
);

/** Run a failed file's analysis again. */
export const ANALYSIS_REPROCESS_V1 = defineRpc(
  'analysis.reprocess.v1',
  z.object(owned),
  z.object({ mediaId: z.uuid(), jobs: z.array(processingJobSchema) }),
);

/** Work for the analysis workers (a command on the priority queue, not a domain event). */
export const ANALYSIS_RUN_V1 = defineEvent('analysis.run.v1', z.object({ ...owned, requestedAt: timestamp }));
