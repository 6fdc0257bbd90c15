import type {
  BoundingBox as AwsBoundingBox,
  FaceDetail,
  Label,
  ModerationLabel,
  TextDetection,
} from '@aws-sdk/client-rekognition';
import type { BoundingBox, ContentWarning, DetectedFace, DetectedLabel, TextLine } from '../capabilities';

// Rekognition speaks percentages; the capabilities speak 0..1.
export const fraction = (percent: number | undefined): number => round((percent ?? 0) / 100);

const round = (value: number): number => Math.round(value * 10_000) / 10_000;

export function toBox(box: AwsBoundingBox | undefined): BoundingBox | undefined {
  if (!box) return undefined;
  return { left: box.Left ?? 0, top: box.Top ?? 0, width: box.Width ?? 0, height: box.Height ?? 0 };
}

export function toLabel(label: Label): DetectedLabel | undefined {
  if (!label.Name) return undefined;
  const boxes = (label.Instances ?? []).flatMap((instance) => toBox(instance.BoundingBox) ?? []);
  const parents = (label.Parents ?? []).flatMap((parent) => (parent.Name ? [parent.Name.toLowerCase()] : []));
  return {
    name: label.Name.toLowerCase(),
    confidence: fraction(label.Confidence),
    ...(boxes.length > 0 && { instances: boxes.length, boxes }),
    ...(parents.length > 0 && { parents }),
  };
}

export function toFace(face: FaceDetail): DetectedFace {
  const { AgeRange: age, Gender: gender } = face;
  const emotion = [...(face.Emotions ?? [])].sort((a, b) => (b.Confidence ?? 0) - (a.Confidence ?? 0))[0];
  return {
    confidence: fraction(face.Confidence),
    box: toBox(face.BoundingBox),
    ...(age?.Low !== undefined && age.High !== undefined && { age: Math.round((age.Low + age.High) / 2) }),
    ...(gender?.Value && { gender: gender.Value.toLowerCase() }),
    ...(emotion?.Type && { emotion: emotion.Type.toLowerCase() }),
  };
}

/** LINE detections only: WORD items repeat the same text split up. */
export function toTextLine(detection: TextDetection): TextLine | undefined {
  if (detection.Type !== 'LINE' || !detection.DetectedText) return undefined;
  return {
    text: detection.DetectedText,
    confidence: fraction(detection.Confidence),
    box: toBox(detection.Geometry?.BoundingBox),
  };
}

export function toWarning(label: ModerationLabel): ContentWarning | undefined {
  return label.Name ? { name: label.Name.toLowerCase(), confidence: fraction(label.Confidence) } : undefined;
}

/** One entry per name, with its highest confidence, most confident first. */
export function strongestByName<T extends { name: string; confidence: number }>(items: Iterable<T>): T[] {
  const best = new Map<string, T>();
  for (const item of items) {
    const seen = best.get(item.name);
    if (!seen || item.confidence > seen.confidence) best.set(item.name, item);
  }
  return [...best.values()].sort((a, b) => b.confidence - a.confidence);
}
