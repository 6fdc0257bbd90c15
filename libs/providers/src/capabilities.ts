/**
 * One interface per AI capability. The analysis pipeline depends only on these; which
 * implementation answers (local offline models, AWS, OpenAI) is configuration.
 *
 * Confidences are 0..1 everywhere. Times are seconds from the start of the media.
 */

/** Where an object lives in storage, for cloud providers that read it in place (S3). */
export interface StoredObject {
  bucket: string;
  key: string;
  /** `s3` when the provider can read it in place; `local` otherwise. */
  backend: 'local' | 's3';
}

/** A still image on local disk (an upload, or a keyframe cut from a video). JPEG, PNG or WebP. */
export interface ImageInput {
  path: string;
  width: number;
  height: number;
  /** Set for an original upload stored where a cloud provider can read it in place. */
  stored?: StoredObject;
}

/** Mono 16 kHz 16-bit PCM WAV on local disk, cut from a video's audio track. */
export interface AudioInput {
  path: string;
  durationSeconds: number;
  /** The original media, for cloud providers that transcribe it in place (AWS Transcribe on S3). */
  stored?: StoredObject & { mimeType: string };
}

/** A video on local disk, for providers with whole-video APIs (Rekognition Video). */
export interface VideoInput {
  path: string;
  durationSeconds: number;
  stored?: StoredObject & { mimeType: string };
}

/** What every provider call receives: who it is for, how to stop, and where usage goes. */
export interface CallContext {
  correlationId?: string;
  userId: string;
  mediaId: string;
  jobId: string;
  /** Aborted when the job's deadline passes or the worker shuts down. */
  signal?: AbortSignal;
  /** Report billable usage (priced by the caller's price table). Local providers report nothing. */
  recordUsage(usage: ProviderUsage): void;
}

export interface ProviderUsage {
  /** The priced item, `<service>.<operation>`, e.g. `rekognition.DetectLabels`, `openai.chat.input_tokens`. */
  item: string;
  units: number;
}

export interface BoundingBox {
  /** Fractions of the image's width and height, 0..1. */
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface DetectedLabel {
  /** Lower-case, human words: "dog", "traffic light". */
  name: string;
  confidence: number;
  /** How many instances were seen, when the detector counts them. */
  instances?: number;
  /** Broader names this label implies ("dog" → "animal", "pet"), when the provider knows them. */
  parents?: string[];
  boxes?: BoundingBox[];
}

export interface DetectedFace {
  confidence: number;
  box?: BoundingBox;
  /** When the provider estimates them. */
  age?: number;
  gender?: string;
  emotion?: string;
}

export interface TextLine {
  text: string;
  confidence: number;
  box?: BoundingBox;
}

export interface ContentWarning {
  /** e.g. "explicit nudity", "suggestive", "violence". */
  name: string;
  confidence: number;
}

export interface RecognizedCelebrity {
  name: string;
  confidence: number;
}

export interface LabelDetector {
  readonly provider: string;
  detectLabels(image: ImageInput, context: CallContext): Promise<DetectedLabel[]>;
}

export interface FaceDetector {
  readonly provider: string;
  detectFaces(image: ImageInput, context: CallContext): Promise<DetectedFace[]>;
}

export interface TextReader {
  readonly provider: string;
  readText(image: ImageInput, context: CallContext): Promise<TextLine[]>;
}

export interface ContentModerator {
  readonly provider: string;
  moderate(image: ImageInput, context: CallContext): Promise<ContentWarning[]>;
}

export interface CelebrityRecognizer {
  readonly provider: string;
  recognizeCelebrities(image: ImageInput, context: CallContext): Promise<RecognizedCelebrity[]>;
}

export interface TranscriptSegment {
  start: number;
  end: number;
  text: string;
  confidence?: number;
}

export interface Transcript {
  text: string;
  /** Sentence- or phrase-level pieces with their times, in order. */
  segments: TranscriptSegment[];
  language?: string;
}

export interface SpeechTranscriber {
  readonly provider: string;
  transcribe(audio: AudioInput, context: CallContext): Promise<Transcript>;
}

export const SENTIMENTS = ['POSITIVE', 'NEGATIVE', 'NEUTRAL', 'MIXED'] as const;
export type Sentiment = (typeof SENTIMENTS)[number];

export interface TextInsights {
  sentiment: Sentiment;
  /** Scores per sentiment, 0..1. */
  sentimentScores: Record<Sentiment, number>;
  keyPhrases: string[];
  entities: { text: string; type: string }[];
}

export interface TextAnalyzer {
  readonly provider: string;
  analyzeText(text: string, context: CallContext): Promise<TextInsights>;
}

/** What the summary is written from: the facts the other capabilities found. */
export interface MediaFactsForSummary {
  kind: 'image' | 'video';
  filename: string;
  durationSeconds?: number;
  labels: DetectedLabel[];
  facesCount: number;
  text: string[];
  transcript?: string;
  sentiment?: Sentiment;
  keyPhrases: string[];
  contentWarnings: ContentWarning[];
  celebrities: RecognizedCelebrity[];
  dominantColors: string[];
  takenAt?: string;
  camera?: string;
  place?: string;
}

export interface Summarizer {
  readonly provider: string;
  summarize(facts: MediaFactsForSummary, context: CallContext): Promise<string>;
}

/** Findings for one stretch of a video from a whole-video API. */
export interface VideoSegmentFindings {
  start: number;
  end: number;
  labels: DetectedLabel[];
  facesCount: number;
  text: string[];
  contentWarnings: ContentWarning[];
  celebrities: RecognizedCelebrity[];
}

/**
 * Whole-video analysis (Rekognition Video's asynchronous jobs, polled). Optional: without one,
 * the pipeline samples keyframes and runs the image capabilities on each.
 */
export interface VideoAnalyzer {
  readonly provider: string;
  analyzeVideo(
    video: VideoInput,
    options: { moderation: boolean; celebrities: boolean },
    context: CallContext,
  ): Promise<VideoSegmentFindings[]>;
}

/** Everything the pipeline can call, as chosen by configuration. */
export interface AnalysisProviders {
  labels: LabelDetector;
  faces: FaceDetector;
  text: TextReader;
  moderation: ContentModerator;
  /** Only where the provider supports it (AWS). */
  celebrities?: CelebrityRecognizer;
  speech: SpeechTranscriber;
  language: TextAnalyzer;
  summary: Summarizer;
  video?: VideoAnalyzer;
  /** Load models ahead of the first job (local providers); no-op for clouds. */
  warmUp?(): Promise<void>;
  /** Release model memory, worker threads and child processes. */
  close?(): Promise<void>;
}
