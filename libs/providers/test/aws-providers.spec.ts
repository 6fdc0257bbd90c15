import {
  ComprehendClient,
  DetectEntitiesCommand,
  DetectKeyPhrasesCommand,
  DetectSentimentCommand,
} from '@aws-sdk/client-comprehend';
import {
  AccessDeniedException,
  DetectFacesCommand,
  DetectLabelsCommand,
  DetectModerationLabelsCommand,
  DetectTextCommand,
  GetCelebrityRecognitionCommand,
  GetContentModerationCommand,
  GetFaceDetectionCommand,
  GetLabelDetectionCommand,
  GetTextDetectionCommand,
  InternalServerError,
  InvalidImageFormatException,
  InvalidS3ObjectException,
  RecognizeCelebritiesCommand,
  RekognitionClient,
  StartCelebrityRecognitionCommand,
  StartContentModerationCommand,
  StartFaceDetectionCommand,
  StartLabelDetectionCommand,
  StartTextDetectionCommand,
  ThrottlingException,
} from '@aws-sdk/client-rekognition';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  ConflictException,
  DeleteTranscriptionJobCommand,
  GetTranscriptionJobCommand,
  StartTranscriptionJobCommand,
  TranscribeClient,
} from '@aws-sdk/client-transcribe';
import { mockClient } from 'aws-sdk-client-mock';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { createAwsProviders, type AwsProvidersConfig } from '../src/aws';
import { chunkText } from '../src/aws/text-chunks';
import type { AudioInput, CallContext, ImageInput, ProviderUsage, VideoInput } from '../src/capabilities';
import { awsProvidersConfig, cloudProvidersEnvShape } from '../src/cloud-config';
import { ProviderError } from '../src/errors';
import * as fixtures from './aws-fixtures';
import { z } from 'zod';

const rekognition = mockClient(RekognitionClient);
const transcribe = mockClient(TranscribeClient);
const comprehend = mockClient(ComprehendClient);
const s3 = mockClient(S3Client);

const config: AwsProvidersConfig = {
  region: 'eu-west-1',
  minConfidence: 0.5,
  timeoutMs: 300,
  pollIntervalMs: 5,
  resilience: { failureThreshold: 3, halfOpenAfterMs: 60_000, throttleBackoffMs: 1 },
};

interface TestContext extends CallContext {
  usage: ProviderUsage[];
}

function callContext(overrides: Partial<CallContext> = {}): TestContext {
  const usage: ProviderUsage[] = [];
  return {
    userId: 'user-1',
    mediaId: 'media-1',
    jobId: 'job-1',
    usage,
    recordUsage: (u) => usage.push(u),
    ...overrides,
  };
}

const awsError = <T>(Type: new (opts: { message: string; $metadata: object }) => T, message: string) =>
  new Type({ message, $metadata: { httpStatusCode: 400 } });

let dir: string;
let jpeg: ImageInput;
let webp: ImageInput;
let hugePng: ImageInput;
let providers: ReturnType<typeof createAwsProviders>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aws-providers-'));
  const pixels = { width: 64, height: 48, channels: 3 as const, background: '#3366cc' };
  await sharp({ create: pixels }).jpeg().toFile(join(dir, 'photo.jpg'));
  await sharp({ create: pixels }).webp().toFile(join(dir, 'photo.webp'));
  // Noise does not compress: a PNG over Rekognition's 5 MB inline limit.
  const raw = { width: 1500, height: 1400, channels: 3 as const };
  await writeFile(
    join(dir, 'huge.png'),
    await sharp(randomBytes(1500 * 1400 * 3), { raw })
      .png()
      .toBuffer(),
  );
  jpeg = { path: join(dir, 'photo.jpg'), width: 64, height: 48 };
  webp = { path: join(dir, 'photo.webp'), width: 64, height: 48 };
  hugePng = { path: join(dir, 'huge.png'), width: 1500, height: 1400 };
});

afterAll(() => rm(dir, { recursive: true, force: true }));

beforeEach(() => {
  rekognition.reset();
  transcribe.reset();
  comprehend.reset();
  s3.reset();
  // Fresh providers: every test starts with a closed circuit.
  providers = createAwsProviders(config);
});

afterEach(() => providers.close());

const onS3 = (image: ImageInput, key = 'media/u1/m1/original.jpg'): ImageInput => ({
  ...image,
  stored: { backend: 's3', bucket: 'media-bucket', key },
});

