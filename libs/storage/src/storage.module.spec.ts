import { ConfigModule } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { StorageProvider } from './storage';
import { STORAGE, StorageModule } from './storage.module';

async function storageFrom(config: Record<string, unknown>): Promise<StorageProvider> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, skipProcessEnv: true, load: [() => config] }),
      StorageModule,
    ],
  }).compile();
  return moduleRef.get<StorageProvider>(STORAGE);
}

describe('StorageModule', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'storage-module-'));
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('provides local storage under DATA_DIR/media from the app config', async () => {
    const storage = await storageFrom({ DATA_DIR: dataDir });
    expect(storage.kind).toBe('local');
    await storage.put('media/a/original.txt', Readable.from([Buffer.from('hello')]), { contentType: 'text/plain' });
    expect((await readFile(join(dataDir, 'media', 'media/a/original.txt'))).toString()).toBe('hello');
  });

  it('provides S3 storage for STORAGE_PROVIDER=s3 with the configured bucket', async () => {
    const storage = await storageFrom({ STORAGE_PROVIDER: 's3', S3_BUCKET: 'media-bucket', S3_FORCE_PATH_STYLE: true });
    expect(storage).toMatchObject({ kind: 's3', bucket: 'media-bucket' });
  });

  it('refuses to start with s3 and no bucket, naming S3_BUCKET', async () => {
    await expect(storageFrom({ STORAGE_PROVIDER: 's3' })).rejects.toThrow(/S3_BUCKET is missing/);
  });
});
