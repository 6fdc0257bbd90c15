import type { ContentWarning, DetectedFace, DetectedLabel, TextLine } from '../../capabilities';

/** What one worker call can compute on an image; the pipeline usually asks for all four at once. */
export const CAPABILITIES = ['labels', 'faces', 'text', 'moderation'] as const;
export type Capability = (typeof CAPABILITIES)[number];

export interface CapabilityResults {
  labels: DetectedLabel[];
  faces: DetectedFace[];
  text: TextLine[];
  moderation: ContentWarning[];
}

/** Milliseconds spent per step inside the worker thread, for logs and benchmarks. */
export type VisionTimings = Partial<Record<Capability | 'decode', number>>;

export type VisionTask = { kind: 'analyze'; path: string; capabilities: Capability[] } | { kind: 'warm-up' };

/** Worker answers are plain data: errors thrown across the thread boundary lose their class and code. */
export type VisionTaskResult =
  | { ok: true; results: Partial<CapabilityResults>; timings: VisionTimings }
  | { ok: false; code: 'MEDIA_UNREADABLE' | 'FAILED'; message: string };
