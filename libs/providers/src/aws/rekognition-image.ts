import type { Image } from '@aws-sdk/client-rekognition';
import { open, readFile, stat } from 'node:fs/promises';
import sharp from 'sharp';
import type { ImageInput } from '../capabilities';
import { unreadableMedia } from '../errors';
import { awsErrorName } from './aws-errors';

/** Rekognition's limits: 5 MB for inline bytes, 15 MB for an S3 object; JPEG and PNG only. */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
const MAX_S3_IMAGE_BYTES = 15 * 1024 * 1024;
const MAX_SIDE_PX = 4096;

/**
 * Calls `send` with the image in place on S3 when it is stored there and Rekognition can read it,
 * else with its bytes (re-encoded when too large or not JPEG/PNG). Falls back to bytes once when
 * Rekognition cannot reach the S3 object (permissions, region).
 */
export async function withRekognitionImage<T>(image: ImageInput, send: (input: Image) => Promise<T>): Promise<T> {
  const stored = image.stored;
  if (stored?.backend === 's3' && (await servableFromS3(image.path))) {
    try {
      return await send({ S3Object: { Bucket: stored.bucket, Name: stored.key } });
    } catch (error) {
      if (awsErrorName(error) !== 'InvalidS3ObjectException') throw error;
    }
  }
  return send({ Bytes: await rekognitionBytes(image.path) });
}

// The local copy tells the format and size; without one, trust S3 and let Rekognition judge.
async function servableFromS3(path: string): Promise<boolean> {
  try {
    const { size } = await stat(path);
    return size <= MAX_S3_IMAGE_BYTES && isJpegOrPng(await readHead(path));
  } catch {
    return true;
  }
}

/** The image's bytes as Rekognition accepts them inline: JPEG or PNG, at most 5 MB. */
export async function rekognitionBytes(path: string): Promise<Uint8Array> {
  const original = await readFile(path);
  if (original.byteLength <= MAX_IMAGE_BYTES && isJpegOrPng(original)) return original;
  try {
    let side = MAX_SIDE_PX;
    for (let attempt = 0; attempt < 5; attempt++, side = Math.round(side * 0.7)) {
      const encoded = await sharp(original)
        .rotate() // bake EXIF orientation in, as Rekognition would apply it
        .resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true })
        .jpeg({ quality: 85 })
        .toBuffer();
      if (encoded.byteLength <= MAX_IMAGE_BYTES) return encoded;
    }
  } catch (error) {
    throw unreadableMedia(`the image cannot be decoded for Rekognition: ${(error as Error).message}`, error);
  }
  throw unreadableMedia('the image cannot be brought under 5 MB for Rekognition');
}

async function readHead(path: string): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(8), 0, 8, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

function isJpegOrPng(head: Uint8Array): boolean {
  const jpeg = head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff;
  const png = head[0] === 0x89 && head[1] === 0x50 && head[2] === 0x4e && head[3] === 0x47;
  return jpeg || png;
}
