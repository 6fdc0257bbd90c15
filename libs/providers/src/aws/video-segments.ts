import type { ContentWarning, DetectedLabel, RecognizedCelebrity, VideoSegmentFindings } from '../capabilities';
import { fraction, strongestByName, toLabel, toTextLine, toWarning } from './rekognition-mapping';
import type { VideoDetections } from './rekognition-video-features';

interface Window {
  labels: DetectedLabel[];
  facesAt: Map<number, number>;
  text: Set<string>;
  contentWarnings: ContentWarning[];
  celebrities: RecognizedCelebrity[];
}

export interface SegmentOptions {
  durationSeconds: number;
  /** Length of one segment. */
  windowSeconds: number;
  /** 0..1; detections below it are dropped (face and celebrity jobs cannot filter on the server). */
  minConfidence: number;
}

/**
 * Groups timestamped detections into fixed windows (`[0, w)`, `[w, 2w)`, …). Only windows where
 * something was found are returned, in time order. A label's confidence is its best in the window,
 * its instance count the most seen in one frame; the face count is the most faces in one frame.
 */
export function groupIntoSegments(detections: VideoDetections, options: SegmentOptions): VideoSegmentFindings[] {
  const windows = new Map<number, Window>();
  const at = (timestampMs: number | undefined): Window => {
    const index = Math.floor((timestampMs ?? 0) / 1000 / options.windowSeconds);
    let window = windows.get(index);
    if (!window) {
      window = { labels: [], facesAt: new Map(), text: new Set(), contentWarnings: [], celebrities: [] };
      windows.set(index, window);
    }
    return window;
  };

  for (const { Timestamp, Label } of detections.labels) {
    const label = Label && toLabel(Label);
    if (label) at(Timestamp).labels.push(label);
  }
  for (const { Timestamp = 0, Face } of detections.faces) {
    if (fraction(Face?.Confidence) < options.minConfidence) continue;
    const { facesAt } = at(Timestamp);
    facesAt.set(Timestamp, (facesAt.get(Timestamp) ?? 0) + 1);
  }
  for (const { Timestamp, TextDetection } of detections.text) {
    const line = TextDetection && toTextLine(TextDetection);
    if (line && line.confidence >= options.minConfidence) at(Timestamp).text.add(line.text);
  }
  for (const { Timestamp, ModerationLabel } of detections.moderation) {
    const warning = ModerationLabel && toWarning(ModerationLabel);
    if (warning) at(Timestamp).contentWarnings.push(warning);
  }
  for (const { Timestamp, Celebrity } of detections.celebrities) {
    const confidence = fraction(Celebrity?.Confidence);
    if (Celebrity?.Name && confidence >= options.minConfidence) {
      at(Timestamp).celebrities.push({ name: Celebrity.Name, confidence });
    }
  }

  return [...windows.entries()].sort(([a], [b]) => a - b).map(([index, window]) => toSegment(index, window, options));
}

function toSegment(index: number, window: Window, { windowSeconds, durationSeconds }: SegmentOptions) {
  const start = index * windowSeconds;
  const end = start + windowSeconds;
  return {
    start,
    // The last window stops where the video does.
    end: durationSeconds > start ? Math.min(end, durationSeconds) : end,
    labels: mergeLabels(window.labels),
    facesCount: Math.max(0, ...window.facesAt.values()),
    text: [...window.text],
    contentWarnings: strongestByName(window.contentWarnings),
    celebrities: strongestByName(window.celebrities),
  };
}

function mergeLabels(labels: DetectedLabel[]): DetectedLabel[] {
  const merged = new Map<string, DetectedLabel>();
  for (const label of labels) {
    const seen = merged.get(label.name);
    const instances = Math.max(seen?.instances ?? 0, label.instances ?? 0);
    const parents = [...new Set([...(seen?.parents ?? []), ...(label.parents ?? [])])];
    merged.set(label.name, {
      name: label.name,
      confidence: Math.max(seen?.confidence ?? 0, label.confidence),
      ...(instances > 0 && { instances }),
      ...(parents.length > 0 && { parents }),
    });
  }
  return [...merged.values()].sort((a, b) => b.confidence - a.confidence);
}
