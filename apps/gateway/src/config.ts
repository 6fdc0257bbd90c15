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
  })
  .superRefine((env, ctx) => {
    refineStorageEnv(env, ctx);
    refineAuthEnv(env, ctx);
  });

export type GatewayConfig = z.infer<typeof envSchema>;
