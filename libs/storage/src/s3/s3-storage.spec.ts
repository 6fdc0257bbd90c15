import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchBucket,
  NoSuchKey,
  NotFound,
  S3ServiceException,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { createStorage } from '../create-storage';
import { StorageObjectNotFound } from '../storage';
import { storageEnvSchema } from '../storage-env';
import { attachmentDisposition } from './content-disposition';
import { createS3Client } from './s3-client';
import { S3Storage } from './s3-storage';

// Behaviour at the SDK boundary: error mapping, client configuration, and the multipart abort,
// which s3rver cannot show (it answers AbortMultipartUpload with MethodNotAllowed).
describe('S3Storage at the SDK boundary', () => {
  const client = createS3Client({
    S3_REGION: 'eu-west-1',
    S3_FORCE_PATH_STYLE: false,
    S3_ACCESS_KEY_ID: 'id',
    S3_SECRET_ACCESS_KEY: 'secret',
  });
  const s3 = mockClient(client);
  const storage = new S3Storage(client, 'media-bucket');
  const key = 'media/a/b/original.jpg';

  afterEach(() => s3.reset());
  afterAll(() => client.destroy());

  it('turns NoSuchKey (or any 404 but NoSuchBucket) from GetObject into StorageObjectNotFound', async () => {
    s3.on(GetObjectCommand).rejects(new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} }));
    await expect(storage.get(key)).rejects.toThrow(StorageObjectNotFound);
    await expect(storage.download(key, '/nonexistent-dir/never-written')).rejects.toMatchObject({
      name: 'StorageObjectNotFound',
      key,
    });

    s3.on(GetObjectCommand).rejects(
      new S3ServiceException({ name: 'Gone', $fault: 'client', $metadata: { httpStatusCode: 404 } }),
    );
    await expect(storage.get(key)).rejects.toThrow(StorageObjectNotFound);
  });

  it('lets a missing bucket surface as itself, not as a missing object', async () => {
    s3.on(GetObjectCommand).rejects(
      new NoSuchBucket({ message: 'The specified bucket does not exist', $metadata: { httpStatusCode: 404 } }),
    );
    await expect(storage.get(key)).rejects.toMatchObject({ name: 'NoSuchBucket' });
  });

  it('answers head with null for NotFound and rethrows other failures', async () => {
    s3.on(HeadObjectCommand).rejects(new NotFound({ message: 'Not Found', $metadata: { httpStatusCode: 404 } }));
    expect(await storage.head(key)).toBeNull();

    s3.on(HeadObjectCommand).rejects(
      new S3ServiceException({ name: 'AccessDenied', $fault: 'client', $metadata: { httpStatusCode: 403 } }),
    );
    await expect(storage.head(key)).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('asks HeadObject in its bucket and reports size and content type', async () => {
    s3.on(HeadObjectCommand, { Bucket: 'media-bucket', Key: key }).resolves({
      ContentLength: 42,
      ContentType: 'image/jpeg',
    });
    expect(await storage.head(key)).toEqual({ sizeBytes: 42, contentType: 'image/jpeg' });
  });

  it('aborts the multipart upload when the body fails after a part was sent', async () => {
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'upload-1' });
    s3.on(UploadPartCommand).resolves({ ETag: '"part"' });
    s3.on(AbortMultipartUploadCommand).resolves({});
    let sent = 0;
    const body = new Readable({
      read() {
        if (sent >= 9 * 1024 * 1024) return void this.destroy(new Error('client went away'));
        sent += 1024 * 1024;
        this.push(randomBytes(1024 * 1024));
      },
    });

    await expect(storage.put(key, body, { contentType: 'video/mp4' })).rejects.toThrow('client went away');
    expect(
      s3.commandCalls(AbortMultipartUploadCommand, { Bucket: 'media-bucket', Key: key, UploadId: 'upload-1' }),
    ).toHaveLength(1);
    expect(s3.commandCalls(CompleteMultipartUploadCommand)).toHaveLength(0);
    expect(body.destroyed).toBe(true);
  });

  it('puts the attachment name into a presigned GET URL without calling S3', async () => {
    const url = new URL(
      (await storage.presignedGetUrl(key, {
        expiresInSeconds: 120,
        contentType: 'image/jpeg',
        downloadName: 'Été "1".jpg',
      }))!,
    );
    expect(url.searchParams.get('response-content-disposition')).toBe(attachmentDisposition('Été "1".jpg'));
    expect(url.searchParams.get('response-content-type')).toBe('image/jpeg');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('120');
    expect(url.pathname).toBe(`/${key}`);
    expect(url.hostname).toBe('media-bucket.s3.eu-west-1.amazonaws.com');
    expect(s3.calls()).toHaveLength(0);
  });

  it('binds the content type into a presigned PUT URL, with no checksum the browser cannot send', async () => {
    const url = new URL((await storage.presignedPutUrl(key, { expiresInSeconds: 300, contentType: 'image/png' }))!);
    expect(url.searchParams.get('X-Amz-SignedHeaders')?.split(';')).toEqual(
      expect.arrayContaining(['content-type', 'host']),
    );
    expect([...url.searchParams.keys()].filter((name) => /checksum/i.test(name))).toEqual([]);
  });

  it('refuses unsafe keys before calling S3', async () => {
    await expect(storage.head('../other-tenant/x')).rejects.toThrow(TypeError);
    await expect(storage.presignedGetUrl('/etc/passwd', { expiresInSeconds: 60 })).rejects.toThrow(TypeError);
    expect(s3.calls()).toHaveLength(0);
  });
});

