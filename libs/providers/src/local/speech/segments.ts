import type { Transcript, TranscriptSegment } from '../../capabilities';

/** One recognised word with its times (seconds from the start of the audio). */
export interface TimedWord {
  word: string;
  start: number;
  end: number;
  confidence?: number;
}

export interface SegmentRules {
  /** A silence longer than this starts a new segment. */
  pauseSeconds: number;
  maxSegmentWords: number;
  maxSegmentSeconds: number;
}

export const DEFAULT_SEGMENT_RULES: SegmentRules = { pauseSeconds: 0.6, maxSegmentWords: 24, maxSegmentSeconds: 12 };

/**
 * Groups an engine's utterances (each a run of words between its own silences) into phrase
 * segments: a new one at each utterance, at a pause, or when one grows too long.
 */
export function toTranscript(utterances: TimedWord[][], rules: SegmentRules = DEFAULT_SEGMENT_RULES): Transcript {
  const segments: TranscriptSegment[] = [];
  for (const words of utterances) {
    let current: TimedWord[] = [];
    for (const word of words) {
      if (current.length > 0 && startsNewSegment(current, word, rules)) {
        segments.push(segmentOf(current));
        current = [];
      }
      current.push(word);
    }
    if (current.length > 0) segments.push(segmentOf(current));
  }
  return { text: segments.map((segment) => segment.text).join(' '), segments, language: 'en' };
}

function startsNewSegment(current: TimedWord[], next: TimedWord, rules: SegmentRules): boolean {
  const last = current[current.length - 1];
  return (
    next.start - last.end > rules.pauseSeconds ||
    current.length >= rules.maxSegmentWords ||
    next.end - current[0].start > rules.maxSegmentSeconds
  );
}

function segmentOf(words: TimedWord[]): TranscriptSegment {
  const segment: TranscriptSegment = {
    start: round(words[0].start),
    end: round(words[words.length - 1].end),
    text: words.map((word) => word.word).join(' '),
  };
  const confidences = words.map((word) => word.confidence).filter((value): value is number => value !== undefined);
  if (confidences.length > 0) {
    segment.confidence = round(confidences.reduce((sum, value) => sum + value, 0) / confidences.length);
  }
  return segment;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
