import type { Provider } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import Stripe from 'stripe';
import { stripeSettings, type StripeSettings } from './stripe.config';

/** Injection token of the Stripe client: `Stripe`, or null when STRIPE_SECRET_KEY is unset. */
export const STRIPE_CLIENT = Symbol('STRIPE_CLIENT');
export const STRIPE_SETTINGS = Symbol('STRIPE_SETTINGS');

/**
 * Each call is bounded well inside a few RPC timeouts: a reply the gateway stopped waiting for
 * is worthless (the SDK's default is 80 s).
 */
const REQUEST_TIMEOUT_MS = 10_000;

export function createStripeClient(settings: StripeSettings): Stripe | null {
  if (!settings.secretKey) return null;
  return new Stripe(settings.secretKey, {
    // Connection errors, 409 and 5xx are retried with backoff; POSTs carry idempotency keys.
    maxNetworkRetries: 2,
    timeout: REQUEST_TIMEOUT_MS,
    appInfo: { name: 'ai-media-search' },
    ...endpointOf(settings.apiUrl),
  });
}

/** STRIPE_API_URL as the SDK's host, port and protocol. */
function endpointOf(apiUrl: string | undefined): Pick<Stripe.StripeConfig, 'host' | 'port' | 'protocol'> {
  if (!apiUrl) return {};
  const url = new URL(apiUrl);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { host: url.hostname, port: url.port || (protocol === 'http' ? 80 : 443), protocol };
}

export const stripeProviders: Provider[] = [
  { provide: STRIPE_SETTINGS, inject: [ConfigService], useFactory: stripeSettings },
  { provide: STRIPE_CLIENT, inject: [STRIPE_SETTINGS], useFactory: createStripeClient },
];
