import { workerEnvSchema } from '@ams/config';
import { stripeEnvShape } from './stripe/stripe.config';

/** Everything this service reads from the environment, validated at start-up. */
export const envSchema = workerEnvSchema(3104).extend(stripeEnvShape);
