import { BILLING_STRIPE_WEBHOOK_V1, type ReplyOf } from '@ams/contracts';
import { withRequestContext } from '@ams/logging';
import { FakeStripe } from './fake-stripe';
import { createUser, startBilling, stripeEnv, WEBHOOK_SECRET, type BillingApps } from './stripe-billing-app';
import { signed, stripeId } from './stripe-fixtures';

export const DAY = 86_400_000;
/** Whole seconds (Stripe's resolution) from one moment fixed for the file, so compared times agree. */
const BASE = Math.floor(Date.now() / 1000) * 1000;
export const at = (offsetMs: number) => new Date(BASE + offsetMs);

export interface WebhookBench {
  stripe: FakeStripe;
  billing: BillingApps;
  /** One delivery as the gateway forwards it, signed like Stripe's unless told otherwise. */
  deliver(
    event: { id: string },
    options?: { tamper?: (body: string) => string; signature?: string | null; secret?: string; requestId?: string },
  ): Promise<ReplyOf<typeof BILLING_STRIPE_WEBHOOK_V1>>;
  /** A user on a paid plan as Checkout leaves them, their current period ending in two days. */
  subscriber(columns?: Record<string, unknown>): Promise<{ userId: string; customer: string; subscription: string }>;
  /** What stripe_webhook_events recorded for an event. */
  ledgerOf(eventId: string): Promise<{ outcome: string; user_id: string | null }[]>;
  close(): Promise<void>;
}

/** Billing configured for Stripe (a FakeStripe), ready to receive webhook deliveries. */
export async function startWebhookBench(): Promise<WebhookBench> {
  const stripe = await FakeStripe.start();
  const billing = await startBilling(stripeEnv(stripe.url));
  return {
    stripe,
    billing,
    deliver(event, options = {}) {
      const delivery = signed(event, options.secret ?? WEBHOOK_SECRET);
      const client = { ipAddress: '203.0.113.7', userAgent: 'Stripe/1.0 (+https://stripe.com/docs/webhooks)' };
      const requestId = options.requestId ?? stripeId('req');
      // As from the gateway: the request context travels in the message headers.
      return withRequestContext(requestId, client, () =>
        billing.bus.request(BILLING_STRIPE_WEBHOOK_V1, {
          rawBody: options.tamper ? options.tamper(delivery.body) : delivery.body,
          signature: options.signature === undefined ? delivery.signature : options.signature,
          ...client,
          requestId,
        }),
      );
    },
    async subscriber(columns = {}) {
      const customer = stripeId('cus');
      const subscription = stripeId('sub');
      const userId = await createUser(billing.pool, {
        subscription_tier: 'premium',
        subscription_status: 'active',
        stripe_customer_id: customer,
        stripe_subscription_id: subscription,
        // Ends in the future: the hourly usage reset of any billing replica leaves it alone.
        billing_period_start: at(-28 * DAY),
        billing_period_end: at(2 * DAY),
        uploads_this_month: 7,
        searches_this_month: 30,
        ...columns,
      });
      return { userId, customer, subscription };
    },
    async ledgerOf(eventId) {
      const { rows } = await billing.pool.query(
        `SELECT outcome, user_id FROM stripe_webhook_events WHERE event_id = $1`,
        [eventId],
      );
      return rows as { outcome: string; user_id: string | null }[];
    },
    async close() {
      await billing.close();
      await stripe.close();
    },
  };
}
