import { z } from 'zod';
import { refineStorageEnv, storageEnvSchema, storageEnvShape } from './storage-env';

const messagesOf = (result: { success: boolean; error?: z.ZodError }) =>
  (result.error?.issues ?? []).map((issue) => `${issue.path.join('.')}: ${issue.message}`);

describe('storageEnvSchema', () => {
  it('defaults to local files under .data with five-minute presigned URLs', () => {
    expect(storageEnvSchema.parse({})).toEqual({
      STORAGE_PROVIDER: 'local',
      DATA_DIR: '.data',
      S3_REGION: 'us-east-1',
      S3_FORCE_PATH_STYLE: false,
      PRESIGNED_URL_TTL_SECONDS: 300,
    });
  });

  it('reads an S3 configuration from environment strings', () => {
    const env = storageEnvSchema.parse({
      STORAGE_PROVIDER: 's3',
      S3_BUCKET: 'media',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
      S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: 'id',
      S3_SECRET_ACCESS_KEY: 'secret',
      PRESIGNED_URL_TTL_SECONDS: '60',
    });
    expect(env).toMatchObject({ S3_FORCE_PATH_STYLE: true, PRESIGNED_URL_TTL_SECONDS: 60, S3_BUCKET: 'media' });
    expect(storageEnvSchema.parse({ S3_FORCE_PATH_STYLE: 'false' }).S3_FORCE_PATH_STYLE).toBe(false);
  });

  it('parses its own output again unchanged (as StorageModule does with validated config)', () => {
    const env = storageEnvSchema.parse({ STORAGE_PROVIDER: 's3', S3_BUCKET: 'media', S3_FORCE_PATH_STYLE: 'true' });
    expect(storageEnvSchema.parse(env)).toEqual(env);
  });

  it('refuses s3 without a bucket, naming S3_BUCKET', () => {
    expect(messagesOf(storageEnvSchema.safeParse({ STORAGE_PROVIDER: 's3' }))).toEqual([
      'S3_BUCKET: S3_BUCKET is required when STORAGE_PROVIDER=s3',
    ]);
  });

  it('refuses one credential without the other', () => {
    expect(messagesOf(storageEnvSchema.safeParse({ S3_ACCESS_KEY_ID: 'id' }))).toEqual([
      'S3_SECRET_ACCESS_KEY: S3_SECRET_ACCESS_KEY is required with S3_ACCESS_KEY_ID',
    ]);
  });

  it.each([
    ['an unknown provider', { STORAGE_PROVIDER: 'gcs' }, 'STORAGE_PROVIDER'],
    ['a TTL under 30 s', { PRESIGNED_URL_TTL_SECONDS: '10' }, 'PRESIGNED_URL_TTL_SECONDS'],
    ['a TTL over an hour', { PRESIGNED_URL_TTL_SECONDS: '3601' }, 'PRESIGNED_URL_TTL_SECONDS'],
    ['a non-HTTP endpoint', { S3_ENDPOINT: 'ftp://example.com' }, 'S3_ENDPOINT'],
    ['a yes/no flag other than true/false', { S3_FORCE_PATH_STYLE: 'yes' }, 'S3_FORCE_PATH_STYLE'],
  ])('refuses %s', (_reason, raw, variable) => {
    const result = storageEnvSchema.safeParse(raw);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path[0])).toEqual([variable]);
  });

  it('keeps the S3_BUCKET rule when an app merges the shape into its own schema', () => {
    const appSchema = z
      .object({ PORT: z.coerce.number().default(3000) })
      .extend(storageEnvShape)
      .superRefine(refineStorageEnv);
    expect(appSchema.parse({}).PORT).toBe(3000);
    expect(messagesOf(appSchema.safeParse({ STORAGE_PROVIDER: 's3' }))).toEqual([
      'S3_BUCKET: S3_BUCKET is required when STORAGE_PROVIDER=s3',
    ]);
  });
});
