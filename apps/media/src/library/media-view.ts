import type { MediaDetail, MediaSummary, ProcessingJobView } from '@ams/contracts';
import type { MediaPageRow } from '@ams/db';

/** The columns of media_files this service reads for a detail view (Prisma's camelCase names). */
export interface MediaFileRecord {
  id: string;
  originalFilename: string;
  fileType: string;
  mimeType: string;
  fileSizeBytes: bigint;
  s3Key: string;
  s3Bucket: string;
  thumbnailS3Key: string | null;
  status: string;
  processingStartedAt: Date | null;
  processingCompletedAt: Date | null;
  processingError: string | null;
  width: number | null;
  height: number | null;
  durationSeconds: { toNumber(): number } | null;
  frameRate: { toNumber(): number } | null;
  hasAudio: boolean | null;
  aiSummary: string | null;
  detectedLabels: unknown;
  detectedFacesCount: number | null;
  detectedText: string[];
  transcriptionText: string | null;
  sentiment: string | null;
  contentWarnings: string[];
  tags: string[];
  customMetadata: unknown;
  isPrivate: boolean;
  viewCount: number;
  uploadedAt: Date;
  updatedAt: Date;
  analysisDetails: unknown;
  takenAt: Date | null;
  indexedAt: Date | null;
}

/** What media_files.analysis_details holds (written from analysis.completed). */
interface AnalysisDetails {
  keyPhrases?: string[];
  transcriptSegments?: { start: number; end: number; text: string }[];
  dominantColors?: { hex: string; name: string; fraction: number }[];
  exif?: { camera?: string; gps?: { latitude: number; longitude: number } };
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function toMediaDetail(file: MediaFileRecord): MediaDetail {
  const details = (file.analysisDetails ?? {}) as AnalysisDetails;
  return {
    id: file.id,
    filename: file.originalFilename,
    fileType: file.fileType as MediaDetail['fileType'],
    mimeType: file.mimeType,
    sizeBytes: Number(file.fileSizeBytes),
    status: file.status as MediaDetail['status'],
    width: file.width,
    height: file.height,
    durationSeconds: file.durationSeconds?.toNumber() ?? null,
    frameRate: file.frameRate?.toNumber() ?? null,
    hasAudio: file.hasAudio,
    tags: file.tags ?? [],
    isPrivate: file.isPrivate,
    hasThumbnail: file.thumbnailS3Key !== null,
    uploadedAt: file.uploadedAt.toISOString(),
    updatedAt: file.updatedAt.toISOString(),
    indexedAt: iso(file.indexedAt),
    customMetadata: (file.customMetadata ?? {}) as Record<string, unknown>,
    viewCount: file.viewCount,
    processing: {
      startedAt: iso(file.processingStartedAt),
      completedAt: iso(file.processingCompletedAt),
      error: file.processingError,
    },
    analysis: {
      summary: file.aiSummary,
      labels: Array.isArray(file.detectedLabels) ? file.detectedLabels : [],
      facesCount: file.detectedFacesCount,
      text: file.detectedText ?? [],
      transcription: file.transcriptionText,
      sentiment: file.sentiment,
      contentWarnings: file.contentWarnings ?? [],
      keyPhrases: details.keyPhrases ?? [],
      transcriptSegments: details.transcriptSegments ?? [],
      dominantColors: details.dominantColors ?? [],
      takenAt: iso(file.takenAt),
      camera: details.exif?.camera ?? null,
      location: details.exif?.gps ?? null,
    },
    storage: { bucket: file.s3Bucket, key: file.s3Key, thumbnailKey: file.thumbnailS3Key },
  };
}

export function toMediaSummary(row: MediaPageRow): MediaSummary {
  return {
    id: row.id,
    filename: row.original_filename,
    fileType: row.file_type,
    mimeType: row.mime_type,
    sizeBytes: Number(row.file_size_bytes),
    status: row.status as MediaSummary['status'],
    width: row.width,
    height: row.height,
    durationSeconds: row.duration_seconds === null ? null : Number(row.duration_seconds),
    frameRate: row.frame_rate === null ? null : Number(row.frame_rate),
    hasAudio: row.has_audio,
    tags: row.tags ?? [],
    isPrivate: row.is_private,
    hasThumbnail: row.thumbnail_s3_key !== null,
    uploadedAt: row.uploaded_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    indexedAt: iso(row.indexed_at),
  };
}

export interface ProcessingJobRecord {
  id: string;
  jobType: string;
  status: string;
  priority: number;
  progressPercentage: number;
  attempts: number;
  maxAttempts: number;
  errorMessage: string | null;
  queuedAt: Date;
  startedAt: Date | null;
  completedAt: Date | null;
  estimatedCompletionAt: Date | null;
}

export function toProcessingJobView(job: ProcessingJobRecord): ProcessingJobView {
  return {
    ...job,
    queuedAt: job.queuedAt.toISOString(),
    startedAt: iso(job.startedAt),
    completedAt: iso(job.completedAt),
    estimatedCompletionAt: iso(job.estimatedCompletionAt),
  };
}
