import { join } from 'node:path';
import sharp from 'sharp';
import type { LabelResult, SegmentResult } from '@ams/contracts';
import { dominantColors, extractKeyframes, readExif } from '@ams/media-inspection';
import { unreadableMedia, type AnalysisProviders, type ImageInput, type StoredObject } from '@ams/providers';
import type { AnalysisFeatures } from '../jobs/job-plan';
import type { JobMeter } from './job-meter';

/** What image or video analysis found; stored as the job's result_data. */
export interface VisualFindings {
  labels: LabelResult[];
  facesCount: number;
  text: string[];
  contentWarnings: { name: string; confidence: number }[];
  celebrities: { name: string; confidence: number }[];
  dominantColors: { hex: string; name: string; fraction: number }[];
  exif: { takenAt?: string; camera?: string; gps?: { latitude: number; longitude: number } };
  segments: SegmentResult[];
  providers: Record<string, string>;
}

/** Frames the models see: large enough for small text, small enough to keep a pass under a second. */
const ANALYSIS_MAX_SIDE = 1920;
/** Formats every provider reads in place; anything else is re-encoded first. */
const PROVIDER_FORMATS = new Set(['image/jpeg', 'image/png']);

export interface KeyframeOptions {
  everySeconds: number;
  maxFrames: number;
}

export type ProgressCallback = (fraction: number) => void;

/** Image and video analysis over the configured providers. Holds no state between files. */
export class VisualAnalysis {
  constructor(
    private readonly providers: AnalysisProviders,
    private readonly keyframes: KeyframeOptions,
  ) {}

  async analyseImage(
    original: { path: string; mimeType: string; stored?: StoredObject },
    workDir: string,
    features: AnalysisFeatures,
    meter: JobMeter,
  ): Promise<VisualFindings> {
    const image = await this.prepare(original, workDir);
    const [frame, exif, colors] = await Promise.all([
      this.analyseFrame(image, features, meter),
      readExif(original.path),
      dominantColors(image.path),
    ]);
    return {
      ...frame,
      dominantColors: colors,
      exif: pickExif(exif),
      segments: [],
      providers: this.providerNames(features),
    };
  }

  /**
   * Keyframes at scene changes (and every few seconds in long scenes), each analysed like a
   * photo; the file's labels are the union, faces the most seen at once.
   */
  async analyseVideo(
    path: string,
    durationSeconds: number,
    workDir: string,
    features: AnalysisFeatures,
    meter: JobMeter,
    onProgress: ProgressCallback,
    stored?: StoredObject & { mimeType: string },
  ): Promise<VisualFindings> {
    const { video } = this.providers;
    if (video && stored?.backend === 's3') {
      // A whole-video API (Rekognition Video) reads the object in place and keeps its own time segments.
      const found = await meter.call('video', video.provider, (ctx) =>
        video.analyzeVideo({ path, durationSeconds, stored }, features, ctx),
      );
      const segments: SegmentResult[] = found.map(({ start, end, labels, facesCount, text }) => ({
        kind: 'visual',
        start,
        end,
        labels: labels.map(({ name, confidence, instances, parents }) => ({ name, confidence, instances, parents })),
        facesCount,
        text,
      }));
      return {
        ...mergeFrames(
          segments.map((segment, i) => ({
            ...segment,
            contentWarnings: found[i].contentWarnings,
            celebrities: found[i].celebrities,
          })),
        ),
        dominantColors: [],
        exif: {},
        segments,
        providers: { video: video.provider },
      };
    }
    const frames = await extractKeyframes(path, join(workDir, 'keyframes'), {
      everySeconds: this.keyframes.everySeconds,
      maxFrames: this.keyframes.maxFrames,
    });
    if (frames.length === 0) throw unreadableMedia('No picture could be read from this video.');
    onProgress(0.1);
    const segments: SegmentResult[] = [];
    const perFrame: FrameFindings[] = [];
    for (const [index, frame] of frames.entries()) {
      const found = await this.analyseFrame(frame, features, meter);
      perFrame.push(found);
      const end = frames[index + 1]?.timeSeconds ?? Math.max(frame.timeSeconds, durationSeconds);
      segments.push({
        kind: 'visual',
        start: frame.timeSeconds,
        end,
        labels: found.labels,
        facesCount: found.facesCount,
        text: found.text,
      });
      onProgress(0.1 + (0.85 * (index + 1)) / frames.length);
    }
    const colors = await dominantColors(frames[0].path);
    return {
      ...mergeFrames(perFrame),
      dominantColors: colors,
      exif: {},
      segments,
      providers: this.providerNames(features),
    };
  }

