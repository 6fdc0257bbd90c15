import type { RekognitionClient } from '@aws-sdk/client-rekognition';
import { createHash } from 'node:crypto';
import type { CallContext, VideoAnalyzer, VideoInput, VideoSegmentFindings } from '../capabilities';
import { ProviderError, providerUnavailable, unreadableMedia } from '../errors';
import { sleep, type CloudCallPolicy } from '../resilience';
import { REKOGNITION } from './rekognition-images';
import {
  VIDEO_FEATURES,
  type VideoDetections,
  type VideoFeature,
  type VideoFeatureName,
  type VideoJobStart,
} from './rekognition-video-features';
import { groupIntoSegments } from './video-segments';

export interface RekognitionVideoOptions {
  client: RekognitionClient;
  policy: CloudCallPolicy;
  minConfidence: number;
  pollIntervalMs: number;
  /** Length of each returned segment; 10 s by default. */
  segmentSeconds?: number;
}

// Rekognition Video reads MPEG-4 and QuickTime containers (H.264) only.
const READABLE_VIDEO_TYPES = new Set(['video/mp4', 'video/quicktime']);
const USAGE_ITEMS: Record<VideoFeatureName, string> = {
  labels: 'rekognition.video.labels',
  faces: 'rekognition.video.faces',
  text: 'rekognition.video.text',
  moderation: 'rekognition.video.moderation',
  celebrities: 'rekognition.video.celebrities',
};

/** Whole-video analysis with the asynchronous Rekognition Video jobs on the S3 object, polled. */
export class RekognitionVideoAnalyzer implements VideoAnalyzer {
  readonly provider = REKOGNITION;

  constructor(private readonly options: RekognitionVideoOptions) {}

  async analyzeVideo(
    video: VideoInput,
    wanted: { moderation: boolean; celebrities: boolean },
    context: CallContext,
  ): Promise<VideoSegmentFindings[]> {
    const stored = video.stored;
    if (stored?.backend !== 's3') {
      throw new ProviderError(
        'PROVIDER_UNSUPPORTED_INPUT',
        `${REKOGNITION}: video analysis needs the video on S3`,
        false,
      );
    }
    if (!READABLE_VIDEO_TYPES.has(stored.mimeType)) {
      throw new ProviderError(
        'PROVIDER_UNSUPPORTED_INPUT',
        `${REKOGNITION}: cannot analyse ${stored.mimeType} videos`,
        false,
      );
    }
    const features: VideoFeatureName[] = ['labels', 'faces', 'text'];
    if (wanted.moderation) features.push('moderation');
    if (wanted.celebrities) features.push('celebrities');

    // The first job to fail stops the polling of the others.
    const failed = new AbortController();
    const signal = context.signal ? AbortSignal.any([context.signal, failed.signal]) : failed.signal;
    const found = await Promise.all(
      features.map(async (name) => {
        try {
          return await this.runJob(name, VIDEO_FEATURES[name], { video, stored, context, signal });
        } catch (error) {
          failed.abort(error);
          throw error;
        }
      }),
    );
    const detections: VideoDetections = { labels: [], faces: [], text: [], moderation: [], celebrities: [] };
    features.forEach((name, i) => Object.assign(detections, { [name]: found[i] }));
    return groupIntoSegments(detections, {
      durationSeconds: video.durationSeconds,
      windowSeconds: this.options.segmentSeconds ?? 10,
      minConfidence: this.options.minConfidence,
    });
  }

  private async runJob<I>(
    name: VideoFeatureName,
    feature: VideoFeature<I>,
    job: { video: VideoInput; stored: { bucket: string; key: string }; context: CallContext; signal: AbortSignal },
  ): Promise<I[]> {
    const { client, policy, minConfidence } = this.options;
    const { stored, context, signal } = job;
    const start: VideoJobStart = {
      Video: { S3Object: { Bucket: stored.bucket, Name: stored.key } },
      ClientRequestToken: requestToken(context.jobId, name, stored),
      JobTag: context.jobId.replace(/[^a-zA-Z0-9_.\-:]/g, '_').slice(0, 256),
    };
    const jobId = await policy.run(
      (abortSignal) => feature.start(client, start, minConfidence * 100, abortSignal),
      signal,
    );
    if (!jobId) throw providerUnavailable(REKOGNITION, `Start ${name} answered no JobId`);
    context.recordUsage({ item: USAGE_ITEMS[name], units: Math.ceil(job.video.durationSeconds) });
    return this.collect(feature, jobId, signal);
  }

  /** Polls until the job leaves IN_PROGRESS, then reads every page of its results. */
  private async collect<I>(feature: VideoFeature<I>, jobId: string, signal: AbortSignal): Promise<I[]> {
    const { client, policy, pollIntervalMs } = this.options;
    const page = (token?: string) =>
      policy.run((abortSignal) => feature.page(client, jobId, token, abortSignal), signal);
    let current = await page();
    while (current.status === 'IN_PROGRESS') {
      await sleep(pollIntervalMs, signal);
      current = await page();
    }
    if (current.status !== 'SUCCEEDED') throw videoJobFailed(jobId, current.message);
    const items = [...current.items];
    while (current.nextToken) {
      current = await page(current.nextToken);
      items.push(...current.items);
    }
    return items;
  }
}

// Deterministic per job, feature and object: Rekognition answers a repeated Start with the same JobId.
function requestToken(jobId: string, feature: string, stored: { bucket: string; key: string }): string {
  return createHash('sha256').update(`${jobId}\n${feature}\n${stored.bucket}/${stored.key}`).digest('hex').slice(0, 64);
}

function videoJobFailed(jobId: string, message = 'no reason given'): ProviderError {
  const text = `Rekognition Video job ${jobId} failed: ${message}`;
  return /codec|format|corrupt|unsupported|invalid|resolution|duration|too large/i.test(message)
    ? unreadableMedia(text)
    : providerUnavailable(REKOGNITION, text);
}
