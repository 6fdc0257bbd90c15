import { DeleteObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { MediaFormat } from '@aws-sdk/client-transcribe';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { AudioInput } from '../capabilities';
import { ProviderError } from '../errors';
import type { CloudCallPolicy } from '../resilience';

export const TRANSCRIBE = 'aws-transcribe';

const MEDIA_FORMATS: Record<string, MediaFormat> = {
  'audio/mpeg': 'mp3',
  'audio/mp3': 'mp3',
  'audio/mp4': 'm4a',
  'audio/m4a': 'm4a',
  'audio/x-m4a': 'm4a',
  'video/mp4': 'mp4',
  'audio/wav': 'wav',
  'audio/wave': 'wav',
  'audio/x-wav': 'wav',
  'audio/vnd.wave': 'wav',
  'audio/flac': 'flac',
  'audio/x-flac': 'flac',
  'audio/ogg': 'ogg',
  'audio/amr': 'amr',
  'audio/webm': 'webm',
  'video/webm': 'webm',
};

/** A bucket of ours and a client to write it: where the local WAV goes when the original cannot be used. */
export interface StagingBucket {
  bucket: string;
  s3: S3Client;
}

/** The S3 object a transcription job reads. */
export interface TranscribeSource {
  bucket: string;
  key: string;
  format: MediaFormat;
  /** Uploaded by us for this job, removed once the job has ended. */
  staged: boolean;
}

/**
 * The original media in place when it is on S3 in a format Transcribe reads; else the local WAV
 * uploaded to the staging bucket (QuickTime videos, local storage); else an unsupported input.
 */
export async function transcribeSource(
  audio: AudioInput,
  jobName: string,
  staging: StagingBucket | undefined,
  policy: CloudCallPolicy,
  signal?: AbortSignal,
): Promise<TranscribeSource> {
  const stored = audio.stored;
  const format = stored && MEDIA_FORMATS[stored.mimeType];
  if (stored?.backend === 's3' && format) return { bucket: stored.bucket, key: stored.key, format, staged: false };
  if (!staging) {
    const why = stored?.backend === 's3' ? `cannot read ${stored.mimeType}` : 'needs the media on S3';
    throw new ProviderError('PROVIDER_UNSUPPORTED_INPUT', `${TRANSCRIBE}: ${why} and no staging bucket is set`, false);
  }
  const key = `transcribe-staging/${jobName}.wav`;
  await policy.run(async (abortSignal) => {
    const { size } = await stat(audio.path);
    const upload = new PutObjectCommand({
      Bucket: staging.bucket,
      Key: key,
      Body: createReadStream(audio.path),
      ContentLength: size,
      ContentType: 'audio/wav',
    });
    await staging.s3.send(upload, { abortSignal });
  }, signal);
  return { bucket: staging.bucket, key, format: 'wav', staged: true };
}

/** Best effort: a lifecycle rule on `transcribe-staging/` catches what this misses. */
export async function removeStaged(
  source: TranscribeSource,
  staging: StagingBucket | undefined,
  policy: CloudCallPolicy,
  signal?: AbortSignal,
): Promise<void> {
  if (!source.staged || !staging) return;
  try {
    await policy.run(
      (abortSignal) =>
        staging.s3.send(new DeleteObjectCommand({ Bucket: source.bucket, Key: source.key }), { abortSignal }),
      signal,
    );
  } catch {
    // Leftovers cost cents and expire with the lifecycle rule.
  }
}
