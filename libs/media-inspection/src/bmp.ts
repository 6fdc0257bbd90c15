import { open } from 'node:fs/promises';
import type { InspectedMedia, InspectionLimits } from './types';
import type { AcceptedType } from './sniff';
import { corruptMedia, imageTooLarge } from './refusals';
import { fileInput, MediaToolFailed, runMediaTool } from './tools';

/**
 * BMP goes through ffmpeg (sharp's prebuilt libvips has no BMP loader). Its dimensions are read
 * from the header here, because ffprobe would decode the first frame to learn them.
 */
export async function inspectBmp(
  path: string,
  type: AcceptedType,
  sizeBytes: number,
  limits: InspectionLimits,
): Promise<InspectedMedia> {
  const { width, height } = bmpDimensions(await readStart(path, 26));
  if (!width || !height) throw corruptMedia();
  if (width * height > limits.maxImagePixels) throw imageTooLarge(width, height, limits.maxImagePixels);
  await proveDecodes(path, type.demuxer ?? 'bmp_pipe');
  return { kind: 'image', mimeType: type.mimeType, extension: type.extension, sizeBytes, width, height };
}

function bmpDimensions(header: Buffer): { width: number; height: number } {
  if (header.length < 26) return { width: 0, height: 0 };
  // OS/2 BITMAPCOREHEADER (12 bytes) has 16-bit dimensions; every later header 32-bit signed ones,
  // a negative height meaning top-down rows.
  if (header.readUInt32LE(14) === 12) return { width: header.readUInt16LE(18), height: header.readUInt16LE(20) };
  return { width: Math.abs(header.readInt32LE(18)), height: Math.abs(header.readInt32LE(22)) };
}

async function readStart(path: string, length: number): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await file.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

async function proveDecodes(path: string, demuxer: string): Promise<void> {
  const args = ['-nostdin', '-hide_banner', '-v', 'error', '-xerror', '-f', demuxer, '-i', fileInput(path)];
  try {
    const { stderr } = await runMediaTool('ffmpeg', [...args, '-frames:v', '1', '-f', 'null', '-'], {
      timeoutMs: 20_000,
      maxOutputBytes: 1 << 20,
    });
    // ffmpeg may log a decode error and still exit 0; at this log level any line is one.
    if (stderr.trim()) throw corruptMedia();
  } catch (error) {
    if (error instanceof MediaToolFailed) throw corruptMedia();
    throw error;
  }
}
