import { open } from 'node:fs/promises';
import { fileTypeFromFile } from 'file-type/node';
import type { MediaKind } from './types';
import { corruptMedia, unsupportedMediaType } from './refusals';

/** A type we accept, as the bytes say, and how the rest of the inspection must treat it. */
export interface AcceptedType {
  kind: MediaKind;
  mimeType: string;
  extension: string;
  /** sharp's name for the format; its header parser must agree with the sniff. */
  sharpFormat?: string;
  /** ffmpeg's demuxer; ffprobe and ffmpeg are forced to it so they cannot probe their way to another. */
  demuxer?: string;
}

const image = (mimeType: string, extension: string, sharpFormat: string): AcceptedType => ({
  kind: 'image',
  mimeType,
  extension,
  sharpFormat,
});
const video = (mimeType: string, extension: string, demuxer: string): AcceptedType => ({
  kind: 'video',
  mimeType,
  extension,
  demuxer,
});

// Keyed by what file-type reports, which is loose for containers (brand-specific ISO BMFF types,
// 'video/vnd.avi', 'video/MP2P'): each maps to the one type we store and serve.
const ACCEPTED: Record<string, AcceptedType> = {
  'image/jpeg': image('image/jpeg', 'jpg', 'jpeg'),
  'image/png': image('image/png', 'png', 'png'),
  'image/apng': image('image/png', 'png', 'png'),
  'image/gif': image('image/gif', 'gif', 'gif'),
  'image/webp': image('image/webp', 'webp', 'webp'),
  'image/avif': image('image/avif', 'avif', 'heif'),
  // A generic HEIF brand ('mif1') may hold AV1 (decodable) or HEVC (not): the image step tells.
  'image/heif': image('image/avif', 'avif', 'heif'),
  'image/tiff': image('image/tiff', 'tif', 'tiff'),
  // sharp's prebuilt libvips has no BMP loader: ffmpeg decodes it.
  'image/bmp': { kind: 'image', mimeType: 'image/bmp', extension: 'bmp', demuxer: 'bmp_pipe' },
  'video/mp4': video('video/mp4', 'mp4', 'mov'),
  'video/x-m4v': video('video/mp4', 'mp4', 'mov'),
  'video/quicktime': video('video/quicktime', 'mov', 'mov'),
  'video/3gpp': video('video/3gpp', '3gp', 'mov'),
  'video/3gpp2': video('video/3gpp2', '3g2', 'mov'),
  'video/webm': video('video/webm', 'webm', 'matroska'),
  'video/matroska': video('video/x-matroska', 'mkv', 'matroska'),
  'video/x-matroska': video('video/x-matroska', 'mkv', 'matroska'),
  'video/vnd.avi': video('video/x-msvideo', 'avi', 'avi'),
  'video/x-msvideo': video('video/x-msvideo', 'avi', 'avi'),
  'video/mp2t': video('video/mp2t', 'ts', 'mpegts'),
  'video/MP2P': video('video/mpeg', 'mpg', 'mpeg'),
  'video/mpeg': video('video/mpeg', 'mpg', 'mpeg'),
};

const HEVC_STILL_TYPES = new Set(['image/heic', 'image/heic-sequence', 'image/heif-sequence']);

export const HEIC_NOT_SUPPORTED =
  'HEIC photos are not supported yet. Please upload the photo as JPEG (on iPhone: Settings > Camera > Formats > Most Compatible).';

/** Every MIME type an inspected file may come out as. */
export const ACCEPTED_MIME_TYPES: readonly string[] = Object.freeze([
  ...new Set(Object.values(ACCEPTED).map((type) => type.mimeType)),
]);

/** The accepted type of a file, from its leading bytes; refuses anything else. */
export async function sniffMediaType(path: string): Promise<AcceptedType> {
  const found = await detect(path);
  if (!found) {
    // file-type checks structure past the magic number; a file that opens like one of ours and
    // then falls apart is damaged (or crafted), not merely of another type.
    if (await hasAcceptedSignature(path)) throw corruptMedia();
    throw unsupportedMediaType(null);
  }
  // The prebuilt libvips reads HEIC headers but cannot decode HEVC pixels.
  if (HEVC_STILL_TYPES.has(found)) throw unsupportedMediaType(found, HEIC_NOT_SUPPORTED);
  const accepted = ACCEPTED[found];
  if (!accepted) throw unsupportedMediaType(found);
  return accepted;
}

/** How to decode a type we accepted earlier, by the MIME type inspection returned. */
export function acceptedType(mimeType: string): AcceptedType {
  const type = Object.values(ACCEPTED).find((candidate) => candidate.mimeType === mimeType);
  if (!type) throw new Error(`${mimeType} is not an accepted media type`);
  return type;
}

// Signatures of the accepted types (each part: offset, bytes), long enough that text never matches.
const SIGNATURES: [number, Buffer][][] = [
  [[0, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])]], // PNG
  [[0, Buffer.from([0xff, 0xd8, 0xff])]], // JPEG (0xff is no text)
  [[0, Buffer.from('GIF8', 'latin1')]],
  [
    [0, Buffer.from('RIFF', 'latin1')],
    [8, Buffer.from('WEBP', 'latin1')],
  ],
  [
    [0, Buffer.from('RIFF', 'latin1')],
    [8, Buffer.from('AVI ', 'latin1')],
  ],
  [[4, Buffer.from('ftyp', 'latin1')]], // ISO BMFF: MP4, MOV, AVIF
  [[0, Buffer.from([0x49, 0x49, 0x2a, 0x00])]], // TIFF, little-endian
  [[0, Buffer.from([0x4d, 0x4d, 0x00, 0x2a])]], // TIFF, big-endian
  [[0, Buffer.from([0x1a, 0x45, 0xdf, 0xa3])]], // EBML: WebM, Matroska
];

async function hasAcceptedSignature(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const start = Buffer.alloc(16);
    const { bytesRead } = await file.read(start, 0, start.length, 0);
    const head = start.subarray(0, bytesRead);
    return SIGNATURES.some((parts) =>
      parts.every(([offset, bytes]) => head.subarray(offset, offset + bytes.length).equals(bytes)),
    );
  } finally {
    await file.close();
  }
}

async function detect(path: string): Promise<string | null> {
  try {
    return (await fileTypeFromFile(path))?.mime ?? null;
  } catch (error) {
    // A file the sniffer chokes on is not one we accept; a file we cannot read is our problem.
    if (isSystemError(error)) throw error;
    return null;
  }
}

function isSystemError(error: unknown): boolean {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';
}
