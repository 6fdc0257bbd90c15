import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';

/** A photo-like JPEG: a gradient with noise, so it compresses like a real picture. */
export async function photo(width = 640, height = 480, seed = 1): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  let state = seed;
  for (let i = 0; i < pixels.length; i += 3) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    const x = (i / 3) % width;
    pixels[i] = (x * 255) / width;
    pixels[i + 1] = ((i / 3 / width) * 255) / height;
    pixels[i + 2] = state % 256;
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 85 })
    .toBuffer();
}

/** A 2-second 320x240 25 fps MP4, with a 440 Hz tone unless `audio` is false. */
export function video(dir: string, audio = true): Buffer {
  const out = join(dir, `clip-${audio ? 'sound' : 'silent'}.mp4`);
  const inputs = ['-f', 'lavfi', '-i', 'testsrc=duration=2:size=320x240:rate=25'];
  if (audio) inputs.push('-f', 'lavfi', '-i', 'sine=frequency=440:duration=2');
  execFileSync('ffmpeg', ['-nostdin', '-v', 'error', '-y', ...inputs, '-pix_fmt', 'yuv420p', '-shortest', out]);
  return readFileSync(out);
}

/** A slide: dark words on white, the kind of image people search by its text. */
export function slide(text: string, width = 1280, height = 720): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="100%" height="100%" fill="white"/>
    <text x="80" y="${height / 2}" font-family="DejaVu Sans" font-size="72" font-weight="bold" fill="#111">${text}</text>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();
}

/** Real faces: the sample sheet that ships with @vladmandic/human. */
export function facesPhoto(): Buffer {
  return readFileSync(join(__dirname, '..', '..', 'node_modules', '@vladmandic', 'human', 'assets', 'samples.jpg'));
}

/**
 * A video of `seconds` showing `slideJpeg`, with `sentence` spoken by festival (clear enough for
 * pocketsphinx) after `speechStartsAt` seconds of silence, padded with silence to the full length.
 */
export function spokenVideo(dir: string, slideJpeg: Buffer, sentence: string, seconds = 6, speechStartsAt = 0): Buffer {
  const slidePath = join(dir, 'slide.jpg');
  const speechPath = join(dir, 'speech.wav');
  const out = join(dir, 'spoken.mp4');
  writeFileSync(slidePath, slideJpeg);
  execFileSync('text2wave', ['-o', speechPath], { input: sentence });
  execFileSync('ffmpeg', [
    '-nostdin',
    '-v',
    'error',
    '-y',
    '-loop',
    '1',
    '-framerate',
    '10',
    '-t',
    String(seconds),
    '-i',
    slidePath,
    '-i',
    speechPath,
    '-filter_complex',
    `[1:a]adelay=${Math.round(speechStartsAt * 1000)}:all=1,apad=whole_dur=${seconds}[a]`,
    '-map',
    '0:v',
    '-map',
    '[a]',
    '-c:v',
    'libx264',
    '-pix_fmt',
    'yuv420p',
    '-c:a',
    'aac',
    '-t',
    String(seconds),
    out,
  ]);
  return readFileSync(out);
}
