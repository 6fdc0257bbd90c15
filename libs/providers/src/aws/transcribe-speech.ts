import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  DeleteTranscriptionJobCommand,
  GetTranscriptionJobCommand,
  StartTranscriptionJobCommand,
  type LanguageCode,
  type MediaFormat,
  type TranscribeClient,
  type TranscriptionJob,
} from '@aws-sdk/client-transcribe';
import { createHash } from 'node:crypto';
import type { AudioInput, CallContext, SpeechTranscriber, StoredObject, Transcript } from '../capabilities';
import { ProviderError, providerUnavailable, unreadableMedia } from '../errors';
import { sleep, type CloudCallPolicy } from '../resilience';
import { awsErrorName } from './aws-errors';
import { toTranscript, transcribeOutputSchema, type TranscribeOutput } from './transcript';

export const TRANSCRIBE = 'aws-transcribe';

export interface TranscribeOptions {
  client: TranscribeClient;
  policy: CloudCallPolicy;
  pollIntervalMs: number;
  /** e.g. `en-US`; without one, Transcribe identifies the language. */
  languageCode?: string;
  /** Write transcripts to this bucket (read back with `s3`) instead of Transcribe's own storage. */
  output?: { bucket: string; s3: S3Client };
}

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
/** Transcribe bills per second with a 15-second minimum per job. */
const MINIMUM_BILLED_SECONDS = 15;
/** Fresh jobs started after earlier attempts' jobs FAILED, before giving up. */
const MAX_JOB_STARTS = 3;

/** AWS Transcribe batch jobs on the original media in S3, polled, then read back and segmented. */
export class TranscribeSpeechTranscriber implements SpeechTranscriber {
  readonly provider = TRANSCRIBE;

  constructor(private readonly options: TranscribeOptions) {}

  async transcribe(audio: AudioInput, context: CallContext): Promise<Transcript> {
    const stored = audio.stored;
    if (stored?.backend !== 's3') {
      throw new ProviderError('PROVIDER_UNSUPPORTED_INPUT', `${TRANSCRIBE}: transcription needs the media on S3`, false);
    }
    const format = MEDIA_FORMATS[stored.mimeType];
    if (!format) {
      throw new ProviderError('PROVIDER_UNSUPPORTED_INPUT', `${TRANSCRIBE}: cannot transcribe ${stored.mimeType}`, false);
    }
    const name = await this.startOrReuse(audio, stored, format, context);
    const job = await this.waitForJob(name, context.signal);
    const output = await this.readOutput(name, job, context.signal);
    await this.forget(name, context.signal);
    return toTranscript(output, job.LanguageCode);
  }

  /**
   * Starts the job named after the processing job and object. A retried attempt finds its earlier
   * job (ConflictException) and reuses it, unless that one FAILED: then it starts `-r2`, `-r3`.
   */
  private async startOrReuse(
    audio: AudioInput,
    stored: StoredObject,
    format: MediaFormat,
    context: CallContext,
  ): Promise<string> {
    const base = jobName(context.jobId, stored);
    for (let start = 1; start <= MAX_JOB_STARTS; start++) {
      const name = start === 1 ? base : `${base}-r${start}`;
      try {
        await this.send(
          (abortSignal) => this.options.client.send(this.startCommand(name, stored, format), { abortSignal }),
          context.signal,
        );
        const seconds = Math.max(MINIMUM_BILLED_SECONDS, Math.ceil(audio.durationSeconds));
        context.recordUsage({ item: 'transcribe.StartTranscriptionJob', units: seconds });
        return name;
      } catch (error) {
        if (awsErrorName(error) !== 'ConflictException') throw error;
      }
      const existing = await this.getJob(name, context.signal);
      if (existing.TranscriptionJobStatus !== 'FAILED') return name;
    }
    throw providerUnavailable(TRANSCRIBE, `the last ${MAX_JOB_STARTS} transcription jobs for ${base} failed`);
  }

