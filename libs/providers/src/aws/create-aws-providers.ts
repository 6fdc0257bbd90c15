import { ComprehendClient } from '@aws-sdk/client-comprehend';
import { RekognitionClient } from '@aws-sdk/client-rekognition';
import { S3Client } from '@aws-sdk/client-s3';
import { TranscribeClient } from '@aws-sdk/client-transcribe';
import type {
  CelebrityRecognizer,
  ContentModerator,
  FaceDetector,
  LabelDetector,
  SpeechTranscriber,
  TextAnalyzer,
  TextReader,
  VideoAnalyzer,
} from '../capabilities';
import { CloudCallPolicy, type ResilienceOptions } from '../resilience';
import { awsErrorClassifier } from './aws-errors';
import { COMPREHEND, ComprehendTextAnalyzer } from './comprehend-text';
import {
  REKOGNITION,
  RekognitionCelebrityRecognizer,
  RekognitionContentModerator,
  RekognitionFaceDetector,
  RekognitionLabelDetector,
  RekognitionTextReader,
  type RekognitionDeps,
} from './rekognition-images';
import { RekognitionVideoAnalyzer } from './rekognition-video';
import { TRANSCRIBE, TranscribeSpeechTranscriber } from './transcribe-speech';

export interface AwsProvidersConfig {
  region: string;
  /** An AWS-compatible endpoint (LocalStack, …); AWS itself needs none. Credentials: the SDK's default chain. */
  endpoint?: string;
  /** 0..1: findings below it are dropped (and not asked for, where the API filters). */
  minConfidence: number;
  /** Per call (one request or one poll), for every client unless overridden in `timeouts`. */
  timeoutMs: number;
  timeouts?: Partial<Record<'rekognition' | 'transcribe' | 'comprehend', number>>;
  /** Between two polls of a Rekognition Video or Transcribe job. */
  pollIntervalMs: number;
  /** e.g. `en-US`; without one, Transcribe identifies the language. */
  transcribeLanguageCode?: string;
  /** Comprehend's language (`en`, `de`, …); `en` by default. */
  comprehendLanguageCode?: string;
  /**
   * A bucket of ours where the extracted WAV is uploaded for Transcribe when the original cannot be
   * used (QuickTime videos, media on local storage). Give it a lifecycle rule on `transcribe-staging/`.
   */
  transcribeStagingBucket?: string;
  /** Keep transcripts in this bucket rather than Transcribe's own storage; read back with `s3`. */
  transcribeOutputBucket?: string;
  /** For the staging and output buckets; one is made from region/endpoint if absent. */
  s3?: S3Client;
  /** Length of the segments whole-video analysis reports; 10 s by default. */
  videoSegmentSeconds?: number;
  /** Circuit breaker and throttling retry settings, shared by the three clients. */
  resilience?: Omit<ResilienceOptions, 'timeoutMs'>;
}

export interface AwsProviders {
  labels: LabelDetector;
  faces: FaceDetector;
  text: TextReader;
  moderation: ContentModerator;
  celebrities: CelebrityRecognizer;
  video: VideoAnalyzer;
  speech: SpeechTranscriber;
  language: TextAnalyzer;
  /** Releases the SDK clients' sockets. */
  close(): Promise<void>;
}

/** Every AWS-backed capability, one SDK client and one call policy per service. */
export function createAwsProviders(config: AwsProvidersConfig): AwsProviders {
  // maxAttempts 1: the SDK's own retries off, so the call policy's throttling retry is the only one.
  const clientConfig = { region: config.region, endpoint: config.endpoint, maxAttempts: 1 };
  const rekognitionClient = new RekognitionClient(clientConfig);
  const transcribeClient = new TranscribeClient(clientConfig);
  const comprehendClient = new ComprehendClient(clientConfig);
  const { transcribeStagingBucket: stagingBucket, transcribeOutputBucket: outputBucket } = config;
  const s3 =
    stagingBucket || outputBucket
      ? (config.s3 ?? new S3Client({ ...clientConfig, forcePathStyle: Boolean(config.endpoint) }))
      : undefined;

  const policy = (provider: string, service: keyof NonNullable<AwsProvidersConfig['timeouts']>) =>
    new CloudCallPolicy(provider, awsErrorClassifier(provider), {
      ...config.resilience,
      timeoutMs: config.timeouts?.[service] ?? config.timeoutMs,
    });
  const rekognition: RekognitionDeps = {
    client: rekognitionClient,
    policy: policy(REKOGNITION, 'rekognition'),
    minConfidence: config.minConfidence,
  };

  return {
    labels: new RekognitionLabelDetector(rekognition),
    faces: new RekognitionFaceDetector(rekognition),
    text: new RekognitionTextReader(rekognition),
    moderation: new RekognitionContentModerator(rekognition),
    celebrities: new RekognitionCelebrityRecognizer(rekognition),
    video: new RekognitionVideoAnalyzer({
      ...rekognition,
      pollIntervalMs: config.pollIntervalMs,
      segmentSeconds: config.videoSegmentSeconds,
    }),
    speech: new TranscribeSpeechTranscriber({
      client: transcribeClient,
      policy: policy(TRANSCRIBE, 'transcribe'),
      pollIntervalMs: config.pollIntervalMs,
      languageCode: config.transcribeLanguageCode,
      staging: s3 && stagingBucket ? { bucket: stagingBucket, s3 } : undefined,
      output: s3 && outputBucket ? { bucket: outputBucket, s3 } : undefined,
    }),
    language: new ComprehendTextAnalyzer({
      client: comprehendClient,
      policy: policy(COMPREHEND, 'comprehend'),
      languageCode: config.comprehendLanguageCode,
    }),
    async close() {
      rekognitionClient.destroy();
      transcribeClient.destroy();
      comprehendClient.destroy();
      // A client passed in belongs to the caller.
      if (s3 && s3 !== config.s3) s3.destroy();
    },
  };
}
