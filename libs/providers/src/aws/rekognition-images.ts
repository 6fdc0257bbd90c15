import {
  DetectFacesCommand,
  DetectLabelsCommand,
  DetectModerationLabelsCommand,
  DetectTextCommand,
  RecognizeCelebritiesCommand,
  type Image,
  type RekognitionClient,
} from '@aws-sdk/client-rekognition';
import type {
  CallContext,
  CelebrityRecognizer,
  ContentModerator,
  ContentWarning,
  DetectedFace,
  DetectedLabel,
  FaceDetector,
  ImageInput,
  LabelDetector,
  RecognizedCelebrity,
  TextLine,
  TextReader,
} from '../capabilities';
import type { CloudCallPolicy } from '../resilience';
import { withRekognitionImage } from './rekognition-image';
import { fraction, strongestByName, toFace, toLabel, toTextLine, toWarning } from './rekognition-mapping';

export const REKOGNITION = 'aws-rekognition';
const MAX_LABELS = 50;

/** What every Rekognition image capability shares: the client, its call policy, the threshold. */
export interface RekognitionDeps {
  client: RekognitionClient;
  policy: CloudCallPolicy;
  /** 0..1; findings below it are dropped. */
  minConfidence: number;
}

/** One billable image call: S3Object-or-Bytes, policy, usage recorded on success. */
async function callWithImage<T>(
  deps: RekognitionDeps,
  image: ImageInput,
  context: CallContext,
  operation: string,
  send: (input: Image, signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const result = await withRekognitionImage(image, (input) =>
    deps.policy.run((signal) => send(input, signal), context.signal),
  );
  context.recordUsage({ item: `rekognition.${operation}`, units: 1 });
  return result;
}

export class RekognitionLabelDetector implements LabelDetector {
  readonly provider = REKOGNITION;
  constructor(private readonly deps: RekognitionDeps) {}

  async detectLabels(image: ImageInput, context: CallContext): Promise<DetectedLabel[]> {
    const { client, minConfidence } = this.deps;
    const response = await callWithImage(this.deps, image, context, 'DetectLabels', (Image, abortSignal) =>
      client.send(new DetectLabelsCommand({ Image, MaxLabels: MAX_LABELS, MinConfidence: minConfidence * 100 }), {
        abortSignal,
      }),
    );
    return (response.Labels ?? []).flatMap((label) => toLabel(label) ?? []);
  }
}

export class RekognitionFaceDetector implements FaceDetector {
  readonly provider = REKOGNITION;
  constructor(private readonly deps: RekognitionDeps) {}

  async detectFaces(image: ImageInput, context: CallContext): Promise<DetectedFace[]> {
    const { client, minConfidence } = this.deps;
    const response = await callWithImage(this.deps, image, context, 'DetectFaces', (Image, abortSignal) =>
      // Only the attributes we map: fewer attributes answer faster than ALL.
      client.send(new DetectFacesCommand({ Image, Attributes: ['DEFAULT', 'AGE_RANGE', 'GENDER', 'EMOTIONS'] }), {
        abortSignal,
      }),
    );
    return (response.FaceDetails ?? []).map(toFace).filter((face) => face.confidence >= minConfidence);
  }
}

export class RekognitionTextReader implements TextReader {
  readonly provider = REKOGNITION;
  constructor(private readonly deps: RekognitionDeps) {}

  async readText(image: ImageInput, context: CallContext): Promise<TextLine[]> {
    const { client, minConfidence } = this.deps;
    const response = await callWithImage(this.deps, image, context, 'DetectText', (Image, abortSignal) =>
      client.send(new DetectTextCommand({ Image }), { abortSignal }),
    );
    return (response.TextDetections ?? [])
      .flatMap((detection) => toTextLine(detection) ?? [])
      .filter((line) => line.confidence >= minConfidence);
  }
}

export class RekognitionContentModerator implements ContentModerator {
  readonly provider = REKOGNITION;
  constructor(private readonly deps: RekognitionDeps) {}

  async moderate(image: ImageInput, context: CallContext): Promise<ContentWarning[]> {
    const { client, minConfidence } = this.deps;
    const response = await callWithImage(this.deps, image, context, 'DetectModerationLabels', (Image, abortSignal) =>
      client.send(new DetectModerationLabelsCommand({ Image, MinConfidence: minConfidence * 100 }), { abortSignal }),
    );
    return strongestByName((response.ModerationLabels ?? []).flatMap((label) => toWarning(label) ?? []));
  }
}

export class RekognitionCelebrityRecognizer implements CelebrityRecognizer {
  readonly provider = REKOGNITION;
  constructor(private readonly deps: RekognitionDeps) {}

  async recognizeCelebrities(image: ImageInput, context: CallContext): Promise<RecognizedCelebrity[]> {
    const { client, minConfidence } = this.deps;
    const response = await callWithImage(this.deps, image, context, 'RecognizeCelebrities', (Image, abortSignal) =>
      client.send(new RecognizeCelebritiesCommand({ Image }), { abortSignal }),
    );
    const celebrities = (response.CelebrityFaces ?? []).flatMap((face) =>
      face.Name ? [{ name: face.Name, confidence: fraction(face.MatchConfidence) }] : [],
    );
    return strongestByName(celebrities).filter((celebrity) => celebrity.confidence >= minConfidence);
  }
}
