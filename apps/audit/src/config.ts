import { z } from 'zod';
import { workerEnvSchema } from '@ams/config';

/** Everything this service reads from the environment, validated at start-up. */
export const envSchema = workerEnvSchema(3105).extend({
  /** Audit entries older than this many days are deleted by the hourly purge. */
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).default(365),
});
