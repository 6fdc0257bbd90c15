import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { type FileHandle, mkdir, open, rename, rm, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { expectLength } from '../expected-length';
import { StorageObjectNotFound, type StorageProvider, type StoredObjectInfo } from '../storage';
import { assertSafeStorageKey } from '../storage-key';
import { downloadToFile } from '../download-to-file';

/** Objects as files under one root directory (`${DATA_DIR}/media`), for development and single-host setups. */
export class LocalStorage implements StorageProvider {
  readonly kind = 'local' as const;
  readonly bucket = 'local';
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  async put(key: string, body: Readable, options: { contentType: string; sizeBytes?: number }): Promise<void> {
    const path = this.pathOf(key);
    // Should the body fail while the directory is made, pipeline still reports it; it must not go unhandled meanwhile.
    body.once('error', () => undefined);
    await mkdir(dirname(path), { recursive: true });
    // Same directory as the target so the rename is atomic: a reader sees the old object or the whole new one.
    const partial = join(dirname(path), `.${basename(path)}.${randomUUID()}.partial`);
    try {
      const sink = createWriteStream(partial, { flags: 'wx' });
      if (options.sizeBytes === undefined) await pipeline(body, sink);
      else await pipeline(body, expectLength(options.sizeBytes), sink);
      await rename(partial, path);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
  }

  async putFile(key: string, path: string, contentType: string): Promise<void> {
    const { size } = await stat(path);
    await this.put(key, createReadStream(path), { contentType, sizeBytes: size });
  }

  async get(key: string): Promise<Readable> {
    const path = this.pathOf(key);
    let file: FileHandle;
    try {
      file = await open(path, 'r');
    } catch (error) {
      throw isMissing(error) ? new StorageObjectNotFound(key) : error;
    }
    // Opening a directory succeeds on Linux; a key naming a directory is not an object.
    const isFile = await file.stat().then(
      (stats) => stats.isFile(),
      () => false,
    );
    if (!isFile) {
      await file.close();
      throw new StorageObjectNotFound(key);
    }
    return file.createReadStream();
  }

  async download(key: string, toPath: string): Promise<void> {
    await downloadToFile(await this.get(key), toPath);
  }

  async head(key: string): Promise<StoredObjectInfo | null> {
    const path = this.pathOf(key);
    try {
      const stats = await stat(path);
      return stats.isFile() ? { sizeBytes: stats.size } : null;
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    const path = this.pathOf(key);
    await unlink(path).catch((error: unknown) => {
      if (!isMissing(error)) throw error;
    });
  }

  // Clients upload and download local objects through the service itself.
  async presignedGetUrl(key: string): Promise<string | null> {
    assertSafeStorageKey(key);
    return null;
  }

  async presignedPutUrl(key: string): Promise<string | null> {
    assertSafeStorageKey(key);
    return null;
  }

  private pathOf(key: string): string {
    assertSafeStorageKey(key);
    const path = resolve(this.root, key);
    // Belt and braces: the key check already forbids anything that could leave the root.
    if (!path.startsWith(this.root + sep)) throw new TypeError(`Refusing storage key outside the root: ${key}`);
    return path;
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
