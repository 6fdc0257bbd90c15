import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
