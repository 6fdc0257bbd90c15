import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const port = z.coerce.number().int().min(0).max(65535);

const postgresUrl = z
  .string()
  .url()
  .refine((value) => /^postgres(ql)?:\/\//.test(value), 'must be a postgres:// URL');

const amqpUrl = z
  .string()
  .url()
  .refine((value) => /^amqps?:\/\//.test(value), 'must be an amqp:// or amqps:// URL');

/** Variables every service reads. `npm start` fills DATABASE_URL when it starts the embedded database. */
export const baseEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  DATABASE_URL: postgresUrl,
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(5),
  AMQP_URL: amqpUrl.default('amqp://guest:guest@127.0.0.1:5672'),
  REDIS_URL: z
    .string()
    .url()
    .refine((value) => /^rediss?:\/\//.test(value), 'must be a redis:// URL')
    .default('redis://127.0.0.1:6379'),
  RPC_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
});

/** Services other than the gateway serve only health and metrics over HTTP, on HEALTH_PORT. */
export function workerEnvSchema(defaultHealthPort: number) {
  return baseEnvSchema.extend({ HEALTH_PORT: port.default(defaultHealthPort) });
}

export const gatewayEnvSchema = baseEnvSchema.extend({
  PORT: port.default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
});

export type BaseEnv = z.infer<typeof baseEnvSchema>;
export type WorkerEnv = z.infer<ReturnType<typeof workerEnvSchema>>;
export type GatewayEnv = z.infer<typeof gatewayEnvSchema>;

/** Raised at start-up when the environment is wrong; the message names every bad variable. */
export class InvalidConfiguration extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'InvalidConfiguration';
  }
}

/** Parse raw environment variables against a schema, or throw naming each offending variable. */
export function validateEnv<S extends z.ZodType>(schema: S, raw: Record<string, unknown>): z.infer<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const problems = new Map<string, string>(); // first problem per variable
  for (const issue of result.error.issues) {
    const variable = issue.path.join('.') || '(environment)';
    if (problems.has(variable)) continue;
    const value = raw[variable];
    problems.set(variable, value === undefined || value === '' ? 'is missing' : `is invalid: ${issue.message}`);
  }
  throw new InvalidConfiguration([...problems].map(([variable, reason]) => `${variable} ${reason}`));
}

/** Validate this process's environment (the one place outside Nest's ConfigModule that reads it). */
export function validateProcessEnv<S extends z.ZodType>(schema: S): z.infer<S> {
  return validateEnv(schema, process.env);
}
