import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DomainError } from '@ams/contracts';
import { ACCEPTED_MIME_TYPES, inspectMedia, type InspectionLimits } from '../src';
import { jpegWithStrayBytes, MediaFixtures, pngDeclaring, pngWithChunk, zipArchive } from '../test/media-fixtures';
import { HEIC_64X48_BASE64 } from '../test/heic-sample';

const limits: InspectionLimits = { maxImagePixels: 100_000_000, maxVideoDurationSeconds: 600 };

let media: MediaFixtures;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'media-inspection-'));
  media = new MediaFixtures(dir);
});

afterAll(() => rm(dir, { recursive: true, force: true }));

/** The DomainError inspectMedia refused a file with. */
async function refusal(path: string, withLimits = limits): Promise<DomainError> {
  try {
    await inspectMedia(path, withLimits);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error(`expected ${path} to be refused`);
}

describe('inspectMedia on images', () => {
  it.each([
    ['jpeg', 'image/jpeg', 'jpg'],
    ['png', 'image/png', 'png'],
    ['webp', 'image/webp', 'webp'],
    ['gif', 'image/gif', 'gif'],
    ['tiff', 'image/tiff', 'tif'],
    ['avif', 'image/avif', 'avif'],
  ] as const)('reads a %s by its bytes, whatever its name', async (format, mimeType, extension) => {
    const path = await media.image(`${format}-named.bin`, format, 640, 480);
    await expect(inspectMedia(path, limits)).resolves.toEqual({
      kind: 'image',
      mimeType,
      extension,
      sizeBytes: (await stat(path)).size,
      width: 640,
      height: 480,
    });
  });

  it('reads a BMP, which only ffmpeg decodes', async () => {
    const path = await media.ffmpeg('picture.bmp', ['-f', 'lavfi', '-i', 'testsrc=size=200x100', '-frames:v', '1']);
    await expect(inspectMedia(path, limits)).resolves.toMatchObject({
      kind: 'image',
      mimeType: 'image/bmp',
      extension: 'bmp',
      width: 200,
      height: 100,
    });
  });

  it('reports a portrait phone photo (EXIF orientation 6) in portrait', async () => {
    const path = await media.image('portrait.jpg', 'jpeg', 640, 480, 6);
    await expect(inspectMedia(path, limits)).resolves.toMatchObject({ width: 480, height: 640 });
  });

  it('accepts a camera JPEG that libjpeg only warns about (stray bytes before a marker)', async () => {
    const clean = await media.image('clean.jpg', 'jpeg', 320, 240);
    const path = await media.write('stray-bytes.jpg', await jpegWithStrayBytes(clean));
    await expect(inspectMedia(path, limits)).resolves.toMatchObject({ mimeType: 'image/jpeg', width: 320 });
  });

  it('reads the first frame of an animated GIF', async () => {
    const path = await media.ffmpeg('animated.gif', ['-f', 'lavfi', '-i', 'testsrc=duration=1:size=160x120:rate=10']);
    await expect(inspectMedia(path, limits)).resolves.toMatchObject({ mimeType: 'image/gif', width: 160, height: 120 });
  });

  it('keeps a motion photo (a JPEG with a video after its end), as phones make them', async () => {
    const photo = await media.image('motion-still.jpg', 'jpeg', 320, 240);
    const clip = await media.video('motion-clip.mp4');
    const path = await media.concat('motion-photo.jpg', photo, clip);
    await expect(inspectMedia(path, limits)).resolves.toMatchObject({ mimeType: 'image/jpeg', width: 320 });
  });

  it('lists only types that decode here: no HEIC, which needs an HEVC decoder', () => {
    expect(ACCEPTED_MIME_TYPES).toEqual(expect.arrayContaining(['image/jpeg', 'image/avif', 'video/quicktime']));
    expect(ACCEPTED_MIME_TYPES).not.toContain('image/heic');
    expect(ACCEPTED_MIME_TYPES).not.toContain('image/heif');
  });
});

describe('inspectMedia on videos', () => {
  it('reads an MP4 with sound: duration, frame rate, dimensions', async () => {
    const path = await media.video('clip.mp4', { audio: true });
    await expect(inspectMedia(path, limits)).resolves.toEqual({
      kind: 'video',
      mimeType: 'video/mp4',
      extension: 'mp4',
      sizeBytes: (await stat(path)).size,
      width: 320,
      height: 240,
      durationSeconds: expect.closeTo(2, 1),
      frameRate: 25,
      hasAudio: true,
    });
  });

  it('says a silent video has no audio', async () => {
    const path = await media.video('silent.mp4');
    await expect(inspectMedia(path, limits)).resolves.toMatchObject({ hasAudio: false, frameRate: 25 });
  });

  it.each([
    ['clip.mov', 'video/quicktime', 'mov', ['-f', 'mov']],
    ['clip.webm', 'video/webm', 'webm', ['-c:v', 'libvpx-vp9', '-b:v', '200k', '-c:a', 'libopus']],
    ['clip.mkv', 'video/x-matroska', 'mkv', ['-c:v', 'libx264', '-c:a', 'aac']],
    ['clip.avi', 'video/x-msvideo', 'avi', ['-c:v', 'mpeg4', '-c:a', 'libmp3lame']],
    ['clip.3gp', 'video/3gpp', '3gp', ['-c:v', 'libx264', '-c:a', 'aac', '-f', '3gp']],
    ['clip.ts', 'video/mp2t', 'ts', ['-c:v', 'libx264', '-c:a', 'aac']],
    ['clip.mpg', 'video/mpeg', 'mpg', ['-c:v', 'mpeg2video', '-c:a', 'mp2', '-f', 'vob']],
    ['clip.m4v', 'video/mp4', 'mp4', ['-c:v', 'libx264', '-c:a', 'aac', '-f', 'ipod']],
  ])('reads %s as %s', async (name, mimeType, extension, codec) => {
    const path = await media.video(name, { audio: true, codec });
    const inspected = await inspectMedia(path, limits);
    expect(inspected).toMatchObject({ kind: 'video', mimeType, extension, width: 320, height: 240, hasAudio: true });
    expect(inspected.durationSeconds).toBeCloseTo(2, 0);
    expect(inspected.frameRate).toBe(25);
  });

  it('reports a video recorded in portrait (rotation metadata) in portrait', async () => {
    const source = await media.video('landscape.mp4');
    const path = await media.ffmpeg('rotated.mp4', ['-i', source, '-c', 'copy', '-metadata:s:v:0', 'rotate=90']);
    await expect(inspectMedia(path, limits)).resolves.toMatchObject({ width: 240, height: 320 });
  });

  it('refuses a video over the duration limit, and accepts it without one', async () => {
    const path = await media.video('long.mp4', { seconds: 5, size: '64x48' });
    const error = await refusal(path, { ...limits, maxVideoDurationSeconds: 3 });
    expect(error.code).toBe('VIDEO_TOO_LONG');
    expect(error.details).toEqual({ durationSeconds: 5, maxSeconds: 3 });
    await expect(inspectMedia(path, { ...limits, maxVideoDurationSeconds: null })).resolves.toMatchObject({
      durationSeconds: 5,
    });
  });
});

describe('inspectMedia refusals', () => {
  it('refuses an empty file', async () => {
    expect((await refusal(await media.write('empty.jpg', ''))).code).toBe('FILE_EMPTY');
  });

  it('refuses random bytes named like a PNG', async () => {
    const error = await refusal(await media.random('x.png', 4096));
    expect(error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(error.details).toEqual({ detected: null });
  });

  it('refuses a PDF and plain text', async () => {
    const pdf = await media.write('doc.jpg', '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n');
    expect((await refusal(pdf)).details).toEqual({ detected: 'application/pdf' });
    const text = await media.write('notes.mp4', 'just some notes, nothing to see\n'.repeat(50));
    expect((await refusal(text)).code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses audio-only files: M4A, MP3, an MP4 without video, and one whose only picture is cover art', async () => {
    const m4a = await media.ffmpeg('song.m4a', ['-f', 'lavfi', '-i', 'sine=duration=1', '-c:a', 'aac', '-f', 'ipod']);
    const mp3 = await media.ffmpeg('song.mp3', ['-f', 'lavfi', '-i', 'sine=duration=1', '-c:a', 'libmp3lame']);
    const mp4 = await media.ffmpeg('song.mp4', ['-f', 'lavfi', '-i', 'sine=duration=1', '-c:a', 'aac']);
    const cover = await media.image('cover.png', 'png', 64, 64);
    const withCover = await media.ffmpeg('song-with-cover.mp4', [
      ...['-f', 'lavfi', '-i', 'sine=duration=1', '-i', cover, '-map', '0:a', '-map', '1:v'],
      ...['-c:a', 'aac', '-c:v', 'png', '-disposition:v', 'attached_pic'],
    ]);
    expect(await refusal(m4a)).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', details: { detected: 'audio/x-m4a' } });
    expect(await refusal(mp3)).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', details: { detected: 'audio/mpeg' } });
    expect(await refusal(mp4)).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', details: { detected: 'video/mp4' } });
    expect((await refusal(withCover)).code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses HEIC with a message that says how to upload the photo instead', async () => {
    const heic = Buffer.from(HEIC_64X48_BASE64, 'base64');
    const error = await refusal(await media.write('photo.heic', heic));
    expect(error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', details: { detected: 'image/heic' } });
    expect(error.message).toMatch(/JPEG/);
    // The generic HEIF brand routes through the image decoder, which tells HEVC from AV1.
    const generic = Buffer.from(heic);
    generic.write('mif1', 8, 'latin1');
    expect(await refusal(await media.write('photo.heif', generic))).toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      details: { detected: 'image/heic' },
    });
  });

  it('refuses a truncated JPEG', async () => {
    const jpeg = await media.image('whole.jpg', 'jpeg', 800, 600);
    expect((await refusal(await media.truncated('half.jpg', jpeg))).code).toBe('CORRUPT_MEDIA');
  });

  it('refuses a PNG signature followed by garbage, and a real PNG header followed by garbage', async () => {
    const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const garbage = await media.random('garbage.bin', 2048);
    expect((await refusal(await media.concat('sig-garbage.png', signature, garbage))).code).toBe('CORRUPT_MEDIA');
    const png = await readFile(await media.image('real.png', 'png', 300, 200));
    const headerThenGarbage = await media.concat('header-garbage.png', png.subarray(0, 33), garbage);
    expect((await refusal(headerThenGarbage)).code).toBe('CORRUPT_MEDIA');
  });

  it('refuses a truncated BMP and a truncated MP4', async () => {
    const bmp = await media.ffmpeg('whole.bmp', ['-f', 'lavfi', '-i', 'testsrc=size=200x100', '-frames:v', '1']);
    expect((await refusal(await media.truncated('half.bmp', bmp))).code).toBe('CORRUPT_MEDIA');
    const mp4 = await media.video('whole.mp4');
    expect((await refusal(await media.truncated('half.mp4', mp4))).code).toBe('CORRUPT_MEDIA');
  });

  it('refuses a file that starts like an MP4 but is not one', async () => {
    const ftyp = Buffer.from('0000001c667479706d703432000000006d70343169736f6d61766331', 'hex');
    const path = await media.concat('fake.mp4', ftyp, await readFile(await media.random('noise.bin', 4096)));
    expect((await refusal(path)).code).toBe('CORRUPT_MEDIA');
  });

  it('refuses a JPEG with a ZIP archive appended, or only a zip entry inside', async () => {
    const jpeg = await media.image('carrier.jpg', 'jpeg', 320, 240);
    const zip = zipArchive('shell.php', '<?= 1 ?>');
    expect((await refusal(await media.concat('jpeg-zip.jpg', jpeg, zip))).code).toBe('CORRUPT_MEDIA');
    const entryOnly = zip.subarray(0, 30 + 'shell.php'.length + 8);
    expect((await refusal(await media.concat('jpeg-entry.jpg', jpeg, entryOnly))).code).toBe('CORRUPT_MEDIA');
  });

  it('refuses a video with a ZIP archive appended', async () => {
    const mp4 = await media.video('carrier.mp4');
    const path = await media.concat('mp4-zip.mp4', mp4, zipArchive('a.txt', 'hello'));
    expect((await refusal(path)).code).toBe('CORRUPT_MEDIA');
  });

  it('refuses a GIF with a script after its trailer, and a PNG with PHP in a text chunk', async () => {
    const gif = await media.image('carrier.gif', 'gif', 64, 64);
    const script = Buffer.from('<SCRIPT>alert(document.cookie)</SCRIPT>');
    expect((await refusal(await media.concat('script.gif', gif, script))).code).toBe('CORRUPT_MEDIA');
    const png = await media.image('carrier.png', 'png', 64, 64);
    const php = Buffer.from('Comment\0<?php system($_GET["c"]); ?>', 'latin1');
    const path = await media.write('php.png', await pngWithChunk(png, 'tEXt', php));
    expect((await refusal(path)).code).toBe('CORRUPT_MEDIA');
  });

  it('refuses a decompression bomb from its header alone, without decoding it', async () => {
    const small = await media.image('bomb-source.png', 'png', 16, 16);
    const path = await media.write('bomb.png', await pngDeclaring(small, 30_000, 30_000));
    const started = performance.now();
    const error = await refusal(path);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(error.code).toBe('IMAGE_TOO_LARGE');
    expect(error.details).toEqual({ width: 30_000, height: 30_000, maxPixels: limits.maxImagePixels });
  });

  it("refuses an honest image over the tier's pixel limit", async () => {
    const path = await media.image('big.png', 'png', 2000, 1000);
    const error = await refusal(path, { ...limits, maxImagePixels: 1_000_000 });
    expect(error).toMatchObject({
      code: 'IMAGE_TOO_LARGE',
      details: { width: 2000, height: 1000, maxPixels: 1_000_000 },
    });
  });
});
