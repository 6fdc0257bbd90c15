import { gatewayEnvSchema } from '@ams/config';

/** Everything the gateway reads from the environment, validated at start-up. */
export const envSchema = gatewayEnvSchema;
