import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Write an object's stream to a local file; a failed copy leaves no partial file behind. */
export async function downloadToFile(source: Readable, toPath: string): Promise<void> {
  try {
    await pipeline(source, createWriteStream(toPath));
  } catch (error) {
    await rm(toPath, { force: true });
    throw error;
  }
}
