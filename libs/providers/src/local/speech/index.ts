import type { SpeechTranscriber } from '../../capabilities';
import { LocalSpeechTranscriber } from './local-speech-transcriber';
import { PocketsphinxEngine, type PocketsphinxOptions } from './pocketsphinx';
import { DEFAULT_SEGMENT_RULES, type SegmentRules } from './segments';
import type { SpeechEngine } from './speech-engine';

export interface LocalSpeechOptions {
  /** Another recogniser; default pocketsphinx with `pocketsphinx` options. */
  engine?: SpeechEngine;
  pocketsphinx?: PocketsphinxOptions;
  segments?: Partial<SegmentRules>;
}

/** Offline English transcription (pocketsphinx unless another engine is given). */
export function createLocalSpeech(options: LocalSpeechOptions = {}): SpeechTranscriber {
  const engine = options.engine ?? new PocketsphinxEngine(options.pocketsphinx);
  return new LocalSpeechTranscriber(engine, { ...DEFAULT_SEGMENT_RULES, ...options.segments });
}

export { LocalSpeechTranscriber } from './local-speech-transcriber';
export { PocketsphinxEngine, type PocketsphinxOptions } from './pocketsphinx';
export type { SegmentRules, TimedWord } from './segments';
export type { SpeechEngine } from './speech-engine';