  private startCommand(name: string, stored: StoredObject, format: MediaFormat): StartTranscriptionJobCommand {
    const { languageCode, output } = this.options;
    return new StartTranscriptionJobCommand({
      TranscriptionJobName: name,
      Media: { MediaFileUri: `s3://${stored.bucket}/${stored.key}` },
      MediaFormat: format,
      ...(languageCode ? { LanguageCode: languageCode as LanguageCode } : { IdentifyLanguage: true }),
      ...(output && { OutputBucketName: output.bucket, OutputKey: outputKey(name) }),
    });
  }

  private async waitForJob(name: string, signal?: AbortSignal): Promise<TranscriptionJob> {
    for (;;) {
      const job = await this.getJob(name, signal);
      const status = job.TranscriptionJobStatus;
      if (status === 'COMPLETED') return job;
      if (status === 'FAILED') throw transcriptionFailed(name, job.FailureReason);
      await sleep(this.options.pollIntervalMs, signal);
    }
  }

  private async getJob(name: string, signal?: AbortSignal): Promise<TranscriptionJob> {
    const response = await this.send(
      (abortSignal) =>
        this.options.client.send(new GetTranscriptionJobCommand({ TranscriptionJobName: name }), { abortSignal }),
      signal,
    );
    if (!response.TranscriptionJob) throw providerUnavailable(TRANSCRIBE, `job ${name} answered without details`);
    return response.TranscriptionJob;
  }

  private async readOutput(name: string, job: TranscriptionJob, signal?: AbortSignal): Promise<TranscribeOutput> {
    const { output } = this.options;
    const raw = await this.send(async (abortSignal) => {
      if (output) {
        const command = new GetObjectCommand({ Bucket: output.bucket, Key: outputKey(name) });
        const object = await output.s3.send(command, { abortSignal });
        return JSON.parse((await object.Body?.transformToString('utf-8')) ?? '') as unknown;
      }
      const uri = job.Transcript?.TranscriptFileUri;
      if (!uri) throw providerUnavailable(TRANSCRIBE, `job ${name} completed without a transcript`);
      const response = await fetch(uri, { signal: abortSignal });
      if (!response.ok) throw providerUnavailable(TRANSCRIBE, `transcript download answered ${response.status}`);
      return (await response.json()) as unknown;
    }, signal);
    const parsed = transcribeOutputSchema.safeParse(raw);
    if (!parsed.success) throw providerUnavailable(TRANSCRIBE, 'the transcript is not in the expected shape');
    return parsed.data;
  }

  // The transcript is ours now; leave nothing behind at AWS. Best effort: the answer is already in hand.
  private async forget(name: string, signal?: AbortSignal): Promise<void> {
    try {
      await this.send(
        (abortSignal) =>
          this.options.client.send(new DeleteTranscriptionJobCommand({ TranscriptionJobName: name }), { abortSignal }),
        signal,
      );
    } catch {
      // Transcribe deletes finished jobs after 90 days anyway.
    }
  }

  private send<T>(fn: (abortSignal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.options.policy.run(fn, signal);
  }
}

/** `ams-<jobId>-<object hash>`: the same on every attempt of one job, distinct per object. */
export function jobName(jobId: string, stored: StoredObject): string {
  const object = createHash('sha256').update(`${stored.bucket}/${stored.key}`).digest('hex').slice(0, 12);
  return `ams-${jobId.replace(/[^0-9a-zA-Z._-]/g, '_').slice(0, 150)}-${object}`;
}

const outputKey = (name: string) => `transcripts/${name}.json`;

function transcriptionFailed(name: string, reason = 'no reason given'): ProviderError {
  const message = `transcription job ${name} failed: ${reason}`;
  return /media|format|sample rate|file size|channels|audio|parse|too long|too short/i.test(reason)
    ? unreadableMedia(`${TRANSCRIBE}: ${message}`)
    : providerUnavailable(TRANSCRIBE, message);
}
