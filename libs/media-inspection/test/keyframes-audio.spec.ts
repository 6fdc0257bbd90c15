import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { extractAudio, extractKeyframes, MediaUnreadable, type Keyframe } from '../src';
import { MediaFixtures } from './media-fixtures';

const run = promisify(execFile);

let media: MediaFixtures;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'media-keyframes-'));
  media = new MediaFixtures(dir);
});

afterAll(() => rm(dir, { recursive: true, force: true }));

const h264 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'];

/** Solid-colour scenes of `seconds` each, one after another. */
function scenes(name: string, colours: string[], seconds: number, size = '640x360') {
  const inputs = colours.flatMap((colour) => ['-f', 'lavfi', '-i', `color=c=${colour}:s=${size}:d=${seconds}:r=25`]);
  const concat = `${colours.map((_, index) => `[${index}]`).join('')}concat=n=${colours.length}:v=1:a=0`;
  return media.ffmpeg(name, [...inputs, '-filter_complex', concat, ...h264]);
}

/** Festival reads `text` aloud; the WAV path and its duration. */
async function speech(name: string, text: string): Promise<{ path: string; seconds: number }> {
  const script = await media.write(`${name}.txt`, text);
  await run('text2wave', [script, '-F', '16000', '-o', media.path(`${name}.wav`)]);
  return { path: media.path(`${name}.wav`), seconds: await durationOf(media.path(`${name}.wav`)) };
}

async function durationOf(path: string): Promise<number> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', path]);
  return Number(stdout);
}

async function expectJpegFrames(frames: Keyframe[]) {
  for (const frame of frames) {
    const written = await sharp(frame.path).metadata();
    expect(written).toMatchObject({ format: 'jpeg', width: frame.width, height: frame.height });
  }
  const times = frames.map((frame) => frame.timeSeconds);
  expect(times).toEqual([...times].sort((a, b) => a - b));
}

describe('extractKeyframes', () => {
  it('takes a frame at the start of each scene, even between colours of equal brightness', async () => {
    // ffmpeg's red and green have nearly the same luma: a luma-only scene score would miss that cut.
    const video = await scenes('three-scenes.mp4', ['red', 'green', 'blue'], 3);

    const frames = await extractKeyframes(video, join(dir, 'three-scenes'));

    expect(frames.length).toBeGreaterThanOrEqual(3);
    for (const sceneStart of [0, 3, 6]) {
      expect(frames.some((frame) => Math.abs(frame.timeSeconds - sceneStart) <= 0.5)).toBe(true);
    }
    expect(frames[0]).toMatchObject({ width: 640, height: 360 });
    await expectJpegFrames(frames);
    const green = await sharp(frames.find((frame) => Math.abs(frame.timeSeconds - 3) <= 0.5)!.path).stats();
    expect(green.channels[1].mean).toBeGreaterThan(green.channels[0].mean + 50);
  });

  it('adds a frame every 10 seconds of a long static shot', async () => {
    const video = await media.ffmpeg('static.mp4', ['-f', 'lavfi', '-i', 'color=c=gray:s=320x240:d=125:r=5', ...h264]);

    const frames = await extractKeyframes(video, join(dir, 'static'));

    expect(frames.length).toBeGreaterThanOrEqual(12);
    expect(frames[0].timeSeconds).toBe(0);
    for (let index = 1; index < frames.length; index++) {
      expect(frames[index].timeSeconds - frames[index - 1].timeSeconds).toBeLessThanOrEqual(10.5);
    }
    await expectJpegFrames(frames);
  });

  it('keeps at most maxFrames, spread over the whole video, and deletes the rest', async () => {
    const video = media.path('static.mp4');
    const outDir = join(dir, 'capped');

    const frames = await extractKeyframes(video, outDir, { maxFrames: 4, everySeconds: 5 });

    expect(frames).toHaveLength(4);
    expect(frames[0].timeSeconds).toBe(0);
    expect(frames[3].timeSeconds).toBeGreaterThan(110);
    expect((await readdir(outDir)).sort()).toEqual(frames.map((frame) => frame.path.split('/').pop()).sort());
  });

  it('scales wide frames down to maxWidth, keeping the aspect ratio', async () => {
    const video = await scenes('full-hd.mp4', ['white', 'black'], 1, '1920x1080');

    const frames = await extractKeyframes(video, join(dir, 'full-hd'), { maxWidth: 640 });

    expect(frames.length).toBeGreaterThanOrEqual(2);
    expect(frames[0]).toMatchObject({ width: 640, height: 360 });
    await expectJpegFrames(frames);
  });

  it('rejects a file without a picture track, or not a media file at all, as unreadable', async () => {
    const audioOnly = await media.ffmpeg('tone.m4a', [
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440:duration=2',
      '-c:a',
      'aac',
    ]);
    const garbage = await media.random('garbage.mp4', 4096);

    for (const file of [audioOnly, garbage]) {
      const error = await extractKeyframes(file, join(dir, 'none')).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(MediaUnreadable);
      expect(error).toMatchObject({ code: 'MEDIA_UNREADABLE' });
    }
  });
});

