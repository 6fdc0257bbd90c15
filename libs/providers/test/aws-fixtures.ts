// Response shapes as the AWS APIs return them (field names from the API references), trimmed to a few items.
import type {
  DetectFacesResponse,
  DetectLabelsResponse,
  DetectModerationLabelsResponse,
  DetectTextResponse,
  GetCelebrityRecognitionResponse,
  GetContentModerationResponse,
  GetFaceDetectionResponse,
  GetLabelDetectionResponse,
  GetTextDetectionResponse,
  RecognizeCelebritiesResponse,
  VideoMetadata,
} from '@aws-sdk/client-rekognition';
import type { TranscriptionJob } from '@aws-sdk/client-transcribe';

const box = (Left: number, Top: number, Width: number, Height: number) => ({ Left, Top, Width, Height });

export const detectLabels: DetectLabelsResponse = {
  Labels: [
    {
      Name: 'Dog',
      Confidence: 98.7412,
      Instances: [
        { BoundingBox: box(0.1, 0.2, 0.3, 0.4), Confidence: 98.7412 },
        { BoundingBox: box(0.55, 0.25, 0.2, 0.35), Confidence: 91.02 },
      ],
      Parents: [{ Name: 'Animal' }, { Name: 'Canine' }, { Name: 'Mammal' }, { Name: 'Pet' }],
      Aliases: [{ Name: 'Puppy' }],
      Categories: [{ Name: 'Animals and Pets' }],
    },
    {
      Name: 'Traffic Light',
      Confidence: 76.5,
      Instances: [],
      Parents: [{ Name: 'Light' }],
      Aliases: [],
      Categories: [{ Name: 'Vehicles and Automotive' }],
    },
  ],
  LabelModelVersion: '3.0',
};

export const detectFaces: DetectFacesResponse = {
  FaceDetails: [
    {
      BoundingBox: box(0.31, 0.12, 0.18, 0.29),
      AgeRange: { Low: 26, High: 34 },
      Gender: { Value: 'Female', Confidence: 99.87 },
      Emotions: [
        { Type: 'CALM', Confidence: 3.1 },
        { Type: 'HAPPY', Confidence: 95.4 },
        { Type: 'SURPRISED', Confidence: 6.2 },
      ],
      Landmarks: [{ Type: 'eyeLeft', X: 0.36, Y: 0.22 }],
      Pose: { Roll: -2.1, Yaw: 4.5, Pitch: 8.3 },
      Quality: { Brightness: 80.3, Sharpness: 92.2 },
      Confidence: 99.998,
    },
    // A face too unsure to report.
    { BoundingBox: box(0.8, 0.8, 0.05, 0.06), Confidence: 31.2 },
  ],
};

export const detectText: DetectTextResponse = {
  TextDetections: [
    {
      DetectedText: 'OPEN 24 HOURS',
      Type: 'LINE',
      Id: 0,
      Confidence: 99.35,
      Geometry: { BoundingBox: box(0.2, 0.1, 0.5, 0.08), Polygon: [{ X: 0.2, Y: 0.1 }] },
    },
    { DetectedText: 'OPEN', Type: 'WORD', Id: 1, ParentId: 0, Confidence: 99.6 },
    { DetectedText: 'HOURS', Type: 'WORD', Id: 2, ParentId: 0, Confidence: 99.1 },
  ],
  TextModelVersion: '3.0',
};

export const detectModerationLabels: DetectModerationLabelsResponse = {
  ModerationLabels: [
    { Confidence: 87.31, Name: 'Suggestive', ParentName: '', TaxonomyLevel: 1 },
    { Confidence: 87.31, Name: 'Female Swimwear Or Underwear', ParentName: 'Suggestive', TaxonomyLevel: 2 },
  ],
  ModerationModelVersion: '7.0',
  ContentTypes: [],
};

export const recognizeCelebrities: RecognizeCelebritiesResponse = {
  CelebrityFaces: [
    {
      Urls: ['www.wikidata.org/wiki/Q312556'],
      Name: 'Jeff Bezos',
      Id: '1SK7cR8M',
      Face: { BoundingBox: box(0.4, 0.1, 0.2, 0.3), Confidence: 99.99 },
      MatchConfidence: 99.42,
      KnownGender: { Type: 'Male' },
    },
  ],
  UnrecognizedFaces: [{ BoundingBox: box(0.7, 0.2, 0.1, 0.15), Confidence: 99.8 }],
};

// ---- Rekognition Video: a 24-second clip, results sorted by timestamp (milliseconds) ----

const videoMetadata: VideoMetadata = {
  Codec: 'h264',
  DurationMillis: 24_000,
  Format: 'QuickTime / MOV',
  FrameRate: 29.97,
  FrameHeight: 1080,
  FrameWidth: 1920,
  ColorRange: 'LIMITED',
};

export const labelsInProgress: GetLabelDetectionResponse = { JobStatus: 'IN_PROGRESS', LabelModelVersion: '3.0' };

export const labelsPage1: GetLabelDetectionResponse = {
  JobStatus: 'SUCCEEDED',
  VideoMetadata: videoMetadata,
  LabelModelVersion: '3.0',
  GetRequestMetadata: { SortBy: 'TIMESTAMP', AggregateBy: 'TIMESTAMPS' },
  Labels: [
    {
      Timestamp: 1_000,
      Label: {
        Name: 'Dog',
        Confidence: 91.2,
        Instances: [{ BoundingBox: box(0.1, 0.1, 0.2, 0.2), Confidence: 91 }],
        Parents: [{ Name: 'Animal' }],
      },
    },
    {
      Timestamp: 4_500,
      Label: {
        Name: 'Dog',
        Confidence: 97.6,
        Instances: [
          { BoundingBox: box(0.1, 0.1, 0.2, 0.2), Confidence: 97 },
          { BoundingBox: box(0.5, 0.1, 0.2, 0.2), Confidence: 90 },
        ],
        Parents: [{ Name: 'Pet' }],
      },
    },
  ],
  NextToken: 'page-2-token',
};

