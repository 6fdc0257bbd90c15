import type { JobType } from '@ams/contracts';

/** What the tier's `ai_features_enabled` unlock beyond basic analysis. */
export interface AnalysisFeatures {
  moderation: boolean;
  celebrities: boolean;
}

export interface TierPolicy {
  /** The spec's priority_level: 1 is served first, 10 last. */
  priorityLevel: number;
  aiFeatures: string[];
  maxVideoDurationSeconds: number | null;
}

/** The order jobs run in; later ones read earlier ones' results. */
export const PIPELINE_ORDER: readonly JobType[] = [
  'image_analysis',
  'video_analysis',
  'transcription',
  'text_analysis',
  'embedding_generation',
];

/** The jobs an upload needs: its kind's analysis, speech if it has any, then text and embeddings. */
export function planJobs(file: { fileType: 'image' | 'video'; hasAudio: boolean }): JobType[] {
  if (file.fileType === 'image') return ['image_analysis', 'text_analysis', 'embedding_generation'];
  return [
    'video_analysis',
    ...(file.hasAudio ? (['transcription'] as const) : []),
    'text_analysis',
    'embedding_generation',
  ];
}

/** Free tiers get basic analysis; moderation and celebrities are paid AI features. */
export function featuresFor(aiFeatures: string[]): AnalysisFeatures {
  const all = aiFeatures.includes('all_ai_features');
  return {
    moderation: all || aiFeatures.includes('content_moderation'),
    celebrities: all || aiFeatures.includes('celebrity_detection'),
  };
}

/** RabbitMQ serves higher numbers first; the spec's priority 1 is the most urgent. */
export function brokerPriority(priorityLevel: number): number {
  return Math.min(10, Math.max(1, 11 - priorityLevel));
}

/**
 * Seconds each job is expected to take, from what was measured on 2 cores (see bench/ingest):
 * a first estimate clients see before any progress; progress then refines it.
 */
export function estimatedSeconds(jobType: JobType, durationSeconds: number | null): number {
  const duration = durationSeconds ?? 0;
  switch (jobType) {
    case 'image_analysis':
      return 3;
    case 'video_analysis':
      return 3 + Math.min(30, duration / 10 + 3) * 1.5;
    case 'transcription':
      return 1 + duration * 0.4;
    case 'text_analysis':
      return 1;
    case 'embedding_generation':
      return 2;
  }
}