describe('extractAudio', () => {
  it('cuts a video’s speech to a 16 kHz mono WAV of the same length', async () => {
    const voice = await speech('voice', 'Welcome to the quarterly review. Revenue grew by ten percent.');
    const video = await media.ffmpeg('talk.mp4', [
      ...['-f', 'lavfi', '-i', `color=c=gray:s=320x240:d=${voice.seconds}:r=10`, '-i', voice.path],
      ...['-shortest', ...h264, '-c:a', 'aac'],
    ]);

    const audio = await extractAudio(video, join(dir, 'talk.wav'));

    expect(audio?.path).toBe(join(dir, 'talk.wav'));
    expect(Math.abs(audio!.durationSeconds - voice.seconds)).toBeLessThan(0.15);
    const { stdout } = await run('ffprobe', [
      ...['-v', 'error', '-show_entries', 'stream=codec_name,sample_rate,channels', '-of', 'csv=p=0', audio!.path],
    ]);
    expect(stdout.trim()).toBe('pcm_s16le,16000,1');
    expect(await durationOf(audio!.path)).toBeCloseTo(audio!.durationSeconds, 2);
  });

  it('stops at maxSeconds', async () => {
    const audio = await extractAudio(
      await media.video('long-tone.mp4', { seconds: 6, audio: true }),
      join(dir, 'cut.wav'),
      {
        maxSeconds: 2,
      },
    );

    expect(audio!.durationSeconds).toBeCloseTo(2, 1);
  });

  it('takes the sound of an audio-only file', async () => {
    const tone = await media.ffmpeg('song.m4a', ['-f', 'lavfi', '-i', 'sine=frequency=440:duration=3', '-c:a', 'aac']);

    const audio = await extractAudio(tone, join(dir, 'song.wav'));

    expect(audio!.durationSeconds).toBeCloseTo(3, 1);
  });

  it('answers null for a video without sound, or whose audio track is empty, and leaves no file', async () => {
    const silent = await media.video('silent.mp4', { seconds: 1 });
    const emptyTrack = await media.ffmpeg('empty-track.mkv', [
      ...['-f', 'lavfi', '-i', 'color=c=gray:s=320x240:d=2:r=10'],
      ...['-f', 'lavfi', '-i', 'anullsrc=r=44100:cl=mono,atrim=end_sample=0'],
      ...['-map', '0:v', '-map', '1:a', ...h264, '-c:a', 'pcm_s16le'],
    ]);

    for (const video of [silent, emptyTrack]) {
      const out = `${video}.wav`;
      await expect(extractAudio(video, out)).resolves.toBeNull();
      await expect(readdir(dir)).resolves.not.toContain(out.split('/').pop());
    }
  });

  it('rejects a file that is not media as unreadable', async () => {
    const text = join(dir, 'notes.mp4');
    await writeFile(text, 'not a video at all');

    await expect(extractAudio(text, join(dir, 'notes.wav'))).rejects.toBeInstanceOf(MediaUnreadable);
  });
});
