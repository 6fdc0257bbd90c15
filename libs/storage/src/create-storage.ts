import { join } from 'node:path';
import { LocalStorage } from './local/local-storage';
import { createS3Client } from './s3/s3-client';
import { S3Storage } from './s3/s3-storage';
import type { StorageProvider } from './storage';
import type { StorageEnv } from './storage-env';

const vendors: Record<StorageEnv['STORAGE_PROVIDER'], (env: StorageEnv) => StorageProvider> = {
  local: (env) => new LocalStorage(join(env.DATA_DIR, 'media')),
  s3: (env) => new S3Storage(createS3Client(env), requireBucket(env)),
};

/** The storage provider STORAGE_PROVIDER names; adding a vendor is one folder and one line above. */
export function createStorage(env: StorageEnv): StorageProvider {
  return vendors[env.STORAGE_PROVIDER](env);
}

// storageEnvSchema refuses this already; an app that merged the shape without the refinement still fails clearly.
function requireBucket(env: StorageEnv): string {
  if (!env.S3_BUCKET) throw new Error('S3_BUCKET is required when STORAGE_PROVIDER=s3');
  return env.S3_BUCKET;
}
