import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { BodyLengthMismatch } from '../expected-length';
import { StorageObjectNotFound } from '../storage';
import { LocalStorage } from './local-storage';

const MiB = 1024 * 1024;

/** A body produced chunk by chunk, never held whole: `chunks` pieces of `chunkBytes` random bytes. */
function generatedBody(chunks: number, chunkBytes: number) {
  const hash = createHash('sha256');
  let sent = 0;
  const body = new Readable({
    read() {
      if (sent === chunks) return void this.push(null);
      const chunk = randomBytes(chunkBytes);
      hash.update(chunk);
      sent++;
      this.push(chunk);
    },
  });
  let digest: string | undefined;
  return { body, digest: () => (digest ??= hash.digest('hex')) };
}

/** A body that sends `bytesBeforeFailure` bytes and then fails, like a client that disconnects. */
function failingBody(bytesBeforeFailure: number): Readable {
  let sent = false;
  return new Readable({
    read() {
      if (!sent) {
        sent = true;
        this.push(randomBytes(bytesBeforeFailure));
        return;
      }
      setImmediate(() => this.destroy(new Error('client went away')));
    },
  });
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('LocalStorage', () => {
  let dataDir: string;
  let root: string;
  let storage: LocalStorage;
  const newKey = (name = 'original.jpg') => `media/${randomUUID()}/${randomUUID()}/${name}`;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'storage-local-'));
    root = join(dataDir, 'media');
    storage = new LocalStorage(root);
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('names itself local, with bucket "local"', () => {
    expect(storage.kind).toBe('local');
    expect(storage.bucket).toBe('local');
  });

  it('stores a multi-megabyte stream under the root and reads the same bytes back', async () => {
    const key = newKey();
    const { body, digest } = generatedBody(48, 64 * 1024); // 3 MiB
    await storage.put(key, body, { contentType: 'image/jpeg' });

    const stored = await readAll(await storage.get(key));
    expect(stored.length).toBe(3 * MiB);
    expect(sha256(stored)).toBe(digest());
    expect(sha256(await readFile(join(root, key)))).toBe(digest());
  });

  it('reports the size of a stored object and no content type', async () => {
    const key = newKey();
    await storage.put(key, Readable.from([Buffer.alloc(1234, 7)]), { contentType: 'image/png' });
    expect(await storage.head(key)).toEqual({ sizeBytes: 1234 });
  });

  it('reports a missing object as null from head and StorageObjectNotFound from get and download', async () => {
    const key = newKey();
    expect(await storage.head(key)).toBeNull();
    await expect(storage.get(key)).rejects.toThrow(StorageObjectNotFound);
    await expect(storage.get(key)).rejects.toMatchObject({ key });
    const target = join(dataDir, `download-${randomUUID()}`);
    await expect(storage.download(key, target)).rejects.toThrow(StorageObjectNotFound);
    await expect(readFile(target)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('treats a key that names a directory (a prefix of other keys) as missing', async () => {
    const folder = `media/${randomUUID()}`;
    await storage.put(`${folder}/original.jpg`, Readable.from([Buffer.from('x')]), { contentType: 'image/jpeg' });
    expect(await storage.head(folder)).toBeNull();
    await expect(storage.get(folder)).rejects.toThrow(StorageObjectNotFound);
  });

  it('copies a local file in with putFile and out with download', async () => {
    const key = newKey('clip.mp4');
    const source = join(dataDir, `source-${randomUUID()}`);
    const bytes = randomBytes(2 * MiB + 17);
    await writeFile(source, bytes);

    await storage.putFile(key, source, 'video/mp4');
    const target = join(dataDir, `download-${randomUUID()}`);
    await storage.download(key, target);

    expect((await readFile(target)).equals(bytes)).toBe(true);
    expect(await storage.head(key)).toEqual({ sizeBytes: bytes.length });
  });

  it('replaces an existing object on put', async () => {
    const key = newKey();
    await storage.put(key, Readable.from([Buffer.from('first version, longer')]), { contentType: 'text/plain' });
    await storage.put(key, Readable.from([Buffer.from('second')]), { contentType: 'text/plain' });
    expect((await readAll(await storage.get(key))).toString()).toBe('second');
  });

  it('deletes an object, and deleting it again (or a key never stored) succeeds', async () => {
    const key = newKey();
    await storage.put(key, Readable.from([Buffer.from('bytes')]), { contentType: 'text/plain' });
    await storage.delete(key);
    expect(await storage.head(key)).toBeNull();
    await expect(storage.delete(key)).resolves.toBeUndefined();
    await expect(storage.delete(newKey())).resolves.toBeUndefined();
  });

  it('leaves no object and no partial file when the body fails midway', async () => {
    const key = newKey();
    await expect(storage.put(key, failingBody(256 * 1024), { contentType: 'image/jpeg' })).rejects.toThrow(
      'client went away',
    );
    expect(await storage.head(key)).toBeNull();
    expect(await readdir(join(root, key, '..'))).toEqual([]);
  });

  it('keeps the previous version intact when a replacing put fails', async () => {
    const key = newKey();
    await storage.put(key, Readable.from([Buffer.from('good')]), { contentType: 'text/plain' });
    await expect(storage.put(key, failingBody(1024), { contentType: 'text/plain' })).rejects.toThrow();
    expect((await readAll(await storage.get(key))).toString()).toBe('good');
    expect(await readdir(join(root, key, '..'))).toEqual(['original.jpg']);
  });

  it('refuses a body shorter or longer than the declared size and stores nothing', async () => {
    const short = newKey();
    await expect(
      storage.put(short, Readable.from([Buffer.alloc(10)]), { contentType: 'text/plain', sizeBytes: 11 }),
    ).rejects.toThrow(BodyLengthMismatch);
    const long = newKey();
    await expect(
      storage.put(long, Readable.from([Buffer.alloc(10), Buffer.alloc(10)]), {
        contentType: 'text/plain',
        sizeBytes: 15,
      }),
    ).rejects.toMatchObject({ name: 'BodyLengthMismatch', expectedBytes: 15 });
    expect(await storage.head(short)).toBeNull();
    expect(await storage.head(long)).toBeNull();
    expect(await readdir(join(root, long, '..'))).toEqual([]);
  });

  it.each(['../x', '/etc/passwd', 'a/../../b', 'a\\b', 'media/a\0b', '', 'media//a', 'media/./a'])(
    'refuses the key %j in every method',
    async (key) => {
      const refused = { name: 'TypeError' };
      await expect(
        storage.put(key, Readable.from([Buffer.from('x')]), { contentType: 'text/plain' }),
      ).rejects.toMatchObject(refused);
      await expect(storage.get(key)).rejects.toMatchObject(refused);
      await expect(storage.head(key)).rejects.toMatchObject(refused);
      await expect(storage.delete(key)).rejects.toMatchObject(refused);
      await expect(storage.download(key, join(dataDir, 'never'))).rejects.toMatchObject(refused);
      await expect(storage.presignedGetUrl(key)).rejects.toMatchObject(refused);
    },
  );

  it('writes nothing outside the root for a traversal attempt', async () => {
    await expect(
      storage.put('../escaped', Readable.from([Buffer.from('x')]), { contentType: 'text/plain' }),
    ).rejects.toThrow(TypeError);
    expect(await readdir(dataDir)).not.toContain('escaped');
  });

  it('has no presigned URLs', async () => {
    const key = newKey();
    expect(await storage.presignedGetUrl(key)).toBeNull();
    expect(await storage.presignedPutUrl(key)).toBeNull();
  });
});
