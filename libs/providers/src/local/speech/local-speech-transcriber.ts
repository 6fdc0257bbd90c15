import type { AudioInput, CallContext, SpeechTranscriber, Transcript } from '../../capabilities';
import { unreadableMedia } from '../../errors';
import { DEFAULT_SEGMENT_RULES, toTranscript, type SegmentRules } from './segments';
import type { SpeechEngine } from './speech-engine';
import { readWavFormat } from './wav';

// Shorter than any word: nothing to recognise, so no process is started.
const MIN_SPEECH_SECONDS = 0.1;

/** Offline transcription: checks the WAV, asks the engine for timed words, groups them into phrases. */
export class LocalSpeechTranscriber implements SpeechTranscriber {
  readonly provider = 'local';

  constructor(
    private readonly engine: SpeechEngine,
    private readonly rules: SegmentRules = DEFAULT_SEGMENT_RULES,
  ) {}

  async transcribe(audio: AudioInput, context: CallContext): Promise<Transcript> {
    const wav = await readWavFormat(audio.path);
    if (wav.sampleRate !== 16_000 || wav.channels !== 1 || wav.bitsPerSample !== 16) {
      throw unreadableMedia(
        `Expected 16 kHz mono 16-bit WAV, got ${wav.sampleRate} Hz, ${wav.channels} channel(s), ${wav.bitsPerSample}-bit.`,
      );
    }
    if (wav.durationSeconds < MIN_SPEECH_SECONDS) return { text: '', segments: [], language: 'en' };
    const utterances = await this.engine.recognize(audio.path, wav.durationSeconds, context.signal);
    return toTranscript(utterances, this.rules);
  }
}
