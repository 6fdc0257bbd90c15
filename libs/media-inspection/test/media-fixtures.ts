import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';

const run = promisify(execFile);

/** Real media made on the spot, so tests exercise the same decoders production does. */
export class MediaFixtures {
  constructor(readonly dir: string) {}

  path(name: string): string {
    return join(this.dir, name);
  }

  async write(name: string, bytes: Buffer | string): Promise<string> {
    await writeFile(this.path(name), bytes);
    return this.path(name);
  }

  /** A solid-colour image in `format`, optionally tagged with an EXIF orientation. */
  async image(
    name: string,
    format: 'jpeg' | 'png' | 'webp' | 'gif' | 'tiff' | 'avif',
    width: number,
    height: number,
    orientation?: number,
  ): Promise<string> {
    let image = sharp({ create: { width, height, channels: 3, background: { r: 200, g: 120, b: 40 } } });
    if (orientation) image = image.withMetadata({ orientation });
    await image.toFormat(format).toFile(this.path(name));
    return this.path(name);
  }

  /** Runs ffmpeg on lavfi sources; `args` come after `-y`. */
  async ffmpeg(name: string, args: string[]): Promise<string> {
    await run('ffmpeg', ['-nostdin', '-hide_banner', '-v', 'error', '-y', ...args, this.path(name)]);
    return this.path(name);
  }

  /** testsrc video, 25 fps, optionally with a 440 Hz tone. */
  video(name: string, options: { seconds?: number; audio?: boolean; codec?: string[]; size?: string } = {}) {
    const seconds = options.seconds ?? 2;
    const inputs = ['-f', 'lavfi', '-i', `testsrc=duration=${seconds}:size=${options.size ?? '320x240'}:rate=25`];
    if (options.audio) inputs.push('-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`);
    const codec = options.codec ?? [
      '-c:v',
      'libx264',
      '-pix_fmt',
      'yuv420p',
      ...(options.audio ? ['-c:a', 'aac'] : []),
    ];
    return this.ffmpeg(name, [...inputs, ...codec]);
  }

  async truncated(name: string, source: string, fraction = 0.5): Promise<string> {
    const bytes = await readFile(source);
    return this.write(name, bytes.subarray(0, Math.floor(bytes.length * fraction)));
  }

  async concat(name: string, ...parts: (string | Buffer)[]): Promise<string> {
    const buffers = await Promise.all(parts.map((part) => (typeof part === 'string' ? readFile(part) : part)));
    return this.write(name, Buffer.concat(buffers));
  }

  random(name: string, size: number): Promise<string> {
    return this.write(name, randomBytes(size));
  }
}

/** A PNG whose IHDR claims width x height (CRC fixed up), with the original, tiny pixel data. */
export async function pngDeclaring(source: string, width: number, height: number): Promise<Buffer> {
  const png = Buffer.from(await readFile(source));
  // signature (8) | length (4) | 'IHDR' (4) | width (4) | height (4) | ... | CRC over type+data
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

/** A PNG with an extra chunk (e.g. tEXt) inserted right after IHDR. */
export async function pngWithChunk(source: string, type: string, data: Buffer): Promise<Buffer> {
  const png = await readFile(source);
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write(type, 4, 'latin1');
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length);
  return Buffer.concat([png.subarray(0, 33), chunk, png.subarray(33)]);
}

/** A valid ZIP archive holding one stored file, built by hand (no zip tool needed). */
export function zipArchive(fileName: string, content: string): Buffer {
  const name = Buffer.from(fileName);
  const data = Buffer.from(content);
  const crc = crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4); // version needed
  local.writeUInt16LE(0, 8); // stored
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(name.length, 26);

  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4); // made by
  central.writeUInt16LE(20, 6); // needed
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(name.length, 28);
  central.writeUInt32LE(0, 42); // local header offset

  const localLength = local.length + name.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(localLength, 16);
  return Buffer.concat([local, name, data, central, name, end]);
}

/** Mean luma (0-255) of an image file. */
export async function meanLuma(path: string): Promise<number> {
  const { channels } = await sharp(path).stats();
  return 0.299 * channels[0].mean + 0.587 * channels[1].mean + 0.114 * channels[2].mean;
}

/**
 * A JPEG with stray bytes before its second marker, as some cameras write: libjpeg warns
 * ("extraneous bytes before marker") and decodes it fine.
 */
export async function jpegWithStrayBytes(source: string): Promise<Buffer> {
  const jpeg = await readFile(source);
  const secondMarker = 4 + jpeg.readUInt16BE(4);
  return Buffer.concat([jpeg.subarray(0, secondMarker), Buffer.alloc(3), jpeg.subarray(secondMarker)]);
}
