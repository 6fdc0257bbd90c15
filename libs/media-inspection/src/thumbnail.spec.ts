import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { inspectMedia, writeThumbnail, type InspectionLimits } from '../src';
import { jpegWithStrayBytes, meanLuma, MediaFixtures } from '../test/media-fixtures';

const limits: InspectionLimits = { maxImagePixels: 100_000_000, maxVideoDurationSeconds: 600 };

let media: MediaFixtures;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'media-thumbnail-'));
  media = new MediaFixtures(dir);
});

afterAll(() => rm(dir, { recursive: true, force: true }));

/** Inspects then thumbnails a file; returns the thumbnail and what the written file really is. */
async function thumbnailOf(path: string) {
  const out = `${path}.thumb.webp`;
  const thumbnail = await writeThumbnail(path, await inspectMedia(path, limits), out);
  const written = await sharp(out).metadata();
  expect(thumbnail).toEqual({
    mimeType: 'image/webp',
    width: written.width,
    height: written.height,
    sizeBytes: (await stat(out)).size,
  });
  expect(written.format).toBe('webp');
  return { thumbnail, out };
}

describe('writeThumbnail', () => {
  it('shrinks a photo to 512 px on its longest side', async () => {
    const { thumbnail } = await thumbnailOf(await media.image('photo.jpg', 'jpeg', 2000, 1500));
    expect(thumbnail).toMatchObject({ width: 512, height: 384 });
  });

  it('keeps a portrait phone photo (EXIF orientation 6) portrait', async () => {
    const { thumbnail } = await thumbnailOf(await media.image('portrait.jpg', 'jpeg', 1600, 1200, 6));
    expect(thumbnail).toMatchObject({ width: 384, height: 512 });
  });

  it('thumbnails a camera JPEG that libjpeg only warns about', async () => {
    const clean = await media.image('clean.jpg', 'jpeg', 1024, 768);
    const path = await media.write('stray-bytes.jpg', await jpegWithStrayBytes(clean));
    expect((await thumbnailOf(path)).thumbnail).toMatchObject({ width: 512, height: 384 });
  });

  it('never enlarges a small image', async () => {
    const { thumbnail } = await thumbnailOf(await media.image('small.png', 'png', 100, 80));
    expect(thumbnail).toMatchObject({ width: 100, height: 80 });
  });

  it('takes the first frame of an animated GIF, and decodes a BMP through ffmpeg', async () => {
    const gif = await media.ffmpeg('animated.gif', ['-f', 'lavfi', '-i', 'testsrc=duration=1:size=160x120:rate=10']);
    expect((await thumbnailOf(gif)).thumbnail).toMatchObject({ width: 160, height: 120 });
    const bmp = await media.ffmpeg('picture.bmp', ['-f', 'lavfi', '-i', 'testsrc=size=1024x512', '-frames:v', '1']);
    expect((await thumbnailOf(bmp)).thumbnail).toMatchObject({ width: 512, height: 256 });
  });

  it('grabs a frame of a video', async () => {
    const { thumbnail } = await thumbnailOf(await media.video('clip.mp4', { audio: true, size: '1280x720' }));
    expect(thumbnail).toMatchObject({ width: 512, height: 288 });
  });

  it('skips the black opening of a video', async () => {
    const path = await media.ffmpeg('fade-in.mp4', [
      ...['-f', 'lavfi', '-i', 'color=c=black:size=320x240:rate=25:duration=1'],
      ...['-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25:duration=1'],
      ...['-filter_complex', '[0:v][1:v]concat=n=2:v=1:a=0', '-c:v', 'libx264', '-pix_fmt', 'yuv420p'],
    ]);
    const { out } = await thumbnailOf(path);
    expect(await meanLuma(out)).toBeGreaterThan(60);
  });

  it('keeps a video recorded in portrait portrait', async () => {
    const source = await media.video('landscape.mp4', { size: '640x360' });
    const path = await media.ffmpeg('rotated.mp4', ['-i', source, '-c', 'copy', '-metadata:s:v:0', 'rotate=90']);
    expect((await thumbnailOf(path)).thumbnail).toMatchObject({ width: 288, height: 512 });
  });

  it('stretches non-square pixels to what the viewer sees', async () => {
    // 720x576 with 16:15 pixels is PAL DV's 4:3 picture: 768x576 on screen.
    const path = await media.video('pal.mp4', {
      size: '720x576',
      codec: ['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-vf', 'setsar=16/15'],
    });
    expect((await thumbnailOf(path)).thumbnail).toMatchObject({ width: 512, height: 384 });
  });
});
