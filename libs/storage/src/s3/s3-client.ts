import { S3Client } from '@aws-sdk/client-s3';
import type { StorageEnv } from '../storage-env';

type S3Settings = Pick<
  StorageEnv,
  'S3_REGION' | 'S3_ENDPOINT' | 'S3_FORCE_PATH_STYLE' | 'S3_ACCESS_KEY_ID' | 'S3_SECRET_ACCESS_KEY'
>;

/** An S3 client for AWS or an S3-compatible server (endpoint + path-style addressing). */
export function createS3Client(env: S3Settings): S3Client {
  const { S3_ACCESS_KEY_ID: accessKeyId, S3_SECRET_ACCESS_KEY: secretAccessKey } = env;
  return new S3Client({
    region: env.S3_REGION,
    endpoint: env.S3_ENDPOINT,
    forcePathStyle: env.S3_FORCE_PATH_STYLE,
    // Without explicit keys the SDK's default chain applies (instance role, profile, env of the SDK's own).
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
    // The SDK's default CRC checksums (aws-chunked bodies, checksums in presigned URLs) break most
    // S3-compatible servers; AWS accepts requests without them.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}
