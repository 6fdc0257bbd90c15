import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp, { type Sharp } from 'sharp';
import type { InspectedMedia, Thumbnail } from './types';
import { acceptedType } from './sniff';
import { openInspectedImage } from './image';
import { corruptMedia } from './refusals';
import { fileInput, MediaToolFailed, runMediaTool } from './tools';

const LONGEST_SIDE = 512;
const WEBP_QUALITY = 80;
// ffmpeg's thumbnail filter picks the most representative frame of each batch of this many.
const FRAMES_PER_CANDIDATE = 30;
const CANDIDATES = 3;
// Mean luma (0-255) under which a frame counts as black: fades in, lens caps, dark first frames.
const BLACK_LUMA = 20;

/** Writes a thumbnail (longest side <= 512 px, webp) of the inspected file to outPath; for videos the first good (non-black, representative) frame. */
export async function writeThumbnail(path: string, media: InspectedMedia, outPath: string): Promise<Thumbnail> {
  const { demuxer } = acceptedType(media.mimeType);
  // Videos, and the images only ffmpeg decodes, go through a frame grab.
  if (demuxer) return thumbnailFromFrames(path, demuxer, outPath);
  return toWebp(openInspectedImage(path, media).autoOrient(), outPath);
}

async function toWebp(image: Sharp, outPath: string): Promise<Thumbnail> {
  try {
    const info = await image
      .resize(LONGEST_SIDE, LONGEST_SIDE, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: WEBP_QUALITY })
      .toFile(outPath);
    return { mimeType: 'image/webp', width: info.width, height: info.height, sizeBytes: info.size };
  } catch {
    throw corruptMedia();
  }
}

async function thumbnailFromFrames(path: string, demuxer: string, outPath: string): Promise<Thumbnail> {
  const workDir = await mkdtemp(join(tmpdir(), 'ams-thumbnail-'));
  try {
    // Most videos open on a usable frame: look at the first batch only, and go further (decoding
    // the start again, which is cheaper than always decoding 3 batches of 4K) only when it is dark.
    let chosen = await pickFrame(await extractCandidateFrames(path, demuxer, workDir, 1));
    if (chosen?.dark) {
      const more = await extractCandidateFrames(path, demuxer, workDir, CANDIDATES);
      chosen = (await pickFrame(more)) ?? chosen;
    }
    if (!chosen) throw corruptMedia('We could not read a single frame of this video.');
    return await toWebp(sharp(chosen.frame), outPath);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

async function extractCandidateFrames(
  path: string,
  demuxer: string,
  workDir: string,
  count: number,
): Promise<string[]> {
  // Scale before `thumbnail`, which holds a whole batch of frames: 30 4K frames would be ~400 MB.
  // Non-square pixels (old camcorders) are stretched to what the viewer sees first; ffmpeg has
  // already applied any rotation.
  const filters = [
    'scale=trunc(iw*sar/2)*2:ih',
    'setsar=1',
    `scale=w='min(${LONGEST_SIDE},iw)':h='min(${LONGEST_SIDE},ih)':force_original_aspect_ratio=decrease`,
    `thumbnail=n=${FRAMES_PER_CANDIDATE}`,
  ];
  const prefix = `batch${count}-`;
  const args = [
    ...['-nostdin', '-hide_banner', '-v', 'error', '-f', demuxer, '-i', fileInput(path)],
    ...['-map', '0:V:0', '-an', '-sn', '-dn', '-vf', filters.join(','), '-frames:v', String(count)],
    ...['-fps_mode', 'passthrough', '-f', 'image2', join(workDir, `${prefix}%d.png`)],
  ];
  try {
    await runMediaTool('ffmpeg', args, { timeoutMs: 60_000, maxOutputBytes: 1 << 20 });
  } catch (error) {
    if (!(error instanceof MediaToolFailed)) throw error;
    if (error.reason !== 'exit') throw error;
    throw corruptMedia('We could not read a single frame of this video.');
  }
  const names = (await readdir(workDir)).filter((name) => name.startsWith(prefix));
  return names.sort((a, b) => frameNumber(a) - frameNumber(b)).map((name) => join(workDir, name));
}

/** The first frame that is not black, else the brightest one. */
async function pickFrame(frames: string[]): Promise<{ frame: string; dark: boolean } | undefined> {
  let brightest: { frame: string; luma: number } | undefined;
  for (const frame of frames) {
    const luma = await meanLuma(frame);
    if (luma >= BLACK_LUMA) return { frame, dark: false };
    if (!brightest || luma > brightest.luma) brightest = { frame, luma };
  }
  return brightest && { frame: brightest.frame, dark: true };
}

async function meanLuma(frame: string): Promise<number> {
  const { channels } = await sharp(frame).stats();
  if (channels.length < 3) return channels[0].mean;
  return 0.299 * channels[0].mean + 0.587 * channels[1].mean + 0.114 * channels[2].mean;
}

function frameNumber(name: string): number {
  return Number(name.match(/(\d+)\.png$/)?.[1] ?? 0);
}