describe('createS3Client', () => {
  it('passes region, endpoint, path style and explicit credentials to the SDK', async () => {
    const client = createS3Client({
      S3_REGION: 'eu-central-1',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
      S3_FORCE_PATH_STYLE: true,
      S3_ACCESS_KEY_ID: 'minio',
      S3_SECRET_ACCESS_KEY: 'minio-secret',
    });
    try {
      expect(client.config.forcePathStyle).toBe(true);
      expect(await client.config.region()).toBe('eu-central-1');
      expect(await client.config.endpoint?.()).toMatchObject({ hostname: '127.0.0.1', port: 9000, protocol: 'http:' });
      expect(await client.config.credentials()).toMatchObject({
        accessKeyId: 'minio',
        secretAccessKey: 'minio-secret',
      });
      expect(await client.config.requestChecksumCalculation()).toBe('WHEN_REQUIRED');
      expect(await client.config.responseChecksumValidation()).toBe('WHEN_REQUIRED');
    } finally {
      client.destroy();
    }
  });

  it('leaves credentials to the default chain and uses virtual-host style for AWS itself', () => {
    const client = createS3Client({ S3_REGION: 'us-east-1', S3_FORCE_PATH_STYLE: false });
    try {
      expect(client.config.forcePathStyle).toBe(false);
      expect(client.config.endpoint).toBeUndefined();
    } finally {
      client.destroy();
    }
  });
});

describe('createStorage', () => {
  it('picks the S3 provider with its bucket, and local files otherwise', () => {
    const s3 = createStorage(storageEnvSchema.parse({ STORAGE_PROVIDER: 's3', S3_BUCKET: 'media-bucket' }));
    expect(s3).toBeInstanceOf(S3Storage);
    expect(s3).toMatchObject({ kind: 's3', bucket: 'media-bucket' });
    expect(createStorage(storageEnvSchema.parse({}))).toMatchObject({ kind: 'local', bucket: 'local' });
  });

  it('refuses s3 without a bucket even when the config skipped the refinement', () => {
    const env = { ...storageEnvSchema.parse({}), STORAGE_PROVIDER: 's3' as const };
    expect(() => createStorage(env)).toThrow(/S3_BUCKET/);
  });
});