export const labelsPage2: GetLabelDetectionResponse = {
  JobStatus: 'SUCCEEDED',
  VideoMetadata: videoMetadata,
  Labels: [
    { Timestamp: 12_000, Label: { Name: 'Beach', Confidence: 88.8, Instances: [], Parents: [{ Name: 'Outdoors' }] } },
  ],
};

export const faceDetection: GetFaceDetectionResponse = {
  JobStatus: 'SUCCEEDED',
  VideoMetadata: videoMetadata,
  Faces: [
    { Timestamp: 1_000, Face: { BoundingBox: box(0.1, 0.1, 0.1, 0.1), Confidence: 99.9 } },
    { Timestamp: 1_000, Face: { BoundingBox: box(0.4, 0.1, 0.1, 0.1), Confidence: 99.7 } },
    { Timestamp: 2_000, Face: { BoundingBox: box(0.1, 0.1, 0.1, 0.1), Confidence: 99.8 } },
    { Timestamp: 13_000, Face: { BoundingBox: box(0.3, 0.3, 0.1, 0.1), Confidence: 20.1 } },
  ],
};

export const textDetection: GetTextDetectionResponse = {
  JobStatus: 'SUCCEEDED',
  VideoMetadata: videoMetadata,
  TextModelVersion: '3.1',
  TextDetections: [
    { Timestamp: 2_000, TextDetection: { DetectedText: 'SURF SHOP', Type: 'LINE', Id: 0, Confidence: 97.2 } },
    { Timestamp: 2_000, TextDetection: { DetectedText: 'SURF', Type: 'WORD', Id: 1, ParentId: 0, Confidence: 97.9 } },
    { Timestamp: 3_000, TextDetection: { DetectedText: 'SURF SHOP', Type: 'LINE', Id: 0, Confidence: 96.4 } },
  ],
};

export const contentModeration: GetContentModerationResponse = {
  JobStatus: 'SUCCEEDED',
  VideoMetadata: videoMetadata,
  ModerationModelVersion: '7.0',
  ModerationLabels: [
    { Timestamp: 15_000, ModerationLabel: { Confidence: 80.2, Name: 'Violence', ParentName: '', TaxonomyLevel: 1 } },
    { Timestamp: 15_500, ModerationLabel: { Confidence: 84.9, Name: 'Violence', ParentName: '', TaxonomyLevel: 1 } },
  ],
};

export const celebrityRecognition: GetCelebrityRecognitionResponse = {
  JobStatus: 'SUCCEEDED',
  VideoMetadata: videoMetadata,
  Celebrities: [
    {
      Timestamp: 16_000,
      Celebrity: { Urls: [], Name: 'Jeff Bezos', Id: '1SK7cR8M', Confidence: 97.5, KnownGender: { Type: 'Male' } },
    },
  ],
};

// ---- Transcribe ----

export function transcriptionJob(
  name: string,
  status: string,
  extra: Partial<TranscriptionJob> = {},
): TranscriptionJob {
  return {
    TranscriptionJobName: name,
    TranscriptionJobStatus: status as TranscriptionJob['TranscriptionJobStatus'],
    MediaFormat: 'mp4',
    Media: { MediaFileUri: 's3://media-bucket/media/u1/m1/original.mp4' },
    StartTime: new Date('2025-01-10T10:00:01Z'),
    CreationTime: new Date('2025-01-10T10:00:00Z'),
    Settings: { ChannelIdentification: false, ShowAlternatives: false },
    IdentifyLanguage: true,
    ...extra,
  };
}

const word = (id: number, content: string, start: string, end: string, confidence = '0.998') => ({
  id,
  type: 'pronunciation',
  alternatives: [{ confidence, content }],
  start_time: start,
  end_time: end,
});
const mark = (id: number, content: string) => ({
  id,
  type: 'punctuation',
  alternatives: [{ confidence: '0.0', content }],
});

/** What TranscriptFileUri serves: a sentence, a phrase ended by a pause, and a last sentence. */
export const transcriptFile = {
  jobName: 'ams-job-1',
  accountId: '123456789012',
  status: 'COMPLETED',
  results: {
    language_code: 'en-US',
    language_identification: [
      { score: '0.9981', code: 'en-US' },
      { score: '0.0012', code: 'en-GB' },
    ],
    transcripts: [{ transcript: "Welcome to the beach. Honestly, the water is warm today Let's go swimming!" }],
    items: [
      word(0, 'Welcome', '0.04', '0.52'),
      word(1, 'to', '0.52', '0.67'),
      word(2, 'the', '0.67', '0.8'),
      word(3, 'beach', '0.8', '1.35', '0.87'),
      mark(4, '.'),
      word(5, 'Honestly', '1.9', '2.4'),
      mark(6, ','),
      word(7, 'the', '2.45', '2.6'),
      word(8, 'water', '2.6', '3.0'),
      word(9, 'is', '3.0', '3.2'),
      word(10, 'warm', '3.2', '3.6'),
      word(11, 'today', '3.6', '3.9'),
      word(12, "Let's", '5.2', '5.5'),
      word(13, 'go', '5.5', '5.7'),
      word(14, 'swimming', '5.7', '6.3'),
      mark(15, '!'),
    ],
    audio_segments: [
      { id: 0, transcript: 'Welcome to the beach.', start_time: '0.04', end_time: '1.35', items: [0, 1, 2, 3, 4] },
    ],
  },
};
