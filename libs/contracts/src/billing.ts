import { z } from 'zod';
import { defineEvent, defineRpc, type ReplyOf } from './contract';

const timestamp = z.iso.datetime({ offset: true });
const tier = z.enum(['free', 'premium', 'ultimate']);
export type Tier = z.infer<typeof tier>;

/** The paid tiers a user can subscribe to with Stripe Checkout. */
export const paidTierSchema = z.enum(['premium', 'ultimate']);
export type PaidTier = z.infer<typeof paidTierSchema>;

/** Billing: a Stripe Checkout Session for a subscription to `tier`; the client is sent to `url`. */
export const BILLING_CHECKOUT_V1 = defineRpc(
  'billing.checkout.v1',
  z.object({ userId: z.uuid(), tier: paidTierSchema }),
  z.object({ sessionId: z.string(), url: z.url() }),
);

/** Billing: a Stripe Customer Portal session where the user manages their subscription. */
export const BILLING_PORTAL_V1 = defineRpc(
  'billing.portal.v1',
  z.object({ userId: z.uuid() }),
  z.object({ url: z.url() }),
);

/**
 * Billing: one Stripe webhook delivery, as received (the raw body is what the signature covers).
 * `ignored` events are valid but of a type billing does not act on; `duplicate` ones were already
 * processed (Stripe retries deliveries).
 */
export const BILLING_STRIPE_WEBHOOK_V1 = defineRpc(
  'billing.stripe-webhook.v1',
  z.object({
    rawBody: z.string(),
    signature: z.string().nullable(),
    ipAddress: z.string().nullable(),
    userAgent: z.string().nullable(),
    requestId: z.string().nullable(),
  }),
  z.object({
    eventId: z.string(),
    type: z.string(),
    outcome: z.enum(['processed', 'duplicate', 'ignored', 'stale']),
  }),
);

const limitUse = z.object({
  used: z.number(),
  /** null: unlimited on this tier. */
  limit: z.number().nullable(),
  /** used / limit, 0..1 (above 1 when a limit was lowered below what is used); null when unlimited. */
  fraction: z.number().nullable(),
});

/** Billing: the account's usage this period against every limit of its tier (GET /v1/usage). */
export const BILLING_USAGE_V1 = defineRpc(
  'billing.usage.v1',
  z.object({ userId: z.uuid() }),
  z.object({
    tier,
    subscriptionStatus: z.string(),
    periodStart: timestamp.nullable(),
    periodEnd: timestamp.nullable(),
    totalFiles: z.number().int(),
    processedFiles: z.number().int(),
    uploads: limitUse,
    searches: limitUse,
    storageBytes: limitUse,
    aiCostUsd: limitUse.extend({ alertThreshold: z.number().nullable() }),
    maxFileSizeBytes: z.number(),
    maxVideoDurationSeconds: z.number().nullable(),
    rateLimitsPerHour: z.object({ api: z.number().int(), uploads: z.number().int(), searches: z.number().int() }),
    features: z.array(z.string()),
    aiFeatures: z.array(z.string()),
  }),
);
export type UsageSummary = ReplyOf<typeof BILLING_USAGE_V1>;

/**
 * A user's AI spending this billing period reached `cost_alert_threshold` of the tier's
 * `max_monthly_cost`: emitted once per user and period.
 */
export const BILLING_COST_ALERT_V1 = defineEvent(
  'billing.cost-alert.v1',
  z.object({
    userId: z.uuid(),
    tier,
    periodStart: timestamp,
    spentUsd: z.number().nonnegative(),
    capUsd: z.number().nonnegative(),
    threshold: z.number(),
    alertedAt: timestamp,
  }),
);

/** A user's tier or subscription status changed (Stripe, or the fall-back to free at period end). */
export const BILLING_SUBSCRIPTION_CHANGED_V1 = defineEvent(
  'billing.subscription-changed.v1',
  z.object({
    userId: z.uuid(),
    previous: z.object({ tier, status: z.string() }),
    current: z.object({ tier, status: z.string(), endsAt: timestamp.nullable() }),
    source: z.enum(['stripe', 'period-end']),
    stripeEventId: z.string().nullable(),
    changedAt: timestamp,
  }),
);
