import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { validateEnv } from '@ams/config';
import { createStorage } from './create-storage';
import { storageEnvSchema, storageEnvShape } from './storage-env';

/** Injection token of the process's `StorageProvider`. */
export const STORAGE = Symbol('STORAGE');

/** Reads the storage keys from ConfigService; parsed again so defaults and rules hold even if the app omitted them. */
function storageEnvFrom(config: ConfigService) {
  const raw = Object.fromEntries(Object.keys(storageEnvShape).map((name) => [name, config.get<unknown>(name)]));
  return validateEnv(storageEnvSchema, raw);
}

/** Provides STORAGE (local files or S3, per STORAGE_PROVIDER) to every module of the app. */
@Global()
@Module({
  providers: [
    {
      provide: STORAGE,
      inject: [ConfigService],
      useFactory: (config: ConfigService) => createStorage(storageEnvFrom(config)),
    },
  ],
  exports: [STORAGE],
})
export class StorageModule {}