  private async analyseFrame(image: ImageInput, features: AnalysisFeatures, meter: JobMeter): Promise<FrameFindings> {
    const { labels, faces, text, moderation, celebrities } = this.providers;
    const [found, faceList, lines, warnings, famous] = await Promise.all([
      meter.call('labels', labels.provider, (ctx) => labels.detectLabels(image, ctx)),
      meter.call('faces', faces.provider, (ctx) => faces.detectFaces(image, ctx)),
      meter.call('text', text.provider, (ctx) => text.readText(image, ctx)),
      features.moderation
        ? meter.call('moderation', moderation.provider, (ctx) => moderation.moderate(image, ctx))
        : [],
      features.celebrities && celebrities
        ? meter.call('celebrities', celebrities.provider, (ctx) => celebrities.recognizeCelebrities(image, ctx))
        : [],
    ]);
    return {
      labels: found.map(({ name, confidence, instances, parents }) => ({ name, confidence, instances, parents })),
      facesCount: faceList.length,
      text: lines.map((line) => line.text),
      contentWarnings: warnings,
      celebrities: famous,
    };
  }

  /** Upright, at most ANALYSIS_MAX_SIDE, in a format every provider reads. */
  private async prepare(
    original: { path: string; mimeType: string; stored?: StoredObject },
    workDir: string,
  ): Promise<ImageInput> {
    try {
      const meta = await sharp(original.path).metadata();
      const width = meta.autoOrient?.width ?? meta.width;
      const height = meta.autoOrient?.height ?? meta.height;
      const upright = (meta.orientation ?? 1) === 1;
      const small = Math.max(width, height) <= ANALYSIS_MAX_SIDE;
      if (upright && small && PROVIDER_FORMATS.has(original.mimeType)) {
        return { path: original.path, width, height, stored: original.stored };
      }
      const path = join(workDir, 'analysis.jpg');
      const info = await sharp(original.path, { failOn: 'error' })
        .rotate()
        .resize({ width: ANALYSIS_MAX_SIDE, height: ANALYSIS_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
        .jpeg({ quality: 90 })
        .toFile(path);
      return { path, width: info.width, height: info.height };
    } catch (error) {
      throw unreadableMedia('This image could not be decoded; it may be truncated or corrupt.', error);
    }
  }

  private providerNames(features: AnalysisFeatures): Record<string, string> {
    const { labels, faces, text, moderation, celebrities } = this.providers;
    return {
      labels: labels.provider,
      faces: faces.provider,
      text: text.provider,
      ...(features.moderation ? { moderation: moderation.provider } : {}),
      ...(features.celebrities && celebrities ? { celebrities: celebrities.provider } : {}),
    };
  }
}

type FrameFindings = Pick<VisualFindings, 'labels' | 'facesCount' | 'text' | 'contentWarnings' | 'celebrities'>;

function pickExif(exif: Awaited<ReturnType<typeof readExif>>): VisualFindings['exif'] {
  return { takenAt: exif.takenAt, camera: exif.camera, gps: exif.gps };
}

/** One view of a whole video from its frames: strongest evidence per label, most faces at once. */
export function mergeFrames(frames: FrameFindings[]): FrameFindings {
  const labels = new Map<string, LabelResult>();
  const warnings = new Map<string, number>();
  const celebrities = new Map<string, number>();
  const text = new Set<string>();
  let facesCount = 0;
  for (const frame of frames) {
    for (const label of frame.labels) {
      const seen = labels.get(label.name);
      labels.set(label.name, {
        ...label,
        confidence: Math.max(label.confidence, seen?.confidence ?? 0),
        instances: Math.max(label.instances ?? 0, seen?.instances ?? 0) || undefined,
      });
    }
    for (const warning of frame.contentWarnings)
      warnings.set(warning.name, Math.max(warning.confidence, warnings.get(warning.name) ?? 0));
    for (const person of frame.celebrities)
      celebrities.set(person.name, Math.max(person.confidence, celebrities.get(person.name) ?? 0));
    frame.text.forEach((line) => text.add(line));
    facesCount = Math.max(facesCount, frame.facesCount);
  }
  const byConfidence = (a: { confidence: number }, b: { confidence: number }) => b.confidence - a.confidence;
  return {
    labels: [...labels.values()].sort(byConfidence),
    facesCount,
    text: [...text],
    contentWarnings: [...warnings].map(([name, confidence]) => ({ name, confidence })).sort(byConfidence),
    celebrities: [...celebrities].map(([name, confidence]) => ({ name, confidence })).sort(byConfidence),
  };
}
