import { ConfigService } from '@nestjs/config';
import { z } from 'zod';
import type { PaidTier } from '@ams/contracts';

/** `VAR=` in a .env file means unset, not an empty secret. */
const optionalText = z.preprocess((value) => (value === '' ? undefined : value), z.string().min(1).optional());

/** Stripe subscriptions; every variable is optional: without them billing answers "not configured". */
export const stripeEnvShape = {
  /** Secret API key (sk_live_… / sk_test_…): checkout and portal. Never logged. */
  STRIPE_SECRET_KEY: optionalText,
  /** Signing secret of the webhook endpoint (whsec_…): verifies deliveries. Never logged. */
  STRIPE_WEBHOOK_SECRET: optionalText,
  /** Price ids (price_…) of the paid tiers' subscriptions. */
  STRIPE_PRICE_PREMIUM: optionalText,
  STRIPE_PRICE_ULTIMATE: optionalText,
  /** Another API endpoint, e.g. http://127.0.0.1:12111 for stripe-mock or a test's fake. */
  STRIPE_API_URL: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z
      .url()
      .refine((value) => /^https?:\/\//.test(value), 'must be an http(s) URL')
      .optional(),
  ),
  /** Where users come back to after Checkout and the portal. */
  PUBLIC_URL: z.url().default('http://localhost:3000'),
};

export interface StripeSettings {
  secretKey: string | undefined;
  webhookSecret: string | undefined;
  prices: Partial<Record<PaidTier, string>>;
  apiUrl: string | undefined;
  publicUrl: string;
}

/** The Stripe settings from the validated config. */
export function stripeSettings(config: ConfigService): StripeSettings {
  return {
    secretKey: config.get<string>('STRIPE_SECRET_KEY'),
    webhookSecret: config.get<string>('STRIPE_WEBHOOK_SECRET'),
    prices: {
      premium: config.get<string>('STRIPE_PRICE_PREMIUM'),
      ultimate: config.get<string>('STRIPE_PRICE_ULTIMATE'),
    },
    apiUrl: config.get<string>('STRIPE_API_URL'),
    publicUrl: config.getOrThrow<string>('PUBLIC_URL').replace(/\/+$/, ''),
  };
}

/** The paid tier a price id stands for, if it is one of ours. */
export function tierOfPrice(prices: StripeSettings['prices'], priceId: string | null | undefined): PaidTier | null {
  if (!priceId) return null;
  if (prices.premium === priceId) return 'premium';
  if (prices.ultimate === priceId) return 'ultimate';
  return null;
}
