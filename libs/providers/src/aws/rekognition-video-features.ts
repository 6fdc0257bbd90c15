import {
  GetCelebrityRecognitionCommand,
  GetContentModerationCommand,
  GetFaceDetectionCommand,
  GetLabelDetectionCommand,
  GetTextDetectionCommand,
  StartCelebrityRecognitionCommand,
  StartContentModerationCommand,
  StartFaceDetectionCommand,
  StartLabelDetectionCommand,
  StartTextDetectionCommand,
  type CelebrityRecognition,
  type ContentModerationDetection,
  type FaceDetection,
  type LabelDetection,
  type RekognitionClient,
  type TextDetectionResult,
  type Video,
} from '@aws-sdk/client-rekognition';

/** Everything the asynchronous Rekognition Video jobs found, as the API returns it. */
export interface VideoDetections {
  labels: LabelDetection[];
  faces: FaceDetection[];
  text: TextDetectionResult[];
  moderation: ContentModerationDetection[];
  celebrities: CelebrityRecognition[];
}

export type VideoFeatureName = keyof VideoDetections;

export interface VideoJobStart {
  Video: Video;
  /** Same token, same job: a retried analysis picks up the job it already started. */
  ClientRequestToken: string;
  JobTag: string;
}

/** One page of a Get* answer, reduced to what the poller needs. */
export interface VideoJobPage<I> {
  status?: string;
  message?: string;
  nextToken?: string;
  items: I[];
}

export interface VideoFeature<I> {
  /** Starts the job and answers its JobId; `minConfidence` (0..100) is applied where the API filters. */
  start(
    client: RekognitionClient,
    input: VideoJobStart,
    minConfidence: number,
    abortSignal: AbortSignal,
  ): Promise<string | undefined>;
  page(
    client: RekognitionClient,
    jobId: string,
    nextToken: string | undefined,
    abortSignal: AbortSignal,
  ): Promise<VideoJobPage<I>>;
}

const MAX_RESULTS = 1000; // the Get* maximum

/** The parts of every Get* answer the poller reads, with its items. */
function jobPage<I>(
  response: { JobStatus?: string; StatusMessage?: string; NextToken?: string },
  items: I[] | undefined,
): VideoJobPage<I> {
  return {
    status: response.JobStatus,
    message: response.StatusMessage,
    nextToken: response.NextToken,
    items: items ?? [],
  };
}

export const VIDEO_FEATURES: { [K in VideoFeatureName]: VideoFeature<VideoDetections[K][number]> } = {
  labels: {
    async start(client, input, minConfidence, abortSignal) {
      const command = new StartLabelDetectionCommand({ ...input, MinConfidence: minConfidence });
      return (await client.send(command, { abortSignal })).JobId;
    },
    async page(client, JobId, NextToken, abortSignal) {
      const command = new GetLabelDetectionCommand({ JobId, NextToken, MaxResults: MAX_RESULTS, SortBy: 'TIMESTAMP' });
      const response = await client.send(command, { abortSignal });
      return jobPage(response, response.Labels);
    },
  },
  faces: {
    async start(client, input, _minConfidence, abortSignal) {
      return (
        await client.send(new StartFaceDetectionCommand({ ...input, FaceAttributes: 'DEFAULT' }), { abortSignal })
      ).JobId;
    },
    async page(client, JobId, NextToken, abortSignal) {
      const command = new GetFaceDetectionCommand({ JobId, NextToken, MaxResults: MAX_RESULTS });
      const response = await client.send(command, { abortSignal });
      return jobPage(response, response.Faces);
    },
  },
  text: {
    async start(client, input, minConfidence, abortSignal) {
      const Filters = { WordFilter: { MinConfidence: minConfidence } };
      return (await client.send(new StartTextDetectionCommand({ ...input, Filters }), { abortSignal })).JobId;
    },
    async page(client, JobId, NextToken, abortSignal) {
      const command = new GetTextDetectionCommand({ JobId, NextToken, MaxResults: MAX_RESULTS });
      const response = await client.send(command, { abortSignal });
      return jobPage(response, response.TextDetections);
    },
  },
  moderation: {
    async start(client, input, minConfidence, abortSignal) {
      const command = new StartContentModerationCommand({ ...input, MinConfidence: minConfidence });
      return (await client.send(command, { abortSignal })).JobId;
    },
    async page(client, JobId, NextToken, abortSignal) {
      const command = new GetContentModerationCommand({
        JobId,
        NextToken,
        MaxResults: MAX_RESULTS,
        SortBy: 'TIMESTAMP',
      });
      const response = await client.send(command, { abortSignal });
      return jobPage(response, response.ModerationLabels);
    },
  },
  celebrities: {
    async start(client, input, _minConfidence, abortSignal) {
      return (await client.send(new StartCelebrityRecognitionCommand(input), { abortSignal })).JobId;
    },
    async page(client, JobId, NextToken, abortSignal) {
      const command = new GetCelebrityRecognitionCommand({
        JobId,
        NextToken,
        MaxResults: MAX_RESULTS,
        SortBy: 'TIMESTAMP',
      });
      const response = await client.send(command, { abortSignal });
      return jobPage(response, response.Celebrities);
    },
  },
};
