import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { CallContext } from '../src/capabilities';
import { ProviderError } from '../src/errors';
import { createLocalSpeech } from '../src/local/speech';
import { parseWordTimes } from '../src/local/speech/pocketsphinx';

const run = promisify(execFile);
const context: CallContext = { userId: 'user-1', mediaId: 'media-1', jobId: 'job-1', recordUsage: () => undefined };

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'local-speech-'));
});

afterAll(() => rm(dir, { recursive: true, force: true }));

/** Festival reads `text` aloud into a 16 kHz mono WAV. */
async function spoken(name: string, text: string): Promise<{ path: string; durationSeconds: number }> {
  const script = join(dir, `${name}.txt`);
  const path = join(dir, `${name}.wav`);
  await writeFile(script, text);
  await run('text2wave', [script, '-F', '16000', '-o', path]);
  return { path, durationSeconds: await durationOf(path) };
}

/** A WAV as ffmpeg writes it (with a LIST chunk before the data). */
async function generated(name: string, source: string, seconds: number, rate = 16000) {
  const path = join(dir, `${name}.wav`);
  const args = [
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    source,
    '-t',
    String(seconds),
    '-ar',
    String(rate),
    '-ac',
    '1',
  ];
  await run('ffmpeg', [...args, '-c:a', 'pcm_s16le', path]);
  return { path, durationSeconds: seconds };
}

async function durationOf(path: string): Promise<number> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', path]);
  return Number(stdout);
}

const words = (text: string): string[] => text.toLowerCase().match(/[a-z']+/g) ?? [];

describe('local speech (pocketsphinx)', () => {
  const speech = createLocalSpeech();

  it('transcribes clear speech into timed phrases with most of the words right', async () => {
    const sentence = 'We discussed quarterly revenue and the new product launch. Remember to save your work.';
    const audio = await spoken('sentence', sentence);

    const transcript = await speech.transcribe(audio, context);

    const heard = new Set(words(transcript.text));
    const expected = words(sentence);
    expect(expected.filter((word) => heard.has(word)).length / expected.length).toBeGreaterThanOrEqual(0.7);
    expect(transcript.language).toBe('en');
    expect(transcript.segments.length).toBeGreaterThanOrEqual(1);
    expect(transcript.text).toBe(transcript.segments.map((segment) => segment.text).join(' '));
    let previousEnd = 0;
    for (const segment of transcript.segments) {
      expect(segment.start).toBeGreaterThanOrEqual(previousEnd);
      expect(segment.end).toBeGreaterThan(segment.start);
      expect(segment.end).toBeLessThanOrEqual(audio.durationSeconds + 0.1);
      expect(segment.confidence).toBeGreaterThan(0);
      expect(segment.confidence).toBeLessThanOrEqual(1);
      expect(segment.text).not.toMatch(/<|\[|\(\d\)/);
      previousEnd = segment.end;
    }
  });

  it('splits speech at a long pause into separate segments', async () => {
    const first = await spoken('first', 'The quick brown fox jumps over the lazy dog.');
    const second = await spoken('second', 'Please call me back tomorrow morning.');
    const path = join(dir, 'paused.wav');
    const filter = '[0][1][2]concat=n=3:v=0:a=1';
    const silence = ['-f', 'lavfi', '-t', '2', '-i', 'anullsrc=r=16000:cl=mono'];
    await run('ffmpeg', [
      '-v',
      'error',
      '-y',
      '-i',
      first.path,
      ...silence,
      '-i',
      second.path,
      '-filter_complex',
      filter,
      path,
    ]);

    const transcript = await speech.transcribe({ path, durationSeconds: await durationOf(path) }, context);

    expect(transcript.segments.length).toBeGreaterThanOrEqual(2);
    const afterPause = transcript.segments.find((segment) => words(segment.text).includes('tomorrow'));
    expect(afterPause?.start).toBeGreaterThan(first.durationSeconds + 1);
  });

  it('returns an empty transcript for silence and for a zero-length WAV', async () => {
    const silence = await generated('silence', 'anullsrc=r=16000:cl=mono', 3);
    const empty = await generated('empty', 'anullsrc=r=16000:cl=mono', 0);

    for (const audio of [silence, empty]) {
      await expect(speech.transcribe(audio, context)).resolves.toEqual({ text: '', segments: [], language: 'en' });
    }
  });

  it('refuses audio that is not 16 kHz mono WAV as unreadable, without retry', async () => {
    const wrongRate = await generated('44k', 'sine=frequency=440', 1, 44100);
    const notWav = join(dir, 'not.wav');
    await writeFile(notWav, 'definitely not audio');

    for (const audio of [wrongRate, { path: notWav, durationSeconds: 1 }]) {
      await expect(speech.transcribe(audio, context)).rejects.toMatchObject({
        code: 'MEDIA_UNREADABLE',
        retryable: false,
      });
    }
  });

  it('fails without retry, saying what to install, when pocketsphinx is missing', async () => {
    const audio = await generated('tone', 'sine=frequency=440', 1);
    const missing = createLocalSpeech({ pocketsphinx: { binary: 'pocketsphinx_not_installed' } });

    const error = await missing.transcribe(audio, context).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ code: 'PROVIDER_MISCONFIGURED', retryable: false });
    expect((error as Error).message).toMatch(/not installed/);
  });

  it('reads word times and drops fillers, silences and pronunciation variants', () => {
    const stdout = [
      'the cat and',
      '<s> 0.110 0.200 1.000300',
      'the 0.210 0.320 0.463945',
      '<sil> 0.330 0.600 0.9',
      '[NOISE] 0.610 0.700 0.9',
      'cat 0.710 1.000 0.8',
      'and(2) 1.010 1.300 0.7',
      '</s> 1.310 1.400 1.000000',
    ].join('\n');

    expect(parseWordTimes(stdout)).toEqual([
      [
        { word: 'the', start: 0.21, end: 0.32, confidence: 0.463945 },
        { word: 'cat', start: 0.71, end: 1, confidence: 0.8 },
        { word: 'and', start: 1.01, end: 1.3, confidence: 0.7 },
      ],
    ]);
  });
});
