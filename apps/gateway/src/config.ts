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
    /** Browser origins allowed to call the API cross-origin, comma-separated exact origins; empty: none. */
    CORS_ORIGINS: z
      .string()
      .optional()
      .transform((value) =>
        (value ?? '')
          .split(',')
          .map((origin) => origin.trim())
          .filter((origin) => origin.length > 0),
      )
      .pipe(
        z.array(
          z.url({ protocol: /^https?$/ }).refine(isBareOrigin, 'must be bare origins like https://app.example.com'),
        ),
      ),
    /**
     * Which proxies' X-Forwarded-For to believe for the client's IP (rate limits by IP, the audit
     * trail): empty or "false" none, "true" all, a number the count of hops, or comma-separated
     * addresses/CIDRs of your load balancers. Believing a header from anyone lets clients pick
     * their own IP.
     */
    TRUST_PROXY: z
      .string()
      .optional()
      .transform((value): boolean | number | string => {
        const setting = (value ?? '').trim();
        if (setting === '' || setting === 'false') return false;
        if (setting === 'true') return true;
        return /^\d+$/.test(setting) ? Number(setting) : setting;
      }),
    /** The Firebase web app's API key, handed to the web client by GET /v1/auth/config (public, not a secret). */
    FIREBASE_WEB_API_KEY: z.string().min(1).optional(),
    /** The Firebase auth domain for the web client; default `<FIREBASE_PROJECT_ID>.firebaseapp.com`. */
    FIREBASE_AUTH_DOMAIN: z.string().min(1).optional(),
    /** The built web client served at `/`; default apps/web/dist. Nothing is served at `/` when it is missing. */
    WEB_DIST_DIR: z.string().min(1).optional(),
    /** Largest JSON (non-upload) request body, in bytes. */
    BODY_LIMIT_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(100 * 1024 * 1024)
      .default(1024 * 1024),
  })
  .superRefine((env, ctx) => {
    refineStorageEnv(env, ctx);
    refineAuthEnv(env, ctx);
  });

/** `https://app.example.com`, not `https://app.example.com/` or `https://app.example.com/path`. */
function isBareOrigin(value: string): boolean {
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
}

export type GatewayConfig = z.infer<typeof envSchema>;