describe('Rekognition image capabilities', () => {
  it('maps DetectLabels: lower-case names, 0..1 confidences, instance boxes and parents', async () => {
    rekognition.on(DetectLabelsCommand).resolves(fixtures.detectLabels);
    const context = callContext();

    const labels = await providers.labels.detectLabels(onS3(jpeg), context);

    expect(labels).toEqual([
      {
        name: 'dog',
        confidence: 0.9874,
        instances: 2,
        boxes: [
          { left: 0.1, top: 0.2, width: 0.3, height: 0.4 },
          { left: 0.55, top: 0.25, width: 0.2, height: 0.35 },
        ],
        parents: ['animal', 'canine', 'mammal', 'pet'],
      },
      { name: 'traffic light', confidence: 0.765, parents: ['light'] },
    ]);
    expect(context.usage).toEqual([{ item: 'rekognition.DetectLabels', units: 1 }]);
  });

  it('reads an S3-stored JPEG in place and sends the bytes of a local one', async () => {
    rekognition.on(DetectLabelsCommand).resolves({ Labels: [] });

    await providers.labels.detectLabels(onS3(jpeg), callContext());
    await providers.labels.detectLabels(jpeg, callContext());

    const [inPlace, inline] = rekognition.commandCalls(DetectLabelsCommand).map((call) => call.args[0].input);
    expect(inPlace.Image).toEqual({ S3Object: { Bucket: 'media-bucket', Name: 'media/u1/m1/original.jpg' } });
    expect(inPlace.MinConfidence).toBe(50);
    expect(inline.Image?.S3Object).toBeUndefined();
    expect(Buffer.from(inline.Image!.Bytes!).subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
  });

  it('re-encodes what Rekognition cannot take inline: WebP (even on S3) and images over 5 MB', async () => {
    rekognition.on(DetectTextCommand).resolves({ TextDetections: [] });

    await providers.text.readText(onS3(webp, 'media/u1/m2/original.webp'), callContext());
    await providers.text.readText(hugePng, callContext());

    for (const call of rekognition.commandCalls(DetectTextCommand)) {
      const bytes = Buffer.from(call.args[0].input.Image!.Bytes!);
      expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
      expect(bytes.byteLength).toBeLessThanOrEqual(5 * 1024 * 1024);
    }
  });

  it('falls back to the bytes when Rekognition cannot reach the S3 object', async () => {
    rekognition
      .on(DetectLabelsCommand)
      .rejectsOnce(
        awsError(
          InvalidS3ObjectException,
          'Unable to get object metadata from S3. Check object key, region and/or access permissions.',
        ),
      )
      .resolves({ Labels: [] });

    await expect(providers.labels.detectLabels(onS3(jpeg), callContext())).resolves.toEqual([]);
    expect(rekognition.commandCalls(DetectLabelsCommand)[1].args[0].input.Image?.Bytes).toBeDefined();
  });

  it('maps DetectFaces with age, gender and top emotion, dropping faces under the threshold', async () => {
    rekognition.on(DetectFacesCommand).resolves(fixtures.detectFaces);
    const context = callContext();

    const faces = await providers.faces.detectFaces(jpeg, context);

    expect(faces).toEqual([
      {
        confidence: 1,
        box: { left: 0.31, top: 0.12, width: 0.18, height: 0.29 },
        age: 30,
        gender: 'female',
        emotion: 'happy',
      },
    ]);
    expect(rekognition.commandCalls(DetectFacesCommand)[0].args[0].input.Attributes).toEqual([
      'DEFAULT',
      'AGE_RANGE',
      'GENDER',
      'EMOTIONS',
    ]);
    expect(context.usage).toEqual([{ item: 'rekognition.DetectFaces', units: 1 }]);
  });

  it('keeps LINE text detections only', async () => {
    rekognition.on(DetectTextCommand).resolves(fixtures.detectText);

    const lines = await providers.text.readText(jpeg, callContext());

    expect(lines).toEqual([
      { text: 'OPEN 24 HOURS', confidence: 0.9935, box: { left: 0.2, top: 0.1, width: 0.5, height: 0.08 } },
    ]);
  });

  it('turns moderation labels into lower-case warnings', async () => {
    rekognition.on(DetectModerationLabelsCommand).resolves(fixtures.detectModerationLabels);
    const context = callContext();

    const warnings = await providers.moderation.moderate(jpeg, context);

    expect(warnings).toEqual([
      { name: 'suggestive', confidence: 0.8731 },
      { name: 'female swimwear or underwear', confidence: 0.8731 },
    ]);
    expect(context.usage).toEqual([{ item: 'rekognition.DetectModerationLabels', units: 1 }]);
  });

  it('recognizes celebrities by MatchConfidence', async () => {
    rekognition.on(RecognizeCelebritiesCommand).resolves(fixtures.recognizeCelebrities);

    const celebrities = await providers.celebrities.recognizeCelebrities(jpeg, callContext());

    expect(celebrities).toEqual([{ name: 'Jeff Bezos', confidence: 0.9942 }]);
  });
});

describe('AWS error classification and resilience', () => {
  const detect = (context = callContext()) => providers.labels.detectLabels(jpeg, context);

  it('gives up on media Rekognition cannot read, and records no usage', async () => {
    rekognition
      .on(DetectLabelsCommand)
      .rejects(awsError(InvalidImageFormatException, 'Request has invalid image format'));
    const context = callContext();

    await expect(detect(context)).rejects.toMatchObject({ code: 'MEDIA_UNREADABLE', retryable: false });
    expect(context.usage).toEqual([]);
  });

  it('retries throttling in place with backoff, then reports it as retryable', async () => {
    const throttled = awsError(ThrottlingException, 'Rate exceeded');
    rekognition.on(DetectLabelsCommand).rejectsOnce(throttled).resolves({ Labels: [] });
    await expect(detect()).resolves.toEqual([]);
    expect(rekognition.commandCalls(DetectLabelsCommand)).toHaveLength(2);

    rekognition.reset();
    rekognition.on(DetectLabelsCommand).rejects(throttled);
    await expect(detect()).rejects.toMatchObject({ code: 'PROVIDER_THROTTLED', retryable: true });
    expect(rekognition.commandCalls(DetectLabelsCommand)).toHaveLength(3);
  });

  it('calls server errors retryable and access problems not', async () => {
    rekognition
      .on(DetectLabelsCommand)
      .rejectsOnce(new InternalServerError({ message: 'Internal server error', $metadata: { httpStatusCode: 500 } }))
      .rejects(awsError(AccessDeniedException, 'User is not authorized to perform: rekognition:DetectLabels'));

    await expect(detect()).rejects.toMatchObject({ code: 'PROVIDER_UNAVAILABLE', retryable: true });
    await expect(detect()).rejects.toMatchObject({ code: 'PROVIDER_AUTH_FAILED', retryable: false });
  });

  it('times a hanging call out as retryable', async () => {
    rekognition.on(DetectLabelsCommand).callsFake(() => new Promise(() => undefined));

    const error = await detect().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', retryable: true });
    expect((error as Error).message).toContain('no answer within 300 ms');
  });

  it('opens the circuit after consecutive failures and then fails fast without calling AWS', async () => {
    rekognition
      .on(DetectLabelsCommand)
      .rejects(new InternalServerError({ message: 'Internal server error', $metadata: { httpStatusCode: 500 } }));
    for (let i = 0; i < 3; i++) await expect(detect()).rejects.toMatchObject({ code: 'PROVIDER_UNAVAILABLE' });

    rekognition.on(DetectLabelsCommand).resolves({ Labels: [] });
    const error = await detect().catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', retryable: true });
    expect((error as Error).message).toContain('circuit open');
    expect(rekognition.commandCalls(DetectLabelsCommand)).toHaveLength(3);
    // The breaker is per client: Comprehend still answers.
    comprehend.on(DetectSentimentCommand).resolves({ Sentiment: 'NEUTRAL', SentimentScore: { Neutral: 1 } });
    comprehend.on(DetectKeyPhrasesCommand).resolves({ KeyPhrases: [] });
    comprehend.on(DetectEntitiesCommand).resolves({ Entities: [] });
    await expect(providers.language.analyzeText('Fine.', callContext())).resolves.toMatchObject({
      sentiment: 'NEUTRAL',
    });
  });

  it('does not let unreadable media open the circuit', async () => {
    rekognition
      .on(DetectLabelsCommand)
      .rejects(awsError(InvalidImageFormatException, 'Request has invalid image format'));
    for (let i = 0; i < 5; i++) await expect(detect()).rejects.toMatchObject({ code: 'MEDIA_UNREADABLE' });

    rekognition.on(DetectLabelsCommand).resolves({ Labels: [] });
    await expect(detect()).resolves.toEqual([]);
  });

  it("rejects with the caller's abort reason", async () => {
    rekognition.on(DetectLabelsCommand).callsFake(() => new Promise(() => undefined));
    const controller = new AbortController();
    const reason = new Error('job deadline passed');
    setTimeout(() => controller.abort(reason), 20);

    await expect(detect(callContext({ signal: controller.signal }))).rejects.toBe(reason);
  });
});

describe('Rekognition Video', () => {
  const video: VideoInput = {
    path: '/tmp/unused.mp4',
    durationSeconds: 23.4,
    stored: { backend: 's3', bucket: 'media-bucket', key: 'media/u1/m3/original.mp4', mimeType: 'video/mp4' },
  };

  function startJobs() {
    rekognition.on(StartLabelDetectionCommand).resolves({ JobId: 'labels-job' });
    rekognition.on(StartFaceDetectionCommand).resolves({ JobId: 'faces-job' });
    rekognition.on(StartTextDetectionCommand).resolves({ JobId: 'text-job' });
    rekognition.on(StartContentModerationCommand).resolves({ JobId: 'moderation-job' });
    rekognition.on(StartCelebrityRecognitionCommand).resolves({ JobId: 'celebrities-job' });
  }

  it('refuses a video that is not on S3, without calling AWS', async () => {
    const local: VideoInput = { path: '/tmp/v.mp4', durationSeconds: 3 };

    await expect(
      providers.video.analyzeVideo(local, { moderation: true, celebrities: false }, callContext()),
    ).rejects.toMatchObject({ code: 'PROVIDER_UNSUPPORTED_INPUT', retryable: false });
    expect(rekognition.calls()).toHaveLength(0);
  });

  it('starts the jobs, polls through IN_PROGRESS, follows NextToken and groups findings into 10 s segments', async () => {
    startJobs();
    rekognition
      .on(GetLabelDetectionCommand)
      .resolvesOnce(fixtures.labelsInProgress)
      .resolvesOnce(fixtures.labelsInProgress)
      .resolves(fixtures.labelsPage1);
    rekognition.on(GetLabelDetectionCommand, { NextToken: 'page-2-token' }).resolves(fixtures.labelsPage2);
    rekognition.on(GetFaceDetectionCommand).resolvesOnce({ JobStatus: 'IN_PROGRESS' }).resolves(fixtures.faceDetection);
    rekognition.on(GetTextDetectionCommand).resolves(fixtures.textDetection);
    rekognition.on(GetContentModerationCommand).resolves(fixtures.contentModeration);
    rekognition.on(GetCelebrityRecognitionCommand).resolves(fixtures.celebrityRecognition);
    const context = callContext();

    const segments = await providers.video.analyzeVideo(video, { moderation: true, celebrities: true }, context);

    expect(segments).toEqual([
      {
        start: 0,
        end: 10,
        labels: [{ name: 'dog', confidence: 0.976, instances: 2, parents: ['animal', 'pet'] }],
        facesCount: 2,
        text: ['SURF SHOP'],
        contentWarnings: [],
        celebrities: [],
      },
      {
        start: 10,
        end: 20,
        labels: [{ name: 'beach', confidence: 0.888, parents: ['outdoors'] }],
        facesCount: 0,
        text: [],
        contentWarnings: [{ name: 'violence', confidence: 0.849 }],
        celebrities: [{ name: 'Jeff Bezos', confidence: 0.975 }],
      },
    ]);
    const labelPolls = rekognition.commandCalls(GetLabelDetectionCommand).map((call) => call.args[0].input);
    expect(labelPolls.map((input) => input.NextToken)).toEqual([undefined, undefined, undefined, 'page-2-token']);
    expect(labelPolls.every((input) => input.JobId === 'labels-job')).toBe(true);

    const start = rekognition.commandCalls(StartLabelDetectionCommand)[0].args[0].input;
    expect(start.Video).toEqual({ S3Object: { Bucket: 'media-bucket', Name: 'media/u1/m3/original.mp4' } });
    expect(start.MinConfidence).toBe(50);
    expect(start.ClientRequestToken).toMatch(/^[0-9a-f]{64}$/);
    const faceToken = rekognition.commandCalls(StartFaceDetectionCommand)[0].args[0].input.ClientRequestToken;
    expect(faceToken).not.toBe(start.ClientRequestToken);

    expect(context.usage).toEqual(
      expect.arrayContaining(
        ['labels', 'faces', 'text', 'moderation', 'celebrities'].map((api) => ({
          item: `rekognition.video.${api}`,
          units: 24,
        })),
      ),
    );
    expect(context.usage).toHaveLength(5);
  });

  it('starts only the jobs asked for, with the same token on a retried attempt', async () => {
    startJobs();
    rekognition.on(GetLabelDetectionCommand).resolves({ JobStatus: 'SUCCEEDED', Labels: [] });
    rekognition.on(GetFaceDetectionCommand).resolves({ JobStatus: 'SUCCEEDED', Faces: [] });
    rekognition.on(GetTextDetectionCommand).resolves({ JobStatus: 'SUCCEEDED', TextDetections: [] });

    await providers.video.analyzeVideo(video, { moderation: false, celebrities: false }, callContext());
    await providers.video.analyzeVideo(video, { moderation: false, celebrities: false }, callContext());

    expect(rekognition.commandCalls(StartContentModerationCommand)).toHaveLength(0);
    expect(rekognition.commandCalls(StartCelebrityRecognitionCommand)).toHaveLength(0);
    const tokens = rekognition.commandCalls(StartLabelDetectionCommand).map((c) => c.args[0].input.ClientRequestToken);
    expect(tokens[0]).toBe(tokens[1]);
  });

  it('reports a job that failed on the video as unreadable media', async () => {
    startJobs();
    rekognition
      .on(GetLabelDetectionCommand)
      .resolves({ JobStatus: 'FAILED', StatusMessage: 'Unsupported codec/format.' });
    rekognition.on(GetFaceDetectionCommand).resolves({ JobStatus: 'IN_PROGRESS' });
    rekognition.on(GetTextDetectionCommand).resolves({ JobStatus: 'IN_PROGRESS' });

    await expect(
      providers.video.analyzeVideo(video, { moderation: false, celebrities: false }, callContext()),
    ).rejects.toMatchObject({ code: 'MEDIA_UNREADABLE', retryable: false });
  });
});

describe('Transcribe', () => {
  let server: Server;
  let baseUrl: string;
  const requested: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      requested.push(req.url ?? '');
      if (!req.url?.startsWith('/transcripts/')) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(fixtures.transcriptFile));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const audio: AudioInput = {
    path: '/tmp/unused.wav',
    durationSeconds: 42.3,
    stored: { backend: 's3', bucket: 'media-bucket', key: 'media/u1/m1/original.mp4', mimeType: 'video/mp4' },
  };

  const completed = (name: string) =>
    fixtures.transcriptionJob(name, 'COMPLETED', {
      LanguageCode: 'en-US',
      IdentifiedLanguageScore: 0.998,
      CompletionTime: new Date('2025-01-10T10:00:40Z'),
      Transcript: { TranscriptFileUri: `${baseUrl}/transcripts/${name}.json?X-Amz-Signature=abc` },
    });

  it('starts a job on the S3 object, polls until COMPLETED and converts the transcript into sentences', async () => {
    transcribe
      .on(StartTranscriptionJobCommand)
      .callsFake(({ TranscriptionJobName }: { TranscriptionJobName: string }) => ({
        TranscriptionJob: fixtures.transcriptionJob(TranscriptionJobName, 'QUEUED'),
      }));
    let polls = 0;
    transcribe
      .on(GetTranscriptionJobCommand)
      .callsFake(({ TranscriptionJobName: name }: { TranscriptionJobName: string }) => {
        polls += 1;
        const status = ['QUEUED', 'IN_PROGRESS'][polls - 1];
        return { TranscriptionJob: status ? fixtures.transcriptionJob(name, status) : completed(name) };
      });
    transcribe.on(DeleteTranscriptionJobCommand).resolves({});
    const context = callContext();

    const transcript = await providers.speech.transcribe(audio, context);

    expect(transcript).toEqual({
      text: "Welcome to the beach. Honestly, the water is warm today Let's go swimming!",
      language: 'en-US',
      segments: [
        { start: 0.04, end: 1.35, text: 'Welcome to the beach.', confidence: 0.966 },
        { start: 1.9, end: 3.9, text: 'Honestly, the water is warm today', confidence: 0.998 },
        { start: 5.2, end: 6.3, text: "Let's go swimming!", confidence: 0.998 },
      ],
    });
    const start = transcribe.commandCalls(StartTranscriptionJobCommand)[0].args[0].input;
    expect(start).toMatchObject({
      Media: { MediaFileUri: 's3://media-bucket/media/u1/m1/original.mp4' },
      MediaFormat: 'mp4',
      IdentifyLanguage: true,
    });
    expect(start.TranscriptionJobName).toMatch(/^ams-job-1-[0-9a-f]{12}$/);
    expect(polls).toBe(3);
    expect(requested.at(-1)).toBe(`/transcripts/${start.TranscriptionJobName}.json?X-Amz-Signature=abc`);
    expect(transcribe.commandCalls(DeleteTranscriptionJobCommand)).toHaveLength(1);
    expect(context.usage).toEqual([{ item: 'transcribe.StartTranscriptionJob', units: 43 }]);
  });

  it('reuses the job an earlier attempt started instead of failing on ConflictException', async () => {
    transcribe
      .on(StartTranscriptionJobCommand)
      .rejects(awsError(ConflictException, 'The requested job name already exists. Use a different job name.'));
    transcribe
      .on(GetTranscriptionJobCommand)
      .callsFake(({ TranscriptionJobName: name }: { TranscriptionJobName: string }) => ({
        TranscriptionJob: completed(name),
      }));
    transcribe.on(DeleteTranscriptionJobCommand).resolves({});
    const context = callContext();

    const transcript = await providers.speech.transcribe(audio, context);

    expect(transcript.segments).toHaveLength(3);
    expect(transcribe.commandCalls(StartTranscriptionJobCommand)).toHaveLength(1);
    // Billed when the earlier attempt started it.
    expect(context.usage).toEqual([]);
  });

  it('starts a fresh job when the earlier attempt’s job FAILED', async () => {
    transcribe
      .on(StartTranscriptionJobCommand)
      .rejectsOnce(awsError(ConflictException, 'The requested job name already exists. Use a different job name.'))
      .resolves({});
    transcribe
      .on(GetTranscriptionJobCommand)
      .callsFake(({ TranscriptionJobName: name }: { TranscriptionJobName: string }) => ({
        TranscriptionJob: name.endsWith('-r2')
          ? completed(name)
          : fixtures.transcriptionJob(name, 'FAILED', { FailureReason: 'Internal failure' }),
      }));
    transcribe.on(DeleteTranscriptionJobCommand).resolves({});
    const context = callContext();

    await providers.speech.transcribe(audio, context);

    const names = transcribe
      .commandCalls(StartTranscriptionJobCommand)
      .map((c) => c.args[0].input.TranscriptionJobName);
    expect(names[1]).toBe(`${names[0]}-r2`);
    expect(context.usage).toEqual([{ item: 'transcribe.StartTranscriptionJob', units: 43 }]);
  });

  it('names the language when configured and bills at least 15 seconds', async () => {
    const german = createAwsProviders({ ...config, transcribeLanguageCode: 'de-DE' });
    transcribe.on(StartTranscriptionJobCommand).resolves({});
    transcribe
      .on(GetTranscriptionJobCommand)
      .callsFake(({ TranscriptionJobName: name }: { TranscriptionJobName: string }) => ({
        TranscriptionJob: completed(name),
      }));
    transcribe.on(DeleteTranscriptionJobCommand).resolves({});
    const context = callContext();

    await german.speech.transcribe({ ...audio, durationSeconds: 4 }, context);
    await german.close();

    const start = transcribe.commandCalls(StartTranscriptionJobCommand)[0].args[0].input;
    expect(start.LanguageCode).toBe('de-DE');
    expect(start.IdentifyLanguage).toBeUndefined();
    expect(context.usage).toEqual([{ item: 'transcribe.StartTranscriptionJob', units: 15 }]);
  });

  it('reads the transcript from the configured output bucket', async () => {
    const withBucket = createAwsProviders({ ...config, transcribeOutputBucket: 'transcripts-bucket' });
    transcribe.on(StartTranscriptionJobCommand).resolves({});
    transcribe
      .on(GetTranscriptionJobCommand)
      .callsFake(({ TranscriptionJobName: name }: { TranscriptionJobName: string }) => ({
        TranscriptionJob: completed(name),
      }));
    transcribe.on(DeleteTranscriptionJobCommand).resolves({});
    s3.on(GetObjectCommand).resolves({
      Body: { transformToString: () => Promise.resolve(JSON.stringify(fixtures.transcriptFile)) },
    } as never);

    const transcript = await withBucket.speech.transcribe(audio, callContext());
    await withBucket.close();

    const start = transcribe.commandCalls(StartTranscriptionJobCommand)[0].args[0].input;
    expect(start.OutputBucketName).toBe('transcripts-bucket');
    expect(s3.commandCalls(GetObjectCommand)[0].args[0].input).toEqual({
      Bucket: 'transcripts-bucket',
      Key: `transcripts/${start.TranscriptionJobName}.json`,
    });
    expect(transcript.segments).toHaveLength(3);
  });

  it('uploads the extracted WAV to the staging bucket for a QuickTime video, and removes it after the job', async () => {
    const staged = createAwsProviders({ ...config, transcribeStagingBucket: 'ams-work' });
    const wav = join(dir, 'audio.wav');
    await writeFile(wav, Buffer.alloc(44 + 32_000));
    s3.on(PutObjectCommand).resolves({ ETag: '"abc"' });
    s3.on(DeleteObjectCommand).resolves({});
    transcribe.on(StartTranscriptionJobCommand).resolves({});
    transcribe
      .on(GetTranscriptionJobCommand)
      .callsFake(({ TranscriptionJobName: name }: { TranscriptionJobName: string }) => ({
        TranscriptionJob: completed(name),
      }));
    transcribe.on(DeleteTranscriptionJobCommand).resolves({});
    const mov: AudioInput = {
      path: wav,
      durationSeconds: 1,
      stored: { backend: 's3', bucket: 'media-bucket', key: 'media/u1/m4/original.mov', mimeType: 'video/quicktime' },
    };

    await staged.speech.transcribe(mov, callContext());
    await staged.close();

    const start = transcribe.commandCalls(StartTranscriptionJobCommand)[0].args[0].input;
    const key = `transcribe-staging/${start.TranscriptionJobName}.wav`;
    expect(start.Media).toEqual({ MediaFileUri: `s3://ams-work/${key}` });
    expect(start.MediaFormat).toBe('wav');
    expect(s3.commandCalls(PutObjectCommand)[0].args[0].input).toMatchObject({
      Bucket: 'ams-work',
      Key: key,
      ContentLength: 44 + 32_000,
      ContentType: 'audio/wav',
    });
    expect(s3.commandCalls(DeleteObjectCommand)[0].args[0].input).toEqual({ Bucket: 'ams-work', Key: key });
  });

  it('calls a job that failed on the media unreadable, and refuses media not on S3', async () => {
    transcribe.on(StartTranscriptionJobCommand).resolves({});
    transcribe
      .on(GetTranscriptionJobCommand)
      .callsFake(({ TranscriptionJobName: name }: { TranscriptionJobName: string }) => ({
        TranscriptionJob: fixtures.transcriptionJob(name, 'FAILED', {
          FailureReason: 'The media format provided does not match the detected media format.',
        }),
      }));

    await expect(providers.speech.transcribe(audio, callContext())).rejects.toMatchObject({
      code: 'MEDIA_UNREADABLE',
      retryable: false,
    });
    await expect(
      providers.speech.transcribe({ path: '/tmp/a.wav', durationSeconds: 3 }, callContext()),
    ).rejects.toMatchObject({ code: 'PROVIDER_UNSUPPORTED_INPUT', retryable: false });
    const mov = { ...audio.stored!, mimeType: 'video/quicktime' };
    await expect(providers.speech.transcribe({ ...audio, stored: mov }, callContext())).rejects.toMatchObject({
      code: 'PROVIDER_UNSUPPORTED_INPUT',
      retryable: false,
    });
  });
});

