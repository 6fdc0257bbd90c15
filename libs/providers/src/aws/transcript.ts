import { z } from 'zod';
import type { Transcript, TranscriptSegment } from '../capabilities';

/** The parts of Transcribe's output JSON (`TranscriptFileUri`) that the conversion reads. */
export const transcribeOutputSchema = z.object({
  results: z.object({
    transcripts: z.array(z.object({ transcript: z.string() })).default([]),
    items: z
      .array(
        z.object({
          type: z.enum(['pronunciation', 'punctuation']),
          start_time: z.string().optional(),
          end_time: z.string().optional(),
          alternatives: z.array(z.object({ content: z.string(), confidence: z.string().optional() })).min(1),
        }),
      )
      .default([]),
    language_code: z.string().optional(),
  }),
});

export type TranscribeOutput = z.infer<typeof transcribeOutputSchema>;

const SENTENCE_END = /[.!?。！？]$/;
/** A silence longer than this starts a new segment even without punctuation. */
const PAUSE_SECONDS = 1;

interface Word {
  text: string;
  start: number;
  end: number;
  confidence?: number;
}

/**
 * Words with their times, punctuation attached to the word before it, cut into segments at
 * sentence-ending punctuation or at pauses over a second.
 */
export function toTranscript(output: TranscribeOutput, language?: string): Transcript {
  const segments: TranscriptSegment[] = [];
  let sentence: Word[] = [];
  const close = () => {
    if (sentence.length > 0) segments.push(toSegment(sentence));
    sentence = [];
  };

  for (const item of output.results.items) {
    const { content, confidence } = item.alternatives[0];
    const last = sentence.at(-1);
    if (item.type === 'punctuation') {
      if (!last) continue;
      last.text += content;
      if (SENTENCE_END.test(content)) close();
      continue;
    }
    const start = Number(item.start_time ?? last?.end ?? 0);
    if (last && start - last.end > PAUSE_SECONDS) close();
    sentence.push({
      text: content,
      start,
      end: Number(item.end_time ?? start),
      confidence: confidence === undefined ? undefined : Number(confidence),
    });
  }
  close();

  const text = output.results.transcripts
    .map((t) => t.transcript)
    .join(' ')
    .trim();
  return {
    text: text || segments.map((segment) => segment.text).join(' '),
    segments,
    ...((language ?? output.results.language_code) && { language: language ?? output.results.language_code }),
  };
}

function toSegment(words: Word[]): TranscriptSegment {
  const confidences = words.flatMap((word) => (word.confidence === undefined ? [] : [word.confidence]));
  return {
    start: words[0].start,
    end: words[words.length - 1].end,
    text: words.map((word) => word.text).join(' '),
    ...(confidences.length > 0 && {
      confidence: Math.round((confidences.reduce((sum, c) => sum + c, 0) / confidences.length) * 10_000) / 10_000,
    }),
  };
}
