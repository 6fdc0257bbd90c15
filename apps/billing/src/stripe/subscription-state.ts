import type Stripe from 'stripe';
import { isUuid, paidTierSchema, type PaidTier } from '@ams/contracts';
import type { BillingStatus, SubscriptionState } from '@ams/db';
import { tierOfPrice, type StripeSettings } from './stripe.config';

/** What one Stripe object says about a user's subscription, and who it names. */
export interface StripeSubscriptionFacts {
  state: SubscriptionState;
  /** metadata.userId (or the Checkout Session's client_reference_id): used when the customer is unknown. */
  userIdHint: string | null;
}

const STATUS: Record<string, BillingStatus> = {
  active: 'active',
  trialing: 'active',
  past_due: 'inactive',
  unpaid: 'inactive',
  incomplete: 'inactive',
  incomplete_expired: 'inactive',
  paused: 'inactive',
  canceled: 'cancelled',
};

/** Subscriptions whose first payment never went through: they grant no paid tier. */
const NEVER_PAID = new Set(['incomplete', 'incomplete_expired']);

export const uuidOrNull = (value: string | null | undefined): string | null =>
  value && isUuid(value) ? value.toLowerCase() : null;

const fromUnix = (seconds: number): Date => new Date(seconds * 1000);

/** An expandable field's id (Stripe sends either the id or the object). */
export const idOf = (value: string | { id: string } | null | undefined): string | null =>
  typeof value === 'string' ? value : (value?.id ?? null);

const paidTierOf = (value: string | undefined): PaidTier | null => paidTierSchema.safeParse(value).data ?? null;

/**
 * A Subscription (customer.subscription.* events, or retrieved after Checkout): tier from the
 * first item's price (metadata.tier as fall-back), status mapped to ours, period and end from the
 * first item (this API version keeps current_period_* on items).
 */
export function subscriptionFacts(
  subscription: Stripe.Subscription,
  prices: StripeSettings['prices'],
): StripeSubscriptionFacts {
  const item = subscription.items.data[0];
  const status = STATUS[subscription.status] ?? 'inactive';
  const tier = NEVER_PAID.has(subscription.status)
    ? null
    : (tierOfPrice(prices, item?.price.id) ?? paidTierOf(subscription.metadata['tier']));
  const period = item ? { start: fromUnix(item.current_period_start), end: fromUnix(item.current_period_end) } : null;
  return {
    state: {
      tier,
      status,
      startedAt: fromUnix(subscription.start_date),
      endsAt: period?.end ?? null,
      // A cancelled subscription has no next period to start.
      period: status === 'cancelled' ? null : period,
      stripeCustomerId: idOf(subscription.customer),
      stripeSubscriptionId: subscription.id,
    },
    userIdHint: uuidOrNull(subscription.metadata['userId']),
  };
}

/**
 * A subscription's invoice (invoice.paid / invoice.payment_failed); null for an invoice that is
 * not a subscription's. The period is the subscription line's (the invoice's own period_start/end
 * cover the previous period's pending items); proration lines say nothing about the period.
 */
export function invoiceFacts(
  invoice: Stripe.Invoice,
  outcome: 'paid' | 'payment_failed',
  prices: StripeSettings['prices'],
): StripeSubscriptionFacts | null {
  const details = invoice.parent?.subscription_details;
  const subscriptionId = idOf(details?.subscription);
  if (!subscriptionId) return null;
  const line = invoice.lines.data.find(
    (candidate) =>
      candidate.parent?.type === 'subscription_item_details' &&
      candidate.parent.subscription_item_details?.proration === false,
  );
  const period = line ? { start: fromUnix(line.period.start), end: fromUnix(line.period.end) } : null;
  const paid = outcome === 'paid';
  const tier = paid
    ? (tierOfPrice(prices, idOf(line?.pricing?.price_details?.price)) ?? paidTierOf(details?.metadata?.['tier']))
    : null;
  return {
    state: {
      // A failed payment keeps the tier until the end of the period it was for.
      tier,
      status: paid ? 'active' : 'inactive',
      startedAt: null,
      endsAt: period?.end ?? null,
      period: paid ? period : null,
      stripeCustomerId: idOf(invoice.customer),
      stripeSubscriptionId: subscriptionId,
    },
    userIdHint: uuidOrNull(details?.metadata?.['userId']),
  };
}

/** The user a completed Checkout Session was for (we set both fields when creating it). */
export function checkoutUserId(session: Stripe.Checkout.Session): string | null {
  return uuidOrNull(session.client_reference_id) ?? uuidOrNull(session.metadata?.['userId']);
}
