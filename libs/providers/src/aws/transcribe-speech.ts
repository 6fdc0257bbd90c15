import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  DeleteTranscriptionJobCommand,
  GetTranscriptionJobCommand,
  StartTranscriptionJobCommand,
  type LanguageCode,
  type TranscribeClient,
  type TranscriptionJob,
} from '@aws-sdk/client-transcribe';
import { createHash } from 'node:crypto';
import type { AudioInput, CallContext, SpeechTranscriber, Transcript } from '../capabilities';
import { ProviderError, providerUnavailable, unreadableMedia } from '../errors';
import { sleep, type CloudCallPolicy } from '../resilience';
import { awsErrorName } from './aws-errors';
import {
  removeStaged,
  TRANSCRIBE,
  transcribeSource,
  type StagingBucket,
  type TranscribeSource,
} from './transcribe-media';
import { toTranscript, transcribeOutputSchema, type TranscribeOutput } from './transcript';

export { TRANSCRIBE } from './transcribe-media';

export interface TranscribeOptions {
  client: TranscribeClient;
  policy: CloudCallPolicy;
  pollIntervalMs: number;
  /** e.g. `en-US`; without one, Transcribe identifies the language. */
  languageCode?: string;
  /** Where the local WAV is uploaded when the original is not on S3 or not in a format Transcribe reads. */
  staging?: StagingBucket;
  /** Write transcripts to this bucket (read back with `s3`) instead of Transcribe's own storage. */
  output?: { bucket: string; s3: S3Client };
}

/** Transcribe bills per second with a 15-second minimum per job. */
const MINIMUM_BILLED_SECONDS = 15;
/** Fresh jobs started after earlier attempts' jobs FAILED, before giving up. */
const MAX_JOB_STARTS = 3;

/** AWS Transcribe batch jobs on the media in S3, polled, then read back and cut into sentences. */
export class TranscribeSpeechTranscriber implements SpeechTranscriber {
  readonly provider = TRANSCRIBE;

  constructor(private readonly options: TranscribeOptions) {}

  async transcribe(audio: AudioInput, context: CallContext): Promise<Transcript> {
    const { staging, policy } = this.options;
    const object = audio.stored ? `${audio.stored.bucket}/${audio.stored.key}` : `media:${context.mediaId}`;
    const base = jobName(context.jobId, object);
    const source = await transcribeSource(audio, base, staging, policy, context.signal);
    const name = await this.startOrReuse(base, source, audio.durationSeconds, context);
    const job = await this.waitForJob(name, context.signal);
    // Only once the job has ended: a running job may still be reading the staged file.
    await removeStaged(source, staging, policy, context.signal);
    if (job.TranscriptionJobStatus === 'FAILED') throw transcriptionFailed(name, job.FailureReason);
    const output = await this.readOutput(name, job, context.signal);
    await this.forget(name, context.signal);
    return toTranscript(output, job.LanguageCode);
  }

  /**
   * Starts the job named after the processing job and object. A retried attempt finds its earlier
   * job (ConflictException) and reuses it, unless that one FAILED: then it starts `-r2`, `-r3`.
   */
  private async startOrReuse(
    base: string,
    source: TranscribeSource,
    durationSeconds: number,
    context: CallContext,
  ): Promise<string> {
    for (let start = 1; start <= MAX_JOB_STARTS; start++) {
      const name = start === 1 ? base : `${base}-r${start}`;
      try {
        await this.send(
          (abortSignal) => this.options.client.send(this.startCommand(name, source), { abortSignal }),
          context.signal,
        );
        const seconds = Math.max(MINIMUM_BILLED_SECONDS, Math.ceil(durationSeconds));
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

  private startCommand(name: string, source: TranscribeSource): StartTranscriptionJobCommand {
    const { languageCode, output } = this.options;
    return new StartTranscriptionJobCommand({
      TranscriptionJobName: name,
      Media: { MediaFileUri: `s3://${source.bucket}/${source.key}` },
      MediaFormat: source.format,
      ...(languageCode ? { LanguageCode: languageCode as LanguageCode } : { IdentifyLanguage: true }),
      ...(output && { OutputBucketName: output.bucket, OutputKey: outputKey(name) }),
    });
  }

  /** Polls until the job is COMPLETED or FAILED. */
  private async waitForJob(name: string, signal?: AbortSignal): Promise<TranscriptionJob> {
    for (;;) {
      const job = await this.getJob(name, signal);
      const status = job.TranscriptionJobStatus;
      if (status === 'COMPLETED' || status === 'FAILED') return job;
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
export function jobName(jobId: string, objectId: string): string {
  const object = createHash('sha256').update(objectId).digest('hex').slice(0, 12);
  return `ams-${jobId.replace(/[^0-9a-zA-Z._-]/g, '_').slice(0, 150)}-${object}`;
}

const outputKey = (name: string) => `transcripts/${name}.json`;

function transcriptionFailed(name: string, reason = 'no reason given'): ProviderError {
  const message = `transcription job ${name} failed: ${reason}`;
  return /media|format|sample rate|file size|channels|audio|parse|too long|too short/i.test(reason)
    ? unreadableMedia(`${TRANSCRIBE}: ${message}`)
    : providerUnavailable(TRANSCRIBE, message);
}
