import { z } from 'zod';
import { workerEnvSchema } from '@ams/config';
import { refineStorageEnv, storageEnvShape } from '@ams/storage';

/** Everything this service reads from the environment, validated at start-up. */
export const envSchema = workerEnvSchema(3101)
  .extend({ ...storageEnvShape, PROVIDER_PRICES: z.string().optional() })
  .superRefine(refineStorageEnv);
