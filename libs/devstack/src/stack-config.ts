import { z } from 'zod';
import { validateEnv } from '@ams/config';

const unsetIfEmpty = (value: unknown) => (value === '' ? undefined : value);
const optionalUrl = z.preprocess(unsetIfEmpty, z.string().url().optional());

/** What `npm start` / `npm test` read from the environment, validated like a service's config. */
const stackEnvSchema = z.object({
  DATABASE_URL: optionalUrl,
  AMQP_URL: optionalUrl,
  REDIS_URL: optionalUrl,
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  LOG_LEVEL: z.preprocess(unsetIfEmpty, z.string().optional()),
  DATA_DIR: z.string().min(1).default('.data'),
  EMBEDDED_DB_HOST: z.string().min(1).default('127.0.0.1'),
  EMBEDDED_DB_PORT: z.coerce.number().int().min(1).max(65535).default(5433),
  EMBEDDED_DB_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(1000).default(100),
  EMBEDDED_DB_IDLE_OWNER_MS: z.coerce.number().int().min(100).default(60_000),
});

export type StackConfig = z.infer<typeof stackEnvSchema>;

export function stackConfig(): StackConfig {
  return validateEnv(stackEnvSchema, process.env);
}

/** This process's environment plus `extra`, for a child process. */
export function inheritedEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}

/** The directories searched for programs. */
export function systemPath(): string {
  return process.env['PATH'] ?? '';
}
