import type { S3Client } from '@aws-sdk/client-s3';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import S3rver from 's3rver';
import { BodyLengthMismatch, StorageObjectNotFound } from '../src';
import { attachmentDisposition } from '../src/s3/content-disposition';
import { createS3Client } from '../src/s3/s3-client';
import { S3Storage } from '../src/s3/s3-storage';

const MiB = 1024 * 1024;
const BUCKET = 'test-bucket';

/** `chunks` × `chunkBytes` random bytes, produced as read: the body is never whole in memory here. */
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

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

// Against a real S3-compatible HTTP server: s3rver (no signature checks for SigV4, no AbortMultipartUpload;
// the abort path is covered at the SDK boundary in src/s3/s3-storage.spec.ts).
describe('S3Storage against s3rver', () => {
  let dir: string;
  let server: S3rver;
  let client: S3Client;
  let storage: S3Storage;
  const newKey = (name = 'original.jpg') => `media/${randomUUID()}/${randomUUID()}/${name}`;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'storage-s3-'));
    server = new S3rver({
      port: 0,
      address: '127.0.0.1',
      silent: true,
      directory: join(dir, 's3rver'),
      configureBuckets: [{ name: BUCKET }],
    });
    const { port } = await server.run();
    client = createS3Client({
      S3_REGION: 'us-east-1',
      S3_ENDPOINT: `http://127.0.0.1:${port}`,
      S3_FORCE_PATH_STYLE: true,
      // s3rver's one built-in account
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
    });
    storage = new S3Storage(client, BUCKET);
  });

  afterAll(async () => {
    client?.destroy();
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('stores a stream and reads the same bytes, size and content type back', async () => {
    const key = newKey();
    const { body, digest } = generatedBody(32, 64 * 1024); // 2 MiB: one part
    await storage.put(key, body, { contentType: 'image/jpeg' });

    expect(await storage.head(key)).toEqual({ sizeBytes: 2 * MiB, contentType: 'image/jpeg' });
    expect(sha256(await readAll(await storage.get(key)))).toBe(digest());
  });

  it('uploads a body larger than one part as a multipart upload', async () => {
    const key = newKey('clip.mp4');
    const sent = jest.spyOn(client, 'send');
    try {
      const { body, digest } = generatedBody(144, 64 * 1024); // 9 MiB: an 8 MiB part and a 1 MiB part
      await storage.put(key, body, { contentType: 'video/mp4', sizeBytes: 9 * MiB });
      const commands = sent.mock.calls.map(([command]) => command.constructor.name);
      expect(commands).toEqual([
        'CreateMultipartUploadCommand',
        'UploadPartCommand',
        'UploadPartCommand',
        'CompleteMultipartUploadCommand',
      ]);
      expect(sha256(await readAll(await storage.get(key)))).toBe(digest());
    } finally {
      sent.mockRestore();
    }
    expect(await storage.head(key)).toEqual({ sizeBytes: 9 * MiB, contentType: 'video/mp4' });
  });

  it('copies a local file in with putFile and out with download', async () => {
    const key = newKey();
    const source = join(dir, `source-${randomUUID()}`);
    const bytes = randomBytes(MiB + 3);
    await writeFile(source, bytes);
    await storage.putFile(key, source, 'image/webp');

    const target = join(dir, `download-${randomUUID()}`);
    await storage.download(key, target);
    expect((await readFile(target)).equals(bytes)).toBe(true);
    expect(await storage.head(key)).toEqual({ sizeBytes: bytes.length, contentType: 'image/webp' });
  });

  it('reports a missing object as null from head and StorageObjectNotFound from get and download', async () => {
    const key = newKey();
    expect(await storage.head(key)).toBeNull();
    await expect(storage.get(key)).rejects.toThrow(StorageObjectNotFound);
    await expect(storage.download(key, join(dir, 'never-written'))).rejects.toMatchObject({ key });
    await expect(readFile(join(dir, 'never-written'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('replaces an existing object on put', async () => {
    const key = newKey();
    await storage.put(key, Readable.from([Buffer.from('first version')]), { contentType: 'text/plain' });
    await storage.put(key, Readable.from([Buffer.from('second')]), { contentType: 'text/csv' });
    expect((await readAll(await storage.get(key))).toString()).toBe('second');
    expect(await storage.head(key)).toEqual({ sizeBytes: 6, contentType: 'text/csv' });
  });

  it('deletes an object, and deleting it again succeeds', async () => {
    const key = newKey();
    await storage.put(key, Readable.from([Buffer.from('bytes')]), { contentType: 'text/plain' });
    await storage.delete(key);
    expect(await storage.head(key)).toBeNull();
    await expect(storage.delete(key)).resolves.toBeUndefined();
  });

  it('stores nothing when the body fails or has another length than declared', async () => {
    const failing = newKey();
    let sentFirstChunk = false;
    const body = new Readable({
      read() {
        if (sentFirstChunk) return void setImmediate(() => this.destroy(new Error('client went away')));
        sentFirstChunk = true;
        this.push(Buffer.alloc(64 * 1024));
      },
    });
    await expect(storage.put(failing, body, { contentType: 'image/jpeg' })).rejects.toThrow('client went away');
    expect(await storage.head(failing)).toBeNull();

    const short = newKey();
    await expect(
      storage.put(short, Readable.from([Buffer.alloc(100)]), { contentType: 'image/jpeg', sizeBytes: 101 }),
    ).rejects.toThrow(BodyLengthMismatch);
    expect(await storage.head(short)).toBeNull();
  });

  it('accepts a client upload through a presigned PUT URL', async () => {
    const key = newKey('photo.png');
    const url = await storage.presignedPutUrl(key, { expiresInSeconds: 300, contentType: 'image/png' });
    const bytes = randomBytes(300 * 1024);

    const response = await fetch(url!, { method: 'PUT', body: bytes, headers: { 'content-type': 'image/png' } });
    expect(response.status).toBe(200);

    expect(await storage.head(key)).toEqual({ sizeBytes: bytes.length, contentType: 'image/png' });
    const target = join(dir, `verify-${randomUUID()}`);
    await storage.download(key, target);
    expect((await readFile(target)).equals(bytes)).toBe(true);
  });

  it('serves the bytes through a presigned GET URL with the requested type and attachment name', async () => {
    const key = newKey();
    const bytes = randomBytes(64 * 1024);
    await storage.put(key, Readable.from([bytes]), { contentType: 'application/octet-stream' });

    const url = await storage.presignedGetUrl(key, {
      expiresInSeconds: 60,
      contentType: 'image/jpeg',
      downloadName: 'Été "1".jpg',
    });
    const response = await fetch(url!);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect(response.headers.get('content-disposition')).toBe(attachmentDisposition('Été "1".jpg'));
  });
});