describe('Comprehend', () => {
  const positive = {
    Sentiment: 'POSITIVE' as const,
    SentimentScore: { Positive: 0.9, Negative: 0.02, Neutral: 0.07, Mixed: 0.01 },
  };
  const negative = {
    Sentiment: 'NEGATIVE' as const,
    SentimentScore: { Positive: 0.05, Negative: 0.85, Neutral: 0.08, Mixed: 0.02 },
  };

  it('answers NEUTRAL for empty text without calling AWS', async () => {
    const context = callContext();

    const insights = await providers.language.analyzeText('  \n ', context);

    expect(insights).toEqual({
      sentiment: 'NEUTRAL',
      sentimentScores: { POSITIVE: 0, NEGATIVE: 0, NEUTRAL: 1, MIXED: 0 },
      keyPhrases: [],
      entities: [],
    });
    expect(comprehend.calls()).toHaveLength(0);
    expect(context.usage).toEqual([]);
  });

  it('splits long text at sentences under 5000 bytes and weighs each chunk’s sentiment by its length', async () => {
    const happy = 'What a wonderful sunny day at the beach with everyone. '.repeat(100);
    const sad = 'The storm ruined the terrible evening completely. '.repeat(40);
    const text = `${happy}${sad}`.trim();
    comprehend
      .on(DetectSentimentCommand)
      .callsFake(({ Text }: { Text: string }) => (Text.includes('storm') ? negative : positive));
    comprehend.on(DetectKeyPhrasesCommand).resolves({
      KeyPhrases: [
        { Score: 0.99, Text: 'the beach', BeginOffset: 28, EndOffset: 37 },
        { Score: 0.98, Text: 'The Beach', BeginOffset: 83, EndOffset: 92 },
        { Score: 0.95, Text: 'the storm', BeginOffset: 5500, EndOffset: 5509 },
      ],
    });
    comprehend.on(DetectEntitiesCommand).resolves({
      Entities: [
        { Score: 0.97, Type: 'DATE', Text: 'sunny day', BeginOffset: 20, EndOffset: 29 },
        { Score: 0.96, Type: 'DATE', Text: 'Sunny Day', BeginOffset: 75, EndOffset: 84 },
      ],
    });
    const context = callContext();

    const insights = await providers.language.analyzeText(text, context);

    const chunks = comprehend.commandCalls(DetectSentimentCommand).map((c) => c.args[0].input.Text ?? '');
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(Buffer.byteLength(chunk)).toBeLessThanOrEqual(5000);
      expect(chunk).toMatch(/\.$/); // cut at a sentence end
    }
    expect(chunks.join(' ')).toBe(text);
    const weight = (c: string) => (c.includes('storm') ? negative : positive).SentimentScore.Positive * c.length;
    const expectedPositive =
      chunks.reduce((sum, c) => sum + weight(c), 0) / chunks.reduce((sum, c) => sum + c.length, 0);
    expect(insights.sentiment).toBe('POSITIVE');
    expect(insights.sentimentScores.POSITIVE).toBeCloseTo(expectedPositive, 2);
    expect(insights.keyPhrases).toEqual(['the beach', 'the storm']);
    expect(insights.entities).toEqual([{ text: 'sunny day', type: 'DATE' }]);
    // Key phrases and entities take up to 100 KB: one request each.
    expect(comprehend.commandCalls(DetectKeyPhrasesCommand)).toHaveLength(1);
    expect(comprehend.commandCalls(DetectSentimentCommand)[0].args[0].input.LanguageCode).toBe('en');

    const sentimentUnits = context.usage.filter((u) => u.item === 'comprehend.DetectSentiment').map((u) => u.units);
    expect(sentimentUnits).toEqual(chunks.map((c) => Math.ceil(c.length / 100)));
    expect(context.usage).toContainEqual({ item: 'comprehend.DetectKeyPhrases', units: Math.ceil(text.length / 100) });
  });

  it('bills at least three units per request', async () => {
    comprehend.on(DetectSentimentCommand).resolves(positive);
    comprehend.on(DetectKeyPhrasesCommand).resolves({ KeyPhrases: [] });
    comprehend.on(DetectEntitiesCommand).resolves({ Entities: [] });
    const context = callContext();

    await providers.language.analyzeText('Lovely.', context);

    expect(context.usage).toEqual(
      expect.arrayContaining(
        ['DetectSentiment', 'DetectKeyPhrases', 'DetectEntities'].map((op) => ({ item: `comprehend.${op}`, units: 3 })),
      ),
    );
  });

  it('chunks never split a character and never exceed the byte limit', () => {
    const text = 'Grüße aus München! Überall schöne Häuser. ' + 'Straßenbahnüberführung'.repeat(10);

    const chunks = chunkText(text, 40);

    for (const chunk of chunks) expect(Buffer.byteLength(chunk)).toBeLessThanOrEqual(40);
    expect(chunks.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
    expect(chunks[0]).toBe('Grüße aus München!');
  });
});

describe('cloud provider configuration', () => {
  const schema = z.object(cloudProvidersEnvShape);

  it('maps the environment to the AWS providers’ settings', () => {
    const env = schema.parse({
      AWS_REGION: 'eu-central-1',
      AWS_ENDPOINT_URL: 'http://localhost:4566',
      REKOGNITION_MIN_CONFIDENCE: '0.7',
      TRANSCRIBE_LANGUAGE_CODE: 'de-DE',
    });

    expect(awsProvidersConfig(env)).toEqual({
      region: 'eu-central-1',
      endpoint: 'http://localhost:4566',
      minConfidence: 0.7,
      timeoutMs: 20_000,
      pollIntervalMs: 5_000,
      transcribeLanguageCode: 'de-DE',
      comprehendLanguageCode: 'en',
    });
  });

  it('refuses a confidence given as a percentage', () => {
    expect(schema.safeParse({ REKOGNITION_MIN_CONFIDENCE: '70' }).success).toBe(false);
  });
});
