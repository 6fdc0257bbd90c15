import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';

// Markup a browser or PHP would act on if the file were ever served or included as such. Each
// needle is long enough that high-entropy pixel data matches it about once per 10^6 photos.
const MARKUP = /<script|<iframe|<\?php\s|<html[\s>]|<svg[^>]{0,512}?[\s/]on[a-z]+\s*=/i;
const ZIP_LOCAL_HEADER = Buffer.from('PK\x03\x04', 'latin1');
const ZIP_END_OF_DIRECTORY = Buffer.from('PK\x05\x06', 'latin1');
const ZIP_METHODS = new Set([0, 8, 9, 12, 14, 93, 95, 98, 99]);
// The end-of-central-directory record is 22 bytes plus a comment of at most 64 KiB.
const ZIP_TAIL_BYTES = 22 + 0xffff;
const CHUNK_BYTES = 1 << 20;
// Longer than the longest match, so a needle split across two chunks is still seen whole.
const OVERLAP_BYTES = 1024;

export type Smuggled = 'zip archive' | 'markup';

/**
 * What an image carries besides itself: a ZIP archive (readable by anything that opens zips) or
 * HTML/script/PHP markup. Streams the file once, in chunks that overlap.
 */
export async function findSmuggledContent(path: string): Promise<Smuggled | null> {
  if (await hasZipDirectoryAtEnd(path)) return 'zip archive';
  let carried: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES })) {
    const window = carried.length ? Buffer.concat([carried, chunk as Buffer]) : (chunk as Buffer);
    if (MARKUP.test(window.toString('latin1'))) return 'markup';
    if (hasZipLocalHeader(window)) return 'zip archive';
    carried = window.subarray(Math.max(0, window.length - OVERLAP_BYTES));
  }
  return null;
}

/** Zip readers find an archive from its end; this is the cheap check that is also run on videos. */
export async function hasZipDirectoryAtEnd(path: string): Promise<boolean> {
  const tail = await readTail(path, ZIP_TAIL_BYTES);
  for (let at = tail.lastIndexOf(ZIP_END_OF_DIRECTORY); at >= 0; at = tail.lastIndexOf(ZIP_END_OF_DIRECTORY, at - 1)) {
    if (isEndOfDirectory(tail, at)) return true;
    if (at === 0) break;
  }
  return false;
}

// The signatures are 4 bytes, which compressed pixels hit about once per 4 GB; checking the fields
// around them that a real archive always has makes a false refusal practically impossible.

function isEndOfDirectory(tail: Buffer, at: number): boolean {
  if (at + 22 > tail.length) return false;
  const disk = tail.readUInt16LE(at + 4);
  const directoryDisk = tail.readUInt16LE(at + 6);
  const entriesOnDisk = tail.readUInt16LE(at + 8);
  const entries = tail.readUInt16LE(at + 10);
  const commentLength = tail.readUInt16LE(at + 20);
  return disk === directoryDisk && entriesOnDisk === entries && at + 22 + commentLength <= tail.length;
}

function hasZipLocalHeader(window: Buffer): boolean {
  for (let at = window.indexOf(ZIP_LOCAL_HEADER); at >= 0; at = window.indexOf(ZIP_LOCAL_HEADER, at + 1)) {
    if (at + 30 > window.length) return false;
    const versionNeeded = window.readUInt16LE(at + 4);
    const method = window.readUInt16LE(at + 8);
    const nameLength = window.readUInt16LE(at + 26);
    if (versionNeeded <= 63 && ZIP_METHODS.has(method) && nameLength > 0 && nameLength <= 1024) return true;
  }
  return false;
}

async function readTail(path: string, length: number): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const start = Math.max(0, size - length);
    const buffer = Buffer.alloc(size - start);
    const { bytesRead } = await file.read(buffer, 0, buffer.length, start);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}
