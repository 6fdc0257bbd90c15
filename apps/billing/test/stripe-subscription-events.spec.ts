import { createUser, outboxOf, PRICE_PREMIUM, PRICE_ULTIMATE, userRow } from './stripe-billing-app';
import { checkoutCompletedSession, invoiceObject, stripeEvent, stripeId, subscriptionObject } from './stripe-fixtures';
import { at, DAY, startWebhookBench, type WebhookBench } from './stripe-webhook-kit';

describe('Stripe subscription events applied by the billing service', () => {
  let bench: WebhookBench;
  let stripe: WebhookBench['stripe'];
  let billing: WebhookBench['billing'];
  let deliver: WebhookBench['deliver'];
  let subscriber: WebhookBench['subscriber'];
  let ledgerOf: WebhookBench['ledgerOf'];

  beforeAll(async () => {
    bench = await startWebhookBench();
    ({ stripe, billing, deliver, subscriber, ledgerOf } = bench);
  });

  afterAll(async () => {
    await bench?.close();
  });

  describe('checkout.session.completed', () => {
    it('links the subscription (retrieved from Stripe) and moves the user to its tier, announcing the change', async () => {
      const userId = await createUser(billing.pool, {
        stripe_customer_id: stripeId('cus'),
        billing_period_start: at(-10 * DAY),
        billing_period_end: at(20 * DAY),
        searches_this_month: 12,
      });
      const { stripe_customer_id: customer } = await userRow(billing.pool, userId);
      const subscription = subscriptionObject({
        customer: customer!,
        status: 'active',
        price: PRICE_PREMIUM,
        periodStart: at(-60_000),
        periodEnd: at(30 * DAY),
        metadata: { userId, tier: 'premium' },
      });
      stripe.subscriptions.set(subscription.id, subscription);
      const event = stripeEvent(
        'checkout.session.completed',
        checkoutCompletedSession({ userId, customer: customer!, subscription: subscription.id, tier: 'premium' }),
      );

      await expect(deliver(event)).resolves.toEqual({ eventId: event.id, type: event.type, outcome: 'processed' });

      expect(stripe.requestsTo('GET', new RegExp(`^/v1/subscriptions/${subscription.id}$`))).toHaveLength(1);
      const row = await userRow(billing.pool, userId);
      expect(row).toMatchObject({
        subscription_tier: 'premium',
        subscription_status: 'active',
        stripe_subscription_id: subscription.id,
        subscription_started_at: new Date(subscription.start_date * 1000),
        subscription_ends_at: at(30 * DAY),
        subscription_synced_at: new Date(event.created * 1000),
        // The subscription's period began inside the stored one: its end moves, the counters stay.
        billing_period_start: at(-10 * DAY),
        billing_period_end: at(30 * DAY),
        searches_this_month: 12,
      });
      const events = await outboxOf(billing.pool, userId);
      expect(events.map((e) => e.name)).toEqual(['billing.subscription-changed.v1', 'audit.record.v1']);
      expect(events[0]!.payload).toMatchObject({
        userId,
        previous: { tier: 'free', status: 'active' },
        current: { tier: 'premium', status: 'active', endsAt: at(30 * DAY).toISOString() },
        source: 'stripe',
        stripeEventId: event.id,
      });
      expect(events[1]!.payload).toMatchObject({
        category: 'billing',
        eventType: 'billing.subscription_changed',
        userId,
        oldValues: { tier: 'free', status: 'active' },
        newValues: { tier: 'premium', status: 'active' },
      });
      expect(await ledgerOf(event.id)).toEqual([{ outcome: 'processed', user_id: userId }]);
    });

    it('finds the user by client_reference_id when their customer was not stored yet, and stores it', async () => {
      const userId = await createUser(billing.pool);
      const customer = stripeId('cus');
      const subscription = subscriptionObject({
        customer,
        status: 'active',
        price: PRICE_ULTIMATE,
        periodStart: at(-60_000),
        periodEnd: at(30 * DAY),
      });
      stripe.subscriptions.set(subscription.id, subscription);
      const event = stripeEvent(
        'checkout.session.completed',
        checkoutCompletedSession({ userId, customer, subscription: subscription.id, tier: 'ultimate' }),
      );
      await expect(deliver(event)).resolves.toMatchObject({ outcome: 'processed' });
      expect(await userRow(billing.pool, userId)).toMatchObject({
        subscription_tier: 'ultimate',
        stripe_customer_id: customer,
        stripe_subscription_id: subscription.id,
      });
    });

    it('answers BILLING_UNAVAILABLE (Stripe redelivers later) when the subscription cannot be retrieved, and records nothing', async () => {
      const userId = await createUser(billing.pool, { stripe_customer_id: stripeId('cus') });
      const subscriptionId = stripeId('sub');
      stripe.failNext(new RegExp(`^/v1/subscriptions/${subscriptionId}$`), { status: 503 }, 3);
      const event = stripeEvent(
        'checkout.session.completed',
        checkoutCompletedSession({ userId, customer: stripeId('cus'), subscription: subscriptionId, tier: 'premium' }),
      );
      await expect(deliver(event)).rejects.toMatchObject({ code: 'BILLING_UNAVAILABLE' });
      expect(await ledgerOf(event.id)).toEqual([]);
      expect((await userRow(billing.pool, userId)).subscription_tier).toBe('free');
    });
  });

  describe('customer.subscription.*', () => {
    it('moves the user to the tier of the first item’s price (premium → ultimate)', async () => {
      const { userId, customer, subscription } = await subscriber();
      const event = stripeEvent(
        'customer.subscription.updated',
        subscriptionObject({
          id: subscription,
          customer,
          status: 'active',
          price: PRICE_ULTIMATE,
          periodStart: at(-28 * DAY),
          periodEnd: at(2 * DAY),
        }),
      );
      await expect(deliver(event)).resolves.toMatchObject({ outcome: 'processed' });
      expect(await userRow(billing.pool, userId)).toMatchObject({
        subscription_tier: 'ultimate',
        subscription_status: 'active',
      });
      const [changed] = await outboxOf(billing.pool, userId);
      expect(changed!.payload).toMatchObject({
        previous: { tier: 'premium', status: 'active' },
        current: { tier: 'ultimate', status: 'active' },
      });
    });

    it('falls back to metadata.tier when the price is not one of ours', async () => {
      const { userId, customer, subscription } = await subscriber();
      const event = stripeEvent(
        'customer.subscription.updated',
        subscriptionObject({
          id: subscription,
          customer,
          status: 'active',
          price: 'price_1LegacyUltimateYearly',
          periodStart: at(-28 * DAY),
          periodEnd: at(2 * DAY),
          metadata: { userId, tier: 'ultimate' },
        }),
      );
      await deliver(event);
      expect((await userRow(billing.pool, userId)).subscription_tier).toBe('ultimate');
    });

    it.each([
      ['past_due', 'inactive'],
      ['unpaid', 'inactive'],
      ['paused', 'inactive'],
      ['trialing', 'active'],
    ] as const)('maps status %s to %s and keeps the paid tier until the period ends', async (status, ours) => {
      const { userId, customer, subscription } = await subscriber();
      const event = stripeEvent(
        'customer.subscription.updated',
        subscriptionObject({
          id: subscription,
          customer,
          status,
          price: PRICE_PREMIUM,
          periodStart: at(-28 * DAY),
          periodEnd: at(2 * DAY),
        }),
      );
      await deliver(event);
      expect(await userRow(billing.pool, userId)).toMatchObject({
        subscription_tier: 'premium',
        subscription_status: ours,
        subscription_ends_at: at(2 * DAY),
      });
    });

    it('grants no paid tier for a subscription whose first payment is still incomplete', async () => {
      const userId = await createUser(billing.pool);
      const customer = stripeId('cus');
      const event = stripeEvent(
        'customer.subscription.created',
        subscriptionObject({
          customer,
          status: 'incomplete',
          price: PRICE_ULTIMATE,
          periodStart: at(-60_000),
          periodEnd: at(30 * DAY),
          metadata: { userId, tier: 'ultimate' },
        }),
      );
      await expect(deliver(event)).resolves.toMatchObject({ outcome: 'processed' });
      expect(await userRow(billing.pool, userId)).toMatchObject({
        subscription_tier: 'free',
        subscription_status: 'inactive',
        stripe_customer_id: customer,
      });
    });

    it('cancels a deleted subscription whose period has ended and applies free at once', async () => {
      const { userId, customer, subscription } = await subscriber();
      const event = stripeEvent(
        'customer.subscription.deleted',
        subscriptionObject({
          id: subscription,
          customer,
          status: 'canceled',
          price: PRICE_PREMIUM,
          periodStart: at(-30 * DAY),
          periodEnd: at(-60_000),
        }),
      );
      await expect(deliver(event)).resolves.toMatchObject({ outcome: 'processed' });
      expect(await userRow(billing.pool, userId)).toMatchObject({
        subscription_tier: 'free',
        subscription_status: 'cancelled',
        subscription_ends_at: at(-60_000),
      });
      const [changed] = await outboxOf(billing.pool, userId);
      expect(changed!.payload).toMatchObject({
        previous: { tier: 'premium', status: 'active' },
        current: { tier: 'free', status: 'cancelled' },
        source: 'stripe',
      });
    });

    it('keeps the paid tier of a subscription cancelled before its period ends, until that end', async () => {
      const { userId, customer, subscription } = await subscriber();
      const event = stripeEvent(
        'customer.subscription.deleted',
        subscriptionObject({
          id: subscription,
          customer,
          status: 'canceled',
          price: PRICE_PREMIUM,
          periodStart: at(-28 * DAY),
          periodEnd: at(2 * DAY),
        }),
      );
      await deliver(event);
      expect(await userRow(billing.pool, userId)).toMatchObject({
        subscription_tier: 'premium',
        subscription_status: 'cancelled',
        subscription_ends_at: at(2 * DAY),
      });
    });

    it('ignores the late deletion of a subscription the user has since replaced', async () => {
      const { userId, customer } = await subscriber();
      const event = stripeEvent(
        'customer.subscription.deleted',
        subscriptionObject({
          customer,
          status: 'canceled',
          price: PRICE_PREMIUM,
          periodStart: at(-60 * DAY),
          periodEnd: at(-30 * DAY),
        }),
      );
      await expect(deliver(event)).resolves.toMatchObject({ outcome: 'ignored' });
      expect(await userRow(billing.pool, userId)).toMatchObject({
        subscription_tier: 'premium',
        subscription_status: 'active',
      });
      expect(await outboxOf(billing.pool, userId)).toEqual([]);
    });

    it('never lifts an administrator’s suspension', async () => {
      const { userId, customer, subscription } = await subscriber({ subscription_status: 'suspended' });
      const event = stripeEvent(
        'customer.subscription.updated',
        subscriptionObject({
          id: subscription,
          customer,
          status: 'active',
          price: PRICE_ULTIMATE,
          periodStart: at(-28 * DAY),
          periodEnd: at(2 * DAY),
        }),
      );
      await deliver(event);
      expect(await userRow(billing.pool, userId)).toMatchObject({
        subscription_tier: 'ultimate',
        subscription_status: 'suspended',
      });
    });
  });

  describe('invoices', () => {
    it('starts the new period Stripe reports on invoice.paid and zeroes the monthly counters with it', async () => {
      const { userId, customer, subscription } = await subscriber();
      const event = stripeEvent(
        'invoice.paid',
        invoiceObject({
          customer,
          subscription,
          paid: true,
          price: PRICE_PREMIUM,
          periodStart: at(2 * DAY),
          periodEnd: at(32 * DAY),
        }),
      );
      await expect(deliver(event)).resolves.toMatchObject({ outcome: 'processed' });
      expect(await userRow(billing.pool, userId)).toMatchObject({
        subscription_tier: 'premium',
        subscription_status: 'active',
        subscription_ends_at: at(32 * DAY),
        billing_period_start: at(2 * DAY),
        billing_period_end: at(32 * DAY),
        uploads_this_month: 0,
        searches_this_month: 0,
      });
      // Neither tier nor status moved: nothing to announce.
      expect(await outboxOf(billing.pool, userId)).toEqual([]);
    });

    it('only aligns the period end when invoice.paid reports the period already under way', async () => {
      const { userId, customer, subscription } = await subscriber({ subscription_status: 'inactive' });
      const event = stripeEvent(
        'invoice.paid',
        invoiceObject({
          customer,
          subscription,
          paid: true,
          price: PRICE_PREMIUM,
          periodStart: at(-28 * DAY + 5_000),
          periodEnd: at(2 * DAY + 5_000),
        }),
      );
      await deliver(event);
      expect(await userRow(billing.pool, userId)).toMatchObject({
        subscription_status: 'active',
        billing_period_start: at(-28 * DAY),
        billing_period_end: at(2 * DAY + 5_000),
        uploads_this_month: 7,
        searches_this_month: 30,
      });
      const [changed] = await outboxOf(billing.pool, userId);
      expect(changed!.payload).toMatchObject({
        previous: { tier: 'premium', status: 'inactive' },
        current: { tier: 'premium', status: 'active' },
      });
    });

    it('starts the reported period when the stored one is already over, so its due reset is not skipped', async () => {
      const { userId, customer, subscription } = await subscriber({
        billing_period_start: at(-31 * DAY),
        billing_period_end: at(-60_000),
      });
      const event = stripeEvent(
        'invoice.paid',
        // Stripe's renewal a few seconds before the stored end: it still opens a new period.
        invoiceObject({
          customer,
          subscription,
          paid: true,
          price: PRICE_PREMIUM,
          periodStart: at(-65_000),
          periodEnd: at(30 * DAY - 65_000),
        }),
      );
      await deliver(event);
      expect(await userRow(billing.pool, userId)).toMatchObject({
        billing_period_end: at(30 * DAY - 65_000),
        uploads_this_month: 0,
        searches_this_month: 0,
      });
    });

    it('changes no period for an invoice of a period that is already over (a late delivery)', async () => {
      const { userId, customer, subscription } = await subscriber({
        subscription_status: 'inactive',
        billing_period_start: at(-2 * DAY),
        billing_period_end: at(28 * DAY),
      });
      const event = stripeEvent(
        'invoice.paid',
        invoiceObject({
          customer,
          subscription,
          paid: true,
          price: PRICE_PREMIUM,
          periodStart: at(-32 * DAY),
          periodEnd: at(-2 * DAY + 5_000),
        }),
      );
      await expect(deliver(event)).resolves.toMatchObject({ outcome: 'processed' });
      expect(await userRow(billing.pool, userId)).toMatchObject({
        subscription_status: 'active',
        billing_period_start: at(-2 * DAY),
        billing_period_end: at(28 * DAY),
        searches_this_month: 30,
      });
    });

    it('marks the subscription inactive on invoice.payment_failed, keeping the tier until the invoiced period ends', async () => {
      const { userId, customer, subscription } = await subscriber();
      const event = stripeEvent(
        'invoice.payment_failed',
        invoiceObject({
          customer,
          subscription,
          paid: false,
          price: PRICE_PREMIUM,
          periodStart: at(2 * DAY),
          periodEnd: at(32 * DAY),
        }),
      );
      await expect(deliver(event)).resolves.toMatchObject({ outcome: 'processed' });
      expect(await userRow(billing.pool, userId)).toMatchObject({
        subscription_tier: 'premium',
        subscription_status: 'inactive',
        subscription_ends_at: at(32 * DAY),
        // An unpaid period does not start here.
        billing_period_end: at(2 * DAY),
        searches_this_month: 30,
      });
    });
  });
});
