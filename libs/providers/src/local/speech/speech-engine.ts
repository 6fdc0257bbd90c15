import type { TimedWord } from './segments';

/**
 * A recogniser behind the local transcriber: swap pocketsphinx for whisper.cpp or Vosk by
 * implementing this. Input is a 16 kHz mono 16-bit WAV.
 */
export interface SpeechEngine {
  readonly name: string;
  /** Utterances (runs of speech between silences), each a list of timed words, in order. */
  recognize(wavPath: string, durationSeconds: number, signal?: AbortSignal): Promise<TimedWord[][]>;
}
