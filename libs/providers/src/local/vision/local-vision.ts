import type {
  CallContext,
  ContentModerator,
  ContentWarning,
  DetectedFace,
  DetectedLabel,
  FaceDetector,
  ImageInput,
  LabelDetector,
  TextLine,
  TextReader,
} from '../../capabilities';
import { ImageAnalyses, type Findings } from './image-analyses';
import { CAPABILITIES, type Capability, type VisionTimings } from './vision-task';
import { PROVIDER, VisionWorkerPool } from './vision-worker-pool';

export interface LocalVisionOptions {
  /** Worker threads running the models, each with its own copy (~0.5 GB). Default 1. */
  threads?: number;
}

/** Everything the local models find in one image, from one worker pass. */
export interface ImageAnalysis {
  labels: DetectedLabel[];
  faces: DetectedFace[];
  text: TextLine[];
  /** Empty when moderation was not asked for. */
  contentWarnings: ContentWarning[];
  /** Worker milliseconds per step; a capability reused from an earlier call reports that call's. */
  timingsMs: VisionTimings;
}

export interface LocalVision {
  readonly provider: 'local';
  labels: LabelDetector;
  faces: FaceDetector;
  text: TextReader;
  moderation: ContentModerator;
  /** All four capabilities on one image in one worker pass (moderation only when asked). */
  analyzeImage(
    image: ImageInput,
    options: { moderation: boolean },
    context?: Pick<CallContext, 'signal'>,
  ): Promise<ImageAnalysis>;
  /** Loads every model in every worker thread (several seconds); later calls start at once. */
  warmUp(): Promise<void>;
  /** Stops the worker threads and frees the models; calls made afterwards fail. */
  close(): Promise<void>;
}

/**
 * Offline image analysis: CenterNet objects and BlazeFace/FaceRes faces (@vladmandic/human on
 * the TensorFlow.js WASM backend), PaddleOCR v4 text (onnxruntime, tesseract as fallback) and
 * NSFWJS moderation, in a bounded pool of worker threads so a slow image never blocks the
 * service's event loop.
 */
export function createLocalVision(options: LocalVisionOptions = {}): LocalVision {
  const threads = options.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`threads must be a positive integer, got ${threads}`);
  const pool = new VisionWorkerPool(threads);
  const analyses = new ImageAnalyses(pool);

  async function one<C extends Capability>(capability: C, image: ImageInput, context: CallContext) {
    const findings = await analyses.find(image.path, [capability], context.signal);
    return findings[capability].value;
  }

  return {
    provider: PROVIDER,
    labels: { provider: PROVIDER, detectLabels: (image, context) => one('labels', image, context) },
    faces: { provider: PROVIDER, detectFaces: (image, context) => one('faces', image, context) },
    text: { provider: PROVIDER, readText: (image, context) => one('text', image, context) },
    moderation: { provider: PROVIDER, moderate: (image, context) => one('moderation', image, context) },

    async analyzeImage(image, { moderation }, context) {
      const capabilities = CAPABILITIES.filter((capability) => moderation || capability !== 'moderation');
      const findings: Partial<Findings> = await analyses.find(image.path, capabilities, context?.signal);
      const timingsMs: VisionTimings = {};
      for (const capability of capabilities) {
        const finding = findings[capability];
        timingsMs[capability] = finding?.ms ?? 0;
        timingsMs.decode = Math.max(timingsMs.decode ?? 0, finding?.decodeMs ?? 0);
      }
      return {
        labels: findings.labels?.value ?? [],
        faces: findings.faces?.value ?? [],
        text: findings.text?.value ?? [],
        contentWarnings: findings.moderation?.value ?? [],
        timingsMs,
      };
    },

    async warmUp() {
      await pool.warmUp();
    },

    close: () => pool.close(),
  };
}
