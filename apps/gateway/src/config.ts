import { z } from 'zod';
import { authEnvShape, refineAuthEnv } from '@ams/auth';
import { gatewayEnvSchema } from '@ams/config';
import { refineStorageEnv, storageEnvShape } from '@ams/storage';

/** Everything the gateway reads from the environment, validated at start-up. */
export const envSchema = gatewayEnvSchema
  .extend({
    ...storageEnvShape,
    ...authEnvShape,
    /**
     * Largest image, in pixels, an upload may declare: decoding is refused above it
     * (decompression bombs). The default is libvips' own ceiling, ~16k x 16k.
     */
    MAX_IMAGE_PIXELS: z.coerce.number().int().min(1_000_000).default(268_402_689),
    /** How long a signed-in user's status is trusted before it is read again. */
    USER_CACHE_TTL_MS: z.coerce.number().int().min(0).max(300_000).default(10_000),
    /**
     * Administrators by email, comma-separated (besides Firebase users with the custom claim
     * `admin: true`). With Firebase the address must be verified; local tokens have no claims that count.
     */
    ADMIN_EMAILS: z
      .string()
      .optional()
      .transform((value) =>
        (value ?? '')
          .split(',')
          .map((email) => email.trim().toLowerCase())
          .filter((email) => email.length > 0),
      )
      .pipe(z.array(z.email('must be a comma-separated list of email addresses'))),
    /** Hourly per-tier request limits (usage_limits), counted in Redis across replicas; `off` for test and bench stacks. */
    RATE_LIMITS: z.enum(['on', 'off']).default('on'),
    /** The rate-limit window; the spec's limits are per hour. */
    RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(3600),
    /** Prefix of the rate-limit counters in Redis (replicas of one deployment share it). */
    RATE_LIMIT_KEY_PREFIX: z
      .string()
      .regex(/^[\w:.-]{1,100}$/, 'letters, digits and : . _ - only')
      .default('ams:rate-limit'),
  })
  .superRefine((env, ctx) => {
    refineStorageEnv(env, ctx);
    refineAuthEnv(env, ctx);
  });

export type GatewayConfig = z.infer<typeof envSchema>;
