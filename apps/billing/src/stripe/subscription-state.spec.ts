import type Stripe from 'stripe';
import type { BillingAccount, SubscriptionState } from '@ams/db';
import { invoiceObject, subscriptionObject } from '../../test/stripe-fixtures';
import { checkoutUserId, invoiceFacts, subscriptionFacts } from './subscription-state';
import { concernsCurrentSubscription } from './subscription-sync';

const prices = { premium: 'price_premium', ultimate: 'price_ultimate' };
const periodStart = new Date('2026-03-01T00:00:00Z');
const periodEnd = new Date('2026-04-01T00:00:00Z');
const USER = '0b7c3f0e-58a8-4c1a-9d0c-2c4a7f3e9b11';

const subscription = (overrides: Partial<Parameters<typeof subscriptionObject>[0]> = {}) =>
  subscriptionObject({
    id: 'sub_1',
    customer: 'cus_1',
    status: 'active',
    price: 'price_premium',
    periodStart,
    periodEnd,
    startDate: new Date('2026-01-01T00:00:00Z'),
    ...overrides,
  }) as unknown as Stripe.Subscription;

describe('subscriptionFacts', () => {
  it('reads tier from the first item’s price, period and end from the item, start from start_date', () => {
    expect(subscriptionFacts(subscription({ metadata: { userId: USER.toUpperCase() } }), prices)).toEqual({
      state: {
        tier: 'premium',
        status: 'active',
        startedAt: new Date('2026-01-01T00:00:00Z'),
        endsAt: periodEnd,
        period: { start: periodStart, end: periodEnd },
        stripeCustomerId: 'cus_1',
        stripeSubscriptionId: 'sub_1',
      },
      userIdHint: USER,
    });
  });

  it('falls back to metadata.tier for an unknown price, and to nothing for neither', () => {
    const legacy = subscription({ price: 'price_old', metadata: { tier: 'ultimate' } });
    expect(subscriptionFacts(legacy, prices).state.tier).toBe('ultimate');
    expect(
      subscriptionFacts(subscription({ price: 'price_old', metadata: { tier: 'gold' } }), prices).state.tier,
    ).toBeNull();
  });

  it.each([
    ['active', 'active'],
    ['trialing', 'active'],
    ['past_due', 'inactive'],
    ['unpaid', 'inactive'],
    ['incomplete', 'inactive'],
    ['incomplete_expired', 'inactive'],
    ['paused', 'inactive'],
    ['canceled', 'cancelled'],
    ['some_future_status', 'inactive'],
  ])('maps Stripe status %s to %s', (status, ours) => {
    expect(subscriptionFacts(subscription({ status }), prices).state.status).toBe(ours);
  });

  it('grants no tier while the first payment is incomplete', () => {
    expect(subscriptionFacts(subscription({ status: 'incomplete' }), prices).state.tier).toBeNull();
  });

  it('gives a cancelled subscription its end but no period to start', () => {
    const { state } = subscriptionFacts(subscription({ status: 'canceled' }), prices);
    expect(state).toMatchObject({ status: 'cancelled', endsAt: periodEnd, period: null });
  });

  it('ignores a userId in metadata that is not a uuid', () => {
    expect(subscriptionFacts(subscription({ metadata: { userId: "1' OR 1=1" } }), prices).userIdHint).toBeNull();
  });
});

describe('invoiceFacts', () => {
  const invoice = (overrides: Partial<Parameters<typeof invoiceObject>[0]> = {}) =>
    invoiceObject({
      customer: 'cus_1',
      subscription: 'sub_1',
      paid: true,
      price: 'price_ultimate',
      periodStart,
      periodEnd,
      ...overrides,
    }) as unknown as Stripe.Invoice;

  it('takes the period and tier of a paid invoice from its subscription line, not the invoice’s own period', () => {
    expect(invoiceFacts(invoice(), 'paid', prices)?.state).toEqual({
      tier: 'ultimate',
      status: 'active',
      startedAt: null,
      endsAt: periodEnd,
      period: { start: periodStart, end: periodEnd },
      stripeCustomerId: 'cus_1',
      stripeSubscriptionId: 'sub_1',
    });
  });

  it('marks a failed payment inactive, keeping the tier until the invoiced period ends and starting no period', () => {
    expect(invoiceFacts(invoice({ paid: false }), 'payment_failed', prices)?.state).toMatchObject({
      tier: null,
      status: 'inactive',
      endsAt: periodEnd,
      period: null,
    });
  });

  it('learns nothing about the period from proration lines alone', () => {
    const prorated = invoice();
    prorated.lines.data[0]!.parent!.subscription_item_details!.proration = true;
    expect(invoiceFacts(prorated, 'paid', prices)?.state).toMatchObject({ tier: null, period: null, endsAt: null });
  });

  it('is null for an invoice that belongs to no subscription', () => {
    expect(invoiceFacts({ ...invoice(), parent: null }, 'paid', prices)).toBeNull();
  });
});

describe('checkoutUserId', () => {
  it('prefers client_reference_id, then metadata.userId', () => {
    const session = (client: string | null, meta?: string) =>
      ({ client_reference_id: client, metadata: meta ? { userId: meta } : {} }) as unknown as Stripe.Checkout.Session;
    expect(checkoutUserId(session(USER, 'not-a-uuid'))).toBe(USER);
    expect(checkoutUserId(session(null, USER))).toBe(USER);
    expect(checkoutUserId(session('anonymous'))).toBeNull();
  });
});

describe('concernsCurrentSubscription', () => {
  const account = (stripeSubscriptionId: string | null, status = 'active') =>
    ({ stripeSubscriptionId, status }) as BillingAccount;
  const state = (stripeSubscriptionId: string, status: SubscriptionState['status'] = 'active') =>
    ({ stripeSubscriptionId, status }) as SubscriptionState;

  it('accepts events about the stored subscription, or when none is stored', () => {
    expect(concernsCurrentSubscription(account('sub_1'), state('sub_1', 'cancelled'))).toBe(true);
    expect(concernsCurrentSubscription(account(null), state('sub_2'))).toBe(true);
  });

  it('refuses another subscription while the stored one is live, accepts a live one once it is over', () => {
    expect(concernsCurrentSubscription(account('sub_1'), state('sub_0', 'cancelled'))).toBe(false);
    expect(concernsCurrentSubscription(account('sub_1'), state('sub_2'))).toBe(false);
    expect(concernsCurrentSubscription(account('sub_1', 'cancelled'), state('sub_2'))).toBe(true);
    expect(concernsCurrentSubscription(account('sub_1', 'cancelled'), state('sub_0', 'cancelled'))).toBe(false);
  });
});
