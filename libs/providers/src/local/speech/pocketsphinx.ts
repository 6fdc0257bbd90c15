import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ProviderError, providerUnavailable } from '../../errors';
import type { TimedWord } from './segments';
import type { SpeechEngine } from './speech-engine';

export interface PocketsphinxOptions {
  /** Default `pocketsphinx_continuous` (Debian's `pocketsphinx` package). */
  binary?: string;
  /** Default Debian's `pocketsphinx-en-us`: `/usr/share/pocketsphinx/model/en-us`. */
  modelDir?: string;
  /** Milliseconds allowed before any audio, plus per second of audio. */
  timeoutBaseMs?: number;
  timeoutPerAudioSecondMs?: number;
}

const DEFAULT_MODEL_DIR = '/usr/share/pocketsphinx/model/en-us';
// Word lines of `-time yes`: "word start end posterior"; the hypothesis lines have no numbers.
const WORD_LINE = /^(\S+) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)$/;

/** CMU PocketSphinx 5prealpha through its CLI: offline, ~0.2× real time, fair on clear speech. */
export class PocketsphinxEngine implements SpeechEngine {
  readonly name = 'pocketsphinx';
  private readonly binary: string;
  private readonly model: { hmm: string; lm: string; dict: string };
  private readonly timeoutBaseMs: number;
  private readonly timeoutPerAudioSecondMs: number;
  private modelChecked?: Promise<void>;

  constructor(options: PocketsphinxOptions = {}) {
    const modelDir = options.modelDir ?? DEFAULT_MODEL_DIR;
    this.binary = options.binary ?? 'pocketsphinx_continuous';
    this.model = {
      hmm: join(modelDir, 'en-us'),
      lm: join(modelDir, 'en-us.lm.bin'),
      dict: join(modelDir, 'cmudict-en-us.dict'),
    };
    this.timeoutBaseMs = options.timeoutBaseMs ?? 30_000;
    this.timeoutPerAudioSecondMs = options.timeoutPerAudioSecondMs ?? 2_000;
  }

  async recognize(wavPath: string, durationSeconds: number, signal?: AbortSignal): Promise<TimedWord[][]> {
    this.modelChecked ??= this.checkModel();
    await this.modelChecked;
    const args = ['-infile', resolve(wavPath), '-time', 'yes', '-logfn', '/dev/null'];
    args.push('-hmm', this.model.hmm, '-lm', this.model.lm, '-dict', this.model.dict);
    const stdout = await this.run(args, durationSeconds, signal);
    return parseWordTimes(stdout);
  }

  private async checkModel(): Promise<void> {
    for (const path of Object.values(this.model)) {
      await access(path).catch(() => {
        this.modelChecked = undefined;
        throw misconfigured(`the pocketsphinx model file ${path} is missing (apt-get install pocketsphinx-en-us)`);
      });
    }
  }

  private run(args: string[], durationSeconds: number, signal?: AbortSignal): Promise<string> {
    const timeoutMs = Math.round(this.timeoutBaseMs + durationSeconds * this.timeoutPerAudioSecondMs);
    // About 60 bytes a word, a few words a second, twice (hypothesis and word lines): generous.
    const maxBuffer = (1 << 20) + Math.ceil(durationSeconds) * 4096;
    return new Promise((resolvePromise, reject) => {
      const child = execFile(
        this.binary,
        args,
        { timeout: timeoutMs, maxBuffer, killSignal: 'SIGKILL', encoding: 'utf8', signal },
        (error, stdout) => {
          if (!error) return resolvePromise(stdout);
          reject(classifyFailure(this.binary, error, timeoutMs));
        },
      );
      child.stdin?.end();
    });
  }
}

/** Utterances of real words: fillers (<s>, <sil>, [NOISE]) dropped, "and(2)" variants named plainly. */
export function parseWordTimes(stdout: string): TimedWord[][] {
  const utterances: TimedWord[][] = [];
  let current: TimedWord[] = [];
  for (const line of stdout.split('\n')) {
    const match = WORD_LINE.exec(line.trim());
    if (!match) continue;
    const [, token, start, end, posterior] = match;
    if (token === '<s>' || token === '</s>') {
      if (current.length > 0) utterances.push(current);
      current = [];
      continue;
    }
    const word = token.replace(/\(\d+\)$/, '');
    if (isFiller(word)) continue;
    current.push({ word, start: Number(start), end: Number(end), confidence: Math.min(1, Number(posterior)) });
  }
  if (current.length > 0) utterances.push(current);
  return utterances;
}

function isFiller(word: string): boolean {
  return /^(<.*>|\[.*\]|\+\+.*\+\+)$/.test(word) || word.length === 0;
}

function classifyFailure(binary: string, error: Error, timeoutMs: number): ProviderError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') {
    return misconfigured(`${binary} is not installed or not on PATH (apt-get install pocketsphinx pocketsphinx-en-us)`);
  }
  if (error.name === 'AbortError') return providerUnavailable('local', 'transcription was cancelled', error);
  if (code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
    return providerUnavailable('local', `${binary} wrote more output than expected`, error);
  }
  if ((error as { killed?: boolean }).killed) {
    return providerUnavailable('local', `${binary} took longer than ${Math.round(timeoutMs / 1000)} s`, error);
  }
  return providerUnavailable('local', `${binary} failed (exit ${String(code)})`, error);
}

/** A broken deployment, not a bad upload and not worth retrying until someone fixes it. */
function misconfigured(message: string): ProviderError {
  return new ProviderError('PROVIDER_MISCONFIGURED', `local speech: ${message}`, false);
}
