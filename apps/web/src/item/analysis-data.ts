import type { Media } from '@ams/sdk';

/**
 * The API types `labels` as unknown objects and may grow new analysis fields; these readers turn
 * whatever arrives into what the panel can show, and skip what they cannot understand.
 */

export interface NamedScore {
  name: string;
  /** 0..1, or null when the API gave none. */
  confidence: number | null;
}

export interface TranscriptLine {
  /** Seconds from the start, or null for untimed text. */
  start: number | null;
  text: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** 0.92 and 92 both mean 92%: providers differ in scale. */
function toFraction(value: unknown): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return null;
  return value > 1 ? Math.min(value / 100, 1) : value;
}

/** Labels or warnings, each a string or an object with a name (or label) and maybe a confidence. */
export function readNamedScores(items: unknown): NamedScore[] {
  if (!Array.isArray(items)) return [];
  return items.flatMap((item): NamedScore[] => {
    if (typeof item === 'string') return item.trim() ? [{ name: item, confidence: null }] : [];
    if (!isRecord(item)) return [];
    const name = item.name ?? item.label ?? item.Name;
    if (typeof name !== 'string' || !name.trim()) return [];
    return [{ name, confidence: toFraction(item.confidence ?? item.score ?? item.Confidence) }];
  });
}

/** Highest confidence first, unknown confidence last, as people scan a list of labels. */
export function byConfidence(a: NamedScore, b: NamedScore): number {
  return (b.confidence ?? -1) - (a.confidence ?? -1);
}

export function readStrings(items: unknown): string[] {
  return Array.isArray(items) ? items.filter((s): s is string => typeof s === 'string' && s.trim().length > 0) : [];
}

/** "1:15", "[01:02:05]" at the start of a line of transcript text. */
const TIMESTAMP_LINE = /^\s*\[?((?:\d+:)?\d{1,2}:\d{2})(?:\.\d+)?\]?\s*[-–:]?\s*(.*)$/;

function parseClock(clock: string): number {
  return clock.split(':').reduce((total, part) => total * 60 + Number(part), 0);
}

/**
 * The transcript as lines: timed speech segments when the API sends them (the analysis result's
 * `segments` of kind "audio", or `transcriptSegments`), else timestamped lines in the text, else
 * the plain text as one untimed line.
 */
export function readTranscript(analysis: Media['analysis']): TranscriptLine[] {
  const extra = analysis as unknown as Record<string, unknown>;
  const timed = [extra.transcriptSegments, extra.segments].flatMap((list) =>
    Array.isArray(list)
      ? list.flatMap((segment): TranscriptLine[] => {
          if (!isRecord(segment) || typeof segment.start !== 'number' || !Number.isFinite(segment.start)) return [];
          if (segment.kind !== undefined && segment.kind !== 'audio') return [];
          const text = segment.transcript ?? segment.text ?? segment.snippet;
          return typeof text === 'string' && text.trim() ? [{ start: Math.max(0, segment.start), text }] : [];
        })
      : [],
  );
  if (timed.length > 0) return timed.sort((a, b) => (a.start ?? 0) - (b.start ?? 0));

  const text = analysis.transcription?.trim();
  if (!text) return [];
  const lines = text.split(/\r?\n/).filter((line) => line.trim());
  const parsed = lines.map((line) => TIMESTAMP_LINE.exec(line));
  if (parsed.every((match) => match !== null))
    return parsed.map((match) => ({ start: parseClock(match![1]), text: match![2] }));
  return [{ start: null, text }];
}

/** Whether analysis produced anything worth a results section. */
export function hasAnyResult(analysis: Media['analysis']): boolean {
  return Boolean(
    analysis.summary ||
      analysis.facesCount !== null ||
      analysis.sentiment ||
      analysis.transcription ||
      readNamedScores(analysis.labels).length ||
      readStrings(analysis.text).length ||
      readStrings(analysis.keyPhrases).length,
  );
}
