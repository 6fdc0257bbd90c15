import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline as pipe, type Readable } from 'node:stream';
import { expectLength } from '../expected-length';
import { StorageObjectNotFound, type StorageProvider, type StoredObjectInfo } from '../storage';
import { assertSafeStorageKey } from '../storage-key';
import { attachmentDisposition } from './content-disposition';
import { downloadToFile } from '../download-to-file';

const MiB = 1024 * 1024;
// Memory held by one upload is at most queueSize × partSize (32 MiB), whatever the body's length.
const UPLOAD_PART_BYTES = 8 * MiB;
const UPLOAD_PARTS_IN_FLIGHT = 4;

/** Objects in one S3 (or S3-compatible) bucket. */
export class S3Storage implements StorageProvider {
  readonly kind = 's3' as const;

  constructor(
    private readonly client: S3Client,
    readonly bucket: string,
  ) {}

  async put(key: string, body: Readable, options: { contentType: string; sizeBytes?: number }): Promise<void> {
    assertSafeStorageKey(key);
    // stream.pipeline (not .pipe) so a failing body fails the checked stream, and with it the upload.
    const checked =
      options.sizeBytes === undefined ? body : pipe(body, expectLength(options.sizeBytes), () => undefined);
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: checked, ContentType: options.contentType },
      queueSize: UPLOAD_PARTS_IN_FLIGHT,
      partSize: UPLOAD_PART_BYTES,
      leavePartsOnError: false, // abort the multipart upload: no orphaned, billed parts
    });
    try {
      await upload.done();
    } catch (error) {
      // The upload owns the body: release it (an open file, a client's request) when giving up early.
      checked.destroy();
      body.destroy();
      throw error;
    }
  }

  async putFile(key: string, path: string, contentType: string): Promise<void> {
    const { size } = await stat(path);
    await this.put(key, createReadStream(path), { contentType, sizeBytes: size });
  }

  async get(key: string): Promise<Readable> {
    assertSafeStorageKey(key);
    const response = await this.client
      .send(new GetObjectCommand({ Bucket: this.bucket, Key: key }))
      .catch((error: unknown) => {
        throw isNotFound(error) ? new StorageObjectNotFound(key) : error;
      });
    if (!response.Body) throw new StorageObjectNotFound(key);
    return response.Body as Readable; // in Node the SDK's body is an http.IncomingMessage
  }

  async download(key: string, toPath: string): Promise<void> {
    await downloadToFile(await this.get(key), toPath);
  }

  async head(key: string): Promise<StoredObjectInfo | null> {
    assertSafeStorageKey(key);
    try {
      const response = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { sizeBytes: response.ContentLength ?? 0, contentType: response.ContentType };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    assertSafeStorageKey(key);
    // S3 answers 204 for a key that is already gone, so this is idempotent as it stands.
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async presignedGetUrl(
    key: string,
    options: { expiresInSeconds: number; contentType?: string; downloadName?: string },
  ): Promise<string | null> {
    assertSafeStorageKey(key);
    const command = new GetObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ResponseContentType: options.contentType,
      ResponseContentDisposition:
        options.downloadName === undefined ? undefined : attachmentDisposition(options.downloadName),
    });
    return getSignedUrl(this.client, command, { expiresIn: options.expiresInSeconds });
  }

  async presignedPutUrl(
    key: string,
    options: { expiresInSeconds: number; contentType?: string },
  ): Promise<string | null> {
    assertSafeStorageKey(key);
    const command = new PutObjectCommand({ Bucket: this.bucket, Key: key, ContentType: options.contentType });
    // Signing content-type makes S3 refuse an upload declaring another type than the one approved.
    return getSignedUrl(this.client, command, {
      expiresIn: options.expiresInSeconds,
      signableHeaders: new Set(['content-type']),
    });
  }
}

// NoSuchBucket is also a 404, but a missing bucket is a misconfiguration, not a missing object.
function isNotFound(error: unknown): boolean {
  const failure = error as { name?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  if (failure?.name === 'NoSuchKey' || failure?.name === 'NotFound') return true;
  return failure?.$metadata?.httpStatusCode === 404 && failure.name !== 'NoSuchBucket';
}
